"""Import an .ics file: a preview window (what each event becomes, and why), then Import.

The window is not modal and holds no logic of its own: the preview and the import are service
calls (`ics_import.preview_import`, `ics_import.apply_import`), read off the GUI thread and written
through the write queue.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.visits.ics_import import ImportPreview, apply_import, preview_import
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.visits.windows import VisitWindows

__all__ = ["ImportPreviewPanel", "open_import_preview"]

ACTIONS = {"create": N_("New visit"), "update": N_("Update"), "unchanged": N_("No change"), "skip": N_("Skipped")}


def counts_text(plan: ImportPreview) -> str:
    """The counts of a plan, e.g. ``2 new, 1 updated, 0 unchanged, 3 skipped.``."""
    return _("{create} new, {update} updated, {unchanged} unchanged, {skip} skipped.",
             **{k: plan.count(k) for k in ACTIONS})  # fmt: skip


class ImportPreviewPanel(QWidget):
    """The events of a file and what importing does with each; Import writes them."""

    #: Emitted once the import was written (the plan applied).
    imported = Signal(object)

    def __init__(self, ctx: UiContext, path: str, data: bytes, plan: ImportPreview,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.path, self.data, self.plan = ctx, path, data, plan
        self.setObjectName("icsImportPreview")
        self.setWindowTitle(_("Import {file}", file=Path(path).name))
        self.setAccessibleName(_("Calendar file import preview"))
        self.intro = QLabel(_("Nothing is written until you click Import. {counts}", counts=counts_text(plan)))
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(plan.plans), 5)
        self.table.setAccessibleName(_("Events of the file"))
        self.table.setHorizontalHeaderLabels([_("Action"), _("When"), _("Partners"), _("Event"), _("Why")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, line in enumerate(plan.plans):
            when = f"{format_date(line.start)} {line.start:%H:%M}" if line.start else ""
            cells = [_(ACTIONS[line.action]), when, ", ".join(line.partner_names), line.summary, line.reason]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setEnabled(plan.count("create") + plan.count("update") > 0)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def run_import(self) -> None:
        """Write the import through the write queue (the plan is checked again under the write lock)."""
        uow, data = self.ctx.app.uow, self.data
        self.import_button.setEnabled(False)
        self.ctx.tasks.submit_write(_("Importing the calendar file"), lambda _p: apply_import(uow, data),
                                    on_done=self._done, on_error=self._failed)  # fmt: skip

    def _done(self, plan: ImportPreview) -> None:
        self.intro.setText(_("Imported: {counts}", counts=counts_text(plan)))
        self.ctx.changed("visits")
        self.ctx.status(self.intro.text())
        self.imported.emit(plan)

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.intro.setText(_("The file could not be imported: {error}", error=exc))
        self.import_button.setEnabled(True)


def open_import_preview(ctx: UiContext, path: str, windows: VisitWindows) -> None:
    """Read ``path`` and work out the preview off the GUI thread, then show it in its own window."""
    uow = ctx.app.uow

    def load(_p: object) -> tuple[bytes, ImportPreview]:
        data = Path(path).read_bytes()
        return data, preview_import(uow, data)

    def show(result: Any) -> None:
        data, plan = result
        panel = ImportPreviewPanel(ctx, path, data, plan)
        windows.show(panel)
        panel.resize(900, 420)

    def failed(exc: BaseException, _trace: str) -> None:
        ctx.status(_("The file could not be read: {error}", error=exc))

    ctx.tasks.run(_("Reading the calendar file"), load, on_done=show, on_error=failed)

