"""A whole search index built in a database file of its own, then copied into the portfolio's.

The process that builds a large fill's entries (`fill_process`) also writes them into a file of
its own, with the same tables (`schema.CREATE_DDL`) filled the way `index.rebuild` fills them: it
tokenises them there, while this process does other work (the partner summary). `copy_into` then
copies both tables into the portfolio, the full-text index's own tables (its shadow tables, which
are ordinary tables) row for row: no text is tokenised again (100,000 partners: ~11 s of this
process's time become ~1 s). The index is the one `index.rebuild` makes from the same entries.

The file is attached to the caller's connection for the copy, which reads it in the caller's
transaction: it is detached when the connection goes back to the pool (after the commit or the
rollback), as SQLite allows no sooner.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from prm_desktop.storage.search.schema import CREATE_DDL, DROP_DDL

__all__ = ["build_file", "copy_into"]

#: The full-text index's own tables, as FTS5 names them (``search_index_data`` ...).
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")
#: Where a connection record keeps the schema names of the files attached to it (detached at check-in).
_ATTACHED = "prm_search_fill_attached"
_INDEXES = tuple(s for s in CREATE_DDL if s.startswith("CREATE INDEX"))
_TABLES = tuple(s for s in CREATE_DDL if s not in _INDEXES)


def build_file(entries: Iterable[tuple[Any, ...]], path: Path, hash_bytes: int) -> None:
    """Write an index holding ``entries`` (``(rowid, kind, entity_id, partner_id, body)``, in row-id order) to ``path``.

    Args:
        entries: The entries, with their row ids (`index.with_rowids`).
        path: A new database file.
        hash_bytes: FTS5's in-memory terms while filling (`index.FILL_HASH_BYTES`).
    """
    rows = list(entries)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=OFF")  # a scratch file: deleted if anything fails
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-65536")
        connection.execute("BEGIN")
        for statement in CREATE_DDL:
            connection.execute(statement)
        connection.executemany("INSERT INTO search_rows (id, kind, entity_id, partner_id) VALUES (?, ?, ?, ?)",
                               [row[:4] for row in rows])
        connection.execute(f"INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {int(hash_bytes)})")
        connection.executemany("INSERT INTO search_index (rowid, kind, entity_id, partner_id, body) "
                               "VALUES (?, ?, ?, ?, ?)", rows)
        connection.execute("DELETE FROM search_index_config WHERE k = 'hashsize'")  # the default again
        connection.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        connection.execute("COMMIT")
    finally:
        connection.close()


def _detach_on_checkin(dbapi_connection: Any, record: Any) -> None:
    for alias in record.info.pop(_ATTACHED, []) if record is not None else []:
        try:
            dbapi_connection.execute(f"DETACH DATABASE {alias}")
        except sqlite3.Error:  # a connection closed or broken meanwhile: nothing left attached
            pass


def copy_into(session: Session, path: Path) -> None:
    """Replace the portfolio's index (both tables) by the one in ``path`` (`build_file`), in this transaction."""
    engine: Engine = session.get_bind()  # type: ignore[assignment]
    if not event.contains(engine, "checkin", _detach_on_checkin):
        event.listen(engine, "checkin", _detach_on_checkin)
    for statement in (*DROP_DDL, *_TABLES):
        session.execute(text(statement))
    attached = session.connection().connection.info.setdefault(_ATTACHED, [])
    alias = f"search_fill_{len(attached)}"
    session.execute(text(f"ATTACH DATABASE :path AS {alias}"), {"path": str(path)})
    attached.append(alias)
    session.execute(text(f"INSERT INTO search_rows SELECT * FROM {alias}.search_rows ORDER BY id"))  # noqa: S608
    for statement in _INDEXES:  # built once the rows are in (sorted, not row by row)
        session.execute(text(statement))
    for name in SHADOW_TABLES:
        session.execute(text(f"DELETE FROM search_index_{name}"))  # noqa: S608 - fixed names
        session.execute(text(f"INSERT INTO search_index_{name} SELECT * FROM {alias}.search_index_{name}"))  # noqa: S608
