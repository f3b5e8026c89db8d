"""Models and migrations agree; start-up creates, upgrades (after a backup) or refuses a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from prm_desktop.storage import migrate
from prm_desktop.storage.database import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    DatabaseCorruptError,
    DatabaseTooNewError,
    check_schema,
    open_database,
)
from prm_desktop.storage.models import Base


def _include(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    return not (type_ == "table" and name and (name.startswith("search_") or name.startswith("sqlite_")))


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite3"
    migrate.upgrade(db)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_known_revisions_match_alembic_history() -> None:
    assert list(KNOWN_REVISIONS) == migrate.revisions()
    assert HEAD_REVISION == migrate.revisions()[-1]


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    assert check_schema(path) == "create"
    db = open_database(path)
    db.close()
    assert check_schema(path) == "ready"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of PRM Desktop"):
        open_database(path)
    assert path.read_bytes() == before


def test_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseCorruptError, match="not a PRM Desktop database"):
        open_database(path)
    assert path.read_bytes() == b"this is a spreadsheet, not a database" * 100


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
    with pytest.raises(DatabaseCorruptError, match="not a PRM Desktop one"):
        open_database(path)


def test_truncated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite3"
    open_database(path).close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x00" * 50)
    with pytest.raises(DatabaseCorruptError):
        open_database(path)


@pytest.mark.skipif(len(KNOWN_REVISIONS) < 2, reason="only one migration so far")
def test_upgrade_from_previous_revision_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(path, KNOWN_REVISIONS[-2])
    assert check_schema(path) == "upgrade"
    backups = tmp_path / "backups"
    db = open_database(path, backups)
    db.close()
    assert db.migrated_from == KNOWN_REVISIONS[-2]
    assert check_schema(path) == "ready"
    made = list(backups.glob("*before-upgrade*"))
    assert len(made) == 1
    with sqlite3.connect(made[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == KNOWN_REVISIONS[-2]
