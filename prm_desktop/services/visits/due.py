"""The to-plan list: partners due or overdue for a visit, most overdue first (design §2 cadence rule)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from prm_desktop.domain.visit_cadence import DEFAULT_VISIT_STATUSES, CadencePolicy, visit_due
from prm_desktop.storage.partners.summary import active_program_source
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.queries import cadence_facts, owns_partners

__all__ = ["DueRow", "cadence_policy", "group_by_place", "owns_any_partner", "to_plan"]


@dataclass(frozen=True)
class DueRow:
    """A partner on the to-plan list.

    Attributes:
        partner_id: The partner.
        name: Its name.
        city: Its city.
        region: Its region.
        tier_id: Assigned tier.
        owner_name: Its owner's name.
        last_visit: Last counting visit (or the one given at import).
        due_on: Due date.
        days_overdue: Days past the due date (0 when due today or later).
        tier_name: The tier's name in the active program ("" without a tier; its id when unknown).
    """

    partner_id: str
    name: str
    city: str | None
    region: str | None
    tier_id: str | None
    owner_name: str | None
    last_visit: date | None
    due_on: date
    days_overdue: int
    tier_name: str = ""


def _tier_names(session: Session) -> dict[str, str]:
    """Tier id → name in the active program (empty without one)."""
    from prm_desktop.services.programs import parse_cached

    source = active_program_source(session)
    return {t.id: t.name for t in parse_cached(source).tiers} if source else {}


def cadence_policy(session: Session) -> CadencePolicy:
    """The cadence policy of the active program (defaults without one)."""
    from prm_desktop.services.programs import parse_cached

    source = active_program_source(session)
    if not source:
        return CadencePolicy()
    program = parse_cached(source)
    statuses = getattr(program, "visit_statuses", DEFAULT_VISIT_STATUSES)
    return CadencePolicy.of({t.id: program.cadence_days(t.id) for t in program.tiers},
                            program.cadence_days(None), program.counting_visit_kinds, statuses)  # fmt: skip


def to_plan(uow: UnitOfWorkFactory, today: date, *, owner_id: str | None = None, owner_name: str | None = None,
            horizon_days: int = 0, limit: int | None = None) -> list[DueRow]:  # fmt: skip
    """Partners to visit: due on or before ``today + horizon_days``, no visit planned; most overdue first.

    Args:
        uow: Unit-of-work factory.
        today: The day.
        owner_id: Only the partners of this team member.
        owner_name: Only the partners of the team member with this name (case-insensitive).
        horizon_days: Also list partners due within this many days.
        limit: At most this many rows, the most overdue (a page of the list).
    """
    with uow.read() as session:
        policy = cadence_policy(session)
        tier_names = _tier_names(session)
        until = today + timedelta(days=horizon_days)
        facts = cadence_facts(session, sorted(policy.counting_statuses), sorted(policy.counting_kinds), until,
                              owner_id, -1 if limit is None or owner_name else limit)  # fmt: skip
    wanted = owner_name.casefold() if owner_name else None
    rows = []
    for f in facts:
        if wanted is not None and (f.owner_name or "").casefold() != wanted:
            continue
        due = visit_due(policy, today, status=f.status, tier_id=f.tier_id, last_visit=f.last_visit,
                        added_on=f.added_on, imported_last_visit=f.imported_last_visit, planned_on=f.planned_on,
                        horizon_days=horizon_days)  # fmt: skip
        if due.to_plan and due.due_on is not None:
            rows.append(DueRow(f.partner_id, f.name, f.city, f.region, f.tier_id, f.owner_name, due.last_visit,
                               due.due_on, due.days_overdue, tier_names.get(f.tier_id, f.tier_id or "")))  # fmt: skip
    rows.sort(key=lambda r: (r.due_on, r.name.casefold(), r.partner_id))
    return rows if limit is None else rows[:limit]


def owns_any_partner(uow: UnitOfWorkFactory, member_id: str | None) -> bool:
    """Whether a team member owns a live partner ("mine" lists make sense for them)."""
    if not member_id:
        return False
    with uow.read() as session:
        return owns_partners(session, member_id)


def group_by_place(rows: Iterable[DueRow], by: str = "city") -> list[tuple[str, list[DueRow]]]:
    """Rows grouped by city or region (to plan a trip); groups with the most overdue partner first.

    Args:
        rows: Rows, most overdue first.
        by: ``"city"`` or ``"region"``.
    """
    groups: dict[str, list[DueRow]] = {}
    for row in rows:
        key = (getattr(row, by) or "").strip()
        groups.setdefault(key, []).append(row)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[1][0].due_on, -len(kv[1]), kv[0].casefold()))
