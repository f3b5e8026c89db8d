"""Table model of the Stakeholders tab."""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import N_
from prm_desktop.services.listings import StakeholderRow
from prm_desktop.ui.tables import RowTableModel


class StakeholdersTableModel(RowTableModel[StakeholderRow]):
    """Internal stakeholders: name, business unit, role, e-mail, linked partners, champion of."""

    NAME, BUSINESS_UNIT, ROLE, PARTNERS, CHAMPION, EMAIL = range(6)
    HEADERS = (N_("Name"), N_("Business unit"), N_("Role"), N_("Partners"), N_("Champion for"), N_("E-mail"))
    NUMERIC = frozenset({PARTNERS, CHAMPION})

    def display(self, item: StakeholderRow, column: int) -> str:
        if column == self.NAME:
            return item.name
        if column == self.BUSINESS_UNIT:
            return item.business_unit
        if column == self.ROLE:
            return item.role
        if column == self.EMAIL:
            return item.email
        if column == self.PARTNERS:
            return format_number(item.partner_count)
        return format_number(item.champion_count)

    def sort_key(self, item: StakeholderRow, column: int) -> Any:
        if column == self.PARTNERS:
            return item.partner_count
        if column == self.CHAMPION:
            return item.champion_count
        return super().sort_key(item, column)
