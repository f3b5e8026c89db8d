"""Read queries of the Visits area, behind small typed functions (services hold no SQL text)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from prm_desktop.storage.models import utcnow

__all__ = [
    "LISTS",
    "ActionRow",
    "CadenceFact",
    "VisitRow",
    "action_rows",
    "attendee_rows",
    "busy_intervals",
    "cadence_facts",
    "owns_partners",
    "partner_defaults",
    "visit_rows",
]


@dataclass(frozen=True)
class CadenceFact:
    """What the cadence rule reads about one partner."""

    partner_id: str
    name: str
    city: str | None
    region: str | None
    status: str
    tier_id: str | None
    owner_id: str | None
    owner_name: str | None
    added_on: date | None
    imported_last_visit: date | None
    last_visit: date | None
    planned_on: date | None


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def cadence_facts(session: Session, statuses: Sequence[str], kinds: Sequence[str], until: date,
                  owner_id: str | None = None, limit: int = -1) -> list[CadenceFact]:  # fmt: skip
    """Partners that may be due by ``until``, with what the cadence rule reads; none with a visit planned.

    The partner summary (kept in step with every write) narrows the set: its ``next_visit_due`` is
    the rule's due date, or the day of a planned visit; partners with a planned visit of a counting
    kind (any date) are left out here. The caller applies the rule itself to what is returned.

    Args:
        session: A session.
        statuses: Partner statuses that expect visits.
        kinds: Visit kinds that count.
        until: Last due day wanted.
        owner_id: Only the partners of this team member.
        limit: At most this many, earliest due first (-1: all).
    """
    owner = "AND s.owner_id = :owner" if owner_id is not None else ""  # only when given: an index serves it
    sql = f"""
    SELECT p.id, p.name, p.city, p.region, p.status, p.assigned_tier, p.owner_id, s.owner_name,
           date(p.created_at), p.imported_last_visit_on, s.last_visit_on
    FROM partner_summary s CROSS JOIN partners p ON p.id = s.partner_id
    WHERE s.next_visit_due <= :until AND p.deleted_at IS NULL
      AND p.status IN :statuses {owner}
      AND NOT EXISTS (
        SELECT 1 FROM visit_partners vp JOIN visits v ON v.id = vp.visit_id
        WHERE vp.partner_id = p.id AND vp.deleted_at IS NULL AND v.deleted_at IS NULL AND v.status = 'planned'
          AND v.kind IN :kinds)
    ORDER BY s.next_visit_due, s.name_key, s.partner_id LIMIT :limit"""  # noqa: S608 - a fixed fragment
    # CROSS JOIN keeps the summary first: its (next_visit_due, name_key, partner_id) index gives the
    # order, so a page stops after its rows (18 ms for 1,000 of 100,000 partners, against 1.1 s when
    # SQLite started from every live partner and sorted them); one owner's page walks
    # (owner_id, next_visit_due, name_key, partner_id), only that owner's partners.
    statement = text(sql).bindparams(bindparam("kinds", expanding=True), bindparam("statuses", expanding=True))
    bind = {"kinds": list(kinds), "statuses": list(statuses), "until": until.isoformat(), "limit": limit}
    if owner_id is not None:
        bind["owner"] = owner_id
    return [CadenceFact(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _day(r[8]), _day(r[9]), _day(r[10]), None)
            for r in session.execute(statement, bind)]  # fmt: skip


def owns_partners(session: Session, member_id: str) -> bool:
    """Whether a team member owns at least one live partner."""
    return session.execute(text("SELECT 1 FROM partners WHERE owner_id = :m AND deleted_at IS NULL LIMIT 1"),
                           {"m": member_id}).first() is not None  # fmt: skip


def partner_defaults(session: Session, partner_id: str) -> tuple[str, str | None, str | None]:
    """``(place, primary contact id, owner id)`` of a partner: its address as one line."""
    row = session.execute(text("""
        SELECT p.address, p.postal_code, p.city, p.owner_id,
               (SELECT c.id FROM contacts c WHERE c.partner_id = p.id AND c.deleted_at IS NULL
                  AND (c.left_on IS NULL OR c.left_on > date('now'))
                ORDER BY c.is_primary DESC, c.name LIMIT 1)
        FROM partners p WHERE p.id = :id AND p.deleted_at IS NULL"""), {"id": partner_id}).first()
    if row is None:
        return "", None, None
    town = " ".join(x for x in (row[1], row[2]) if x)
    return ", ".join(x for x in (row[0], town) if x), row[4], row[3]


def busy_intervals(session: Session, start: datetime, end: datetime,
                   member_id: str | None) -> list[tuple[datetime, int]]:  # fmt: skip
    """``(start UTC, minutes)`` of planned visits of a team member (or unowned) between two moments."""
    # Through the owner's index, once for the member and once for the unowned (``+status``: the status index
    # would walk every owner's planned visits, 44,000 in three months at 100,000 partners: 85 ms a plan).
    rows = session.execute(text("""
        SELECT starts_at, duration_minutes FROM visits
        WHERE owner_id = :member AND deleted_at IS NULL AND starts_at >= :start AND starts_at < :end
          AND +status = 'planned'
        UNION ALL
        SELECT starts_at, duration_minutes FROM visits
        WHERE owner_id IS NULL AND deleted_at IS NULL AND starts_at >= :start AND starts_at < :end
          AND +status = 'planned'"""),
        {"start": _naive(start), "end": _naive(end), "member": member_id})  # fmt: skip
    return [(_aware(r[0]), int(r[1] or 60)) for r in rows]


def _naive(moment: datetime) -> str:
    return moment.astimezone(utcnow().tzinfo).replace(tzinfo=None).isoformat(sep=" ")


def _aware(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=utcnow().tzinfo)


@dataclass(frozen=True)
class VisitRow:
    """One visit in a list."""

    id: str
    starts_at: datetime
    timezone: str
    duration_minutes: int
    kind: str
    status: str
    partners: str
    place: str
    owner_id: str | None
    has_report: bool


#: List name → (condition, order).
_LISTS = {
    "upcoming": ("v.status = 'planned' AND v.starts_at >= :now", "v.starts_at, v.id"),
    "to_close": ("v.status = 'planned' AND v.starts_at < :now", "v.starts_at, v.id"),
    "to_write_up": ("v.status = 'done' AND NOT EXISTS (SELECT 1 FROM visit_report_sections s "
                    "WHERE s.visit_id = v.id AND s.deleted_at IS NULL AND s.body != '')", "v.starts_at DESC, v.id"),
    "history": ("v.status IN ('done', 'cancelled')", "v.starts_at DESC, v.id"),
    "all": ("1 = 1", "v.starts_at DESC, v.id"),
}  # fmt: skip
LISTS: tuple[str, ...] = tuple(_LISTS)


def visit_rows(session: Session, which: str, now: datetime, *, owner_id: str | None = None,
               partner_id: str | None = None, limit: int = 500, offset: int = 0) -> list[VisitRow]:  # fmt: skip
    """A page of one of the visit lists (:data:`LISTS`), optionally mine or one partner's.

    Only the filters given are in the query. One partner's visits are read from its own visit links,
    each visit by id (a handful), never by walking every visit of the list's status.
    """
    cond, order = _LISTS[which]
    source, where = "visits v", ["v.deleted_at IS NULL", cond]
    if partner_id is not None:
        source = """(SELECT DISTINCT x.visit_id FROM visit_partners x
                     WHERE x.partner_id = :partner AND x.deleted_at IS NULL) x
                    CROSS JOIN visits v ON v.id = x.visit_id"""  # CROSS JOIN: the links first
    if owner_id is not None:
        where.append("v.owner_id = :owner")
    sql = f"""
    SELECT v.id, v.starts_at, v.timezone, v.duration_minutes, v.kind, v.status,
           (SELECT group_concat(p.name, ', ') FROM visit_partners vp JOIN partners p ON p.id = vp.partner_id
            WHERE vp.visit_id = v.id AND vp.deleted_at IS NULL),
           COALESCE(v.place, ''), v.owner_id,
           EXISTS (SELECT 1 FROM visit_report_sections s WHERE s.visit_id = v.id AND s.deleted_at IS NULL
                   AND s.body != '')
    FROM {source}
    WHERE {" AND ".join(where)}
    ORDER BY {order} LIMIT :limit OFFSET :offset"""  # noqa: S608 - fixed fragments, values bound
    rows = session.execute(text(sql), {"now": _naive(now), "owner": owner_id, "partner": partner_id,
                                       "limit": limit, "offset": offset})  # fmt: skip
    return [VisitRow(r[0], _aware(r[1]), r[2], int(r[3] or 60), r[4], r[5], r[6] or "", r[7], r[8], bool(r[9]))
            for r in rows]  # fmt: skip


def attendee_rows(session: Session, visit_id: str) -> list[tuple[str, str, str, str | None]]:
    """``(kind, id, name, email)`` of a visit's attendees (kind: contact, stakeholder, member)."""
    rows = session.execute(text("""
        SELECT 'contact', c.id, c.name, c.email FROM visit_attendees a JOIN contacts c ON c.id = a.contact_id
        WHERE a.visit_id = :id AND a.deleted_at IS NULL
        UNION ALL
        SELECT 'stakeholder', s.id, s.name, s.email FROM visit_attendees a
        JOIN stakeholders s ON s.id = a.stakeholder_id WHERE a.visit_id = :id AND a.deleted_at IS NULL
        UNION ALL
        SELECT 'member', m.id, m.name, m.email FROM visit_attendees a
        JOIN team_members m ON m.id = a.team_member_id WHERE a.visit_id = :id AND a.deleted_at IS NULL"""),
        {"id": visit_id})  # fmt: skip
    return [(r[0], r[1], r[2], r[3]) for r in rows]


@dataclass(frozen=True)
class ActionRow:
    """One action item in a list."""

    id: str
    title: str
    owner: str
    due_on: date | None
    status: str
    internal_only: bool
    partner_id: str | None
    partner: str
    visit_id: str | None
    owner_member_id: str | None


def action_rows(session: Session, *, member_id: str | None = None, overdue_on: date | None = None,
                partner_id: str | None = None, visit_id: str | None = None, open_only: bool = False,
                limit: int = 1000, offset: int = 0, stakeholder_id: str | None = None) -> list[ActionRow]:  # fmt: skip
    """Action items: a member's, overdue on a day (open, due before it), a partner's, a visit's or a stakeholder's.

    Only the filters given are in the query (no ``:x IS NULL OR ...``), so SQLite can read the live actions
    in list order from ``ix_action_items_live_order`` (or ``ix_action_items_owner_live_order`` for one
    member) and stop at the page instead of sorting every live action.
    """
    where, bind = ["a.deleted_at IS NULL"], {"limit": limit, "offset": offset}
    for column, value in (("owner_member_id", member_id), ("partner_id", partner_id), ("visit_id", visit_id),
                          ("owner_stakeholder_id", stakeholder_id)):  # fmt: skip
        if value is not None:
            where.append(f"a.{column} = :{column}")
            bind[column] = value
    if open_only or overdue_on is not None:
        where.append("a.status = 'open'")
    if overdue_on is not None:
        where.append("a.due_on < :overdue")
        bind["overdue"] = overdue_on.isoformat()
    sql = f"""
    SELECT a.id, a.title, COALESCE(m.name, c.name, s.name, ''), a.due_on, a.status, a.internal_only,
           a.partner_id, COALESCE(p.name, ''), a.visit_id, a.owner_member_id
    FROM action_items a
    LEFT JOIN team_members m ON m.id = a.owner_member_id
    LEFT JOIN contacts c ON c.id = a.owner_contact_id
    LEFT JOIN stakeholders s ON s.id = a.owner_stakeholder_id
    LEFT JOIN partners p ON p.id = a.partner_id
    WHERE {" AND ".join(where)}
    ORDER BY a.status DESC, a.due_on IS NULL, a.due_on, a.id LIMIT :limit OFFSET :offset"""  # noqa: S608 - fixed column names
    return [ActionRow(r[0], r[1], r[2], _day(r[3]), r[4], bool(r[5]), r[6], r[7], r[8], r[9])
            for r in session.execute(text(sql), bind)]  # fmt: skip
