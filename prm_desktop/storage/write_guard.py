"""No write to a synced table escapes the change log: a guard on every statement the engine runs.

The ORM-level guard in `prm_desktop.storage.change_log` sees only ORM statements; this one sits on
the engine's ``before_cursor_execute`` and reads the SQL text itself, so a Core
``update(Partner.__table__)``, ``text("UPDATE partners ...")`` or ``session.connection().execute()``
are caught too. A statement that inserts, updates, deletes or replaces rows of a synced table runs
only when it comes from a logged path: `ChangeRecorder.bulk_insert` / ``bulk_update`` (execution
option `LOGGED`) or an ORM flush of a unit of work (whose changes the flush events log). On a
read-only connection (`UnitOfWorkFactory.read`) every write is refused; SQLite's
``PRAGMA query_only`` backs that up for statements that bypass SQLAlchemy.

Derived tables (search index, partner summary, evaluations), the change log itself and the local
profile are not synced: writing them is allowed. Alembic migrations run on their own engine.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import ExecutionContext

from prm_desktop.storage.change_log import FLUSHING, LOGGED, READ_ONLY, UnloggedWriteError
from prm_desktop.storage.models import SYNCED_MODELS

SYNCED_TABLES: frozenset[str] = frozenset(m.class_.__tablename__ for m in SYNCED_MODELS)

_LITERALS = re.compile(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", re.S)
_NAME = r'(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|\w+)'
_WRITE = re.compile(
    rf"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)"
    rf"\s+(?:{_NAME}\s*\.\s*)?({_NAME})",
    re.I,
)


@lru_cache(maxsize=1024)
def written_tables(statement: str) -> frozenset[str]:
    """Tables a SQL statement inserts into, updates, deletes from or replaces into (lower case).

    String literals and comments are ignored; quoted and schema-qualified names are understood.
    """
    if not any(word in statement.upper() for word in ("INSERT", "UPDATE", "DELETE", "REPLACE")):
        return frozenset()
    text = _LITERALS.sub("''", statement)
    return frozenset(name.strip('"`[]').lower() for name in _WRITE.findall(text))


def check_statement(conn: Connection, statement: str, context: ExecutionContext | None) -> None:
    """Raise `UnloggedWriteError` when ``statement`` would write outside the change log.

    Raises:
        UnloggedWriteError: A write on a read-only session, or an unlogged write to a synced table.
    """
    tables = written_tables(statement)
    if not tables:
        return
    info = conn.info
    if info.get(READ_ONLY):
        raise UnloggedWriteError(
            f"read sessions cannot write ({', '.join(sorted(tables))}); write in a unit of work")
    synced = tables & SYNCED_TABLES
    if not synced or info.get(FLUSHING):
        return
    if context is not None and context.execution_options.get(LOGGED):
        return
    raise UnloggedWriteError(
        f"write to {', '.join(sorted(synced))} bypasses the change log; use the unit of work "
        "(ORM objects, or bulk_insert/bulk_update)")


def _before_cursor_execute(conn: Connection, _cursor: Any, statement: str, _parameters: Any,
                           context: ExecutionContext | None, _executemany: bool) -> None:
    check_statement(conn, statement, context)


def guard_writes(engine: Engine) -> None:
    """Check every statement ``engine`` runs with `check_statement`."""
    event.listen(engine, "before_cursor_execute", _before_cursor_execute)
