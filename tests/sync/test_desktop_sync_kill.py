"""The app's sync process killed with SIGKILL in the middle of a push: after a restart nothing is lost."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from sqlalchemy import func, select, text

from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import Partner, TeamMember
from prm_desktop.storage.sync import outbox
from tests.sync.test_desktop_sync import SYNC_TIMEOUT_MS, gui, memory_keyring, users  # noqa: F401 - fixtures

PARTNERS = 5000  # ten batches of 500: the kill comes after the first


def _acknowledged(server_engine) -> int:
    with server_engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(max(last_seq), 0) FROM clients")).scalar()


def test_the_sync_process_killed_mid_push_and_the_app_restarted_loses_nothing(
        gui, users, live_server, server_engine, memory_keyring, qtbot, tmp_path: Path) -> None:  # noqa: F811
    users("alice", "Alice")
    alice = gui("alice")
    with alice.uow(kind="edit") as work:
        member = TeamMember(name="Alice")
        work.session.add(member)
        work.session.flush()
        work.bulk_insert(Partner, [{"name": f"Partner {i}", "owner_id": member.id} for i in range(PARTNERS)])
        work.commit()
    with qtbot.waitSignal(alice.sync.synced, timeout=SYNC_TIMEOUT_MS) as stopped:
        alice.sign_in(live_server, "alice", "secret-alice")
        qtbot.waitUntil(lambda: alice.sync.task is not None and alice.sync.task.process is not None
                        and alice.sync.task.process.pid is not None, timeout=SYNC_TIMEOUT_MS)
        qtbot.waitUntil(lambda: _acknowledged(server_engine) >= 500, timeout=SYNC_TIMEOUT_MS)
        os.kill(alice.sync.task.process.pid, signal.SIGKILL)
    assert stopped.args[0]["error"]  # the window says the sync stopped; it did not freeze or close
    with alice.uow.read() as session:
        left = outbox.pending_count(session)
    with server_engine.connect() as conn:
        sent = conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'partners'"))
    assert 0 < sent < PARTNERS and left > 0  # killed in the middle: some batches on the server, some not
    alice.close()

    again = gui("alice-again", tmp_path / "alice")  # the app started again: the kept token signs in
    with qtbot.waitSignal(again.sync.synced, timeout=SYNC_TIMEOUT_MS) as done:
        again.sync.start()
    assert done.args[0]["error"] is None
    with again.uow.read() as session:
        assert outbox.pending_count(session) == 0
        assert log_mismatches(session) == []
        local = session.scalar(select(func.count()).select_from(Partner))
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'partners'")) == local == PARTNERS
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'sync_conflicts'")) == 0
