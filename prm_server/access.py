"""What one user may see: member ids, partners owned or shared, visible visits (SQL on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

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
