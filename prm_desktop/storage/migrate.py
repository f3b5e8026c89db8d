"""Alembic, driven from code: the migrations ship inside the package (design §4)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def migrations_dir() -> Path:
    """Folder of the Alembic scripts, installed or in a source checkout."""
    try:
        return Path(str(resources.files("prm_desktop.migrations")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(db_path: Path | None = None) -> Config:
    """An Alembic config pointing at our scripts and, optionally, a database file."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if db_path is not None:
        config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def upgrade(db_path: Path, revision: str = "head") -> None:
    """Bring the database at ``db_path`` to ``revision`` (creating it if needed).

    Indexes a stopped first sync left out are created first (`sync.bulk.restore_indexes_in_file`):
    migrations find the schema they were written for.
    """
    from prm_desktop.storage.sync.bulk import restore_indexes_in_file

    restore_indexes_in_file(db_path)
    command.upgrade(alembic_config(db_path), revision)


def revisions() -> list[str]:
    """Every revision id known to Alembic, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]
