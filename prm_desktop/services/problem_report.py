"""Help › Report a problem: a zip of the logs and versions, never the database."""

from __future__ import annotations

import platform
import sys
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from prm_desktop import __version__
from prm_desktop.logging_setup import flush_logs, log_files

__all__ = ["versions", "write_problem_report"]

#: Files never put in a report, whatever folder they sit in.
EXCLUDED_SUFFIXES = (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".db")


def versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Versions of the app, Python, the OS and the main libraries (plus ``extra``, e.g. Qt's)."""
    found = {
        "PRM Desktop": __version__,
        "Python": sys.version.split()[0],
        "OS": platform.platform(),
        "Machine": platform.machine(),
    }
    for name in ("sqlalchemy", "alembic", "babel", "reportlab", "openpyxl", "platformdirs"):
        try:
            from importlib.metadata import version

            found[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing distribution is just not listed
            continue
    found.update(extra or {})
    return found


def write_problem_report(
    log_dir: Path, reports_dir: Path, extra_versions: Mapping[str, str] | None = None, description: str = ""
) -> Path:
    """Write ``problem-report-<time>.zip`` with the logs, a versions file and the user's words.

    Args:
        log_dir: Folder of the log files.
        reports_dir: Where the zip goes (created if missing).
        extra_versions: More versions to list (Qt, PySide6, schema).
        description: What the user says happened (optional).

    Returns:
        The zip file.
    """
    flush_logs()
    reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = reports_dir / f"problem-report-{stamp}.zip"
    lines = [f"{name}: {value}" for name, value in versions(extra_versions).items()]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("versions.txt", "\n".join(lines) + "\n")
        if description.strip():
            archive.writestr("description.txt", description.strip() + "\n")
        for path in log_files(log_dir):
            if path.name.endswith(EXCLUDED_SUFFIXES):
                continue
            archive.write(path, f"logs/{path.name}")
    return target
