"""Alembic environment of the server schema (run by `prm_server.migrate.upgrade`)."""

from __future__ import annotations

from alembic import context

from prm_server.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
