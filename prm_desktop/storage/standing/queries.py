"""Typed reads for the standing views.

A partner's certifications, references and contacts, and the portfolio views built on
``partner_summary`` (expiring certifications, movements, risks); the tier distribution and revenue
consolidations are read from `prm_desktop.storage.standing.consolidation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.quarters import quarter_of

__all__ = [
    "CertificationRow",
    "ContactRow",
    "ExpiringRow",
    "ReferenceRow",
    "RevenueLineRow",
    "SummaryRow",
    "TargetRow",
    "at_risk_partners",
    "certifications_of",
    "contacts_of",
    "distributors",
    "expiring_certifications",
    "movement_candidates",
    "references_of",
    "revenue_by_quarter",
    "revenue_lines_of",
    "targets_by_quarter",
    "targets_of",
]


@dataclass(frozen=True, slots=True)
class CertificationRow:
    """A live certification of one of the partner's live contacts."""

    id: str
    contact_id: str
    contact_name: str
    code: str
    obtained: date
    expires: date | None


@dataclass(frozen=True, slots=True)
class ReferenceRow:
    """A live customer reference of the partner."""

    id: str
    competency_id: str
    customer: str
    validated: bool
    on: date | None


@dataclass(frozen=True, slots=True)
class ContactRow:
    """A live contact of the partner."""

    id: str
    name: str
    left_on: date | None


@dataclass(frozen=True, slots=True)
class ExpiringRow:
    """A certification expiring soon, with its partner and holder."""

    partner_id: str
    partner_name: str
    contact_name: str
    code: str
    expires: date
    partner_name_key: str = ""


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A partner as ``partner_summary`` has it (tiers, movement, at-risk date)."""

    partner_id: str
    name: str
    assigned_tier: str | None
    qualified_tier: str | None
    movement: str | None
    at_risk_on: date | None
    name_key: str = ""


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _days() -> Callable[[object], date | None]:
    """`_day` with each distinct stored value parsed once (list reads: thousands of rows, few days)."""
    seen: dict[object, date | None] = {}

    def day(value: object) -> date | None:
        found = seen.get(value, _UNSEEN)
        if found is _UNSEEN:
            found = seen[value] = _day(value)
        return found  # type: ignore[return-value]

    return day


_UNSEEN = object()


def certifications_of(session: Session, partner_id: str) -> list[CertificationRow]:
    """Live certifications of the partner's live contacts, by contact name, code and date."""
    rows = session.execute(text(
        "SELECT c.id, c.contact_id, k.name, c.code, c.obtained_on, c.expires_on FROM certifications c "
        "JOIN contacts k ON k.id = c.contact_id WHERE c.partner_id = :pid AND c.deleted_at IS NULL "
        "AND k.deleted_at IS NULL ORDER BY k.name, c.code, c.obtained_on"), {"pid": partner_id})
    return [CertificationRow(r[0], r[1], r[2], r[3], _day(r[4]), _day(r[5])) for r in rows]  # type: ignore[arg-type]


def references_of(session: Session, partner_id: str) -> list[ReferenceRow]:
    """Live customer references of the partner, by competency and customer."""
    rows = session.execute(text(
        "SELECT id, competency_id, customer, validated, ref_date FROM customer_references "
        "WHERE partner_id = :pid AND deleted_at IS NULL ORDER BY competency_id, customer"), {"pid": partner_id})
    return [ReferenceRow(r[0], r[1], r[2], bool(r[3]), _day(r[4])) for r in rows]


def contacts_of(session: Session, partner_id: str) -> list[ContactRow]:
    """Live contacts of the partner, by name."""
    rows = session.execute(text(
        "SELECT id, name, left_on FROM contacts WHERE partner_id = :pid AND deleted_at IS NULL "
        "ORDER BY name"), {"pid": partner_id})
    return [ContactRow(r[0], r[1], _day(r[2])) for r in rows]


def expiring_certifications(session: Session, since: date, until: date, limit: int = 5000) -> list[ExpiringRow]:
    """Certifications of live contacts of live partners expiring between two days, soonest first."""
    rows = session.execute(text(
        "SELECT s.partner_id, s.name, k.name, c.code, c.expires_on, s.name_key FROM certifications c "
        "JOIN contacts k ON k.id = c.contact_id JOIN partner_summary s ON s.partner_id = c.partner_id "
        "WHERE c.deleted_at IS NULL AND k.deleted_at IS NULL AND (k.left_on IS NULL OR k.left_on > :since) "
        "AND c.expires_on >= :since AND c.expires_on <= :until "
        "ORDER BY c.expires_on, s.name_key LIMIT :limit"),
        {"since": since.isoformat(), "until": until.isoformat(), "limit": limit})
    day = _days()
    return [ExpiringRow(r[0], r[1], r[2], r[3], day(r[4]), r[5]) for r in rows.all()]  # type: ignore[arg-type]


_SUMMARY_COLUMNS = "partner_id, name, assigned_tier, qualified_tier, movement, at_risk_on, name_key"


def _summary_rows(result: object) -> list[SummaryRow]:
    day = _days()
    return [SummaryRow(r[0], r[1], r[2], r[3], r[4], day(r[5]), r[6]) for r in result.all()]  # type: ignore[attr-defined]


def movement_candidates(session: Session, movement: str, limit: int = 5000) -> list[SummaryRow]:
    """Partners whose qualified tier is above (``promotion``) or below (``demotion``) the assigned one."""
    return _summary_rows(session.execute(text(
        f"SELECT {_SUMMARY_COLUMNS} FROM partner_summary WHERE movement = :movement "
        "ORDER BY name_key LIMIT :limit"), {"movement": movement, "limit": limit}))


def at_risk_partners(session: Session, limit: int = 5000) -> list[SummaryRow]:
    """Partners with an at-risk date, soonest first."""
    return _summary_rows(session.execute(text(
        f"SELECT {_SUMMARY_COLUMNS} FROM partner_summary WHERE at_risk_on IS NOT NULL "
        "ORDER BY at_risk_on, name_key LIMIT :limit"), {"limit": limit}))


def revenue_by_quarter(session: Session, partner_id: str, first: date, until: date,
                       fiscal_start_month: int = 1) -> list[tuple[str, str, float]]:  # fmt: skip
    """``(quarter, motion, amount)`` sums of the partner's live revenue lines starting in ``[first, until)``.

    Quarters are labels of the fiscal calendar starting in ``fiscal_start_month``, read from each
    line's ``period_start``.
    """
    rows = session.execute(text(
        "SELECT period_start, motion, SUM(amount) FROM revenue_lines WHERE partner_id = :pid "
        "AND deleted_at IS NULL AND period_start >= :first AND period_start < :until "
        "GROUP BY period_start, motion"),
        {"pid": partner_id, "first": first.isoformat(), "until": until.isoformat()})
    return [(_label(r[0], fiscal_start_month), r[1], float(r[2] or 0.0)) for r in rows]


def targets_by_quarter(session: Session, partner_id: str, first: date, until: date,
                       fiscal_start_month: int = 1) -> dict[str, float]:  # fmt: skip
    """Quarter → target amount of the partner's live targets starting in ``[first, until)`` (labels as above)."""
    rows = session.execute(text(
        "SELECT period_start, SUM(amount) FROM targets WHERE partner_id = :pid AND deleted_at IS NULL "
        "AND period_start >= :first AND period_start < :until GROUP BY period_start"),
        {"pid": partner_id, "first": first.isoformat(), "until": until.isoformat()})
    sums: dict[str, float] = {}
    for day, amount in rows:
        label = _label(day, fiscal_start_month)
        sums[label] = sums.get(label, 0.0) + float(amount or 0.0)
    return sums


def _label(day: object, fiscal_start_month: int) -> str:
    """The fiscal-quarter label of a stored ``period_start``."""
    value = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return str(quarter_of(value, fiscal_start_month))


@dataclass(frozen=True, slots=True)
class RevenueLineRow:
    """A live revenue line of the partner, with its distributor's name ("" when none)."""

    id: str
    quarter: str
    motion: str
    product_family: str | None
    amount: float
    distributor_id: str | None
    distributor: str


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A live quarterly target of the partner."""

    id: str
    quarter: str
    amount: float


def revenue_lines_of(session: Session, partner_id: str, fiscal_start_month: int = 1) -> list[RevenueLineRow]:
    """Live revenue lines of the partner, latest quarter first (labels of that fiscal calendar)."""
    rows = session.execute(text(
        "SELECT r.id, r.period_start, r.motion, r.product_family, r.amount, r.distributor_id, COALESCE(d.name, '') "
        "FROM revenue_lines r LEFT JOIN partners d ON d.id = r.distributor_id "
        "WHERE r.partner_id = :pid AND r.deleted_at IS NULL ORDER BY r.period_start DESC, r.motion, r.id"),
        {"pid": partner_id})
    return [RevenueLineRow(r[0], _label(r[1], fiscal_start_month), r[2], r[3], float(r[4] or 0.0), r[5], r[6])
            for r in rows]


def targets_of(session: Session, partner_id: str, fiscal_start_month: int = 1) -> list[TargetRow]:
    """Live targets of the partner, latest quarter first (labels of that fiscal calendar)."""
    rows = session.execute(text(
        "SELECT id, period_start, amount FROM targets WHERE partner_id = :pid AND deleted_at IS NULL "
        "ORDER BY period_start DESC, id"), {"pid": partner_id})
    return [TargetRow(r[0], _label(r[1], fiscal_start_month), float(r[2] or 0.0)) for r in rows]


def distributors(session: Session, partner_id: str) -> list[tuple[str, str]]:
    """``(id, name)`` of live distributors other than the partner, by name."""
    rows = session.execute(text(
        "SELECT id, name FROM partners WHERE type = 'distributor' AND deleted_at IS NULL AND id != :pid "
        "ORDER BY name_key"), {"pid": partner_id})
    return [(r[0], r[1]) for r in rows]
