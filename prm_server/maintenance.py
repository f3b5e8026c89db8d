"""Keeping the server's history bounded and telling clients which database they speak to.

- Tombstones (rows deleted for good) are kept `TOMBSTONE_DAYS` days, then purged; the team's
  ``purged_through`` remembers the highest change number purged, and a client whose cursor is older
  is answered ``410 resync`` (it pulls everything again, keeping its unsent edits).
- The *incarnation* names this server database: a random id kept in the database, with the
  PostgreSQL object ids of the database and of the ``teams`` table (a backup restored with
  ``pg_restore`` has new ones; after a file-level restore the admin runs ``prm-server restored``).
  Clients that see it change push again what the server lost and pull everything.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update

from prm_server.schema import clients, rows, settings, teams

#: How long a deleted row's tombstone is kept before it is purged.
TOMBSTONE_DAYS = 180


def purge_tombstones(conn: Connection, now: datetime | None = None, days: int = TOMBSTONE_DAYS) -> int:
    """Delete tombstones older than ``days`` in every team; returns how many went.

    Each team's row is locked while its tombstones go, so a push numbering changes waits.
    """
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    purged = 0
    for team_id in conn.scalars(select(teams.c.id).order_by(teams.c.id)).all():
        conn.execute(select(teams.c.id).where(teams.c.id == team_id).with_for_update())
        gone = conn.execute(delete(rows).where(rows.c.team_id == team_id, rows.c.gone, rows.c.gone_at < cutoff)
                            .returning(rows.c.change_no)).scalars().all()
        if gone:
            conn.execute(update(teams).where(teams.c.id == team_id).values(
                purged_through=func.greatest(teams.c.purged_through, max(gone))))
            purged += len(gone)
    return purged


def incarnation(conn: Connection) -> str:
    """The id of this server database (changes when the database is restored from a backup)."""
    stored = conn.scalar(select(settings.c.value).where(settings.c.key == "incarnation")) or ""
    oids = conn.execute(text(
        "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()), 'teams'::regclass::oid")).one()
    return f"{stored}.{oids[0]}.{oids[1]}"


def declare_restored(conn: Connection) -> str:
    """A new incarnation, by hand (after a restore PostgreSQL cannot tell apart, e.g. a file copy)."""
    value = secrets.token_hex(8)
    conn.execute(update(settings).where(settings.c.key == "incarnation").values(value=value))
    return incarnation(conn)


def client_state(conn: Connection, team_id: int, user_id: int, client_id: str) -> dict[str, Any]:
    """What a client compares with what it remembers before it syncs.

    Returns:
        ``incarnation``, the team's ``counter``, ``acknowledged`` (the last entry id of ``client_id``
        the server holds, 0 when it does not know it, None when it is another user's) and
        ``resync_below`` (a cursor below it must pull everything again).
    """
    team = conn.execute(select(teams.c.counter, teams.c.purged_through).where(teams.c.id == team_id)).one()
    client = conn.execute(select(clients.c.last_seq, clients.c.user_id).where(clients.c.client_id == client_id)).first()
    if client is None:
        acknowledged: int | None = 0
    else:
        acknowledged = client.last_seq if client.user_id == user_id else None  # another user's: a push renews it
    return {"incarnation": incarnation(conn), "counter": team.counter, "acknowledged": acknowledged,
            "resync_below": team.purged_through}


def must_resync(conn: Connection, team_id: int, cursor: int) -> bool:
    """Whether a pull after ``cursor`` would miss purged tombstones (cursor 0 is a full pull already)."""
    if cursor <= 0:
        return False
    return cursor < (conn.scalar(select(teams.c.purged_through).where(teams.c.id == team_id)) or 0)
