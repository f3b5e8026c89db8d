"""Sync in the desktop app against a real server (uvicorn on PostgreSQL): sign-in, status, conflicts.

The window is a main window with the app's status bar and the Sync controller; syncs run in real
worker processes. The keyring is an in-memory backend (never a file) or keyring's own "fail" one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backends import fail
from sqlalchemy import select, text

from prm_desktop.services.sync_session import SyncState
from prm_desktop.storage.models import Partner, SyncConflict, TeamMember
from prm_desktop.storage.sync import outbox
from prm_server import admin
from tests.sync.conftest import new_portfolio
from tests.sync.keyrings import MemoryKeyring, using

SYNC_TIMEOUT_MS = 120000


@pytest.fixture
def memory_keyring():
    with using(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture
def no_keyring():
    with using(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def users(server_engine):
    def add(name: str, member: str) -> None:
        with server_engine.begin() as conn:
            admin.add_user(conn, name, member, "secret-" + name, "team")
    return add


class Gui:
    """A portfolio open in a main window with the status bar and the Sync controller."""

    def __init__(self, ctx, qtbot) -> None:
        from PySide6.QtWidgets import QMainWindow

        from prm_desktop.ui.context import AppSignals, UiContext
        from prm_desktop.ui.layout_memory import open_settings
        from prm_desktop.ui.status_bar import StatusBar
        from prm_desktop.ui.sync.controller import SyncController
        from prm_desktop.ui.tasks import TaskRunner

        self.qtbot = qtbot
        self.ui = UiContext(app=ctx, tasks=TaskRunner(), settings=open_settings(ctx.paths.settings_file),
                            signals=AppSignals())
        self.window = QMainWindow()
        self.window.setStatusBar(StatusBar(self.ui.tasks))
        qtbot.addWidget(self.window)
        self.sync = SyncController(self.window, self.ui, auto_start=False)
        self.sync.debounce.setInterval(50)  # edits are sent soon after (the app waits a few seconds)
        self.window.show()
        # the status bar's counts are read off the GUI thread: shown a moment after the window
        qtbot.waitUntil(lambda: self.sync.button.status is not None, timeout=SYNC_TIMEOUT_MS)

    @property
    def uow(self):
        return self.ui.app.uow

    def state(self) -> SyncState:
        return self.sync.button.status.state

    def sign_in(self, server: str, user: str, password: str):
        dialog = self.sync.open_login()
        dialog.server.setText(server)
        dialog.user.setText(user)
        dialog.password.setText(password)
        dialog.submit()
        return dialog

    def signed_in_and_synced(self, server: str, user: str):
        with self.qtbot.waitSignal(self.sync.synced, timeout=SYNC_TIMEOUT_MS) as done:
            self.sign_in(server, user, "secret-" + user)
        assert done.args[0]["error"] is None, done.args[0]
        return done.args[0]

    def sync_now(self):
        with self.qtbot.waitSignal(self.sync.synced, timeout=SYNC_TIMEOUT_MS) as done:
            assert self.sync.sync_now()
        return done.args[0]

    def close(self) -> None:
        self.ui.tasks.cancel_all()
        assert self.ui.tasks.wait(30000)
        self.window.close()
        self.ui.app.close()


@pytest.fixture
def gui(tmp_path: Path, blank_portfolio: Path, qtbot):
    opened: list[Gui] = []

    def make(name: str, folder: Path | None = None) -> Gui:
        from prm_desktop.bootstrap import open_app

        folder = folder or tmp_path / name
        ctx = open_app(folder, seed_program=False) if folder.exists() else new_portfolio(blank_portfolio, folder)
        opened.append(Gui(ctx, qtbot))
        return opened[-1]

    yield make
    for one in opened:
        one.close()


def _add_partner(uow, name: str = "Acme", member: str = "Alice") -> str:
    with uow(kind="edit") as work:
        owner = work.session.scalar(select(TeamMember).where(TeamMember.name == member))
        if owner is None:
            owner = TeamMember(name=member)
            work.session.add(owner)
            work.session.flush()
        partner = Partner(name=name, city="Paris", owner_id=owner.id)
        work.session.add(partner)
        work.commit()
        return partner.id


def _edit(uow, partner_id: str, **values) -> None:
    with uow(kind="edit") as work:
        partner = work.session.get(Partner, partner_id)
        for key, value in values.items():
            setattr(partner, key, value)
        work.commit()


def _files_holding(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_sign_in_keeps_only_the_refresh_token_in_the_keyring_and_edits_are_sent(
        gui, users, live_server, server_engine, memory_keyring, qtbot, tmp_path) -> None:
    users("alice", "Alice")
    alice = gui("alice")
    assert alice.state() is SyncState.NOT_SET_UP and "not set up" in alice.sync.button.text()
    dialog = alice.sign_in(live_server, "alice", "wrong")
    qtbot.waitUntil(lambda: not dialog.password_error.isHidden(), timeout=SYNC_TIMEOUT_MS)
    assert "Wrong user name or password" in dialog.password_error.text()
    assert memory_keyring.secrets == {}
    dialog = alice.sign_in("http://sync.example.com", "alice", "secret-alice")
    assert "https://" in dialog.server_error.text() and not dialog.server_error.isHidden()

    alice.signed_in_and_synced(live_server, "alice")
    assert alice.state() is SyncState.UP_TO_DATE
    [(service, key)] = memory_keyring.secrets
    assert key == f"{live_server}|alice"
    refresh = memory_keyring.secrets[(service, key)]
    assert refresh == alice.sync.session.refresh
    assert _files_holding(tmp_path, refresh) == [] and _files_holding(tmp_path, alice.sync.session.access) == []

    pid = _add_partner(alice.uow)  # an edit: waiting, then sent a moment later
    alice.sync.debounce.setInterval(2000)  # the count (read off the GUI thread) shows before it is sent
    with qtbot.waitSignal(alice.sync.synced, timeout=SYNC_TIMEOUT_MS):
        alice.ui.changed("partners")
        qtbot.waitUntil(lambda: alice.state() is SyncState.WAITING, timeout=SYNC_TIMEOUT_MS)
        assert "2 edits waiting" in alice.sync.button.text()
    assert alice.state() is SyncState.UP_TO_DATE and "Up to date" in alice.sync.button.text()
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE row_id = :id"), {"id": pid}) == 1

    alice.sync.sign_out()
    assert memory_keyring.secrets == {} and alice.state() is SyncState.SIGNED_OUT
    assert not alice.sync.sync_now()


def test_the_kept_token_signs_in_at_the_next_start(gui, users, live_server, memory_keyring, qtbot,
                                                  tmp_path) -> None:
    users("alice", "Alice")
    alice = gui("alice")
    alice.signed_in_and_synced(live_server, "alice")
    alice.close()
    again = gui("alice-again", tmp_path / "alice")
    assert again.state() is SyncState.SIGNED_OUT
    with qtbot.waitSignal(again.sync.synced, timeout=SYNC_TIMEOUT_MS) as done:
        again.sync.start()
    assert done.args[0]["error"] is None and again.state() is SyncState.UP_TO_DATE


def test_without_a_keyring_the_app_says_so_and_asks_again_next_time(gui, users, live_server, no_keyring, qtbot,
                                                                     tmp_path) -> None:
    users("alice", "Alice")
    alice = gui("alice")
    alice.signed_in_and_synced(live_server, "alice")
    assert alice.sync.notice is not None and "no keychain" in alice.sync.notice.text()
    refresh = alice.sync.session.refresh
    alice.close()
    assert _files_holding(tmp_path, refresh) == []  # never a plain file
    again = gui("alice-again", tmp_path / "alice")
    again.sync.start()
    qtbot.waitUntil(lambda: again.sync.session is not None, timeout=SYNC_TIMEOUT_MS)
    again.ui.tasks.wait(30000)
    qtbot.waitUntil(lambda: again.state() is SyncState.SIGNED_OUT, timeout=SYNC_TIMEOUT_MS)
    assert not again.sync.session.signed_in


def test_a_disabled_account_is_explained(gui, users, live_server, server_engine, memory_keyring, qtbot) -> None:
    users("alice", "Alice")
    alice = gui("alice")
    alice.signed_in_and_synced(live_server, "alice")
    with server_engine.begin() as conn:
        admin.disable_user(conn, "alice")
    outcome = alice.sync_now()
    assert "disabled" in outcome["error"] and alice.state() is SyncState.SIGNED_OUT
    assert memory_keyring.secrets == {}


def _alice_in_the_window_and_bob_sharing(gui, users, live_server, server_engine, laptops):
    """Alice's window signed in and synced with one partner, Acme, shared with Bob's laptop (synced too)."""
    users("alice", "Alice")
    alice = gui("alice")
    pid = _add_partner(alice.uow)
    alice.signed_in_and_synced(live_server, "alice")
    bob = laptops("bob", "Bob")
    with server_engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")
    bob.sync()
    return alice, bob, pid


def test_a_conflict_appears_and_keeping_the_other_value_is_an_edit_that_syncs(
        gui, users, live_server, server_engine, laptops, memory_keyring, qtbot) -> None:
    alice, bob, pid = _alice_in_the_window_and_bob_sharing(gui, users, live_server, server_engine, laptops)
    _edit(alice.uow, pid, city="Lyon")
    _edit(bob.uow, pid, city="Nantes")  # later: wins
    bob.sync()
    alice.sync_now()
    assert alice.state() is SyncState.CONFLICTS and alice.sync.button.text().endswith("1 conflict")

    from prm_desktop.ui.partners import create_tab

    tab = create_tab(alice.ui)  # the partner's page links to its conflicts
    qtbot.addWidget(tab)
    assert tab.editor.load_partner(pid)
    link = tab.editor.sync_conflicts
    assert not link.isHidden() and "1 sync conflict on this partner" in link.text()
    link.linkActivated.emit("#conflicts")
    view = alice.sync.conflicts_dialog
    assert view is not None and view.partner_id == pid and view.isVisible()
    assert view.conflicts.rowCount() == 1
    cells = [view.conflicts.item(0, c).text() for c in range(view.conflicts.columnCount())]
    assert cells[:5] == ["Acme", "City", "Nantes", "Lyon", "alice"] and cells[5]
    with qtbot.waitSignal(alice.sync.synced, timeout=SYNC_TIMEOUT_MS):
        view.conflicts.selectRow(0)
        view.keep_other.click()
    assert view.conflicts.rowCount() == 0
    assert alice.state() is SyncState.UP_TO_DATE
    assert tab.editor.load_partner(pid) and link.isHidden()
    with alice.uow.read() as session:
        assert session.get(Partner, pid).city == "Lyon"
        assert outbox.pending_count(session) == 0
        assert session.scalars(select(SyncConflict)).one().resolved_at is not None
    bob.sync()
    with bob.uow.read() as session:
        assert session.get(Partner, pid).city == "Lyon"


def test_a_row_deleted_while_i_edited_it_is_restored_and_the_other_laptop_gets_it_back(
        gui, users, live_server, server_engine, laptops, memory_keyring, qtbot) -> None:
    from prm_desktop.storage.models import utcnow

    alice, bob, pid = _alice_in_the_window_and_bob_sharing(gui, users, live_server, server_engine, laptops)
    _edit(bob.uow, pid, deleted_at=utcnow())  # Bob deletes it...
    bob.sync()
    _edit(alice.uow, pid, city="Lyon")  # ...while Alice, not synced yet, edits it
    alice.sync_now()
    assert alice.state() is SyncState.CONFLICTS
    with alice.uow.read() as session:
        assert session.get(Partner, pid).deleted_at is not None
    view = alice.sync.open_conflicts()
    cells = [view.conflicts.item(0, c).text() for c in range(4)]
    assert cells == ["Acme", "Edited after it was deleted", "Deleted", "Restored with: City: Lyon"]
    view.conflicts.selectRow(0)
    assert view.keep_other.text() == "Restore it" and view.keep_other.isEnabled()
    with qtbot.waitSignal(alice.sync.synced, timeout=SYNC_TIMEOUT_MS):
        view.keep_other.click()
    assert view.conflicts.rowCount() == 0 and alice.state() is SyncState.UP_TO_DATE
    bob.sync()
    with bob.uow.read() as session:
        partner = session.get(Partner, pid)
        assert partner.deleted_at is None and partner.city == "Lyon"


def test_edits_set_aside_after_a_revocation_are_listed_and_exported(
        gui, users, live_server, server_engine, laptops, memory_keyring, qtbot, tmp_path) -> None:
    alice = laptops("alice", "Alice")
    pid = _add_partner(alice.uow, "Acme")
    alice.sync()
    users("bob", "Bob")
    with server_engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")
    bob = gui("bob")
    bob.signed_in_and_synced(live_server, "bob")
    _edit(bob.uow, pid, city="Brest")
    with server_engine.begin() as conn:
        admin.unshare(conn, "Acme", with_user="bob")
    outcome = bob.sync_now()
    assert outcome["report"]["purged"] >= 1
    view = bob.sync.open_conflicts()
    assert view.aside.rowCount() == 1
    assert [view.aside.item(0, c).text() for c in range(3)] == [
        "Acme", "You no longer have access to this partner", "City: Brest"]
    exported = tmp_path / "aside.csv"
    assert view.export_to(exported) == 1
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("When;Partner") and "Brest" in lines[1]
    assert json.loads(lines[1].split(";", 5)[5].strip('"').replace('""', '"')) == {"city": ["Paris", "Brest"]}


def test_a_server_out_of_reach_shows_offline_and_keeps_the_edits(gui, memory_keyring, qtbot) -> None:
    from prm_desktop.services.sync_session import SyncSession, remember_server
    from prm_server.embedded import free_port

    alice = gui("alice")
    _add_partner(alice.uow)
    server = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    remember_server(alice.uow, server, "alice")
    alice.sync.session = SyncSession(server, "alice")
    alice.sync.session.access, alice.sync.session.refresh = "access", "refresh"
    outcome = alice.sync_now()
    assert outcome["error_kind"] == "offline" and "Cannot reach the sync server" in outcome["error"]
    assert alice.state() is SyncState.OFFLINE and "2 edits waiting" in alice.sync.button.text()
    assert "cannot be reached" in alice.sync.button.toolTip()
