"""Back up now, the daily backup, restore and the demo portfolio: long work through the task runner."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from prm_desktop.bootstrap import open_app
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
from prm_desktop.ui.restore_dialog import RestoreDialog
from prm_desktop.ui.tasks import Progress

if TYPE_CHECKING:
    from prm_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

#: Partners in the demo portfolio offered by the welcome (a typical channel manager's portfolio).
DEMO_PARTNERS = 300


class MaintenanceActions(QObject):
    """File › Back up now and Restore…, the automatic daily backup, and loading the demo."""

    #: Emitted with the new result when the portfolio was replaced by a restore (tests wait on it).
    restored = Signal(object)
    #: Emitted after a backup was written, with its path.
    backed_up = Signal(object)
    #: Emitted once the demo portfolio is in the database.
    demo_loaded = Signal(object)

    def __init__(self, window: MainWindow, ctx: UiContext) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        self.restore_dialog: RestoreDialog | None = None
        self._evaluating = False

    def _keep(self) -> int:
        return read_int(self.ctx.settings, KEY_BACKUP_KEEP, DEFAULT_BACKUP_KEEP)

    def backup_now(self, reason: str = "manual") -> None:
        """Make a backup off the GUI thread; the status bar shows progress and the result."""
        db, folder, keep = self.ctx.app.db, self.ctx.app.paths.backup_dir, self._keep()
        label = _("Daily backup") if reason == "daily" else _("Backing up")
        self.ctx.tasks.run(
            label, lambda _p: maintenance.backup_now(db, folder, reason=reason, keep=keep), on_done=self._backed_up
        )

    def _backed_up(self, path: Path) -> None:
        self.ctx.status(_("Backup written: {path}", path=path))
        self.backed_up.emit(path)

    def daily_backup(self) -> bool:
        """Back up if the daily backup is on and none was made in the last 24 hours."""
        if not read_bool(self.ctx.settings, KEY_BACKUP_DAILY, True):
            return False
        if not maintenance.daily_backup_due(self.ctx.app.paths.backup_dir):
            return False
        self.backup_now("daily")
        return True

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

        def work(_progress: Progress) -> tuple[Path, Any]:
            kept = maintenance.restore(old.db, backup_file, old.paths.backup_dir)
            return kept, open_app(data_dir, refresh_derived=False)

        tasks.run(
            _("Restoring the backup"),
            work,
            on_done=self._restored,
            on_error=lambda exc, trace: self._restore_failed(data_dir, exc, trace),
        )

    def _restored(self, result: tuple[Path, Any]) -> None:
        kept, app = result
        self.ctx.app = app
        self.window.build_tabs()
        self.ctx.changed("*")
        self.ctx.status(_("Backup restored. The data you had before was kept as {path}.", path=kept.name))
        self.restored.emit(result)

    def _restore_failed(self, data_dir: Path, exc: BaseException, trace: str) -> None:
        log.error("Restore failed:\n%s", trace)
        try:
            self.ctx.app = open_app(data_dir, refresh_derived=False)
        finally:
            self.window.build_tabs()
            self.ctx.changed("*")
        self.ctx.status(_("The backup could not be restored: {error}. Your data was not changed.", error=exc))

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
        partners = partners or DEMO_PARTNERS
        try:
            import prm_desktop.services.demo  # noqa: F401 - only to know whether this version has it
        except ImportError:
            self.ctx.status(_("The demo portfolio is not available in this version."))
            return False

        def done(result: Any) -> None:
            self.ctx.status(_("Demo portfolio loaded: {count} partners. Edit › Undo removes it.", count=partners))
            self.ctx.changed("*")
            self.refresh_evaluations()
            self.demo_loaded.emit(result)
            if on_done is not None:
                on_done(result)

        self.ctx.tasks.run_in_process(_("Loading the demo portfolio"), "prm_desktop.worker.jobs:demo",
                                      (str(self.ctx.app.paths.data_dir), partners), on_done=done)  # fmt: skip
        return True
