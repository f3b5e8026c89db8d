"""Table models of the Competencies tab: portfolio views, the competency matrix, certifications, references.

Each state is a symbol and words first (✓, ✗, ⚠, ⌛); colour only repeats it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from prm_desktop.domain.formatting import format_date, format_money, format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.standing import CertificationLine, MatrixRow, ReferenceLine
from prm_desktop.services.standing_portfolio import PortfolioRow
from prm_desktop.ui.model_sort import SortedRowsModel
from prm_desktop.ui.tables import Index, RowTableModel

__all__ = [
    "CertificationsTableModel",
    "MatrixTableModel",
    "PortfolioTableModel",
    "ReferencesTableModel",
    "count_cell",
]

_GOOD = QColor("#dff0d8")
_BAD = QColor("#fbe3e4")
_WARN = QColor("#fcf3d0")
_INK = QColor("#1a1a1a")

LEVEL_STATES = {
    "held": N_("✓ Held"),
    "met": N_("✓ Minimums met (a lower level is missing)"),
    "missing": N_("✗ Not reached"),
}
CERT_STATES = {"expired": N_("✗ Expired"), "expiring": N_("⚠ Expires within 90 days"), "valid": N_("✓ Valid")}


class _ColouredModel(RowTableModel[Any]):
    """A row model whose cells may carry a background colour (never alone: the text says it too)."""

    def colour(self, item: Any, column: int) -> QColor | None:
        """Background of a cell (default: none)."""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.rowCount():
            if role == Qt.ItemDataRole.BackgroundRole:
                return self.colour(self.row(index.row()), index.column())
            if role == Qt.ItemDataRole.ForegroundRole and self.colour(self.row(index.row()), index.column()):
                return _INK
        return super().data(index, role)


def count_cell(value: float, minimum: float, money: bool = False, currency: str = "EUR") -> str:
    """``✓ 2 / 2`` or ``✗ 1 / 2`` (amounts in ``currency``)."""
    shown = format_money(value, decimals=0, currency=currency) if money else format_number(value)
    need = format_money(minimum, decimals=0, currency=currency) if money else format_number(minimum)
    return ("✓ " if value >= minimum else "✗ ") + _("{value} of {minimum}", value=shown, minimum=need)


class MatrixTableModel(_ColouredModel):
    """One row per competency level: its state and each count against its minimum."""

    COMPETENCY, LEVEL, STATE, ACCREDITED, REVENUE, REFERENCES = range(6)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Competency"), N_("Level"), N_("State"), N_("Accredited people"),
                                          N_("Revenue"), N_("Validated references"))
    NUMERIC = frozenset({ACCREDITED, REVENUE, REFERENCES})
    currency = "EUR"  # of the program's amounts (set with the rows)

    def display(self, item: MatrixRow, column: int) -> str:
        if column == self.COMPETENCY:
            return item.competency
        if column == self.LEVEL:
            return item.level
        if column == self.STATE:
            return _(LEVEL_STATES[item.status])
        if column == self.ACCREDITED:
            return count_cell(item.accredited, item.min_accredited)
        if column == self.REVENUE:
            return count_cell(item.revenue, item.min_revenue, money=True, currency=self.currency)
        return count_cell(item.references, item.min_references)

    def colour(self, item: MatrixRow, column: int) -> QColor | None:
        if column == self.STATE:
            return _GOOD if item.status == "held" else (_WARN if item.status == "met" else None)
        pair = {self.ACCREDITED: (item.accredited, item.min_accredited),
                self.REVENUE: (item.revenue, item.min_revenue),
                self.REFERENCES: (item.references, item.min_references)}.get(column)
        if pair is None:
            return None
        return _GOOD if pair[0] >= pair[1] else _BAD

    def sort_key(self, item: MatrixRow, column: int) -> Any:
        if column in (self.COMPETENCY, self.LEVEL):
            return (item.competency, item.level)
        return super().sort_key(item, column)


class CertificationsTableModel(_ColouredModel):
    """The partner's certifications with their expiry state."""

    CONTACT, CODE, OBTAINED, EXPIRES, STATE = range(5)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Contact"), N_("Certification"), N_("Obtained"), N_("Expires"),
                                          N_("State"))

    def display(self, item: CertificationLine, column: int) -> str:
        if column == self.CONTACT:
            return item.contact
        if column == self.CODE:
            return item.code
        if column == self.OBTAINED:
            return format_date(item.obtained)
        if column == self.EXPIRES:
            return format_date(item.expires) if item.expires else _("Never")
        return _(CERT_STATES[item.state])

    def colour(self, item: CertificationLine, column: int) -> QColor | None:
        if column != self.STATE:
            return None
        return {"expired": _BAD, "expiring": _WARN}.get(item.state, _GOOD)

    def sort_key(self, item: CertificationLine, column: int) -> Any:
        if column == self.OBTAINED:
            return item.obtained.isoformat()
        if column in (self.EXPIRES, self.STATE):
            return item.expires.isoformat() if item.expires else "9999"
        return super().sort_key(item, column)


class ReferencesTableModel(_ColouredModel):
    """The partner's customer references."""

    COMPETENCY, CUSTOMER, DATE, VALIDATED = range(4)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Competency"), N_("Customer"), N_("Date"), N_("Validated"))

    def display(self, item: ReferenceLine, column: int) -> str:
        if column == self.COMPETENCY:
            return item.competency
        if column == self.CUSTOMER:
            return item.customer
        if column == self.DATE:
            return format_date(item.on) if item.on else ""
        return _("✓ Validated") if item.validated else _("✗ Not validated")

    def colour(self, item: ReferenceLine, column: int) -> QColor | None:
        if column != self.VALIDATED:
            return None
        return _GOOD if item.validated else _WARN

    def sort_key(self, item: ReferenceLine, column: int) -> Any:
        if column == self.DATE:
            return item.on.isoformat() if item.on else ""
        return super().sort_key(item, column)


class PortfolioTableModel(SortedRowsModel[PortfolioRow]):
    """Rows of a portfolio view (up to 5,000, sorted by the model); the columns shown depend on the view."""

    PARTNER, ASSIGNED, QUALIFIED, WHEN, DETAIL, ASSIGNED_COUNT, COUNT, REVENUE, TARGET, ATTAINMENT = range(10)
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Partner"), N_("Assigned tier"), N_("Qualifies for"), N_("Date"),
                                          N_("Certification"), N_("Partners assigned"), N_("Partners qualifying"),
                                          N_("Revenue"), N_("Target"), N_("Attainment"))
    NUMERIC = frozenset({ASSIGNED_COUNT, COUNT, REVENUE, TARGET, ATTAINMENT})
    _GROUP_HEADERS: ClassVar[dict[str, str]] = {"revenue_tier": N_("Tier"), "revenue_type": N_("Type"),
                                                "revenue_region": N_("Region"), "revenue_owner": N_("Owner")}
    #: Columns shown per view.
    VISIBLE: ClassVar[dict[str, tuple[int, ...]]] = {
        "at_risk": (PARTNER, ASSIGNED, QUALIFIED, WHEN),
        "expiring": (PARTNER, DETAIL, WHEN),
        "promotion": (PARTNER, ASSIGNED, QUALIFIED, WHEN),
        "demotion": (PARTNER, ASSIGNED, QUALIFIED, WHEN),
        "tiers": (PARTNER, ASSIGNED_COUNT, COUNT),
        "revenue_tier": (PARTNER, COUNT, REVENUE, TARGET, ATTAINMENT),
        "revenue_type": (PARTNER, COUNT, REVENUE, TARGET, ATTAINMENT),
        "revenue_region": (PARTNER, COUNT, REVENUE, TARGET, ATTAINMENT),
        "revenue_owner": (PARTNER, COUNT, REVENUE, TARGET, ATTAINMENT),
    }
    kind = "at_risk"
    currency = "EUR"  # of the revenue and target columns (the view's, i.e. the active program's)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == self.PARTNER and self.kind == "tiers":
                return _("Tier")
            if section == self.PARTNER and self.kind in self._GROUP_HEADERS:
                return _(self._GROUP_HEADERS[self.kind])
            if section == self.COUNT and self.kind in self._GROUP_HEADERS:
                return _("Partners")
            if section == self.WHEN:
                return _("Expires") if self.kind == "expiring" else _("At risk on")
        return super().headerData(section, orientation, role)

    def display(self, item: PortfolioRow, column: int) -> str:
        if column == self.PARTNER:
            return item.name
        if column == self.ASSIGNED:
            return item.assigned or _("No tier")
        if column == self.QUALIFIED:
            return item.qualified or _("No tier")
        if column == self.WHEN:
            return format_date(item.when) if item.when else ""
        if column == self.DETAIL:
            return item.detail
        if column == self.ASSIGNED_COUNT:
            return format_number(item.assigned_count)
        if column == self.COUNT:
            return format_number(item.count)
        if column == self.REVENUE:
            return format_money(item.revenue, decimals=0, currency=self.currency)
        if column == self.TARGET:
            return format_money(item.target, decimals=0, currency=self.currency) if item.target else "—"
        if item.attainment is None:
            return ""
        mark = "✓ " if item.attainment >= 1 else "✗ "
        return mark + _("{percent} %", percent=format_number(item.attainment * 100, decimals=0))

    def sort_key(self, item: PortfolioRow, column: int) -> Any:
        if column == self.PARTNER and item.sort_name:
            return item.sort_name  # as the Partners list sorts names (no text folding per row)
        if column == self.WHEN:
            return item.when or date.max  # dates compare as they are (no text per row); none last
        if column == self.ASSIGNED_COUNT:
            return item.assigned_count
        if column == self.COUNT:
            return item.count
        if column in (self.REVENUE, self.TARGET, self.ATTAINMENT):
            value = {self.REVENUE: item.revenue, self.TARGET: item.target}.get(column, item.attainment)
            return -1.0 if value is None else value
        return super().sort_key(item, column)
