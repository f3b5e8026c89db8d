"""Every path the application uses, and the app's identity.

`build.spec` reads the app name and version from here. Paths come from platformdirs unless a data
directory is given with ``--data-dir`` or the ``PRM_DATA_DIR`` environment variable (tests, demos,
several portfolios).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from prm_desktop import APP_NAME, __version__

APP_ID = "prm-desktop"
ORG_NAME = "PRM Desktop"
VERSION = __version__
DATA_DIR_ENV = "PRM_DATA_DIR"
DB_FILENAME = "prm.sqlite3"
DRAFTS_FILENAME = "drafts.sqlite3"

__all__ = ["APP_ID", "APP_NAME", "VERSION", "Paths", "resolve_paths"]


@dataclass(frozen=True)
class Paths:
    """The folders and files of one portfolio (one data directory).

    Attributes:
        data_dir: Folder holding the database, its drafts file and backups.
        log_dir: Folder of the rotating log files.
        settings_file: INI file for window layout and preferences (QSettings).
    """

    data_dir: Path
    log_dir: Path
    settings_file: Path

    @property
    def database(self) -> Path:
        """Main SQLite database file."""
        return self.data_dir / DB_FILENAME

    @property
    def drafts(self) -> Path:
        """Small unsynced SQLite file for unsaved drafts."""
        return self.data_dir / DRAFTS_FILENAME

    @property
    def backup_dir(self) -> Path:
        """Folder of automatic and manual backups."""
        return self.data_dir / "backups"

    @property
    def reports_dir(self) -> Path:
        """Folder of problem reports written by Help > Report a problem."""
        return self.data_dir / "problem-reports"

    def ensure(self) -> Paths:
        """Create the folders if missing and return self."""
        for folder in (self.data_dir, self.log_dir, self.backup_dir, self.settings_file.parent):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Work out the paths for a data directory.

    Args:
        data_dir: Explicit data folder (``--data-dir``); falls back to ``PRM_DATA_DIR`` then to the
            platform's user data folder.

    Returns:
        The paths; with an explicit data folder, logs and settings live inside it so that several
        portfolios (and tests) never share them.
    """
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, log_dir=root / "logs", settings_file=root / "settings.ini")
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        settings_file=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)) / "settings.ini",
    )
