"""Read queries of the visit calendar and of the iCalendar export and import (services hold no SQL text).

The calendar reads, for each day shown, the first visits starting that day and counts the others,
on the indexes ``(deleted_at, starts_at)`` and ``(owner_id, deleted_at, starts_at)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from prm_desktop.storage.visits.queries import _aware, _naive

__all__ = [
    "CalendarRow",
    "ExportRow",
    "PartnerMatchRow",
    "calendar_day_rows",
    "calendar_running_rows",
    "export_rows",
    "partner_match_rows",
    "visit_ids_by_uid",
]

@dataclass(frozen=True)
class CalendarRow:
    """One visit on the calendar."""

    id: str
    starts_at: datetime
    timezone: str
    duration_minutes: int
    kind: str
    status: str
    partners: str
    place: str
    owner_id: str | None


def calendar_day_rows(session: Session, days: Sequence[tuple[datetime, datetime]], owner_id: str | None = None,
                      per_day: int = 30) -> tuple[list[CalendarRow], list[int]]:  # fmt: skip
    """Visits starting in each day (``[start, end)``), at most ``per_day`` of each (soonest first), and how many.

    One statement for the rows and one for the counts, each walking one short range of an index per
    day (``(deleted_at, starts_at)``, or ``(owner_id, deleted_at, starts_at)`` for one owner): a
    month of a whole team's visits costs the rows shown, not the rows in the month.

    Returns:
        The rows shown, and the number of live visits starting in each day.
    """
    if not days:
        return [], []
    # One owner: an equality the index serves ("OR :owner IS NULL" would not).
    who = "x.owner_id = :owner AND" if owner_id is not None else ""
    values = ", ".join(f"({i}, :s{i}, :e{i})" for i in range(len(days)))
    bind: dict[str, object] = {"owner": owner_id, "limit": per_day}
    for i, (start, end) in enumerate(days):
        bind[f"s{i}"], bind[f"e{i}"] = _naive(start), _naive(end)
    in_day = f"{who} x.deleted_at IS NULL AND x.starts_at >= d.s AND x.starts_at < d.e"
    rows_sql = f"""
    WITH d(i, s, e) AS (VALUES {values})
    SELECT v.id, v.starts_at, v.timezone, v.duration_minutes, v.kind, v.status,
           (SELECT group_concat(p.name, ', ') FROM visit_partners vp JOIN partners p ON p.id = vp.partner_id
            WHERE vp.visit_id = v.id AND vp.deleted_at IS NULL),
           COALESCE(v.place, ''), v.owner_id
    FROM d JOIN visits v ON v.rowid IN (SELECT x.rowid FROM visits x WHERE {in_day} ORDER BY x.starts_at LIMIT :limit)
    ORDER BY v.starts_at, v.id"""
    counts_sql = f"""
    WITH d(i, s, e) AS (VALUES {values})
    SELECT d.i, (SELECT count(*) FROM visits x WHERE {in_day}) FROM d ORDER BY d.i"""
    rows = [CalendarRow(r[0], _aware(r[1]), r[2], int(r[3] or 60), r[4], r[5], r[6] or "", r[7], r[8])
            for r in session.execute(text(rows_sql), bind)]  # fmt: skip
    counts = [int(r[1]) for r in session.execute(text(counts_sql), bind)]
    return rows, counts


#: A visit that started before ``:start`` and still runs at it (``:back``: the longest visit earlier).
RUNNING_AT = ("{x}.starts_at >= :back AND {x}.starts_at < :start AND "
              "datetime({x}.starts_at, '+' || COALESCE({x}.duration_minutes, 60) || ' minutes') > datetime(:start)")


def running_bind(start: datetime, longest_minutes: int) -> dict[str, str]:
    """The parameters of `RUNNING_AT`."""
    return {"start": _naive(start), "back": _naive(start - timedelta(minutes=longest_minutes))}


def calendar_running_rows(session: Session, start: datetime, longest_minutes: int, owner_id: str | None = None,
                          limit: int = 30) -> list[CalendarRow]:  # fmt: skip
    """Live visits begun before ``start`` and still running at it (overnight ones), at most ``limit``.

    Walks the same index as a day of the calendar: the visits starting in the ``longest_minutes``
    before ``start``.
    """
    who = "x.owner_id = :owner AND" if owner_id is not None else ""
    sql = f"""
    SELECT v.id, v.starts_at, v.timezone, v.duration_minutes, v.kind, v.status,
           (SELECT group_concat(p.name, ', ') FROM visit_partners vp JOIN partners p ON p.id = vp.partner_id
            WHERE vp.visit_id = v.id AND vp.deleted_at IS NULL),
           COALESCE(v.place, ''), v.owner_id
    FROM visits v WHERE v.rowid IN (SELECT x.rowid FROM visits x WHERE {who} x.deleted_at IS NULL
                                    AND {RUNNING_AT.format(x="x")} ORDER BY x.starts_at LIMIT :limit)
    ORDER BY v.starts_at, v.id"""
    bind = {**running_bind(start, longest_minutes), "owner": owner_id, "limit": limit}
    return [CalendarRow(r[0], _aware(r[1]), r[2], int(r[3] or 60), r[4], r[5], r[6] or "", r[7], r[8])
            for r in session.execute(text(sql), bind)]  # fmt: skip


@dataclass(frozen=True)
class ExportRow:
    """A visit as the iCalendar export writes it (attendees and shared report sections apart)."""

    id: str
    starts_at: datetime
    timezone: str
    duration_minutes: int
    kind: str
    status: str
    place: str
    objective: str
    agenda: str
    ics_sequence: int
    ics_uid: str | None
    updated_at: datetime | None
    partners: tuple[str, ...]
    attendees: tuple[tuple[str, str], ...]
    shared_sections: tuple[tuple[str, str], ...]


def export_rows(session: Session, *, visit_ids: Sequence[str] | None = None, start: datetime | None = None,
                end: datetime | None = None, owner_id: str | None = None,
                longest_minutes: int = 0) -> list[ExportRow]:  # fmt: skip
    """Visits to export: these ids, or those starting in ``[start, end)`` (either bound may be open).

    With ``longest_minutes``, a visit begun (at most that long) before ``start`` and still running at
    it is exported too (an overnight visit shown on the first day). Only the report sections not
    marked internal-only are read; attendees come with an e-mail.
    """
    if visit_ids is not None:
        where, bind = "v.id IN :ids", {"ids": list(visit_ids)}
    else:
        where = (f"(:start IS NULL OR v.starts_at >= :start OR ({RUNNING_AT.format(x='v')})) "
                 "AND (:end IS NULL OR v.starts_at < :end)")
        bind = running_bind(start, longest_minutes) if start else {"start": None, "back": None}
        bind["end"] = _naive(end) if end else None
    sql = f"""
    SELECT v.id, v.starts_at, v.timezone, v.duration_minutes, v.kind, v.status, COALESCE(v.place, ''),
           COALESCE(v.objective, ''), COALESCE(v.agenda, ''), v.ics_sequence, v.ics_uid, v.updated_at
    FROM visits v WHERE v.deleted_at IS NULL AND {where} AND (:owner IS NULL OR v.owner_id = :owner)
    ORDER BY v.starts_at, v.id"""
    statement = text(sql)
    if visit_ids is not None:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    visits = list(session.execute(statement, {**bind, "owner": owner_id}))
    ids = [r[0] for r in visits]
    partners = _grouped(session, """
        SELECT vp.visit_id, p.name, NULL FROM visit_partners vp JOIN partners p ON p.id = vp.partner_id
        WHERE vp.visit_id IN :ids AND vp.deleted_at IS NULL ORDER BY p.name""", ids)  # fmt: skip
    attendees = _grouped(session, """
        SELECT a.visit_id, COALESCE(c.name, s.name, m.name), COALESCE(c.email, s.email, m.email)
        FROM visit_attendees a LEFT JOIN contacts c ON c.id = a.contact_id
        LEFT JOIN stakeholders s ON s.id = a.stakeholder_id LEFT JOIN team_members m ON m.id = a.team_member_id
        WHERE a.visit_id IN :ids AND a.deleted_at IS NULL ORDER BY 2""", ids)  # fmt: skip
    sections = _grouped(session, """
        SELECT visit_id, title, body FROM visit_report_sections
        WHERE visit_id IN :ids AND deleted_at IS NULL AND internal_only = 0 AND body != ''
        ORDER BY position, title""", ids)  # fmt: skip
    return [ExportRow(r[0], _aware(r[1]), r[2], int(r[3] or 60), r[4], r[5], r[6], r[7], r[8], int(r[9] or 0), r[10],
                      _aware(r[11]) if r[11] else None, tuple(n for n, _x in partners.get(r[0], ())),
                      tuple((n or "", e) for n, e in attendees.get(r[0], ()) if e),
                      tuple(sections.get(r[0], ()))) for r in visits]  # fmt: skip


def _grouped(session: Session, sql: str, ids: list[str]) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    statement = text(sql).bindparams(bindparam("ids", expanding=True))
    for start in range(0, len(ids), 500):
        for r in session.execute(statement, {"ids": ids[start:start + 500]}):
            found.setdefault(r[0], []).append((r[1], r[2]))
    return found


@dataclass(frozen=True)
class PartnerMatchRow:
    """What an imported event's place is matched on: a live partner's name and city."""

    partner_id: str
    name: str
    city: str


def partner_match_rows(session: Session, emails: Sequence[str]) -> tuple[dict[str, tuple[str, str]],
                                                                         list[PartnerMatchRow]]:  # fmt: skip
    """Contacts whose e-mail is one of ``emails`` (lower-case) → (partner id, contact id); and every partner.

    Returns:
        ``({email: (partner_id, contact_id)}, [partner name and city rows])``.
    """
    by_email: dict[str, tuple[str, str]] = {}
    if emails:
        statement = text("""
            SELECT lower(c.email), c.partner_id, c.id FROM contacts c JOIN partners p ON p.id = c.partner_id
            WHERE lower(c.email) IN :emails AND c.deleted_at IS NULL AND p.deleted_at IS NULL
            ORDER BY c.is_primary DESC, c.id""").bindparams(bindparam("emails", expanding=True))  # fmt: skip
        for email, partner_id, contact_id in session.execute(statement, {"emails": sorted(set(emails))}):
            by_email.setdefault(email, (partner_id, contact_id))
    rows = session.execute(text("SELECT id, name, city FROM partners WHERE deleted_at IS NULL"))
    partners = [PartnerMatchRow(r[0], r[1], r[2] or "") for r in rows]
    return by_email, partners


def visit_ids_by_uid(session: Session, uids: Sequence[str]) -> dict[str, str]:
    """Live visits made from imported events: ``{ics uid: visit id}``."""
    if not uids:
        return {}
    statement = text("SELECT ics_uid, id FROM visits WHERE ics_uid IN :uids AND deleted_at IS NULL").bindparams(
        bindparam("uids", expanding=True))  # fmt: skip
    return {r[0]: r[1] for r in session.execute(statement, {"uids": sorted(set(uids))})}
