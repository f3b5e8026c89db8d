"""The Sync menu and the background sync: on start, after edits (debounced), on demand.

The sync itself runs in a worker process (`prm_desktop.worker.sync_job.run_sync`): the window never
waits for the network. Only one sync runs at a time; edits made meanwhile start another one after it.
The status bar's counts (edits waiting, conflicts) are read on the task runner's threads, one read at
a time: counting the outbox of a portfolio never synced reads millions of change-log entries, which
held the GUI thread 150–250 ms after every save, import and refresh (issue 9).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.sync_session import (
    Offline,
    SignInResult,
    SyncSession,
    describe,
    last_sync_text,
    read_counts,
    remember_server,
    saved_server,
    saved_session,
    user_timezone,
)
from prm_desktop.sync.api import SyncError
from prm_desktop.sync.resync import notice as resync_notice
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.sync.conflicts_view import ConflictsDialog
from prm_desktop.ui.sync.login_dialog import LoginDialog
from prm_desktop.ui.sync.status_widget import SyncStatusButton

log = logging.getLogger(__name__)

#: Edits are sent this long after the last one (a burst of typing is one sync).
DEBOUNCE_MS = 5000
SYNC_JOB = "prm_desktop.worker.sync_job:run_sync"


class SyncController(QObject):
    """Owns the sync session of the open window (the access token lives here, in memory)."""

    #: Emitted after each sync with its outcome dict (tests wait on it).
    synced = Signal(object)
    #: Emitted whenever the status bar changed.
    status_changed = Signal(object)

    def __init__(self, window: QMainWindow, ctx: UiContext, auto_start: bool = True) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.session: SyncSession | None = None
        self.syncing = self.again = self.offline = self._own_change = self.update_needed = False
        self.detail = ""
        self.login_dialog: LoginDialog | None = None
        self.notice: QMessageBox | None = None
        self.task: Any = None  # the running sync's task (its worker process)
        self.conflicts_dialog: ConflictsDialog | None = None
        self._counts: Any = None  # the last counts read (`SyncCounts`), None until the first arrives
        self._timezone = ""
        self._reading = self._reread = False
        self._after_counts: list[Callable[[], None]] = []
        self.button = SyncStatusButton()
        self.button.clicked.connect(lambda: self.open_conflicts())
        bar = window.statusBar()
        old = getattr(bar, "sync", None)
        if old is not None:  # the placeholder label of the status bar
            bar.removeWidget(old)
            old.deleteLater()
        bar.addPermanentWidget(self.button)
        bar.sync = self.button
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.sync_now)
        self._build_menu()
        ctx.signals.data_changed.connect(self._edited)
        ctx.register_command("sync.conflicts", self.open_conflicts)
        self.refresh()
        if auto_start:
            QTimer.singleShot(0, self.start)

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu(_("&Sync"), self.window)
        menu.setObjectName("menuSync")
        help_action = next((a for a in bar.actions() if a.menu() and a.menu().objectName() == "menuHelp"), None)
        if help_action is not None:
            bar.insertMenu(help_action, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu
        self.action_sync = menu.addAction(_("Sync &now"), self.sync_now)
        self.action_sync.setObjectName("action_sync_now")
        self.action_sync.setShortcut("F9")
        self.action_login = menu.addAction(_("Sign &in…"), self.open_login)
        self.action_login.setObjectName("action_sync_login")
        self.action_logout = menu.addAction(_("Sign &out"), self.sign_out)
        self.action_logout.setObjectName("action_sync_logout")
        menu.addSeparator()
        self.action_conflicts = menu.addAction(_("&Conflicts…"), self.open_conflicts)
        self.action_conflicts.setObjectName("action_sync_conflicts")

    # -- state ------------------------------------------------------------------------------------
    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Show the state now (with the counts last read), then count again off the GUI thread.

        Args:
            then: Called on the GUI thread once counts read after this call are shown.
        """
        if then is not None:
            self._after_counts.append(then)
        self._show()
        if self._reading:
            self._reread = True  # one more read after the running one
        else:
            self._read()

    def _read(self) -> None:
        """Read the counts on the task runner (one read at a time)."""
        self._reading, self._reread = True, False
        waiting, self._after_counts = self._after_counts, []
        uow = self.ctx.app.uow

        def finish() -> None:
            self._reading = False
            if self._reread:
                self._read()
            self._show()
            for callback in waiting:
                callback()

        def done(result: Any) -> None:
            if shiboken6.isValid(self) and shiboken6.isValid(self.button):
                self._counts, self._timezone = result
                finish()

        def failed(exc: BaseException, trace: str) -> None:
            log.error("Reading the sync counts failed:\n%s", trace)
            if shiboken6.isValid(self) and shiboken6.isValid(self.button):
                finish()

        self.ctx.tasks.run(_("Counting the edits to sync"), lambda _p: (read_counts(uow), user_timezone(uow)),
                           on_done=done, on_error=failed, quiet=True)  # fmt: skip

    def _show(self) -> None:
        """Show the state from the counts last read and what the session is doing."""
        signed_in = self.session is not None and self.session.signed_in
        self.action_sync.setEnabled(signed_in and not self.syncing)
        self.action_logout.setEnabled(signed_in)
        if self._counts is None:
            return
        status = describe(self._counts, signed_in=signed_in, syncing=self.syncing, offline=self.offline,
                          update_needed=self.update_needed)  # fmt: skip
        detail = self.detail or last_sync_text(status.counts.last_sync_at, self._timezone)
        self.button.show_status(status, detail)
        self.status_changed.emit(status)

    def _edited(self, what: str) -> None:
        if not self._own_change and self.session is not None and self.session.signed_in:
            self.debounce.start()
        self.refresh()

    def start(self) -> None:
        """At start: sign in with the kept token (in the background) and sync."""
        session = saved_session(self.ctx.app.uow)
        if session is None:
            return
        self.session = session

        def resumed(ok: bool) -> None:
            if ok:
                self.sync_now()
            else:
                self.ctx.status(_("Sign in to sync (Sync › Sign in…)."))
            self.refresh()

        def failed(exc: BaseException, _trace: str) -> None:
            self.offline = isinstance(exc, Offline)
            self.ctx.status(str(exc))
            self.refresh()

        self.ctx.tasks.run(_("Signing in to {server}", server=session.server), lambda _p: session.resume(),
                           on_done=resumed, on_error=failed, quiet=True)

    # -- actions ----------------------------------------------------------------------------------
    def open_login(self) -> LoginDialog:
        """Sync › Sign in…."""
        server, user = saved_server(self.ctx.app.uow)
        dialog = LoginDialog(self.ctx, server or "", user or "", self.window)
        dialog.signed_in.connect(self._signed_in)
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _signed_in(self, session: SyncSession, result: SignInResult) -> None:
        if self.session is not None and (self.session.server, self.session.user) != (session.server, session.user):
            self.session.sign_out()
        self.session, self.offline = session, False
        remember_server(self.ctx.app.uow, session.server, session.user)
        if not result.kept:
            box = QMessageBox(QMessageBox.Icon.Information, _("No keychain"), _(
                "This computer has no keychain to keep your sign-in safely, so it is not kept: you will be "
                "asked for your password next time you start PRM Desktop."), QMessageBox.StandardButton.Ok,
                self.window)
            box.setObjectName("syncNoKeyringBox")
            self.notice = box
            box.open()
        self.ctx.status(_("Signed in to {server} as {user}.", server=session.server, user=session.user))
        self.sync_now()

    def sign_out(self) -> None:
        """Sync › Sign out: the kept token is removed; edits wait until the next sign-in."""
        if self.session is not None:
            self.session.sign_out()
        self.debounce.stop()
        self.ctx.status(_("Signed out: your edits stay on this laptop until you sign in again."))
        self.refresh()

    def sync_now(self) -> bool:
        """Start a sync in the worker process (or once more after the running one); False when signed out."""
        session = self.session
        if session is None or not session.signed_in:
            return False
        if self.syncing:
            self.again = True
            return True
        self.debounce.stop()
        self.syncing, self.again, self.detail = True, False, ""
        self.refresh()
        args = (str(self.ctx.app.paths.data_dir), session.server, session.access, session.refresh)
        self.task = self.ctx.tasks.run_in_process(_("Syncing"), SYNC_JOB, args, on_done=self._synced,
                                                  on_error=self._failed)
        return True

    def _synced(self, outcome: dict[str, Any]) -> None:
        self.syncing = False
        if self.session is not None and self.session.signed_in:
            self.session.took_tokens(outcome.get("access"), outcome.get("refresh"))
        report, kind = outcome.get("report") or {}, outcome.get("error_kind")
        self.offline, self.update_needed = kind == "offline", kind == "update"
        if kind == "auth" and self.session is not None:
            self.session.sign_out()
        if outcome.get("error"):
            self.ctx.status(outcome["error"])
            self.detail = outcome["error"]
        if report.get("purged"):
            self.ctx.status(_n("{count} partner is no longer shared with you and was removed from this laptop; "
                               "your edits to it are kept in Sync › Conflicts….",
                               "{count} partners are no longer shared with you and were removed from this laptop; "
                               "your edits to them are kept in Sync › Conflicts….", report["purged"],
                               count=report["purged"]))
        if resync_notice(report):
            self.ctx.status(resync_notice(report))
        if report.get("pulled") or report.get("conflicts") or report.get("purged") or report.get("refused") \
                or report.get("removed"):
            self._own_change = True
            try:
                self.ctx.changed("*")
            finally:
                self._own_change = False
        if self.conflicts_dialog is not None and self.conflicts_dialog.isVisible():
            self.conflicts_dialog.reload()
        self.refresh(then=lambda: self.synced.emit(outcome))  # once its counts are shown
        if self.again:
            self.sync_now()

    def _failed(self, exc: BaseException, trace: str) -> None:
        self.syncing = False
        log.error("Sync failed:\n%s", trace)
        message = str(exc) if isinstance(exc, SyncError) else _("The sync stopped ({error}); your edits stay on "
                                                                 "this laptop.", error=exc)
        self.ctx.status(message)
        self.detail = message
        self.refresh(then=lambda: self.synced.emit({"error": message, "error_kind": "failed", "report": None}))

    def open_conflicts(self, partner_id: str | None = None) -> ConflictsDialog:
        """Show the Conflicts view (of one partner when given)."""
        if self.conflicts_dialog is not None:
            self.conflicts_dialog.close()
        dialog = ConflictsDialog(self.ctx, partner_id, self.window)
        dialog.resolved.connect(self._resolved)
        dialog.dismissed.connect(self.refresh)
        self.conflicts_dialog = dialog
        dialog.show()
        return dialog

    def _resolved(self) -> None:
        self.refresh()
        self.debounce.start()
