"""The write-ahead log of the SQLite file."""

from __future__ import annotations

from sqlalchemy import Engine, text

__all__ = ["checkpoint"]


def checkpoint(engine: Engine) -> None:
    """Copy what the WAL holds into the main file as far as readers allow (``PASSIVE``: never waits)."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))
