"""Database information, backups and restore, as the CLI and the File menu use them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from prm_desktop.storage import backup as backup_store
from prm_desktop.storage.database import Database, read_schema_version
from prm_desktop.storage.models import Base
from prm_desktop.storage.wal import checkpoint

BackupInfo = backup_store.BackupInfo


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
    """Make a consistent backup of the open database and rotate old ones."""
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


def restore(db: Database, backup_file: Path, backup_dir: Path) -> Path:
    """Close the database and replace it with a backup (the current one is kept as a backup).

    Returns:
        The backup made of the replaced database. The caller must reopen the database.
    """
    db.close()
    return backup_store.restore_database(backup_file, db.path, backup_dir)
