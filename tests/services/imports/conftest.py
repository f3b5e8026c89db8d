"""Fixtures of the import tests: a portfolio with the samples' program active, and helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.programs import import_program
from prm_desktop.storage.models import SYNCED_MODELS


@pytest.fixture
def example_uow(uow, samples):
    """The fresh portfolio with ``program_example.toml`` imported and active."""
    import_program(uow, (samples / "program_example.toml").read_text(encoding="utf-8"))
    return uow


@pytest.fixture
def load(example_uow, samples):
    """``load(kind, file)``: import a sample (or any path) and return ``(plan, result)``."""

    def run(kind: str, file: str | Path, **options):
        path = file if isinstance(file, Path) else samples / file
        return import_file(example_uow, kind, path, **options)

    return run


@pytest.fixture
def write_csv(tmp_path):
    """``write_csv(name, text)``: a UTF-8 CSV file in the test's folder."""

    def write(name: str, content: str) -> Path:
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        return path

    return write


class Db:
    """Read helpers over one portfolio."""

    def __init__(self, uow) -> None:
        self.uow = uow

    def rows(self, sql: str, **params) -> list[tuple]:
        """Rows of a SQL query, as tuples."""
        with self.uow.read() as session:
            return [tuple(row) for row in session.execute(text(sql), params)]

    def value(self, sql: str, **params):
        """The single value of a SQL query."""
        with self.uow.read() as session:
            return session.execute(text(sql), params).scalar()

    def live(self, table: str) -> int:
        """Live rows of a table."""
        return self.value(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL")

    def unlogged(self) -> dict[str, int]:
        """Rows of synced tables whose current state (id, hlc) has no change-log entry."""
        missing = {}
        for mapper in SYNCED_MODELS:
            table = mapper.class_.__tablename__
            count = self.value(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                "(SELECT 1 FROM change_log c WHERE c.row_id = t.id AND c.hlc = t.hlc)")
            if count:
                missing[table] = count
        return missing


@pytest.fixture
def db(uow) -> Db:
    """Read helpers over the test's portfolio."""
    return Db(uow)
