"""Wiring of the main window: menu actions, undo, settings, help, and keeping the status bar current."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.batches import BatchNotFoundError, UndoRefusedError, last_undoable, undo_batch
from prm_desktop.services.listings import count_partners
from prm_desktop.services.problem_report import write_problem_report
from prm_desktop.ui.context import CMD_EXPORT, CMD_IMPORT, CMD_NEW_PARTNER, UiContext
from prm_desktop.ui.errors import ErrorReporter
from prm_desktop.ui.main_window import TABS, MainWindow
from prm_desktop.ui.maintenance_actions import MaintenanceActions
from prm_desktop.ui.program_notice import ProgramNotice
from prm_desktop.ui.questions import ask_yes_no
from prm_desktop.ui.report_dialog import ReportDialog
from prm_desktop.ui.search_popup import SearchPopup, open_hit
from prm_desktop.ui.settings import SettingsController, SettingsDialog

log = logging.getLogger(__name__)

#: Undoing more changes than this asks first (an import, the demo portfolio).
CONFIRM_UNDO_ABOVE = 50
UNDO_LABEL_MAX = 60


def open_url(url: QUrl) -> bool:
    """Open a folder or link with the system (tests replace ``MainController.open_url``)."""
    return QDesktopServices.openUrl(url)


def _short(label: str) -> str:
    return label if len(label) <= UNDO_LABEL_MAX else label[: UNDO_LABEL_MAX - 1] + "…"


class MainController(QObject):
    """Connects the menus of a `MainWindow` to services and dialogs."""

    #: Emitted after an undo finished, with its `UndoResult`.
    undone = Signal(object)

    def __init__(
        self,
        window: MainWindow,
        ctx: UiContext,
        reporter: ErrorReporter | None = None,
        explicit_folder: bool = False,
    ) -> None:
        super().__init__(window)
        self.window, self.ctx, self.reporter = window, ctx, reporter
        self.explicit_folder = explicit_folder
        self.confirm: Callable[[QWidget, str, str], bool] = ask_yes_no
        self.open_url: Callable[[QUrl], bool] = open_url
        self.maintenance = MaintenanceActions(window, ctx)
        self.settings_dialog: SettingsDialog | None = None
        self.report_dialog: ReportDialog | None = None
        self.about_box: QMessageBox | None = None
        self._undoing = False
        self._undo_asked = 0
        a = window.actions_
        a["new_partner"].triggered.connect(lambda: self.partner_command(CMD_NEW_PARTNER, "new_partner"))
        a["import"].triggered.connect(lambda: self.partner_command(CMD_IMPORT, "import_file"))
        a["export"].triggered.connect(lambda: self.partner_command(CMD_EXPORT, "export_list"))
        a["review_pack"].triggered.connect(lambda: self.partner_command("", "review_pack"))
        a["day_sheet"].triggered.connect(lambda: self.open_day_sheet())
        a["backup"].triggered.connect(lambda: self.maintenance.backup_now())
        a["restore"].triggered.connect(self.maintenance.open_restore)
        a["quit"].triggered.connect(window.close)
        a["undo"].triggered.connect(self.undo)
        a["find"].triggered.connect(lambda: self.partner_command("", "focus_search"))
        a["search_all"].triggered.connect(lambda: self.open_search())
        self.search_popup: SearchPopup | None = None
        a["settings"].triggered.connect(self.open_settings)
        for key, _title, _package in TABS:
            a[f"tab_{key}"].triggered.connect(lambda _checked=False, k=key: self._focus_tab(k))
        a["refresh"].triggered.connect(lambda: ctx.changed("*"))
        a["about"].triggered.connect(self.about)
        a["open_data_folder"].triggered.connect(self.open_data_folder)
        a["report_problem"].triggered.connect(self.report_problem)
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.open_person.connect(lambda person_id: open_hit(window, ctx, "stakeholder", person_id))
        ctx.tasks.cancelled.connect(lambda _id: ctx.status(_("Cancelled; nothing was changed.")))
        if reporter is not None:
            ctx.tasks.failed.connect(lambda _id, exc, trace: reporter.report(exc, trace))
        self.refresh_state()
        self.program_notice = ProgramNotice(window, ctx)
        self.program_notice.check()  # reports back after the window shows
        from prm_desktop.ui.sync.controller import SyncController

        self.sync = SyncController(window, ctx)

    # -- status ---------------------------------------------------------------------------------------
    def refresh_state(self) -> None:
        """Update the Undo action and the database label from the database."""
        self.update_undo_action()
        uow, paths = self.ctx.app.uow, self.ctx.app.paths
        self.ctx.tasks.run(
            _("Counting partners"),
            lambda _p: count_partners(uow),
            quiet=True,
            on_done=lambda n: self.window.status.set_database(n, str(paths.database)),
        )

    def _data_changed(self, _what: str) -> None:
        QTimer.singleShot(0, self.refresh_state)

    def update_undo_action(self) -> None:
        """Say on Edit › Undo what it would undo (disabled when nothing can be); read off the GUI thread.

        Only the answer to the latest request is shown (changes can follow each other quickly).
        """
        uow = self.ctx.app.uow
        self._undo_asked += 1
        asked = self._undo_asked
        if self._undoing:  # disabled at once while an undo runs
            self._show_undo(None)
            return
        self.ctx.tasks.run(_("Reading the last change"), lambda _p: last_undoable(uow), quiet=True,
                           on_done=lambda info: self._show_undo(info) if asked == self._undo_asked else None)

    def _show_undo(self, info: Any) -> None:
        action = self.window.actions_["undo"]
        if info is None or self._undoing:
            action.setText(_("&Undo"))
            action.setEnabled(False)
            action.setStatusTip(_("Nothing to undo"))
        else:
            action.setText(_("&Undo: {label}", label=_short(info.label or info.kind)))
            action.setEnabled(True)
            action.setStatusTip(_("Undo the last change: {label}", label=info.label or info.kind))

    # -- File -----------------------------------------------------------------------------------------
    def partner_command(self, command: str, method: str) -> None:
        """Run a Partners-tab command (New partner, Import, Export, Find) from the menu."""
        tab = self.window.show_tab("partners")
        if command and self.ctx.run_command(command):
            return
        handler = getattr(tab, method, None)
        if callable(handler):
            handler()
        else:
            self.ctx.status(_("This arrives with the complete Partners tab."))

    def open_day_sheet(self) -> QWidget:
        """File › Visit day sheet…: choose the day and whose visits, then preview and print."""
        from prm_desktop.ui.reviews.day_dialog import DaySheetDialog

        dialog = DaySheetDialog(self.ctx, parent=self.window)
        dialog.open()
        return dialog

    def _focus_tab(self, key: str) -> None:
        tab = self.window.show_tab(key)
        if tab is not None:
            tab.setFocus()

    # -- Edit -----------------------------------------------------------------------------------------
    def open_search(self, text: str = "") -> SearchPopup:
        """Show the search-everything window (Edit › Search everything…); its hits open where they live."""
        if self.search_popup is None:
            self.search_popup = SearchPopup(self.ctx, self.window)
            self.search_popup.open_requested.connect(lambda opens, id_: open_hit(self.window, self.ctx, opens, id_))
        self.search_popup.start(text)
        return self.search_popup

    def undo(self) -> bool:
        """Undo the last change made through the app (one batch of the change log).

        Returns:
            True when an undo was started.
        """
        if self._undoing:
            return False
        uow = self.ctx.app.uow
        info = last_undoable(uow)
        if info is None:
            self.ctx.status(_("Nothing to undo."))
            return False
        label = info.label or info.kind
        if info.row_count > CONFIRM_UNDO_ABOVE and not self.confirm(
            self.window,
            _("Undo"),
            _("Undo “{label}”? This reverts {count} changes.", label=label, count=format_number(info.row_count)),
        ):
            return False
        self._undoing = True
        self.update_undo_action()
        self.ctx.tasks.run(
            _("Undoing: {label}", label=_short(label)),
            lambda _p: undo_batch(uow, info.id),
            on_done=self._undone,
            on_error=self._undo_failed,
        )
        return True

    def _undone(self, result: Any) -> None:
        self._undoing = False
        message = _("Undone: {label}.", label=result.batch.label or result.batch.kind)
        if result.skipped:
            message += " " + _n("{count} value changed since was kept.", "{count} values changed since were kept.",
                                len(result.skipped), count=len(result.skipped))
        self.ctx.changed("*")
        self.ctx.status(message)
        self.undone.emit(result)

    def _undo_failed(self, exc: BaseException, trace: str) -> None:
        self._undoing = False
        self.update_undo_action()
        if isinstance(exc, BatchNotFoundError):
            self.ctx.status(_("Nothing to undo."))
        elif isinstance(exc, UndoRefusedError):
            self.ctx.status(str(exc))  # already translated; it says which later changes are in the way
        elif self.reporter is not None:
            self.reporter.report(exc, trace)
        else:
            log.error("Undo failed:\n%s", trace)

    def open_settings(self) -> SettingsDialog:
        """Open Edit › Settings…."""
        dialog = SettingsDialog(self.window)
        controller = SettingsController(dialog, self.ctx, self.explicit_folder)
        controller.saved.connect(self.ctx.status)
        if self.reporter is not None:
            controller.failed.connect(self.reporter.report)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    # -- Help -----------------------------------------------------------------------------------------
    def about(self) -> QMessageBox:
        """Show Help › About (not modal): version, licence, third-party notices under Show Details."""
        from prm_desktop.ui.identity import about_box

        box = about_box(self.window, self.ctx.app.paths.data_dir)
        self.about_box = box
        box.open()
        return box

    def open_data_folder(self) -> None:
        """Show the data folder in the system's file manager."""
        folder = self.ctx.app.paths.data_dir
        if not self.open_url(QUrl.fromLocalFile(str(folder))):
            self.ctx.status(_("The data folder is {path}.", path=folder))

    def report_problem(self) -> ReportDialog:
        """Open Help › Report a problem…."""
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        paths = self.ctx.app.paths
        extra = {"Qt": qVersion(), "PySide6": pyside_version}

        def write(description: str) -> Any:
            path = write_problem_report(paths.log_dir, paths.reports_dir, extra, description)
            log.info("Problem report written to %s", path)
            return path

        dialog = ReportDialog(write, self.window)
        self.report_dialog = dialog
        dialog.open()
        return dialog

    # -- shutdown -------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop background work and close the portfolio (after the window closed)."""
        self.ctx.tasks.cancel_all()
        self.ctx.tasks.wait(30000)
        if self.ctx.drafts is not None:
            self.ctx.drafts.close()
        self.ctx.app.close()
