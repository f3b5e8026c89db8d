"""Alembic environment: SQLite with batch mode; FTS tables are left out of comparisons."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from prm_desktop.storage.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001, ANN201
    """Skip FTS5 virtual tables and their shadow tables."""
    if type_ == "table" and name and (name.startswith("search_") or name.startswith("sqlite_")):
        return False
    return True


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connectable)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
