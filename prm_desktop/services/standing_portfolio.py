"""Portfolio views of the Competencies tab, read from ``partner_summary`` (fast on large portfolios).

The tier distribution and the revenue consolidations read the groups kept in step with the summary
(`prm_desktop.storage.standing.consolidation`), not every partner.

Views: certifications expiring in the next N days, tier distribution (assigned vs qualified),
promotion and demotion candidates, partners at risk (soonest first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from prm_desktop.domain.evaluation_metrics import program_currency
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import TYPE_LABELS
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.standing.consolidation import consolidated
from prm_desktop.storage.standing.queries import (
    SummaryRow,
    at_risk_partners,
    expiring_certifications,
    movement_candidates,
)
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["VIEWS", "PortfolioRow", "PortfolioView", "portfolio_view"]

#: View id → label, in the order the tab offers them.
VIEWS: dict[str, str] = {
    "at_risk": N_("Partners at risk, soonest first"),
    "expiring": N_("Certifications expiring soon"),
    "promotion": N_("Promotion candidates"),
    "demotion": N_("Demotion candidates"),
    "tiers": N_("Tier distribution"),
    "revenue_tier": N_("Revenue against target by tier"),
    "revenue_type": N_("Revenue against target by partner type"),
    "revenue_region": N_("Revenue against target by region"),
    "revenue_owner": N_("Revenue against target by owner"),
}
LIMIT = 5000


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """A row of a portfolio view.

    Attributes:
        partner_id: The partner the row opens (None for tier distribution rows).
        name: Partner name (or tier name in the tier distribution).
        assigned: Assigned tier name ("" when none).
        qualified: Qualified tier name ("" when none).
        when: The at-risk date or expiry date (None when not relevant).
        detail: Holder and certification code, or what the row says in words.
        assigned_count: Partners assigned this tier (tier distribution).
        count: Partners qualifying for this tier (tier distribution), or partners of the group.
        revenue: Revenue over the program's window (revenue views).
        target: Target over the window (revenue views).
        sort_name: The partner's name as the Partners list sorts it (``name_key``); "" for group rows.
    """

    partner_id: str | None
    name: str
    assigned: str = ""
    qualified: str = ""
    when: date | None = None
    detail: str = ""
    assigned_count: int = 0
    count: int = 0
    revenue: float = 0.0
    target: float = 0.0
    sort_name: str = ""

    @property
    def attainment(self) -> float | None:
        """Revenue / target (None without a target)."""
        return self.revenue / self.target if self.target else None


@dataclass(frozen=True)
class PortfolioView:
    """The rows of one view, and whether the list was cut at its limit."""

    kind: str
    rows: list[PortfolioRow]
    truncated: bool = False
    #: ISO currency of the revenue and target columns (the active program's; the summary converts to it).
    currency: str = "EUR"


def _tier_names(uow: UnitOfWorkFactory) -> tuple[dict[str, str], list[str], str]:
    """Tier names by id, tier ids from the highest, and the program's currency."""
    try:
        program = get_program(uow)
    except ProgramNotFoundError:
        return {}, [], "EUR"
    return ({t.id: t.name for t in program.tiers}, [t.id for t in reversed(program.tiers)],
            program_currency(program))


def _partner_rows(found: list[SummaryRow], names: dict[str, str]) -> list[PortfolioRow]:
    """Rows of partners (at risk, promotion, demotion) with their tiers' names."""
    tier = {None: "", "": "", **{key: names.get(key, key) for key in {r.assigned_tier for r in found}
                                 | {r.qualified_tier for r in found} if key}}  # fmt: skip
    return [PortfolioRow(r.partner_id, r.name, tier[r.assigned_tier], tier[r.qualified_tier], r.at_risk_on,
                         sort_name=r.name_key) for r in found]


def _group_name(by: str, key: str | None, tier: Callable[[str | None], str]) -> str:
    if by == "tier":
        return tier(key) if key else _("No tier")
    if by == "type":
        return _(TYPE_LABELS[key]) if key in TYPE_LABELS else (key or _("Not set"))
    return key or _("Not set")


def portfolio_view(uow: UnitOfWorkFactory, kind: str, today: date | None = None, days: int = 90) -> PortfolioView:
    """One portfolio view.

    Args:
        uow: Unit-of-work factory (only read).
        kind: A key of `VIEWS`.
        today: The day the views are relative to (today by default).
        days: How far ahead the expiring certifications view looks.
    """
    today = today or date.today()
    names, order, currency = _tier_names(uow)

    def tier(value: str | None) -> str:
        return names.get(value, value) if value else ""

    with uow.read() as session:
        if kind == "expiring":
            found = expiring_certifications(session, today, today + timedelta(days=days), LIMIT + 1)
            detail = _("{code} of {name}").format  # translated once for every row
            rows = [PortfolioRow(r.partner_id, r.partner_name, when=r.expires, sort_name=r.partner_name_key,
                                 detail=detail(code=r.code, name=r.contact_name)) for r in found]
        elif kind == "tiers":
            assigned = {key: n for key, n, _revenue, _target in consolidated(session, "tier")}
            qualified = {key: n for key, n, _revenue, _target in consolidated(session, "qualified")}
            keys = order + sorted({k for k in (*assigned, *qualified) if k and k not in order}) + [None]
            rows = [PortfolioRow(None, tier(k) if k else _("No tier"), assigned_count=assigned.get(k, 0),
                                 count=qualified.get(k, 0)) for k in keys]
            return PortfolioView(kind, rows)
        elif kind.startswith("revenue_"):
            by = kind.removeprefix("revenue_")
            found_r = consolidated(session, by)
            rows = [PortfolioRow(None, _group_name(by, key, tier), count=n, revenue=revenue, target=target)
                    for key, n, revenue, target in found_r]
            rows.sort(key=lambda r: -r.revenue)
            return PortfolioView(kind, rows, currency=currency)
        elif kind in ("promotion", "demotion"):
            found_s = movement_candidates(session, kind, LIMIT + 1)
            rows = _partner_rows(found_s, names)
        elif kind == "at_risk":
            found_s = at_risk_partners(session, LIMIT + 1)
            rows = _partner_rows(found_s, names)
        else:
            raise ValueError(f"unknown portfolio view {kind!r}")
    return PortfolioView(kind, rows[:LIMIT], len(rows) > LIMIT)
