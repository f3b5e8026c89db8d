"""The import wizard: choose a file → check its columns and rows → import with progress → result.

A non-modal dialog. Reading, checking (planning) and writing run in a worker process through the task
runner (`prm_desktop.worker.jobs`): the GUI holds only the file's first rows and the list of issues,
the plan stays in the worker's temporary file until it is written. Opening it builds only the file
page: the check and run pages, and the modules they need, come while the worker reads the file (the
modules are loaded off the GUI thread meanwhile). Every problem is listed as
``line N: column: message``; a file with any error cannot be imported (nothing is written). The
import is one batch: Edit › Undo reverts it.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.imports.columns import KINDS, match_columns
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.form_fields import ERROR_STYLE
from prm_desktop.ui.partners.import_preview import KIND_LABELS, MappingPreview, guess_kind
from prm_desktop.ui.tasks import TaskCancelled

__all__ = ["ImportWizard", "guess_kind"]

PAGE_FILE, PAGE_CHECK, PAGE_RUN = range(3)
#: What the check and run pages need, loaded off the GUI thread while the worker reads the file.
LATER_MODULES = ("prm_desktop.ui.partners.import_result", "prm_desktop.worker.jobs")


def _load_later_modules(_progress: Any) -> None:
    for name in LATER_MODULES:
        importlib.import_module(name)


def _discard_plan(plan_file: str) -> None:
    from prm_desktop.worker.jobs import discard_plan

    discard_plan(None, plan_file)


class ImportWizard(QDialog):
    """Import a CSV or XLSX file of partners, contacts or other facts.

    Args:
        ctx: The shared UI context.
        parent: The window it belongs to.
    """

    #: Emitted when a step finished (tests wait on it): "read", "checked", "imported", "failed".
    step_done = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(_("Import a spreadsheet"))
        self.setModal(False)
        self.resize(1000, 640)
        self.ctx = ctx
        self.table: Any = None
        self.plan: Any = None
        self.result: Any = None
        self._task: Any = None
        self._generation = 0
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())  # the check and run pages: see _later_pages
        self.back_button = QPushButton(_("Back"))
        self.back_button.clicked.connect(lambda: self._go(PAGE_FILE))
        self.next_button = QPushButton(_("Next"))
        self.next_button.clicked.connect(self._next)
        self.next_button.setDefault(True)
        self.close_button = QPushButton(_("Cancel"))
        self.close_button.clicked.connect(self._close_or_cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(300)
        self._recheck.timeout.connect(self.check)
        self.finished.connect(lambda _result: self._drop_plan() if self._task is None else None)
        self._go(PAGE_FILE)
        ctx.tasks.run(_("Opening the import"), _load_later_modules, quiet=True)

    # --- pages ---------------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(_("File to import"))
        self.path_edit.setPlaceholderText(_("A .csv or .xlsx file"))
        self.path_edit.textChanged.connect(lambda _t: self._update_buttons())
        browse = QPushButton(_("Choose a file…"))
        browse.clicked.connect(self.browse)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(_("What the file holds"))
        for kind in KINDS:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.file_error = QLabel()
        self.file_error.setStyleSheet(ERROR_STYLE)
        self.file_error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(page)
        intro = QLabel(_("Choose a spreadsheet exported from your CRM, Excel or a partner portal: CSV (any "
                         "separator, UTF-8 or Windows-1252) or Excel .xlsx. The first line must hold the "
                         "column names. Nothing is written before you have checked the preview."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("File")))
        layout.addLayout(row)
        layout.addWidget(QLabel(_("It contains")))
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.file_error)
        layout.addStretch(1)
        return page

    def _later_pages(self) -> None:
        """Build the check and run pages, once (not needed to show the file page)."""
        if self.pages.count() == 1:
            self.pages.addWidget(self._check_page())
            self.pages.addWidget(self._run_page())

    def _check_page(self) -> QWidget:
        page = QWidget()
        self.check_intro = QLabel()
        self.check_intro.setWordWrap(True)
        self.preview = MappingPreview()
        self.preview.mapping_changed.connect(lambda _m: self._recheck.start())
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.issues = QListWidget()
        self.issues.setObjectName("importIssues")
        self.issues.setAccessibleName(_("Errors and warnings of the file"))
        layout = QVBoxLayout(page)
        layout.addWidget(self.check_intro)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.issues, 2)
        return page

    def _run_page(self) -> QWidget:
        page = QWidget()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Import progress"))
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(page)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        return page

    # --- steps ---------------------------------------------------------------------------------

    def browse(self) -> QFileDialog:
        """Open a (non-modal) file chooser."""
        dialog = QFileDialog(self, _("Choose the file to import"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Spreadsheets (*.csv *.txt *.tsv *.xlsx)"), _("All files (*)")])
        dialog.fileSelected.connect(self.set_file)
        dialog.open()
        return dialog

    def set_file(self, path: str) -> None:
        """Use ``path`` and read it (the kind is guessed from its columns)."""
        self.path_edit.setText(str(path))
        self.read_file(guess=True)

    def read_file(self, guess: bool = False) -> None:
        """Read the chosen file off the GUI thread, then show the check page."""
        path = Path(self.path_edit.text().strip())
        self.file_error.clear()
        self._generation += 1
        generation = self._generation
        self.next_button.setEnabled(False)
        self.ctx.tasks.run_in_process(_("Reading {file}", file=path.name), "prm_desktop.worker.jobs:import_read",
                                      (str(path),), on_done=lambda table: self._on_read(generation, table, guess),
                                      on_error=lambda exc, _t: self._on_read_error(generation, exc))  # fmt: skip

    def _on_read(self, generation: int, table: Any, guess: bool) -> None:
        if generation != self._generation:
            return
        self.table = table
        self._later_pages()
        if guess:
            kind = guess_kind(table.headers, Path(self.path_edit.text()).name)
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        kind = self.kind_combo.currentData()
        self.preview.show_table(table, match_columns(kind, table.headers))
        self._go(PAGE_CHECK)
        self.step_done.emit("read")
        self.check()

    def _on_read_error(self, generation: int, exc: BaseException) -> None:
        from prm_desktop.ui.partners.import_result import read_error_text

        if generation != self._generation:
            return
        self.file_error.setText("⚠ " + read_error_text(exc))
        self._go(PAGE_FILE)
        self.step_done.emit("failed")

    def check(self) -> None:
        """Plan the import with the mapping shown (off the GUI thread); nothing is written."""
        if self.table is None or self.preview.mapping is None:
            return
        self._generation += 1
        generation = self._generation
        self._drop_plan()
        self.summary.setText(_("Checking every row of the file…"))
        self.issues.clear()
        self._update_buttons()
        mapping, path = self.preview.mapping, Path(self.path_edit.text().strip())
        args = (str(self.ctx.app.paths.data_dir), str(path), mapping.kind, mapping, path.name)
        self.ctx.tasks.run_in_process(_("Checking {file}", file=path.name), "prm_desktop.worker.jobs:import_check",
                                      args, on_done=lambda plan: self._on_checked(generation, plan),
                                      on_error=lambda exc, _t: self._on_check_error(generation, exc))  # fmt: skip

    def _drop_plan(self) -> None:
        """Forget the checked plan (its file in the worker's temporary folder is removed)."""
        if self.plan is not None and self.plan.plan_file:
            _discard_plan(self.plan.plan_file)
        self.plan = None

    def _on_checked(self, generation: int, plan: Any) -> None:
        from prm_desktop.ui.partners.import_result import issue_text

        if generation != self._generation or not self.isVisible():  # superseded, or the wizard was closed
            _discard_plan(plan.plan_file)
            return
        self.plan = plan
        self.issues.clear()
        for issue in plan.errors:
            self._add_issue("⚠ " + issue_text(issue), error=True)
        if plan.error_count > len(plan.errors):
            more = plan.error_count - len(plan.errors)
            self._add_issue(_n("… and {count} more error", "… and {count} more errors", more, count=more), error=True)
        for issue in plan.warnings:
            self._add_issue("ℹ " + issue_text(issue), error=False)
        if plan.warning_count > len(plan.warnings):
            more = plan.warning_count - len(plan.warnings)
            self._add_issue(_n("… and {count} more warning", "… and {count} more warnings", more, count=more),
                            error=False)  # fmt: skip
        if not plan.ok:
            text = _("{summary}. The file has errors: nothing will be written. Correct the rows listed "
                     "below in the file (or the column mapping above) and check again.", summary=plan.summary())
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText("⚠ " + text)
        elif not plan.has_changes:
            self.summary.setStyleSheet("")
            self.summary.setText(_("{summary}. Everything in the file is already up to date.",
                                   summary=plan.summary()))  # fmt: skip
        else:
            self.summary.setStyleSheet("")
            self.summary.setText(_("{summary}. Click Import to write it.", summary=plan.summary()))
        self._update_buttons()
        self.step_done.emit("checked")

    def _on_check_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setText("⚠ " + _("The file could not be checked: {error}", error=exc))
        self.step_done.emit("failed")

    def start_import(self) -> None:
        """Write the checked plan with progress and Cancel (off the GUI thread)."""
        plan = self.plan
        if plan is None or not plan.ok or not plan.has_changes or not plan.plan_file:
            return
        self._go(PAGE_RUN)
        self.progress.setRange(0, 0)
        self.progress_label.setText(_("Importing {file}…", file=plan.source))
        self.result_label.clear()
        args = (str(self.ctx.app.paths.data_dir), plan.plan_file)
        plan.plan_file = ""  # the import job owns (and removes) the file now
        self._task = self.ctx.tasks.run_in_process(
            _("Importing {file}", file=plan.source), "prm_desktop.worker.jobs:import_apply", args,
            on_done=self._on_imported, on_error=self._on_import_error)  # fmt: skip
        self.ctx.tasks.progressed.connect(self._on_progress)
        self.ctx.tasks.cancelled.connect(self._on_cancelled)
        self._update_buttons()

    def cancel_import(self) -> None:
        """Ask the running import to stop (nothing is written)."""
        if self._task is not None:
            self._task.progress.cancel()
            self.progress_label.setText(_("Cancelling…"))

    # --- results -------------------------------------------------------------------------------

    def _on_progress(self, task_id: int, done: int, total: int, message: str) -> None:
        if self._task is None or task_id != self._task.id:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if message:
            self.progress_label.setText(message)

    def _finish_task(self) -> None:
        for signal, slot in ((self.ctx.tasks.progressed, self._on_progress),
                             (self.ctx.tasks.cancelled, self._on_cancelled)):  # fmt: skip
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self._task = None
        self.progress.setRange(0, 1)
        self._update_buttons()

    def _on_imported(self, result: Any) -> None:
        from prm_desktop.ui.partners.import_result import describe_result

        self.result = result
        self._finish_task()
        self.progress.setValue(1)
        self.progress_label.setText(_("Import finished."))
        self.result_label.setText(describe_result(result, self.plan))
        self.ctx.changed("*")
        self.ctx.status(_("Imported {file}.", file=self.plan.source if self.plan else ""))
        self.step_done.emit("imported")

    def _on_import_error(self, exc: BaseException, _trace: str) -> None:
        from prm_desktop.services.imports.plan_types import ImportCancelledError, ImportPlanError

        self._finish_task()
        if isinstance(exc, ImportCancelledError | TaskCancelled):
            self._show_cancelled()
            return
        if isinstance(exc, ImportPlanError):
            text = _("The data changed while you were checking the file and it now has errors; nothing was "
                     "written. Go back and check it again.")
        else:
            text = _("The import failed and nothing was written: {error}", error=exc)
        self.progress_label.setText("⚠ " + text)
        self.progress_label.setStyleSheet(ERROR_STYLE)
        self.step_done.emit("failed")

    def _on_cancelled(self, task_id: int) -> None:
        if self._task is not None and task_id == self._task.id:
            self._finish_task()
            self._show_cancelled()

    def _show_cancelled(self) -> None:
        self.progress_label.setText(_("Import cancelled: nothing was written."))
        self.step_done.emit("failed")

    # --- navigation ----------------------------------------------------------------------------

    def _go(self, page: int) -> None:
        if page != PAGE_FILE:
            self._later_pages()
        self.pages.setCurrentIndex(page)
        if page == PAGE_CHECK and self.table is not None:
            kind = _(KIND_LABELS[self.kind_combo.currentData()])
            self.check_intro.setText(_("{rows} rows of {kind} read. Under each column of the file, check the "
                                       "field it feeds (choose Ignore to skip a column).", rows=self.table.row_count,
                                       kind=kind.lower()))  # fmt: skip
        self._update_buttons()

    def _next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_FILE:
            self.read_file()
        elif page == PAGE_CHECK:
            self.start_import()
        else:
            self.close()

    def _close_or_cancel(self) -> None:
        if self._task is not None:
            self.cancel_import()
        else:
            self.close()

    def _update_buttons(self) -> None:
        page = self.pages.currentIndex()
        running = self._task is not None
        self.back_button.setVisible(page == PAGE_CHECK)
        self.next_button.setVisible(not (page == PAGE_RUN and running))
        if page == PAGE_FILE:
            self.next_button.setText(_("Next"))
            self.next_button.setEnabled(bool(self.path_edit.text().strip()))
        elif page == PAGE_CHECK:
            self.next_button.setText(_("Import"))
            plan = self.plan
            self.next_button.setEnabled(bool(plan is not None and plan.ok and plan.has_changes))
        else:
            self.next_button.setText(_("Close"))
            self.next_button.setEnabled(not running)
        self.close_button.setText(_("Cancel import") if running else (_("Close") if page == PAGE_RUN
                                                                          else _("Cancel")))  # fmt: skip
        self.close_button.setVisible(not (page == PAGE_RUN and not running))

    def _add_issue(self, text: str, error: bool) -> None:
        item = QListWidgetItem(text)
        if error:
            item.setForeground(Qt.GlobalColor.darkRed)
        self.issues.addItem(item)
