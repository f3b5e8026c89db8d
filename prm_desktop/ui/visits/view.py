"""The Visits tab (a simple list until the visits issue makes it complete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.listings import Listing, VisitRow, list_visits
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_header
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.tables import make_table
from prm_desktop.ui.visits.model import VisitsTableModel


class VisitsTab(ListTab):
    """Visits, newest first."""

    TOPICS = frozenset({"visits", "partners"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("visitsTab")
        self.setAccessibleName(_("Visits"))
        self.model = VisitsTableModel(self)
        self.table = make_table(self.model, _("Visits list"), self)
        self.table.sortByColumn(VisitsTableModel.WHEN, Qt.SortOrder.DescendingOrder)
        widths = {
            VisitsTableModel.WHEN: 150,
            VisitsTableModel.KIND: 90,
            VisitsTableModel.PARTNERS: 240,
            VisitsTableModel.PLACE: 160,
            VisitsTableModel.OBJECTIVE: 260,
            VisitsTableModel.STATUS: 90,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        remember_header(ctx.settings, self.table.horizontalHeader(), "visits")
        self.layout_.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def fetch(self, uow: Any) -> Listing[VisitRow]:
        return list_visits(uow)

    def show_rows(self, result: Listing[VisitRow]) -> None:
        self.model.set_rows(result.rows)
        if not result.total:
            self.summary.setText(_("No visits yet. Visits you plan or report will be listed here."))
        elif result.total > len(result.rows):
            self.summary.setText(
                _(
                    "{shown} of {total} visits shown, latest date first.",
                    shown=format_number(len(result.rows)),
                    total=format_number(result.total),
                )
            )
        else:
            self.summary.setText(
                _n("{count} visit.", "{count} visits.", result.total, count=format_number(result.total))
            )
