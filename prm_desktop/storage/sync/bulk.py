"""An initial pull in bulk: the derived tables (search index, partner summary) filled once, at the end.

A first pull into a portfolio whose derived tables are empty writes its pages without the commit
hooks; its last page is committed as touching every row, so the hooks fill the search index and
the summary in one pass (as an import does) instead of rewriting partner entries page after page.
Kill-safe: until that last commit the derived tables stay empty, which the next pull sees (it goes
on in bulk) and the next start repairs (`partner_summary.ensure_derived`).

Into an empty portfolio, the pages are also written without the synced tables' secondary indexes
(`defer_indexes`): rows arrive in stamp order, so every index on a partner id or a name took one
random B-tree insert per row (100,000 partners: most of the pages' SQLite time); the last page
creates them again, sorted once (`restore_indexes`), before the hooks fill the derived tables. Their
SQL is kept in a table of its own (``sync_deferred_indexes``) in the transaction that drops them:
a pull stopped before its last page leaves them listed there, for the next pull's last page or
the next start (`partner_summary.ensure_derived`) to create.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.models import SYNCED_MODELS
from prm_desktop.storage.search.index import bulk_cache

#: The derived tables a bulk pull leaves empty until its last page.
DERIVED_TABLES = ("search_rows", "partner_summary")
#: Where the SQL of the indexes a bulk pull dropped waits for them to be created again.
DEFERRED = "sync_deferred_indexes"


def _synced_tables() -> list[str]:
    return [mapper.class_.__table__.name for mapper in SYNCED_MODELS]


def indexes_deferred(session: Session) -> bool:
    """Whether a bulk pull left secondary indexes to create (`restore_indexes`)."""
    return session.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
                           {"n": DEFERRED}).first() is not None


def defer_indexes(session: Session) -> bool:
    """Drop the synced tables' secondary indexes while the portfolio has no partner (a bulk pull's first page).

    Unique indexes stay (they are constraints). The dropped ones are listed in ``sync_deferred_indexes``
    in the same transaction; `restore_indexes` creates them again.

    Returns:
        Whether indexes are now deferred (dropped here, or by an earlier page of an interrupted pull).
    """
    if session.get_bind().dialect.name != "sqlite":
        return False
    if indexes_deferred(session):
        return True
    if session.execute(text("SELECT 1 FROM partners LIMIT 1")).first() is not None:
        return False
    names = ", ".join(f"'{t}'" for t in _synced_tables())
    found = session.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608 - model names
        f"AND tbl_name IN ({names}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name")).all()
    session.execute(text(f"CREATE TABLE {DEFERRED} (name TEXT PRIMARY KEY, sql TEXT NOT NULL)"))
    for name, sql in found:
        session.execute(text(f"INSERT INTO {DEFERRED} (name, sql) VALUES (:name, :sql)"), {"name": name, "sql": sql})
        session.execute(text(f'DROP INDEX "{name}"'))
    return True


def restore_indexes(session: Session) -> int:
    """Create again the indexes `defer_indexes` dropped, in the caller's transaction; returns how many."""
    if not indexes_deferred(session):
        return 0
    found = session.execute(text(f"SELECT name, sql FROM {DEFERRED} ORDER BY name")).all()  # noqa: S608
    with bulk_cache(session):  # each index sorted in memory
        for _name, sql in found:
            session.execute(text(_if_missing(sql)))
    session.execute(text(f"DROP TABLE {DEFERRED}"))
    return len(found)


def _if_missing(sql: str) -> str:
    """``CREATE INDEX IF NOT EXISTS ...`` from the stored ``CREATE INDEX ...``."""
    head = "CREATE INDEX "
    return f"CREATE INDEX IF NOT EXISTS {sql[len(head):]}" if sql.upper().startswith(head) else sql


def restore_indexes_in_file(path: Path) -> int:
    """`restore_indexes` on the database file at ``path`` (before migrations; nothing if there is no such file)."""
    if not path.is_file():
        return 0
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        listed = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (DEFERRED,))
        if listed.fetchone() is None:
            return 0
        connection.execute("BEGIN IMMEDIATE")
        found = connection.execute(f"SELECT sql FROM {DEFERRED} ORDER BY name").fetchall()  # noqa: S608
        for (sql,) in found:
            connection.execute(_if_missing(sql))
        connection.execute(f"DROP TABLE {DEFERRED}")
        connection.execute("COMMIT")
        return len(found)
    finally:
        connection.close()


def derived_empty(session: Session) -> bool:
    """Whether the search index and the partner summary hold nothing (a new portfolio, an interrupted bulk pull)."""
    return all(session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None  # noqa: S608 - fixed names
               for table in DERIVED_TABLES)


def every_row(session: Session) -> set[tuple[str, str, str | None]]:
    """What the commit hooks take for a commit that touched every row of every synced table.

    A row about one partner (its ``partner_id`` set) is stood for by that partner's own row: the
    hooks take from such a row only its partner, and a partner they see touched gets all its
    entries (its search entries, its summary row) computed again. Every other row is in the set
    (partners, team-wide rows, visits, notes about a stakeholder). 100,000 partners: 0.8 M entries
    instead of 3.9 M.
    """
    rows: set[tuple[str, str, str | None]] = set()
    cursor = session.connection().connection.driver_connection.cursor()  # plain tuples, no result rows
    for mapper in SYNCED_MODELS:
        name = mapper.class_.__table__.name
        if name == "partners":
            sql = "SELECT 'partners', id, id FROM partners"
        elif "partner_id" in mapper.class_.__table__.c:
            sql = f"SELECT '{name}', id, NULL FROM {name} WHERE partner_id IS NULL"  # noqa: S608 - model names
        else:
            sql = f"SELECT '{name}', id, NULL FROM {name}"  # noqa: S608 - model names
        rows.update(cursor.execute(sql).fetchall())
    cursor.close()
    return rows
