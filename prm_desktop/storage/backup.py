"""Backups with SQLite's online backup API: made, checked, rotated, listed and restored.

A backup is always a complete, consistent copy even while the app writes. It is written under a
temporary name in ``backups/.partial/`` (no journal), checked with ``PRAGMA quick_check`` and only
then renamed into ``backups/``: a copy of a damaged database is refused (so rotation never removes
the good backups), and a process killed mid-backup leaves nothing damaged among the backups.

Restoring takes the portfolio lock exclusively, refuses a damaged backup or one made by a newer
version, keeps the current database (as a backup, or renamed aside when it is damaged) and replaces
it atomically (temporary file in the same folder, fsync, ``os.replace``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prm_desktop.domain.i18n import _
from prm_desktop.storage.database import KNOWN_REVISIONS, DatabaseCorruptError, DatabaseError, DatabaseTooNewError
from prm_desktop.storage.faults import describe_fault
from prm_desktop.storage.files import set_aside
from prm_desktop.storage.integrity import is_sound, quick_check

BACKUP_SUFFIX = ".sqlite3"
DEFAULT_KEEP = 10
PARTIAL_DIR = ".partial"
#: A partial backup older than this is left from a killed process and removed.
STALE_PARTIAL_S = 3600


@dataclass(frozen=True)
class BackupInfo:
    """A backup file as listed to the user."""

    path: Path
    created: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did with the database it replaced.

    Attributes:
        kept: The "before-restore" backup of the replaced database (None if there was none or it
            was damaged).
        set_aside: Where a damaged database was renamed to (never deleted), else None.
    """

    kept: Path | None
    set_aside: Path | None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # directories cannot be opened for fsync on Windows; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: Path, target: Path) -> None:
    """Consistent copy of ``source`` (with its WAL) into a new file ``target`` in rollback mode."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5)
    try:
        dest = sqlite3.connect(target)
        try:
            dest.execute("PRAGMA journal_mode=OFF")
            src.backup(dest, pages=1024)
            # The copy of page 1 says "WAL": a backup is a plain file (reading it leaves no -wal/-shm).
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        src.close()


def _raise_fault(exc: BaseException, path: Path) -> None:
    fault = describe_fault(exc, path)
    if fault is not None:
        raise fault from exc


def _clean_partials(folder: Path) -> None:
    """Remove partial backups left by killed processes."""
    if not folder.is_dir():
        return
    now = time.time()
    for leftover in folder.iterdir():
        pid = leftover.name.split("-", 1)[0]
        alive = pid.isdigit() and _alive(int(pid))
        try:
            if not alive or now - leftover.stat().st_mtime > STALE_PARTIAL_S:
                leftover.unlink(missing_ok=True)
        except FileNotFoundError:
            continue  # another backup finished with it meanwhile


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # only the age tells (os.kill would end the process on Windows)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def backup_database(db_path: Path, backup_dir: Path, reason: str = "manual",
                    keep: int = DEFAULT_KEEP) -> Path:
    """Copy the database with the SQLite backup API, check the copy, then rotate old backups.

    The copy is a page-for-page snapshot of the database, so its ``quick_check`` is the integrity
    check of the database itself: a damaged database gives no backup at all.

    Args:
        db_path: The live database.
        backup_dir: Folder of backups (created if missing).
        reason: Short word kept in the file name (``manual``, ``daily``, ``before-upgrade``...).
        keep: How many backups of this reason to keep (older ones are removed).

    Returns:
        The new backup file.

    Raises:
        DatabaseCorruptError: The database is damaged; no backup was written, none was removed.
        DatabaseError: A fault such as a full disk (see `describe_fault`); nothing was removed.
    """
    partial_dir = backup_dir / PARTIAL_DIR
    stamp = _stamp()
    name = f"prm-{stamp}-{reason}{BACKUP_SUFFIX}"
    partial = partial_dir / f"{os.getpid()}-{name}"
    try:
        partial_dir.mkdir(parents=True, exist_ok=True)
        _clean_partials(partial_dir)
        _copy(db_path, partial)
        problems = quick_check(partial)
        if problems:
            raise DatabaseCorruptError(_(
                "The database {path} is damaged ({detail}). No backup was made, so that your good "
                "backups are kept. Restore the newest good backup: File › Restore, or the command "
                "prm-desktop restore --latest-good.", path=db_path, detail=problems[0]))
        _fsync_file(partial)
        target = backup_dir / name
        os.replace(partial, target)
        _fsync_dir(backup_dir)
    except (sqlite3.Error, OSError) as exc:
        _raise_fault(exc, db_path)
        raise
    finally:
        partial.unlink(missing_ok=True)
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


def verify_backup(path: Path) -> str:
    """Check a file can be restored: sound, a PRM Desktop database, not from a newer version.

    Returns:
        The backup's schema revision.

    Raises:
        DatabaseCorruptError: Damaged, or not a PRM Desktop backup.
        DatabaseTooNewError: Made by a newer version of the app.
    """
    try:
        problems = quick_check(path)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        fault = describe_fault(exc, path)
        if fault is not None and not isinstance(fault, DatabaseCorruptError):
            raise fault from exc
        raise DatabaseCorruptError(_(
            "{path} is not a PRM Desktop backup or is damaged ({error}); choose another one.",
            path=path, error=exc)) from exc
    if problems:
        raise DatabaseCorruptError(_(
            "The backup {path} is damaged ({detail}) and cannot be restored; choose another one.",
            path=path, detail=problems[0]))
    version = row[0] if row else None
    if version not in KNOWN_REVISIONS:
        raise DatabaseTooNewError(_(
            "The backup {path} was made by a newer version of PRM Desktop (schema {version}). Install "
            "the latest version to restore it. Nothing was changed.", path=path, version=version))
    return version


def newest_good_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup that passes `verify_backup` (damaged or too new ones are skipped)."""
    for info in list_backups(backup_dir) if backup_dir.is_dir() else []:
        try:
            verify_backup(info.path)
        except DatabaseError:
            continue
        return info
    return None



def _checkpoint(db_path: Path) -> None:
    """Copy every committed page of the ``-wal`` into the file and empty the ``-wal``."""
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.close()
    if busy:
        raise sqlite3.OperationalError("database is locked")


def _forget_sync_identity(path: Path) -> None:
    """A restored file rewinds the change log: its next open takes a new sync identity."""
    from prm_desktop.storage.sync.identity import forget_binding_sql

    conn = sqlite3.connect(path)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_state'").fetchone():
            with conn:
                conn.execute(forget_binding_sql())
    finally:
        conn.close()


def restore_database(backup_file: Path, db_path: Path, backup_dir: Path) -> RestoreOutcome:
    """Replace the database with a backup, keeping the current one first.

    Every process using the portfolio holds its "open" lock: the caller must have released its own
    (closed its database); the restore refuses while another process holds it.

    Raises:
        PortfolioInUseError: Another process has the portfolio open; nothing was changed.
        DatabaseCorruptError, DatabaseTooNewError: The backup cannot be restored (see `verify_backup`).
        DatabaseError: A fault such as a full disk; the current database was not replaced.
    """
    from prm_desktop.storage.portfolio_lock import hold_exclusive

    verify_backup(backup_file)
    lock = hold_exclusive(db_path)
    tmp = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    try:
        for leftover in (*db_path.parent.glob(f".{db_path.name}.restoring-*"), db_path.with_suffix(".restoring")):
            leftover.unlink(missing_ok=True)
        kept = aside = None
        if db_path.exists() and is_sound(db_path):
            kept = backup_database(db_path, backup_dir, reason="before-restore")
            _checkpoint(db_path)  # the file alone is then whole: its -wal can go
        elif db_path.exists() or Path(f"{db_path}-wal").exists():
            aside = set_aside(db_path)
        _copy(backup_file, tmp)
        _forget_sync_identity(tmp)
        _fsync_file(tmp)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, db_path)
        _fsync_dir(db_path.parent)
    except (sqlite3.Error, OSError) as exc:
        _raise_fault(exc, db_path)
        raise
    finally:
        tmp.unlink(missing_ok=True)
        lock.release()
    return RestoreOutcome(kept, aside)
