"""Unsaved drafts (notes, visit reports) in a small, unsynced SQLite file beside the database.

Plain ``sqlite3`` in WAL mode: each save is one tiny transaction, so typing never contends with
imports or sync on the main database, and a draft survives the application being killed.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class DraftRow:
    """One stored draft."""

    key: str
    body: str
    label: str
    updated_at: datetime


class DraftStore:
    """Key → text store; one connection, guarded by a lock (tiny writes, any thread)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, timeout=5, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(SCHEMA)

    def save(self, key: str, body: str, label: str = "") -> None:
        """Insert or replace the draft under ``key``."""
        now = datetime.now(UTC).isoformat()
        with self._lock:
            self._conn.execute(
                "INSERT INTO drafts (key, body, label, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET body = excluded.body, label = excluded.label, "
                "updated_at = excluded.updated_at",
                (key, body, label, now),
            )

    def get(self, key: str) -> DraftRow | None:
        """The draft under ``key``, or None."""
        with self._lock:
            row = self._conn.execute("SELECT key, body, label, updated_at FROM drafts WHERE key = ?", (key,)).fetchone()
        return _row(row) if row else None

    def delete(self, key: str) -> None:
        """Forget the draft under ``key`` (after the real save)."""
        with self._lock:
            self._conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def all(self) -> list[DraftRow]:
        """Every draft, newest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT key, body, label, updated_at FROM drafts ORDER BY updated_at DESC"
            ).fetchall()
        return [_row(r) for r in rows]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()


def _row(row: tuple[str, str, str, str]) -> DraftRow:
    return DraftRow(row[0], row[1], row[2], datetime.fromisoformat(row[3]))
