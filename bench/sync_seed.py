"""Bench only: load a portfolio's synced rows straight into a sync server's PostgreSQL (no push).

Pushing the 100,000-partner set (3.9 M rows) through ``/v1/push`` would take a quarter of an hour;
this writes the ``rows`` table as those pushes would leave it, with ``COPY``:

- ``data``: the row's snapshot as `ChangeRecorder.bulk_insert` logs it (every column but ``created_at``,
  ``updated_at`` and ``hlc``; dates as ISO text, time-zone aware date-times as ``str``), so the JSON the
  server stores is what a push of the perf set (written by bulk inserts) sends;
- ``hlc``: the row's stamp; ``field_hlc``: that stamp for every field (a push of a row edited several
  times keeps each field's own stamp: the merge uses them, pulls never send them);
- ``scope``, ``scope_key``, ``partner_id``: as the server works them out (`prm_server.scopes`);
- ``change_no``: rows numbered in stamp order, which is the order a push numbers them in (a row's
  last change-log entry carries its stamp; a device's stamps increase), so parents come first.

Rows deleted locally are absent (a push would leave tombstones: a first pull skips them). Every
partner is shared with the whole team, so the bench user receives everything.
`tests/sync/test_bench_seed.py` checks that a seeded server and a pushed server serve the same pull.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, select, text

CLIENT_ID = "5eed5eed5eed5eed"


def _stream(db: sqlite3.Connection, model: Any) -> Iterator[tuple[str, str, str, str]]:
    """``(hlc, table, row_id, data JSON)`` of every row of one synced table, in stamp order."""
    from prm_desktop.storage.change_log import SYNC_COLUMNS

    table = model.__table__
    columns = [c for c in table.columns if c.key not in SYNC_COLUMNS]
    dialect = _sqlite_dialect()
    processors = [c.type._cached_result_processor(dialect, None) for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    keys = [c.key for c in columns]
    iso = [_python_type(c) in (date, datetime) for c in columns]  # others: str(value), as bulk_insert logs them
    query = f'SELECT hlc, {names} FROM "{table.name}" ORDER BY hlc'  # noqa: S608 - model names
    for row in db.execute(query):
        values = {}
        for key, processor, as_iso, value in zip(keys, processors, iso, row[1:], strict=True):
            if processor is not None and value is not None:
                value = processor(value)
                if isinstance(value, datetime | date):
                    value = value.isoformat() if as_iso else str(value)
            values[key] = value
        yield row[0], table.name, values["id"], values


_DIALECT = None


def _python_type(column: Any) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _sqlite_dialect() -> Any:
    global _DIALECT  # noqa: PLW0603 - built once
    if _DIALECT is None:
        from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

        _DIALECT = SQLiteDialect_pysqlite()
    return _DIALECT


def seed(engine: Engine, sqlite_file: Path, team: str = "default") -> int:
    """Fill the (migrated, empty) server database of ``engine`` with the rows of ``sqlite_file``.

    Returns:
        How many rows were loaded.
    """
    from prm_desktop.storage.models import SYNCED_MODELS
    from prm_server import admin
    from prm_server.merge import partner_of
    from prm_server.scopes import TABLE_SCOPES, scope_of

    models = [m.class_ for m in SYNCED_MODELS if m.class_.__tablename__ in TABLE_SCOPES]
    db = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    with engine.begin() as conn:
        team_id = admin.ensure_team(conn, team)
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_rows_team_change")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_rows_team_scope")
    merged = heapq.merge(*(_stream(db, model) for model in models), key=lambda r: r[0])
    count, last_hlc, partners = 0, "", []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy("COPY rows (team_id, table_name, row_id, scope, scope_key, partner_id, data, field_hlc, "
                         "hlc, gone, change_no, last_client) FROM STDIN") as copy:
            for hlc, table, row_id, values in merged:
                count += 1
                scope, key = scope_of(table, values)
                data = orjson.dumps(values, default=str).decode()
                stamps = orjson.dumps(dict.fromkeys(values, hlc)).decode()
                copy.write_row((team_id, table, row_id, scope, key, partner_of(table, row_id, values), data,
                                stamps, hlc, False, count, CLIENT_ID))
                if table == "partners":
                    partners.append(row_id)
                last_hlc = hlc
        with cursor.copy("COPY shares (team_id, partner_id, user_id, change_no) FROM STDIN") as copy:
            for partner_id in partners:
                copy.write_row((team_id, partner_id, None, 0))
        raw.commit()
    finally:
        raw.close()
        db.close()
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE INDEX ix_rows_team_change ON rows (team_id, change_no)")
        conn.exec_driver_sql("CREATE INDEX ix_rows_team_scope ON rows (team_id, scope, scope_key)")
        conn.execute(text("UPDATE teams SET counter = :n WHERE id = :t"), {"n": count, "t": team_id})
        conn.execute(text("ANALYZE"))
        del last_hlc  # the seed's client is never pushed again: no `clients` row needed
    return count


def served_rows(engine: Engine, username: str) -> list[tuple[str, str, Any, str, bool]]:
    """Every row a full pull of ``username`` receives, as ``(table, row_id, data, hlc, gone)`` (for checks)."""
    from prm_server.access import User
    from prm_server.pull import pull
    from prm_server.schema import users

    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
        user = User(row.id, row.team_id, row.username, row.member_name)
        cursor, found = 0, []
        while True:
            page = pull(conn, user, cursor, 5000)
            for doc in page["rows"]:
                item = orjson.loads(doc)
                found.append((item["table"], item["row_id"], item["data"], item["hlc"], item["gone"]))
            cursor = page["cursor"]
            if not page["has_more"]:
                return found
