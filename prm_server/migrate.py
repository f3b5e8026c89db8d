"""Upgrading the server's PostgreSQL schema with its own Alembic migrations."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (an advisory lock keeps two servers from racing)."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("prm_server") / "migrations"))
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7412)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
