"""Table model of the business units: people linked to partners and the partners they touch."""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.people.units import UnitInfo
from prm_desktop.ui.tables import RowTableModel

__all__ = ["UnitsTableModel"]


class UnitsTableModel(RowTableModel[UnitInfo]):
    """Business unit, people, number of partners, the partners."""

    UNIT, PEOPLE, PARTNER_COUNT, PARTNERS = range(4)
    HEADERS = (N_("Business unit"), N_("People"), N_("Partners"), N_("Partners touched"))
    NUMERIC = frozenset({PARTNER_COUNT})

    def display(self, item: UnitInfo, column: int) -> str:
        if column == self.UNIT:
            return item.name or _("(no business unit)")
        if column == self.PEOPLE:
            return ", ".join(item.people)
        if column == self.PARTNER_COUNT:
            return format_number(len(item.partners))
        return ", ".join(item.partners)

    def sort_key(self, item: UnitInfo, column: int) -> Any:
        if column == self.PARTNER_COUNT:
            return len(item.partners)
        return super().sort_key(item, column)

    def tooltip(self, item: UnitInfo, column: int) -> str | None:
        if column in (self.PEOPLE, self.PARTNERS):
            return "\n".join(item.people if column == self.PEOPLE else item.partners)
        return None
