"""Every path the application uses, the app's identity, and which portfolio to open.

`build.spec` reads the app name and version from here. The portfolio folder is chosen, first match
wins: ``--data-dir``, the ``PRM_DATA_DIR`` environment variable, the folder saved in Edit › Settings
(the small ``config.json`` in the user config folder, read by the GUI and the CLI alike), the
platform's user data folder. ``PRM_CONFIG_DIR`` moves the user config folder (tests, portable use).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from prm_desktop import APP_NAME, __version__
from prm_desktop.domain.i18n import N_

APP_ID = "prm-desktop"
#: The application's own licence, shown in Help › About (third-party licences: THIRD_PARTY_NOTICES.txt).
LICENCE = N_("proprietary software, all rights reserved")
ORG_NAME = "PRM Desktop"
VERSION = __version__
DATA_DIR_ENV = "PRM_DATA_DIR"
CONFIG_DIR_ENV = "PRM_CONFIG_DIR"
CONFIG_FILENAME = "config.json"
DB_FILENAME = "prm.sqlite3"
DRAFTS_FILENAME = "drafts.sqlite3"
#: Key of the portfolio folder saved in Settings, in ``config.json``.
KEY_DATA_DIR = "data_dir"

__all__ = [
    "APP_ID",
    "APP_NAME",
    "LICENCE",
    "VERSION",
    "DataDirChoice",
    "DataDirSource",
    "Paths",
    "choose_data_dir",
    "config_file",
    "default_paths",
    "resolve_paths",
    "save_data_dir",
    "saved_data_dir",
]

log = logging.getLogger(__name__)


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


class DataDirSource(StrEnum):
    """Where the portfolio folder came from, by precedence."""

    OPTION = "option"  # --data-dir
    ENVIRONMENT = "environment"  # PRM_DATA_DIR
    SETTINGS = "settings"  # saved in Edit › Settings (config.json)
    DEFAULT = "default"  # the platform's user data folder


@dataclass(frozen=True)
class DataDirChoice:
    """The portfolio folder to open and where that choice came from.

    Attributes:
        folder: The portfolio folder (absolute).
        source: Which rule chose it.
    """

    folder: Path
    source: DataDirSource

    @property
    def explicit(self) -> bool:
        """Given for this run only (``--data-dir`` or ``PRM_DATA_DIR``), not the saved choice."""
        return self.source in (DataDirSource.OPTION, DataDirSource.ENVIRONMENT)

    def paths(self) -> Paths:
        """The paths of the chosen portfolio."""
        if self.source is DataDirSource.DEFAULT:
            return default_paths()
        return _folder_paths(self.folder)


def user_config_dir() -> Path:
    """The user config folder: ``PRM_CONFIG_DIR``, else the platform's (platformdirs)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def config_file() -> Path:
    """The small JSON file holding the choices every face shares (the portfolio folder)."""
    return user_config_dir() / CONFIG_FILENAME


def _read_config() -> dict[str, Any]:
    path = config_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable config file %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write_config(data: dict[str, Any]) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def saved_data_dir() -> Path | None:
    """The portfolio folder saved in Settings, or None."""
    value = _read_config().get(KEY_DATA_DIR)
    return Path(value) if isinstance(value, str) and value else None


def save_data_dir(folder: str | os.PathLike[str] | None) -> None:
    """Save (or with None, forget) the portfolio folder used by every face without ``--data-dir``.

    The file is replaced atomically: a crash leaves the old or the new choice, never half a file.
    """
    data = _read_config()
    if folder is None:
        data.pop(KEY_DATA_DIR, None)
    else:
        data[KEY_DATA_DIR] = str(Path(folder).expanduser().resolve())
    _write_config(data)


def choose_data_dir(data_dir: str | os.PathLike[str] | None = None) -> DataDirChoice:
    """Pick the portfolio folder: ``--data-dir`` > ``PRM_DATA_DIR`` > Settings > the default.

    Args:
        data_dir: The ``--data-dir`` value, if any.

    Returns:
        The folder and where it came from (the folder may not exist yet).
    """
    if data_dir:
        return DataDirChoice(Path(data_dir).expanduser().resolve(), DataDirSource.OPTION)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return DataDirChoice(Path(env).expanduser().resolve(), DataDirSource.ENVIRONMENT)
    saved = saved_data_dir()
    if saved is not None:
        return DataDirChoice(saved, DataDirSource.SETTINGS)
    return DataDirChoice(default_paths().data_dir, DataDirSource.DEFAULT)


def _folder_paths(root: Path) -> Paths:
    return Paths(data_dir=root, log_dir=root / "logs", settings_file=root / "settings.ini")


def default_paths() -> Paths:
    """The platform's default portfolio: user data, log and config folders (platformdirs)."""
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
        settings_file=user_config_dir() / "settings.ini",
    )


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Work out the paths of the portfolio to open (see `choose_data_dir` for the precedence).

    Args:
        data_dir: Explicit data folder (``--data-dir``).

    Returns:
        The paths; with a folder other than the default, logs and settings live inside it so that
        several portfolios (and tests) never share them.
    """
    return choose_data_dir(data_dir).paths()
