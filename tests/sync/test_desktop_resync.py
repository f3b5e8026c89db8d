"""In the app (real worker processes, a real server process): a restored server is resynced and the user told."""

from __future__ import annotations

from prm_desktop.storage.models import Partner
from prm_server.maintenance import declare_restored
from tests.sync.test_desktop_sync import _add_partner, _edit, gui, memory_keyring, users  # noqa: F401 - fixtures


def test_after_the_server_is_restored_the_app_sends_its_edits_again_and_says_so(
        gui, users, live_server, server_engine, memory_keyring, qtbot) -> None:  # noqa: F811
    users("alice", "Alice")
    alice = gui("alice")
    pid = _add_partner(alice.uow)
    alice.signed_in_and_synced(live_server, "alice")
    with server_engine.begin() as conn:  # what `prm-server restored` does after a file-level restore
        declare_restored(conn)
    _edit(alice.uow, pid, city="Lyon")
    messages: list[str] = []
    alice.ui.signals.status_message.connect(messages.append)
    outcome = alice.sync_now()
    assert outcome["error"] is None, outcome
    assert outcome["report"]["resync"] == "restored"
    assert any(m.startswith("The sync server was restored from a backup") for m in messages), messages
    with alice.uow.read() as session:
        assert session.get(Partner, pid).city == "Lyon"
