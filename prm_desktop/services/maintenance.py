"""Database information, integrity, backups and restore, as the CLI and the File menu use them."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from prm_desktop.config import Paths
from prm_desktop.domain.i18n import _
from prm_desktop.storage import backup as backup_store
from prm_desktop.storage.database import Database, DatabaseCorruptError, DatabaseError, read_schema_version
from prm_desktop.storage.faults import damaged_message, describe_fault
from prm_desktop.storage.integrity import quick_check
from prm_desktop.storage.models import Base
from prm_desktop.storage.wal import checkpoint

BackupInfo = backup_store.BackupInfo
RestoreOutcome = backup_store.RestoreOutcome
#: Writes wait at most this long for the integrity check before giving up.
INTEGRITY_WAIT_S = 600.0


@dataclass(frozen=True)
class IntegrityReport:
    """The outcome of `check_integrity`.

    Attributes:
        path: The database checked.
        problems: What ``quick_check`` found (empty when sound).
        message: A plain message for the user (damage, or the fault that stopped the check).
        good_backup: The newest backup that can be restored, when the database is damaged.
    """

    path: Path
    problems: list[str] = field(default_factory=list)
    message: str = ""
    good_backup: BackupInfo | None = None

    @property
    def damaged(self) -> bool:
        """True when the database is damaged."""
        return bool(self.problems)


def check_integrity(paths: Paths) -> IntegrityReport:
    """Check the portfolio's database page by page (``PRAGMA quick_check``).

    Read only; runs in any thread or process. When damaged, the report names the newest good
    backup to offer.

    Args:
        paths: The portfolio's paths.
    """
    path = paths.database
    try:
        problems = quick_check(path)
    except sqlite3.Error as exc:
        fault = describe_fault(exc, path)
        if fault is not None and not isinstance(fault, DatabaseCorruptError):
            return IntegrityReport(path, message=str(fault))  # not damage: a fault of its own
        problems = [str(exc)]
    if not problems:
        return IntegrityReport(path)
    return IntegrityReport(path, problems, damaged_message(path, problems[0]),
                           backup_store.newest_good_backup(paths.backup_dir))


class IntegrityState:
    """Whether writes may go ahead (the write path of every process-local engine consults it).

    ``unchecked`` and ``ok`` allow them, ``checking`` holds them, ``damaged`` refuses them.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.state = "unchecked"
        self.report: IntegrityReport | None = None

    def begin(self) -> None:
        """The check started: writes wait from now on."""
        with self._cond:
            self.state = "checking"

    def finish(self, report: IntegrityReport) -> None:
        """The check ended: writes go ahead, or are refused when the database is damaged."""
        with self._cond:
            self.report = report
            self.state = "damaged" if report.damaged else "ok"
            self._cond.notify_all()

    @property
    def writes_allowed(self) -> bool:
        """False while the check runs or once damage was found."""
        return self.state in ("unchecked", "ok")

    def wait_writable(self, timeout_s: float = INTEGRITY_WAIT_S) -> None:
        """Return once writes are allowed (waiting for a running check).

        Raises:
            DatabaseCorruptError: The database is damaged: nothing may be written.
            DatabaseError: The check took longer than ``timeout_s``.
        """
        with self._cond:
            if not self._cond.wait_for(lambda: self.state != "checking", timeout_s):
                raise DatabaseError(_("The integrity check of the database is still running; try again later."))
            if self.state == "damaged":
                assert self.report is not None
                raise DatabaseCorruptError(self.report.message)


@dataclass(frozen=True)
class DatabaseInfo:
    """What ``prm-desktop info`` prints."""

    path: Path
    schema_version: str | None
    size_bytes: int
    counts: dict[str, int]


def database_info(db: Database) -> DatabaseInfo:
    """Path, schema version, size and live rows per table (tombstones excluded)."""
    counts = {}
    with db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            query = select(func.count()).select_from(table)
            if "deleted_at" in table.c:
                query = query.where(table.c.deleted_at.is_(None))
            counts[table.name] = session.scalar(query) or 0
    size = db.path.stat().st_size if db.path.exists() else 0
    return DatabaseInfo(db.path, read_schema_version(db.path), size, counts)


def backup_now(db: Database, backup_dir: Path, reason: str = "manual", keep: int = 10) -> Path:
    """Make a consistent backup of the open database, check it, and rotate old ones.

    Raises:
        DatabaseCorruptError: The database is damaged: no backup was made and none removed.
    """
    checkpoint(db.engine)  # make sure the WAL is checkpointed into the copy's source
    return backup_store.backup_database(db.path, backup_dir, reason=reason, keep=keep)


def daily_backup_due(backup_dir: Path, now: datetime | None = None) -> bool:
    """True when no backup was made in the last 24 hours."""
    last = backup_store.last_backup_time(backup_dir)
    now = now or datetime.now(UTC)
    return last is None or now - last >= timedelta(days=1)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups, newest first."""
    return backup_store.list_backups(backup_dir) if backup_dir.exists() else []


def newest_good_backup(paths: Paths) -> BackupInfo | None:
    """The newest backup that is sound and not from a newer version, or None."""
    return backup_store.newest_good_backup(paths.backup_dir)


def restore(paths: Paths, backup_file: Path, db: Database | None = None) -> RestoreOutcome:
    """Replace the portfolio's database with a backup; works when the database cannot be opened.

    The current database is kept as a "before-restore" backup, or renamed aside with a timestamp
    when it is damaged. The caller must have closed its own portfolio (released its "open" lock);
    ``db``, when given, is closed first.

    Raises:
        PortfolioInUseError: Another window or command has the portfolio open.
        DatabaseError: The backup is damaged, not ours or from a newer version; or a fault.
    """
    if db is not None:
        db.close()
    return backup_store.restore_database(backup_file, paths.database, paths.backup_dir)


def restore_latest_good(paths: Paths) -> tuple[BackupInfo, RestoreOutcome]:
    """Restore the newest good backup (after damage was found).

    Raises:
        LookupError: No backup can be restored.
    """
    good = newest_good_backup(paths)
    if good is None:
        raise LookupError(_("No good backup was found in {folder}.", folder=paths.backup_dir))
    return good, restore(paths, good.path)
