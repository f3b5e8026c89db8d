"""Backups with SQLite's online backup API: made, rotated, listed and restored.

A backup is always a complete, consistent copy even while the app writes. Restoring never
overwrites the current database without first keeping it as a backup itself.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prm_desktop.domain.i18n import _

BACKUP_SUFFIX = ".sqlite3"
DEFAULT_KEEP = 10


@dataclass(frozen=True)
class BackupInfo:
    """A backup file as listed to the user."""

    path: Path
    created: datetime
    reason: str
    size: int


def backup_database(db_path: Path, backup_dir: Path, reason: str = "manual",
                    keep: int = DEFAULT_KEEP) -> Path:
    """Copy the database with the SQLite backup API and rotate old backups.

    Args:
        db_path: The live database.
        backup_dir: Folder of backups (created if missing).
        reason: Short word kept in the file name (``manual``, ``daily``, ``before-upgrade``...).
        keep: How many backups of this reason to keep (older ones are removed).

    Returns:
        The new backup file.
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"prm-{stamp}-{reason}{BACKUP_SUFFIX}"
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    rotate(backup_dir, reason, keep)
    return target


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    found = []
    for path in backup_dir.glob(f"prm-*{BACKUP_SUFFIX}"):
        parts = path.stem.split("-", 2)
        if len(parts) < 3:
            continue
        try:
            created = datetime.strptime(parts[1], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupInfo(path, created, parts[2], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def rotate(backup_dir: Path, reason: str, keep: int) -> None:
    """Remove the oldest backups of one reason beyond ``keep``."""
    same = [b for b in list_backups(backup_dir) if b.reason == reason]
    for old in same[max(keep, 1):]:
        old.path.unlink(missing_ok=True)


def last_backup_time(backup_dir: Path) -> datetime | None:
    """When the newest backup was made, or None."""
    backups = list_backups(backup_dir) if backup_dir.exists() else []
    return backups[0].created if backups else None


def verify_backup(path: Path) -> None:
    """Check a file is a readable SQLite database with an integrity check.

    Raises:
        ValueError: With a plain message when the file cannot be restored.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ValueError(_("{path} is not a PRM Desktop backup ({error}).", path=path, error=exc)) from exc
    if ok != "ok":
        raise ValueError(_("{path} is damaged and cannot be restored.", path=path))


def restore_database(backup_file: Path, db_path: Path, backup_dir: Path) -> Path:
    """Replace the database with a backup, keeping the current one as a backup first.

    The caller must have closed every connection to ``db_path``.

    Returns:
        The backup made of the database that was replaced.
    """
    verify_backup(backup_file)
    kept = backup_database(db_path, backup_dir, reason="before-restore") if db_path.exists() else None
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    tmp = db_path.with_suffix(".restoring")
    shutil.copyfile(backup_file, tmp)
    tmp.replace(db_path)
    return kept or backup_file
