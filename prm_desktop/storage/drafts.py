"""Unsaved drafts (notes, visit reports) in a small, unsynced SQLite file beside the database.

Plain ``sqlite3`` in WAL mode: each save is one tiny transaction, so typing never contends with
imports or sync on the main database, and a draft survives the application being killed.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prm_desktop.storage.files import set_aside

log = logging.getLogger(__name__)

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
        #: Where a damaged drafts file was set aside when this store opened, else None.
        self.set_aside: Path | None = None
        try:
            self._conn = self._open(check=True)
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self.set_aside = set_aside(path)
            log.warning("Damaged drafts file set aside as %s (%s); a new one was created", self.set_aside, exc)
            self._conn = self._open(check=False)

    def _open(self, check: bool) -> sqlite3.Connection:
        """Connect, check the file (it is small) and create the table; damage raises."""
        conn = sqlite3.connect(self.path, timeout=5, check_same_thread=False, isolation_level=None)
        try:
            if check:
                result = conn.execute("PRAGMA quick_check").fetchall()
                if result != [("ok",)]:
                    raise sqlite3.DatabaseError(f"database disk image is malformed: {result[0][0]}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(SCHEMA)
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

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


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """True for damage (malformed, not a database), False for a fault such as a full disk."""
    name = (getattr(exc, "sqlite_errorname", "") or "").upper()
    text = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text



def _row(row: tuple[str, str, str, str]) -> DraftRow:
    return DraftRow(row[0], row[1], row[2], datetime.fromisoformat(row[3]))
