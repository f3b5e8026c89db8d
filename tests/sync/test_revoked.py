"""A partner the user may no longer see is purged from their laptop; their unsent edits are kept aside."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import Contact, Partner, SyncConflict
from prm_desktop.storage.sync import outbox
from prm_server import admin
from tests.sync.test_two_laptops import _edit, _share_everything


def test_an_unshared_partner_is_purged_and_the_edit_made_offline_is_set_aside(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(bob, pid, city="Brest")  # offline, then the share is removed
    with bob.api.http.app.state.engine.begin() as conn:
        admin.unshare(conn, "Acme", with_user="bob")
    report = bob.sync()
    with bob.uow.read() as session:
        assert session.get(Partner, pid) is None
        assert session.scalar(select(func.count()).select_from(Contact)) == 0
        kept = [c for c in session.scalars(select(SyncConflict)) if c.row_id == pid]
        assert outbox.pending_count(session) == 0
        assert log_mismatches(session) == []
        summary = session.execute(select(func.count()).select_from(Partner)).scalar()
    assert summary == 0 and report.purged >= 2
    assert [json.loads(c.lost_value) for c in kept] == [{"city": ["Paris", "Brest"]}]
    alice.sync()
    with alice.uow.read() as session:
        assert session.get(Partner, pid).city == "Paris"  # the server refused Bob's edit: no access any more


def test_a_partner_handed_to_another_owner_leaves_the_former_owners_laptop(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    with bob.api.http.app.state.engine.begin() as conn:
        admin.unshare(conn, "Acme", with_user="bob")
    bob.sync()
    with alice.uow.read() as session:
        from prm_desktop.storage.models import TeamMember

        bob_member = session.scalar(select(TeamMember.id).where(TeamMember.name == "Bob"))
    _edit(alice, pid, owner_id=bob_member)
    alice.sync()
    bob.sync()
    alice.sync()
    with bob.uow.read() as session:
        assert session.get(Partner, pid).owner_id == bob_member  # Bob now owns it: it arrived whole
        assert session.scalar(select(func.count()).select_from(Contact)) == 1
    with alice.uow.read() as session:
        assert session.get(Partner, pid) is None  # Alice no longer sees it


def test_a_revoked_partner_pulled_before_the_edit_was_sent_sets_the_edit_aside(laptops) -> None:
    from prm_desktop.storage.models import PartnerSummary
    from prm_desktop.sync.engine import SyncReport, pull

    alice, bob, pid = _share_everything(laptops)
    _edit(bob, pid, phone="02 99 00 00 00")
    with bob.api.http.app.state.engine.begin() as conn:
        admin.unshare(conn, "Acme", with_user="bob")
    pull(bob.api, bob.uow, SyncReport())  # no push first: the edit is still in the outbox
    with bob.uow.read() as session:
        assert session.get(Partner, pid) is None
        assert session.get(PartnerSummary, pid) is None  # nothing of it left in the derived tables
        assert outbox.pending_count(session) == 0  # set aside, not pushed
        [aside] = [c for c in session.scalars(select(SyncConflict)) if c.row_id == pid]
        assert (aside.kind, json.loads(aside.lost_value)) == ("refused", {"phone": [None, "02 99 00 00 00"]})
        assert json.loads(aside.kept_value) == "revoked"
    bob.sync()
    with bob.uow.read() as session:
        assert session.get(Partner, pid) is None
