"""File moves shared by the database and the drafts file: a damaged SQLite file is set aside, never deleted."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def set_aside(db_path: Path) -> Path:
    """Rename a damaged SQLite file (and its ``-wal``/``-shm``) with a UTC timestamp; never deletes it.

    Args:
        db_path: The damaged file.

    Returns:
        The new name of the file, e.g. ``prm-damaged-20261206T101500Z.sqlite3``.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = db_path.with_name(f"{db_path.stem}-damaged-{stamp}{db_path.suffix}")
    for suffix in ("-wal", "-shm", ""):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    return aside
