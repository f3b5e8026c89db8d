"""Table models of the revenue lines and targets editors of the Competencies tab."""

from __future__ import annotations

from typing import Any, ClassVar

from prm_desktop.domain.formatting import format_money, format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import MOTION_LABELS
from prm_desktop.ui.tables import RowTableModel

__all__ = ["RevenueLinesTableModel", "TargetsTableModel", "amount_text"]


def amount_text(amount: float) -> str:
    """An amount as the user types it back in the interface language (``1 234,5``)."""
    return format_number(amount, decimals=2)


class RevenueLinesTableModel(RowTableModel[Any]):
    """The partner's revenue lines, latest quarter first."""

    QUARTER, MOTION, FAMILY, AMOUNT, DISTRIBUTOR = range(5)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Quarter"), N_("Motion"), N_("Product family"), N_("Amount"),
                                          N_("Distributor"))
    NUMERIC = frozenset({AMOUNT})
    #: Product family key → display name (the program's competencies), set by the editor.
    family_names: ClassVar[dict[str, str]] = {}

    def display(self, item: Any, column: int) -> str:
        if column == self.QUARTER:
            return item.quarter
        if column == self.MOTION:
            label = MOTION_LABELS.get(item.motion)
            return _(label) if label else item.motion
        if column == self.FAMILY:
            return self.family_names.get(item.product_family or "", item.product_family or "")
        if column == self.AMOUNT:
            return format_money(item.amount)
        return item.distributor

    def sort_key(self, item: Any, column: int) -> Any:
        if column == self.AMOUNT:
            return item.amount
        return super().sort_key(item, column)


class TargetsTableModel(RowTableModel[Any]):
    """The partner's quarterly targets, latest first."""

    QUARTER, AMOUNT = range(2)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Quarter"), N_("Target"))
    NUMERIC = frozenset({AMOUNT})

    def display(self, item: Any, column: int) -> str:
        if column == self.QUARTER:
            return item.quarter
        return format_money(item.amount)

    def sort_key(self, item: Any, column: int) -> Any:
        if column == self.AMOUNT:
            return item.amount
        return super().sort_key(item, column)
