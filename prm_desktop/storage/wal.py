"""The write-ahead log of the SQLite file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

__all__ = ["checkpoint", "checkpoint_file", "checkpoint_later"]


def checkpoint(engine: Engine) -> None:
    """Copy what the WAL holds into the main file as far as readers allow (``PASSIVE``: never waits)."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))


def checkpoint_file(path: Path | str) -> None:
    """`checkpoint` of the SQLite file ``path`` through a connection of its own (e.g. after a job's result is sent)."""
    with closing(sqlite3.connect(str(path))) as conn:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextmanager
def checkpoint_later(session: Session) -> Iterator[None]:
    """Commits on the session's connection inside the block leave the WAL as it is (no automatic checkpoint).

    A commit that puts thousands of pages in the WAL otherwise copies them into the main file and
    flushes it to disk before it returns (a fifth of a second after a whole-portfolio refresh): the
    caller runs `checkpoint_file` once its result is out (the next commit of any connection does it
    otherwise). The connection's own setting is restored when the block ends.
    """
    raw = session.connection().connection.driver_connection
    before = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute("PRAGMA wal_autocheckpoint=0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA wal_autocheckpoint={int(before)}")
