"""Faults that are not damage, each with its own plain message.

A read-only folder, a full disk, a busy portfolio, a journal file removed while open.

SQLite reports all of them as ``sqlite3.OperationalError``; `describe_fault` turns one into the
matching `DatabaseError` subclass, and `install_fault_messages` does it for every statement run on an
engine, so the CLI prints one line and the GUI an error dialog, never a traceback and never "damaged,
restore a backup" for a disk that is merely full.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from prm_desktop.domain.i18n import _
from prm_desktop.storage.database import DatabaseCorruptError, DatabaseError


class DatabaseReadOnlyError(DatabaseError):
    """The portfolio folder or file cannot be written."""


class DiskFullError(DatabaseError):
    """The disk holding the portfolio (or its backups) is full."""


class DatabaseBusyError(DatabaseError):
    """Another process is writing to the portfolio ("database is locked")."""


class DatabaseIOError(DatabaseError):
    """The file or its ``-wal`` journal could not be read or written (removed, disk gone)."""


class PortfolioInUseError(DatabaseError):
    """A restore was refused because another process has the portfolio open."""


#: Less free space than this on the portfolio's disk: an I/O error is a full disk.
FULL_BELOW_BYTES = 1_000_000
_READONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}


def _kind(exc: BaseException) -> str | None:
    """``busy``, ``full``, ``readonly``, ``io``, ``corrupt`` or None for anything else."""
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno in _FULL:
            return "full"
        if exc.errno in _READONLY:
            return "readonly"
        return None
    name = (getattr(exc, "sqlite_errorname", "") or "").upper()
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "busy"
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return "corrupt"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        return "cantopen"
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    """Whether a file can really be created in ``folder`` (root ignores permission bits)."""
    probe = folder / f".prm-write-probe-{os.getpid()}"
    try:
        probe.write_bytes(b"")
    except OSError:
        return False
    probe.unlink(missing_ok=True)
    return True


def describe_fault(exc: BaseException, path: Path) -> DatabaseError | None:
    """The clear error for a fault met while using the database at ``path``, or None.

    Args:
        exc: A ``sqlite3`` error or an ``OSError``.
        path: The database (or backup) file concerned.

    Returns:
        A `DatabaseError` subclass with a plain, translated message; None when ``exc`` is none of
        the known faults (the caller keeps its own handling).
    """
    kind = _kind(exc)
    folder = path.parent
    if kind in ("io", "cantopen") and _nearly_full(folder):
        kind = "full"  # SQLite reports a write refused by a full disk as an I/O error at times
    if kind == "cantopen":
        kind = "readonly" if folder.is_dir() and not _writable(folder) else None
    if kind == "busy":
        return DatabaseBusyError(_(
            "The portfolio is busy: another PRM Desktop window or command (an import, a backup…) is "
            "writing to it. Wait until it has finished, then try again. Nothing was changed."))
    if kind == "full":
        return DiskFullError(_(
            "The disk holding {folder} is full. Free some space on it, then try again. "
            "Nothing was changed.", folder=folder))
    if kind == "readonly":
        return DatabaseReadOnlyError(_(
            "PRM Desktop cannot write in the folder {folder}: it is read-only or you are not allowed "
            "to change it. Give yourself write access, or choose another data folder.", folder=folder))
    if kind == "io":
        return DatabaseIOError(_(
            "The database {path} or its journal file {name}-wal could not be read or written (disk "
            "I/O error). This happens when the -wal file is deleted or moved while the portfolio is "
            "open, or when the disk is disconnected. Close every PRM Desktop window and command "
            "using this portfolio, then open it again.", path=path, name=path.name))
    if kind == "corrupt":
        return DatabaseCorruptError(damaged_message(path, exc))
    return None


def as_fault(exc: BaseException, path: Path) -> DatabaseError | None:
    """`describe_fault` for an ``sqlite3``/``OSError`` error, also when SQLAlchemy wrapped it."""
    original = getattr(exc, "orig", None)
    if isinstance(original, sqlite3.Error):
        exc = original
    if isinstance(exc, sqlite3.Error | OSError):
        return describe_fault(exc, path)
    return None


def damaged_message(path: Path, detail: object = "") -> str:
    """The message for a damaged database, pointing at the newest good backup."""
    return _(
        "The database {path} is damaged ({detail}). It was not changed. Restore the newest good "
        "backup: File › Restore, or the command prm-desktop restore --latest-good.",
        path=path, detail=detail or _("integrity check failed"))


def install_fault_messages(engine: Engine, path: Path) -> None:
    """Raise the clear `DatabaseError` of `describe_fault` instead of SQLAlchemy's wrapper."""

    def _handle(context: Any) -> DatabaseError | None:
        original = context.original_exception
        if not isinstance(original, sqlite3.Error):
            return None
        fault = describe_fault(original, path)
        if fault is not None:
            fault.__cause__ = original
        return fault

    event.listen(engine, "handle_error", _handle)
