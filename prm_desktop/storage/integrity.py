"""Integrity of SQLite files, and holding writes until the integrity check has passed.

``PRAGMA quick_check`` reads every page of the file (b-trees, free list, record formats): a page
damaged by a disk, a sync client or a copy made while the app wrote is found here, before the damage
spreads to new writes and to backups. Indexes are not compared to their tables (that is the much
slower ``integrity_check``).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

#: At most this many problems are kept from ``quick_check`` (a damaged page can list thousands).
MAX_PROBLEMS = 20
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def quick_check(path: Path, timeout_s: float = 5.0) -> list[str]:
    """Check an SQLite file page by page (read only).

    Args:
        path: The file (its ``-wal`` beside it is read too).
        timeout_s: How long to wait for a writer holding the file.

    Returns:
        The problems found, empty when the file is sound.

    Raises:
        sqlite3.DatabaseError: The file cannot be opened or read at all (not a database, locked,
            unreadable); callers classify it with `prm_desktop.storage.faults.describe_fault`.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout_s)
    try:
        rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
    finally:
        conn.close()
    if [r[0] for r in rows] == ["ok"]:
        return []
    lines = (line.strip() for r in rows for line in str(r[0]).splitlines())
    return [line for line in lines if line and not line.startswith("*** in database")]


def is_sound(path: Path) -> bool:
    """True when ``path`` is an SQLite file that passes `quick_check` (False if it cannot be read)."""
    try:
        return not quick_check(path)
    except sqlite3.Error:
        return False


class WriteGate:
    """Holds writes while the integrity check runs and refuses them once damage was found.

    ``check`` is called before every write statement on the engine; it returns once writes are
    allowed, or raises (see `prm_desktop.services.maintenance.IntegrityState.wait_writable`).
    """

    def __init__(self, check: Callable[[], None]) -> None:
        self.check = check
        self._local = threading.local()

    def before_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """``before_cursor_execute`` listener: consult the gate before a write statement."""
        if getattr(self._local, "inside", False) or not _WRITE.match(statement):
            return
        self._local.inside = True
        try:
            self.check()
        finally:
            self._local.inside = False


def install_write_gate(engine: Engine, check: Callable[[], None]) -> WriteGate:
    """Make every write statement on ``engine`` wait for ``check()`` (see `WriteGate`)."""
    gate = WriteGate(check)
    event.listen(engine, "before_cursor_execute", gate.before_execute)
    return gate
