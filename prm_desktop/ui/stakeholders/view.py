"""The Stakeholders tab (a simple list until the stakeholders issue makes it complete)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.listings import Listing, StakeholderRow, list_stakeholders
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_header
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.stakeholders.model import StakeholdersTableModel
from prm_desktop.ui.tables import make_table


class StakeholdersTab(ListTab):
    """People of our own company and how many partners each works with."""

    TOPICS = frozenset({"stakeholders", "partners"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("stakeholdersTab")
        self.setAccessibleName(_("Stakeholders"))
        self.model = StakeholdersTableModel(self)
        self.table = make_table(self.model, _("Internal stakeholders list"), self)
        self.table.sortByColumn(StakeholdersTableModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in ((0, 200), (1, 170), (2, 240), (3, 100), (4, 130)):
            self.table.setColumnWidth(column, width)
        remember_header(ctx.settings, self.table.horizontalHeader(), "stakeholders")
        self.layout_.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def fetch(self, uow: Any) -> Listing[StakeholderRow]:
        return list_stakeholders(uow)

    def show_rows(self, result: Listing[StakeholderRow]) -> None:
        self.model.set_rows(result.rows)
        if not result.total:
            self.summary.setText(
                _(
                    "No internal stakeholders yet: the people of your company who work "
                    "with partners (sales, presales, marketing…) will be listed here."
                )
            )
        else:
            self.summary.setText(
                _n(
                    "{count} person in your company works with partners.",
                    "{count} people in your company work with partners.",
                    result.total,
                    count=format_number(result.total),
                )
            )
