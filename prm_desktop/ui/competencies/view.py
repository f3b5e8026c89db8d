"""The Competencies tab (a simple list until the competencies issue makes it complete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.listings import CompetencyRow, Listing, list_competencies
from prm_desktop.ui.competencies.model import CompetenciesTableModel, describe
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_header, remember_splitter
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.tables import make_table, source_row


class CompetenciesTab(ListTab):
    """Competencies of the active program; the selected one's requirements on the right."""

    TOPICS = frozenset({"program", "contacts", "certifications", "references", "partners"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("competenciesTab")
        self.setAccessibleName(_("Competencies"))
        self.model = CompetenciesTableModel(self)
        self.table = make_table(self.model, _("Competencies list"), self)
        for column, width in ((0, 220), (1, 100), (2, 150), (3, 150)):
            self.table.setColumnWidth(column, width)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName(_("What the selected competency requires"))
        self.detail.setPlaceholderText(_("Select a competency to see what each level requires."))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        remember_header(ctx.settings, self.table.horizontalHeader(), "competencies")
        remember_splitter(ctx.settings, self.splitter, "competencies")
        self.layout_.addWidget(self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.setFocusProxy(self.table)

    def fetch(self, uow: Any) -> Listing[CompetencyRow]:
        return list_competencies(uow)

    def show_rows(self, result: Listing[CompetencyRow]) -> None:
        self.model.set_rows(result.rows)
        if not result.total:
            self.summary.setText(_("The active program defines no competency."))
        else:
            self.summary.setText(
                _(
                    "Competencies of the active program. Accredited people hold a valid "
                    "certification that counts; references are those validated."
                )
            )
        if result.rows:
            self.table.selectRow(0)

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = source_row(self.table, rows[0].row()) if rows else None
        self.detail.setHtml(describe(item) if item else "")
