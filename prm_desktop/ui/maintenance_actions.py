"""Back up now, the daily backup, restore, the integrity check and the demo portfolio.

Long work goes through the task runner.

Right after the first paint the database is checked page by page (`maintenance.check_integrity`)
in the background; writes wait for it (``ctx.app.integrity``) and work that writes is queued here
until it passed. When damage is found, `DamagedDialog` offers the newest good backup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from prm_desktop.bootstrap import DatabaseError, open_app
from prm_desktop.config import resolve_paths
from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _
from prm_desktop.services import maintenance
from prm_desktop.services.profile import get_profile
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import (
    DEFAULT_BACKUP_KEEP,
    KEY_BACKUP_DAILY,
    KEY_BACKUP_KEEP,
    read_bool,
    read_int,
)
from prm_desktop.ui.restore_dialog import DamagedDialog, RestoreDialog
from prm_desktop.ui.tasks import Progress

if TYPE_CHECKING:
    from prm_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

class MaintenanceActions(QObject):
    """File › Back up now and Restore…, the automatic daily backup, and loading the demo."""

    #: Emitted with the new result when the portfolio was replaced by a restore (tests wait on it).
    restored = Signal(object)
    #: Emitted after a backup was written, with its path.
    backed_up = Signal(object)
    #: Emitted once the demo portfolio is in the database.
    demo_loaded = Signal(object)
    #: Emitted with the `IntegrityReport` when the integrity check ended.
    integrity_checked = Signal(object)

    def __init__(self, window: MainWindow, ctx: UiContext) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.restore_dialog: RestoreDialog | None = None
        self.damaged_dialog: DamagedDialog | None = None
        self.error_box: QMessageBox | None = None
        self._evaluating = False
        self._checked_app: object = None
        self._after_check: list[Callable[[], object]] = []

    # -- integrity ----------------------------------------------------------------------------------
    def check_integrity(self) -> bool:
        """Check the open database in the background (once per opened portfolio); writes wait.

        Returns:
            True when a check was started.
        """
        app = self.ctx.app
        if self._checked_app is app:
            return False
        self._checked_app = app
        state, paths = app.integrity, app.paths
        state.begin()

        def work(_progress: Progress) -> maintenance.IntegrityReport:
            try:
                report = maintenance.check_integrity(paths)
            except BaseException:
                state.finish(maintenance.IntegrityReport(paths.database))  # not damage: let writes go
                raise
            state.finish(report)  # here, not on the GUI thread: a write waiting there is released
            return report

        self.ctx.tasks.run(_("Checking the database"), work, on_done=self._integrity_done,
                           on_error=self._integrity_failed)
        return True

    def _integrity_done(self, report: maintenance.IntegrityReport) -> None:
        pending, self._after_check = self._after_check, []
        if report.damaged:
            log.error("Integrity check failed: %s", report.problems)
            self.ctx.status(report.message)
            self.offer_good_backup(report)
        else:
            if report.message:
                self.ctx.status(report.message)
            for start in pending:
                start()
        self.integrity_checked.emit(report)

    def _integrity_failed(self, exc: BaseException, trace: str) -> None:
        log.warning("Integrity check could not run:\n%s", trace)
        self._integrity_done(maintenance.IntegrityReport(self.ctx.app.paths.database))

    def _when_writable(self, start: Callable[[], object]) -> bool:
        """Run ``start`` now, after the integrity check, or never if the database is damaged."""
        state = self.ctx.app.integrity
        if state.state == "checking":
            self._after_check.append(start)
            return True
        if state.state == "damaged":
            self.ctx.status(state.report.message if state.report else _("The database is damaged."))
            return False
        start()
        return True

    def offer_good_backup(self, report: maintenance.IntegrityReport) -> DamagedDialog:
        """Show the damage and offer the newest good backup (the damaged file is kept aside)."""
        paths = self.ctx.app.paths
        dialog = DamagedDialog(report.message, report.good_backup, paths.backup_dir, parent=self.window)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog))
        self.damaged_dialog = dialog
        dialog.open()
        return dialog

    def _keep(self) -> int:
        return read_int(self.ctx.settings, KEY_BACKUP_KEEP, DEFAULT_BACKUP_KEEP)

    def backup_now(self, reason: str = "manual") -> None:
        """Make a backup off the GUI thread; the status bar shows progress and the result."""
        db, folder, keep = self.ctx.app.db, self.ctx.app.paths.backup_dir, self._keep()
        label = _("Daily backup") if reason == "daily" else _("Backing up")
        self.ctx.tasks.run(
            label,
            lambda _p: maintenance.backup_now(db, folder, reason=reason, keep=keep),
            on_done=lambda path: self._backed_up(path, reason),
            on_error=self._backup_failed,
        )

    def _backup_failed(self, exc: BaseException, trace: str) -> None:
        """A refused backup (damaged database, full disk...) is explained in a dialog."""
        log.error("Backup failed:\n%s", trace)
        message = str(exc) if isinstance(exc, DatabaseError) else _("The backup failed: {error}", error=exc)
        self.ctx.status(message)
        self.error_box = show_error(self.window, message)

    def _backed_up(self, path: Path, reason: str = "manual") -> None:
        """A backup asked for says where it went; the routine daily one only logs it.

        The daily backup starts on its own, often while the user's own action (an import, the demo) is
        finishing: its message would replace that action's result in the status bar.
        """
        if reason == "daily":
            log.info("Daily backup written: %s", path)
        else:
            self.ctx.status(_("Backup written: {path}", path=path))
        self.backed_up.emit(path)

    def daily_backup(self) -> bool:
        """Back up if the daily backup is on and none was made in the last 24 hours."""
        if not read_bool(self.ctx.settings, KEY_BACKUP_DAILY, True):
            return False
        if not maintenance.daily_backup_due(self.ctx.app.paths.backup_dir):
            return False
        return self._when_writable(lambda: self.backup_now("daily"))

    # -- restore ------------------------------------------------------------------------------------
    def open_restore(self) -> RestoreDialog:
        """Show the list of backups (File › Restore…)."""
        paths = self.ctx.app.paths
        timezone = get_profile(self.ctx.app.uow).timezone
        dialog = RestoreDialog(maintenance.list_backups(paths.backup_dir), paths.backup_dir, timezone, self.window)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog))
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore_chosen(self, dialog: RestoreDialog) -> None:
        chosen = dialog.chosen()
        if chosen is not None:
            self.restore(chosen)

    def restore(self, backup_file: Path) -> None:
        """Replace the database with ``backup_file`` (the current one is kept as a backup first).

        Running tasks are stopped, the tabs are closed, the file is restored and the portfolio
        reopened off the GUI thread, then the tabs are built again on the new portfolio.
        """
        tasks = self.ctx.tasks
        tasks.cancel_all()
        tasks.wait(15000)
        self.window.clear_tabs()
        old = self.ctx.app
        data_dir = old.paths.data_dir

        def work(_progress: Progress) -> tuple[maintenance.RestoreOutcome, Any]:
            old.close()  # lets this window's "portfolio open" lock go: the restore needs it alone
            outcome = maintenance.restore(old.paths, backup_file)
            return outcome, open_app(data_dir, refresh_derived=False)

        tasks.run(
            _("Restoring the backup"),
            work,
            on_done=self._restored,
            on_error=lambda exc, trace: self._restore_failed(data_dir, exc, trace),
        )

    def _restored(self, result: tuple[maintenance.RestoreOutcome, Any]) -> None:
        outcome, app = result
        self.ctx.app = app
        self.window.build_tabs()
        self.ctx.changed("*")
        if outcome.set_aside is not None:
            self.ctx.status(_("Backup restored. The damaged database was kept aside as {path}.",
                              path=outcome.set_aside.name))
        elif outcome.kept is not None:
            self.ctx.status(_("Backup restored. The data you had before was kept as {path}.", path=outcome.kept.name))
        else:
            self.ctx.status(_("Backup restored."))
        self.restored.emit(result)

    def _restore_failed(self, data_dir: Path, exc: BaseException, trace: str) -> None:
        log.error("Restore failed:\n%s", trace)
        try:
            self.ctx.app = open_app(data_dir, refresh_derived=False)
        finally:
            self.window.build_tabs()
            self.ctx.changed("*")
        message = _("The backup could not be restored: {error} Your data was not changed.", error=exc)
        self.ctx.status(message)
        self.error_box = show_error(self.window, message)

    # -- program evaluation -------------------------------------------------------------------------
    def refresh_evaluations(self, force: bool = False) -> bool:
        """Refresh the date-dependent data in the background when it is stale.

        The partner summary (visits due, revenue window), the search index and the program
        evaluations depend on the date, the program and large imports: they are brought up to date
        after start, after a program change and after large imports. Returns True when a refresh
        was started.
        """
        from prm_desktop.bootstrap import derived_data_stale

        uow = self.ctx.app.uow
        if self._evaluating or (not force and not derived_data_stale(uow)):
            return False
        if not self.ctx.app.integrity.writes_allowed:
            return self._when_writable(lambda: self.refresh_evaluations(force))
        self._evaluating = True

        def done(result: Any) -> None:
            self._evaluating = False
            if not result.get("stale"):
                self.ctx.changed("evaluations")

        def failed(exc: BaseException, trace: str) -> None:
            self._evaluating = False
            log.warning("Evaluation refresh failed: %s", trace)
            self.ctx.status(_("The program evaluation could not be refreshed: {error}", error=exc))

        data_dir = str(self.ctx.app.paths.data_dir)
        self.ctx.tasks.run_in_process(_("Evaluating the portfolio against the program"),
                                      "prm_desktop.worker.jobs:refresh", (data_dir, force),
                                      on_done=done, on_error=failed)  # fmt: skip
        return True

    # -- demo ---------------------------------------------------------------------------------------
    def load_demo(self, partners: int | None = None, on_done: Callable[[Any], None] | None = None) -> bool:
        """Generate the demo portfolio in the background; False when this version has no demo."""
        try:
            from prm_desktop.services.demo import DEMO_PARTNERS
        except ImportError:
            self.ctx.status(_("The demo portfolio is not available in this version."))
            return False
        partners = partners or DEMO_PARTNERS
        if not self.ctx.app.integrity.writes_allowed:
            return self._when_writable(lambda: self.load_demo(partners, on_done))

        def done(result: Any) -> None:
            self.ctx.status(_("Demo portfolio loaded: {count} partners. Edit › Undo removes it.",
                             count=format_number(partners)))
            self.ctx.changed("*")
            self.refresh_evaluations()
            self.demo_loaded.emit(result)
            if on_done is not None:
                on_done(result)

        self.ctx.tasks.run_in_process(_("Loading the demo portfolio"), "prm_desktop.worker.jobs:demo",
                                      (str(self.ctx.app.paths.data_dir), partners), on_done=done)  # fmt: skip
        return True


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """An error dialog with a plain message (not modal to the event loop: ``open()``)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "PRM Desktop", message, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(_("Error"))
    box.open()
    return box


def recover_damaged_portfolio(
    data_dir: str | Path | None, message: str, run: Callable[[QDialog], int] | None = None
) -> bool:
    """Offer the newest good backup when the database is too damaged to open (at start-up).

    The dialog needs no open database; the damaged file is kept aside by the restore.

    Args:
        data_dir: The portfolio folder.
        message: Why the database could not be opened.
        run: Shows a dialog and returns its result (tests answer it; default ``exec()``).

    Returns:
        True when a backup was restored (the caller opens the portfolio again).
    """
    run = run or (lambda dialog: dialog.exec())
    paths = resolve_paths(data_dir)
    dialog = DamagedDialog(message, maintenance.newest_good_backup(paths), paths.backup_dir)
    if run(dialog) != QDialog.DialogCode.Accepted or dialog.chosen() is None:
        return False
    try:
        outcome = maintenance.restore(paths, dialog.chosen())  # type: ignore[arg-type]
    except DatabaseError as exc:
        log.error("Restore at start-up failed: %s", exc)
        run(QMessageBox(QMessageBox.Icon.Warning, "PRM Desktop", str(exc)))
        return False
    log.warning("Restored %s at start-up; damaged database kept as %s", dialog.chosen(), outcome.set_aside)
    return True
