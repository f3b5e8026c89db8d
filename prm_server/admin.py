"""Administration: teams, users bound to team members, partner shares (used by the CLI and tests)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, text, update

from prm_server.auth import hash_password
from prm_server.merge import bump_partner, revoke
from prm_server.schema import refresh_tokens, rows, shares, teams, users


class AdminError(Exception):
    """An administration command cannot be done (the message says why)."""


class _Counter:
    """Numbers changes from a team's counter (its row is locked by the caller)."""

    def __init__(self, conn: Connection, team_id: int) -> None:
        self.conn, self.team_id = conn, team_id
        self.value = conn.scalar(select(teams.c.counter).where(teams.c.id == team_id).with_for_update())

    def next_no(self) -> int:
        self.value += 1
        return self.value

    def save(self) -> None:
        self.conn.execute(update(teams).where(teams.c.id == self.team_id).values(counter=self.value))


def ensure_team(conn: Connection, name: str) -> int:
    """The id of team ``name``, created if needed."""
    found = conn.scalar(select(teams.c.id).where(teams.c.name == name))
    if found is not None:
        return found
    return conn.scalar(insert(teams).values(name=name, counter=0).returning(teams.c.id))


def add_user(conn: Connection, username: str, member: str, password: str, team: str = "default") -> int:
    """Create a user bound to the team member named ``member``.

    Raises:
        AdminError: The user name is taken.
    """
    if conn.scalar(select(users.c.id).where(users.c.username == username)) is not None:
        raise AdminError(f"the user {username} exists already")
    return conn.scalar(insert(users).values(
        team_id=ensure_team(conn, team), username=username, member_name=member,
        password_hash=hash_password(password), disabled=False, created_at=datetime.now(UTC)).returning(users.c.id))


def _user_id(conn: Connection, username: str) -> int:
    found = conn.scalar(select(users.c.id).where(users.c.username == username))
    if found is None:
        raise AdminError(f"no user {username}")
    return found


def disable_user(conn: Connection, username: str) -> None:
    """Refuse the user's logins and tokens from now on."""
    user_id = _user_id(conn, username)
    conn.execute(update(users).where(users.c.id == user_id).values(disabled=True))
    conn.execute(update(refresh_tokens).where(refresh_tokens.c.user_id == user_id).values(revoked=True))


def reset_password(conn: Connection, username: str, password: str) -> None:
    """Set a new password (and close the user's sessions)."""
    user_id = _user_id(conn, username)
    conn.execute(update(users).where(users.c.id == user_id).values(password_hash=hash_password(password),
                                                                   disabled=False))
    conn.execute(update(refresh_tokens).where(refresh_tokens.c.user_id == user_id).values(revoked=True))


def share(conn: Connection, partner: str, with_user: str | None = None, with_team: str | None = None) -> str:
    """Share a partner (id or exact name) with a user or a whole team; its rows are sent again whole.

    Returns:
        The partner id.

    Raises:
        AdminError: Unknown or ambiguous partner, unknown user or team.
    """
    team_id, user_id = _target(conn, with_user, with_team)
    partner_id = _partner_id(conn, team_id, partner)
    counter = _Counter(conn, team_id)
    conn.execute(insert(shares).values(team_id=team_id, partner_id=partner_id, user_id=user_id,
                                       change_no=counter.next_no()))
    bump_partner(conn, team_id, partner_id, counter)
    counter.save()
    return partner_id


def _target(conn: Connection, with_user: str | None, with_team: str | None) -> tuple[int, int | None]:
    if with_user is not None:
        user = conn.execute(select(users).where(users.c.username == with_user)).first()
        if user is None:
            raise AdminError(f"no user {with_user}")
        return user.team_id, user.id
    team_id = conn.scalar(select(teams.c.id).where(teams.c.name == with_team))
    if team_id is None:
        raise AdminError(f"no team {with_team}")
    return team_id, None


def _partner_id(conn: Connection, team_id: int, partner: str) -> str:
    found = list(conn.scalars(text(
        "SELECT row_id FROM rows WHERE team_id = :t AND table_name = 'partners' AND NOT gone "
        "AND (row_id = :p OR data->>'name' = :p)"), {"t": team_id, "p": partner}))
    if len(found) != 1:
        raise AdminError(f"no partner {partner}" if not found else f"several partners are named {partner}; give the id")
    return found[0]


def unshare(conn: Connection, partner: str, with_user: str | None = None, with_team: str | None = None) -> str:
    """Remove a share; users who no longer see the partner purge it at their next sync.

    Raises:
        AdminError: Unknown partner, user or team, or no such share.
    """
    team_id, user_id = _target(conn, with_user, with_team)
    partner_id = _partner_id(conn, team_id, partner)
    removed = conn.execute(shares.delete().where(
        shares.c.team_id == team_id, shares.c.partner_id == partner_id,
        shares.c.user_id.is_(None) if user_id is None else shares.c.user_id == user_id))
    if removed.rowcount == 0:
        raise AdminError(f"{partner} was not shared with {with_user or with_team}")
    counter = _Counter(conn, team_id)
    revoke(conn, team_id, partner_id, counter.next_no())
    counter.save()
    return partner_id


def row_count(conn: Connection, team: str) -> int:
    """How many synced rows a team has (for messages)."""
    return conn.scalar(text("SELECT count(*) FROM rows r JOIN teams t ON t.id = r.team_id WHERE t.name = :n"),
                       {"n": team}) or 0


__all__ = ["AdminError", "add_user", "disable_user", "ensure_team", "reset_password", "rows", "share", "unshare"]
