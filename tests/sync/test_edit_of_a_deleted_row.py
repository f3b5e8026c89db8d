"""An edit of a row the laptop itself had deleted and synced: the server keeps it deleted, and the laptop agrees.

Found by the three-laptop state machine: the server kept the edit as an ``edit_deleted`` conflict
record but never sent the row back, so the editing laptop kept its value while the others did not.
"""

from __future__ import annotations

from prm_desktop.storage.models import utcnow
from tests.sync.test_two_laptops import _conflicts, _edit, _partner, _share_everything


def test_an_edit_of_a_partner_deleted_and_synced_earlier_converges_and_is_kept_as_a_conflict(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(bob, pid, deleted_at=utcnow())
    bob.sync()
    _edit(bob, pid, phone="02 40 00 00 00")  # the partner is deleted: the server does not take the edit
    bob.sync()
    alice.sync()
    assert _partner(bob, pid).phone == _partner(alice, pid).phone is None
    assert _partner(bob, pid).deleted_at is not None
    assert [c.kind for c in _conflicts(bob)] == ["edit_deleted"]
    assert "02 40 00 00 00" in _conflicts(alice)[0].lost_value
