"""The "portfolio open" lock, so that a restore never replaces a file another process writes to.

Every process using a portfolio holds it shared; a restore holds it exclusively.

The lock is SQLite's own file lock on a tiny side file (``prm.sqlite3.lock``, rollback-journal
mode): an open read transaction is a SHARED lock, ``BEGIN EXCLUSIVE`` succeeds only when no other
connection (in this process or another) holds one. The operating system releases it when a process
dies, even by ``kill -9``; it works the same on Windows, macOS and Linux.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from prm_desktop.domain.i18n import _
from prm_desktop.storage.database import DatabaseError
from prm_desktop.storage.faults import DatabaseBusyError, PortfolioInUseError, describe_fault

#: How long opening waits for a restore under way to finish.
SHARED_WAIT_S = 10.0


def lock_file(db_path: Path) -> Path:
    """The lock file of the database at ``db_path``."""
    return Path(f"{db_path}.lock")


class PortfolioLock:
    """A held lock; `release` (or process exit) lets it go."""

    def __init__(self, db_path: Path, exclusive: bool, wait_s: float) -> None:
        self.path = lock_file(db_path)
        self.exclusive = exclusive
        self._guard = threading.Lock()
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                self.path, timeout=wait_s, isolation_level=None, check_same_thread=False)
            self._prepare()
            if exclusive:
                self._conn.execute("BEGIN EXCLUSIVE")
            else:
                self._conn.execute("BEGIN")
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            self.release()
            fault = describe_fault(exc, db_path)
            if exclusive and (fault is None or isinstance(fault, DatabaseBusyError)):
                raise PortfolioInUseError(_(
                    "The portfolio is open in another PRM Desktop window or command. Close it (or wait "
                    "until it has finished), then restore again. Nothing was changed.")) from exc
            if not exclusive and isinstance(fault, DatabaseBusyError):
                raise DatabaseError(_(
                    "A backup is being restored into this portfolio. Try again in a moment.")) from exc
            raise (fault or DatabaseError(str(exc))) from exc

    def _prepare(self) -> None:
        assert self._conn is not None
        self._conn.execute("PRAGMA journal_mode=DELETE")
        found = self._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'holder'").fetchone()
        if not found:
            self._conn.execute("CREATE TABLE IF NOT EXISTS holder (note TEXT)")

    @property
    def held(self) -> bool:
        """True until released."""
        return self._conn is not None

    def release(self) -> None:
        """Let the lock go (idempotent)."""
        with self._guard:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.rollback()
            finally:
                conn.close()


def hold_open(db_path: Path, wait_s: float = SHARED_WAIT_S) -> PortfolioLock:
    """Take the shared "portfolio open" lock (waits for a restore under way).

    Raises:
        DatabaseError: A restore kept it longer than ``wait_s``, or the folder is read-only.
    """
    return PortfolioLock(db_path, exclusive=False, wait_s=wait_s)


def hold_exclusive(db_path: Path, wait_s: float = 0.2) -> PortfolioLock:
    """Take the lock for a restore.

    Raises:
        PortfolioInUseError: Another process (or another open context here) has the portfolio open.
    """
    return PortfolioLock(db_path, exclusive=True, wait_s=wait_s)
