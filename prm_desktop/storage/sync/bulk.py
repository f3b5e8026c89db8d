"""An initial pull in bulk: the derived tables (search index, partner summary) filled once, at the end.

A first pull into a portfolio whose derived tables are empty writes its pages without the commit
hooks; its last page is committed as touching every row, so the hooks fill the search index and
the summary in one pass (as an import does) instead of rewriting partner entries page after page.
Kill-safe: until that last commit the derived tables stay empty, which the next pull sees (it goes
on in bulk) and the next start repairs (`partner_summary.ensure_derived`).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.models import SYNCED_MODELS

#: The derived tables a bulk pull leaves empty until its last page.
DERIVED_TABLES = ("search_rows", "partner_summary")


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
