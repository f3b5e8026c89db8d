"""File › Import… and File › Export… of the Partners tab.

Export writes the list as filtered now (partners, or the contacts of those partners) to CSV (UTF-8
with BOM), CSV for French Excel (``;``, Windows-1252) or XLSX, off the GUI thread. Import opens the
non-modal import wizard.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import N_, _, _n
from prm_desktop.services.exports import export_contacts, export_partners
from prm_desktop.ui.partners.list_columns import COLUMNS

#: The list's computed columns an export can add (list column attribute -> export column).
LIST_EXPORT_COLUMNS = {
    "qualified_tier": "qualified_tier", "revenue_window": "revenue", "attainment": "attainment",
    "next_visit_due": "next_visit", "at_risk_on": "at_risk_on",
}  # fmt: skip

if TYPE_CHECKING:
    from prm_desktop.ui.partners.tab import PartnersTab

__all__ = ["EXPORT_FORMATS", "TransferActions"]

#: (label, what, suffix, excel_fr) of each choice in the export dialog.
EXPORT_FORMATS: tuple[tuple[str, str, str, bool], ...] = (
    (N_("Partners — CSV (UTF-8)"), "partners", ".csv", False),
    (N_("Partners — CSV for French Excel (;)"), "partners", ".csv", True),
    (N_("Partners — Excel workbook"), "partners", ".xlsx", False),
    (N_("Contacts of these partners — CSV (UTF-8)"), "contacts", ".csv", False),
    (N_("Contacts of these partners — CSV for French Excel (;)"), "contacts", ".csv", True),
    (N_("Contacts of these partners — Excel workbook"), "contacts", ".xlsx", False),
)


class TransferActions:
    """Import and export for one Partners tab."""

    def __init__(self, tab: PartnersTab) -> None:
        self.tab = tab
        self.wizard: Any = None
        self.last_result: Any = None
        self.last_error: BaseException | None = None

    # --- export --------------------------------------------------------------------------------

    def export_list(self, path: str | None = None, excel_fr: bool = False, what: str = "partners") -> Any:
        """Export the filtered list; without ``path`` a save dialog asks where (non-modal).

        Returns:
            The dialog when one was opened, else the background task.
        """
        if path is not None:
            return self._start(Path(path), what, excel_fr)
        dialog = QFileDialog(self.tab, _("Export the partner list"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        filters = [f"{_(label)} (*{suffix})" for label, _w, suffix, _fr in EXPORT_FORMATS]
        dialog.setNameFilters(filters)
        dialog.selectFile(_("partners") + ".csv")

        def chosen(file: str) -> None:
            index = max(filters.index(dialog.selectedNameFilter()), 0) if dialog.selectedNameFilter() in filters else 0
            _label, kind, suffix, french = EXPORT_FORMATS[index]
            target = Path(file)
            if target.suffix.lower() not in (".csv", ".xlsx", ".txt"):
                target = target.with_suffix(suffix)
            self._start(target, kind, french)

        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def list_layout(self) -> tuple[str, bool, list[str]]:
        """The list's sort key and direction, and the computed columns it shows (as export columns)."""
        model = self.tab.list.model
        shown = [column.attr for index, column in enumerate(COLUMNS) if not self.tab.table.isColumnHidden(index)]
        extra = [LIST_EXPORT_COLUMNS[attr] for attr in shown if attr in LIST_EXPORT_COLUMNS]
        return COLUMNS[model.sort_column].sort_key, model.descending, extra

    def _start(self, path: Path, what: str, excel_fr: bool) -> Any:
        ctx = self.tab.ctx
        uow, flt = ctx.app.uow, self.tab.current_filter()
        self.last_result, self.last_error = None, None
        label = _("Exporting to {file}", file=path.name)
        if what == "contacts":
            job = partial(export_contacts, uow, flt, path, excel_fr=excel_fr)
        else:  # the partners as the list shows them: same order, with the computed columns shown
            sort_key, descending, extra = self.list_layout()
            job = partial(export_partners, uow, flt, path, excel_fr=excel_fr, sort_key=sort_key,
                          descending=descending, list_columns=extra)
        return ctx.tasks.run(label, lambda _progress: job(),
                             on_done=lambda result: self._exported(path, what, result),
                             on_error=lambda exc, _trace: self._failed(path, exc))  # fmt: skip

    def _exported(self, path: Path, what: str, result: Any) -> None:
        self.last_result = result
        count = format_number(result.rows)
        if what == "contacts":
            text = _n("Exported {count} contact to {file}.", "Exported {count} contacts to {file}.", result.rows,
                      count=count, file=path.name)  # fmt: skip
        else:
            text = _n("Exported {count} partner to {file}.", "Exported {count} partners to {file}.", result.rows,
                      count=count, file=path.name)  # fmt: skip
        self.tab.ctx.status(text)
        if result.warnings:
            shown = "\n".join(result.warnings[:20])
            more = len(result.warnings) - 20
            if more > 0:
                shown += "\n" + _("…and {count} more.", count=more)
            self._notice(QMessageBox.Icon.Warning, _("Exported with warnings"), text + "\n\n" + shown)

    def _failed(self, path: Path, exc: BaseException) -> None:
        self.last_error = exc
        self._notice(QMessageBox.Icon.Critical, _("Export failed"),
                     _("{file} could not be written: {error}", file=path.name, error=exc))  # fmt: skip

    def _notice(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.tab)
        box.setObjectName("partnersNotice")
        box.open()

    # --- import --------------------------------------------------------------------------------

    def import_file(self, path: str | None = None) -> Any:
        """Open the import wizard (non-modal), on ``path`` when given. Returns it."""
        from prm_desktop.ui.partners.import_wizard import ImportWizard

        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
        else:
            self.wizard = ImportWizard(self.tab.ctx, self.tab)
            self.wizard.show()
        if path:
            self.wizard.set_file(path)
        return self.wizard
