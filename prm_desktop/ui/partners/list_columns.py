"""The partner list's columns and how each cell is shown (text, warning, tooltip).

Warnings (visit overdue or due today, contract ending within 90 days or ended) are shown with a
``⚠`` prefix *and* in red, so colour never carries the meaning alone. Likewise the "Qualifies for"
column marks a promotion candidate with ``▲`` and a demotion candidate with ``▼`` (and a tooltip
saying both tiers) before any colour.

The program evaluation columns (qualified tier, at-risk date) come *after* the original ones in
:data:`COLUMNS`: a header layout saved before they existed keeps its meaning (Qt appends the new
sections); the list controller shows them next to the assigned tier by default.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.formatting import format_date, format_money
from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.partners.labels import percent, status_label, type_label

__all__ = [
    "COLUMNS",
    "COL_ATTAINMENT",
    "COL_CITY",
    "COL_CONTRACT_END",
    "COL_LAST_VISIT",
    "COL_NAME",
    "COL_NEXT_VISIT",
    "COL_AT_RISK",
    "COL_OWNER",
    "COL_QUALIFIED",
    "COL_REVENUE",
    "COL_STATUS",
    "COL_TIER",
    "COL_TYPE",
    "CONTRACT_WARNING_DAYS",
    "MOVEMENT_DEMOTION",
    "MOVEMENT_PROMOTION",
    "CellFormatter",
    "Column",
]

#: Contracts ending within this many days are flagged.
CONTRACT_WARNING_DAYS = 90
#: ``PartnerRow.movement`` values.
MOVEMENT_PROMOTION = "promotion"
MOVEMENT_DEMOTION = "demotion"
_MOVEMENT_MARKS = {MOVEMENT_PROMOTION: "▲", MOVEMENT_DEMOTION: "▼"}


@dataclass(frozen=True)
class Column:
    """One list column: the row attribute it shows, its header, and the service's sort key."""

    attr: str
    header: str
    sort_key: str
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", N_("Name"), "name"),
    Column("type", N_("Type"), "type"),
    Column("assigned_tier", N_("Tier"), "assigned_tier"),
    Column("status", N_("Status"), "status"),
    Column("city", N_("City"), "city"),
    Column("owner_name", N_("Owner"), "owner_name"),
    Column("last_visit_on", N_("Last visit"), "last_visit_on"),
    Column("next_visit_due", N_("Next visit due"), "next_visit_due"),
    Column("revenue_window", N_("Revenue (window)"), "revenue_window", numeric=True),
    Column("attainment", N_("Attainment"), "attainment", numeric=True),
    Column("contract_end", N_("Contract end"), "contract_end"),
    # Appended (not inserted) so that saved header layouts keep their logical indices.
    Column("qualified_tier", N_("Qualifies for"), "qualified_tier"),
    Column("at_risk_on", N_("At risk on"), "at_risk_on"),
)
(
    COL_NAME,
    COL_TYPE,
    COL_TIER,
    COL_STATUS,
    COL_CITY,
    COL_OWNER,
    COL_LAST_VISIT,
    COL_NEXT_VISIT,
    COL_REVENUE,
    COL_ATTAINMENT,
    COL_CONTRACT_END,
    COL_QUALIFIED,
    COL_AT_RISK,
) = range(len(COLUMNS))


class CellFormatter:
    """Formats a ``PartnerRow`` cell in the current language.

    Args:
        today: Returns the day the warnings are computed for.
    """

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        self._today = today
        self._day: tuple[float, date] | None = None
        self.tier_names: dict[str, str] = {}
        self.currency = "EUR"  # of the revenue totals

    def today(self) -> date:
        """The day of the warnings (asked to ``today`` at most every 30 seconds)."""
        now = time.monotonic()
        if self._day is None or now - self._day[0] > 30:
            self._day = (now, self._today())
        return self._day[1]

    def tier_name(self, tier: str | None) -> str:
        """How a tier id is shown (its program name when known)."""
        return self.tier_names.get(tier, tier) if tier else ""

    def movement(self, item: Any, column: int) -> str | None:
        """``"promotion"`` or ``"demotion"`` for the qualified-tier cell of a candidate, else None."""
        if column != COL_QUALIFIED:
            return None
        movement = getattr(item, "movement", None)
        return movement if movement in _MOVEMENT_MARKS else None

    def display(self, item: Any, column: int) -> str:
        """The cell's text (without the warning prefix)."""
        value = getattr(item, COLUMNS[column].attr, None)
        if column == COL_TYPE:
            return type_label(value)
        if column == COL_STATUS:
            return status_label(value)
        if column == COL_TIER:
            return self.tier_name(value)
        if column == COL_QUALIFIED:
            mark = _MOVEMENT_MARKS.get(getattr(item, "movement", None) or "")
            name = self.tier_name(value)
            if mark:
                shown = name or _("No tier")
                return f"{mark} {shown}"
            return name
        if column in (COL_LAST_VISIT, COL_NEXT_VISIT, COL_CONTRACT_END, COL_AT_RISK):
            return format_date(value, style="short")
        if column == COL_REVENUE:
            return format_money(value, decimals=0, currency=self.currency) if value is not None else ""
        if column == COL_ATTAINMENT:
            return percent(value)
        return "" if value is None else str(value)

    def warning(self, item: Any, column: int) -> str:
        """Why the cell needs attention, or empty."""
        today = self.today()
        if column == COL_NEXT_VISIT:
            due = getattr(item, "next_visit_due", None)
            if due is not None and due == today:
                return _("Visit due today")
            if due is not None and due < today:
                return _("Visit overdue since {date}", date=format_date(due))
        elif column == COL_CONTRACT_END:
            end = getattr(item, "contract_end", None)
            if end is not None and today <= end <= today + timedelta(days=CONTRACT_WARNING_DAYS):
                return _("Contract ends on {date}: plan the renewal", date=format_date(end))
            if end is not None and end < today:
                return _("Contract ended on {date}", date=format_date(end))
        return ""

    def tooltip(self, item: Any, column: int) -> str | None:
        """The cell's tooltip: the warning, the qualified tier, the at-risk date, or the full text."""
        warning = self.warning(item, column)
        if warning:
            return warning
        if column in (COL_TIER, COL_QUALIFIED):
            qualified = getattr(item, "qualified_tier", None)
            assigned = getattr(item, "assigned_tier", None)
            movement = getattr(item, "movement", None)
            if qualified != assigned or movement in _MOVEMENT_MARKS:
                return self._movement_tooltip(qualified, assigned, movement)
            if column == COL_QUALIFIED and qualified:
                return _("Qualifies for {tier} today, as assigned", tier=self.tier_name(qualified))
        if column in (COL_NAME, COL_AT_RISK):
            at_risk = getattr(item, "at_risk_on", None)
            if at_risk is not None:
                return _("At risk of losing a level or tier on {date}", date=format_date(at_risk))
        return self.display(item, column) or None

    def _movement_tooltip(self, qualified: str | None, assigned: str | None, movement: str | None) -> str:
        """"Promotion candidate: qualifies for Gold today, assigned Silver" and the like.

        "No tier" is its own phrase on either side, never a tier name in a sentence made for one
        ("qualifies for no tier today", "no tier assigned").
        """
        reached = (_("qualifies for {tier} today", tier=self.tier_name(qualified)) if qualified
                   else _("qualifies for no tier today"))
        held = _("assigned {tier}", tier=self.tier_name(assigned)) if assigned else _("no tier assigned")
        detail = _("{qualified}, {assigned}", qualified=reached, assigned=held)
        if movement == MOVEMENT_PROMOTION:
            return _("Promotion candidate: {detail}", detail=detail)
        if movement == MOVEMENT_DEMOTION:
            return _("Demotion candidate: {detail}", detail=detail)
        return _("Program evaluation: {detail}", detail=detail)
