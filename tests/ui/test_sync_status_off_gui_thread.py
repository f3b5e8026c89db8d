"""The sync status of the status bar is counted off the GUI thread (issue 9: never freeze).

Counting the edits waiting in the outbox reads every unsent change-log entry: on a portfolio that
was never synced (100,000 partners: millions of entries) it took 150–250 ms of the GUI thread after
every save, import and refresh. The count now runs on the task runner's threads and the button shows
it when it arrives; a portfolio without sync does not count the outbox at all (the button does not
show it).
"""

from __future__ import annotations

import threading

from sqlalchemy import event, select

from prm_desktop.services.sync_session import SyncState, remember_server
from prm_desktop.storage.models import Partner, TeamMember


def _outbox_counts(engine) -> list[int]:
    """Thread ids of every query counting the outbox (``change_log`` by ``pushed``) from now on."""
    seen: list[int] = []

    def listen(_conn, _cursor, statement, _params, _context, _many) -> None:
        text = statement.lower()
        if "count(" in text and "change_log" in text and "pushed" in text:
            seen.append(threading.get_ident())

    event.listen(engine, "before_cursor_execute", listen)
    return seen


def _add_partner(uow, name: str) -> None:
    with uow(kind="edit") as work:
        owner = work.session.scalar(select(TeamMember).limit(1))
        work.session.add(Partner(name=name, city="Lyon", owner_id=owner.id if owner else None))
        work.commit()


def _window(ui_ctx, qtbot):
    from PySide6.QtWidgets import QMainWindow

    from prm_desktop.ui.status_bar import StatusBar
    from prm_desktop.ui.sync.controller import SyncController

    window = QMainWindow()
    window.setStatusBar(StatusBar(ui_ctx.tasks))
    qtbot.addWidget(window)
    controller = SyncController(window, ui_ctx, auto_start=False)
    window.show()
    return controller


def test_an_edit_updates_the_edits_waiting_counted_off_the_gui_thread(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    remember_server(uow, "https://sync.example.org", "alice")
    seen = _outbox_counts(ui_ctx.app.db.engine)
    controller = _window(ui_ctx, qtbot)
    qtbot.waitUntil(lambda: controller.button.status is not None, timeout=10000)
    before = controller.button.status.counts.waiting

    _add_partner(uow, "Acme Lyon")
    ui_ctx.changed("partners")

    qtbot.waitUntil(lambda: controller.button.status.counts.waiting > before, timeout=10000)
    status = controller.button.status
    assert status.state is SyncState.SIGNED_OUT
    assert f"{status.counts.waiting} edits waiting" in controller.button.text()
    assert seen, "the outbox was never counted"
    assert threading.get_ident() not in seen, "the outbox was counted on the GUI thread"


def test_without_sync_set_up_the_outbox_is_not_counted(ui_ctx, qtbot) -> None:
    seen = _outbox_counts(ui_ctx.app.db.engine)
    controller = _window(ui_ctx, qtbot)
    qtbot.waitUntil(lambda: controller.button.status is not None, timeout=10000)
    _add_partner(ui_ctx.app.uow, "Acme Lyon")
    ui_ctx.changed("partners")
    qtbot.waitUntil(lambda: not ui_ctx.tasks.running(), timeout=10000)

    assert controller.button.status.state is SyncState.NOT_SET_UP
    assert controller.button.text().endswith("Sync not set up")
    assert seen == []
