"""What one user may see: member ids, partners owned or shared, visible visits (SQL on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class User:
    """The authenticated user of a request."""

    id: int
    team_id: int
    username: str
    member_name: str


#: CTEs naming the user's team members, the partners they see and the visits they see.
ACCESS_CTES = """
members AS (
    SELECT row_id FROM rows WHERE team_id = :team AND table_name = 'team_members'
      AND NOT gone AND data->>'name' = :member
), partners_seen AS (
    SELECT row_id AS partner_id FROM rows WHERE team_id = :team AND table_name = 'partners'
      AND data->>'owner_id' IN (SELECT row_id FROM members)
    UNION
    SELECT partner_id FROM shares WHERE team_id = :team AND (user_id = :user OR user_id IS NULL)
), visits_seen AS (
    SELECT data->>'visit_id' AS visit_id FROM rows WHERE team_id = :team AND table_name = 'visit_partners'
      AND NOT gone AND data->>'deleted_at' IS NULL AND partner_id IN (SELECT partner_id FROM partners_seen)
    UNION
    SELECT v.row_id FROM rows v WHERE v.team_id = :team AND v.table_name = 'visits' AND NOT EXISTS (
      SELECT 1 FROM rows l WHERE l.team_id = :team AND l.table_name = 'visit_partners'
        AND l.data->>'visit_id' = v.row_id AND l.data->>'deleted_at' IS NULL AND NOT l.gone)
)
"""

VISIBLE = """(r.scope = 'team'
  OR (r.scope = 'partner' AND r.scope_key IN (SELECT partner_id FROM partners_seen))
  OR (r.scope = 'visit' AND r.scope_key IN (SELECT visit_id FROM visits_seen)))"""


def params(user: User) -> dict[str, object]:
    """Bind parameters of `ACCESS_CTES`."""
    return {"team": user.team_id, "member": user.member_name, "user": user.id}


def partners_seen(conn: Connection, user: User) -> set[str]:
    """Ids of the partners ``user`` owns or that are shared with them."""
    return set(conn.scalars(text(f"WITH {ACCESS_CTES} SELECT partner_id FROM partners_seen"), params(user)))


def visits_seen(conn: Connection, user: User) -> set[str]:
    """Ids of the visits ``user`` sees."""
    return set(conn.scalars(text(f"WITH {ACCESS_CTES} SELECT visit_id FROM visits_seen"), params(user)))


def member_ids(conn: Connection, user: User) -> set[str]:
    """Ids of the team-member rows ``user`` is bound to (by name)."""
    return set(conn.scalars(text(f"WITH {ACCESS_CTES} SELECT row_id FROM members"), params(user)))


#: The partners (among ``:ids``) a user sees: theirs, shared with them or the team, or unknown to the
#: server (a partner pushed later). Each id is looked up by primary key: a batch costs its own size.
_PARTNERS_AMONG = text("""WITH members AS (
    SELECT row_id FROM rows WHERE team_id = :team AND table_name = 'team_members'
      AND NOT gone AND data->>'name' = :member
)
SELECT a.id FROM unnest(CAST(:ids AS text[])) AS a(id)
WHERE NOT EXISTS (SELECT 1 FROM rows p WHERE p.team_id = :team AND p.table_name = 'partners' AND p.row_id = a.id)
   OR EXISTS (SELECT 1 FROM rows p WHERE p.team_id = :team AND p.table_name = 'partners' AND p.row_id = a.id
              AND p.data->>'owner_id' IN (SELECT row_id FROM members))
   OR EXISTS (SELECT 1 FROM shares s WHERE s.team_id = :team AND s.partner_id = a.id
              AND (s.user_id = :user OR s.user_id IS NULL))""")

#: The visits (among ``:ids``) a user sees: linked to a partner they see, linked to no partner, or
#: unknown to the server (as `ACCESS_CTES` ``visits_seen``, plus unknown ids).
_VISITS_AMONG = text("""WITH members AS (
    SELECT row_id FROM rows WHERE team_id = :team AND table_name = 'team_members'
      AND NOT gone AND data->>'name' = :member
)
SELECT a.id FROM unnest(CAST(:ids AS text[])) AS a(id)
WHERE NOT EXISTS (SELECT 1 FROM rows v WHERE v.team_id = :team AND v.table_name = 'visits' AND v.row_id = a.id)
   OR NOT EXISTS (SELECT 1 FROM rows l WHERE l.team_id = :team AND l.table_name = 'visit_partners'
                  AND l.data->>'visit_id' = a.id AND NOT l.gone AND l.data->>'deleted_at' IS NULL)
   OR EXISTS (SELECT 1 FROM rows l WHERE l.team_id = :team AND l.table_name = 'visit_partners'
              AND l.data->>'visit_id' = a.id AND NOT l.gone AND l.data->>'deleted_at' IS NULL AND (
        EXISTS (SELECT 1 FROM rows p WHERE p.team_id = :team AND p.table_name = 'partners'
                AND p.row_id = l.partner_id AND p.data->>'owner_id' IN (SELECT row_id FROM members))
        OR EXISTS (SELECT 1 FROM shares s WHERE s.team_id = :team AND s.partner_id = l.partner_id
                   AND (s.user_id = :user OR s.user_id IS NULL))))""")


#: Lookups by key take milliseconds; PostgreSQL's estimates for the visit-link index can make it
#: compile the query first (0.4 s for a 100-visit batch).
_NO_JIT = "SET LOCAL jit = off"


def _among(conn: Connection, user: User, ids: set[str], query: Any) -> set[str]:
    """The subset of ``ids`` that ``query`` keeps for ``user`` (looked up by key, JIT off)."""
    if not ids:
        return set()
    conn.exec_driver_sql(_NO_JIT)
    return set(conn.scalars(query, {**params(user), "ids": sorted(ids)}))


def partners_among(conn: Connection, user: User, ids: set[str]) -> set[str]:
    """Which of ``ids`` name a partner ``user`` may write to (owned, shared, or not on the server).

    Args:
        conn: A connection to the server database.
        user: The user pushing.
        ids: Partner ids a batch names.

    Returns:
        The subset of ``ids`` the user sees (an id the server does not know is included).
    """
    return _among(conn, user, ids, _PARTNERS_AMONG)


def visits_among(conn: Connection, user: User, ids: set[str]) -> set[str]:
    """Which of ``ids`` name a visit ``user`` may write to (seen, team-wide, or not on the server).

    Args:
        conn: A connection to the server database.
        user: The user pushing.
        ids: Visit ids a batch names.

    Returns:
        The subset of ``ids`` the user sees (an id the server does not know is included).
    """
    return _among(conn, user, ids, _VISITS_AMONG)
