"""An initial pull in bulk: the derived tables (search index, partner summary) filled once, at the end.

A first pull into a portfolio whose derived tables are empty writes its pages without the commit
hooks; its last page is committed as touching every row, so the hooks fill the search index and
the summary in one pass (as an import does) instead of rewriting partner entries page after page.
Kill-safe: until that last commit the derived tables stay empty, which the next pull sees (it goes
on in bulk) and the next start repairs (`partner_summary.ensure_derived`).
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from prm_desktop.storage.models import SYNCED_MODELS

#: The derived tables a bulk pull leaves empty until its last page.
DERIVED_TABLES = ("search_rows", "partner_summary")


def derived_empty(session: Session) -> bool:
    """Whether the search index and the partner summary hold nothing (a new portfolio, an interrupted bulk pull)."""
    return all(session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None  # noqa: S608 - fixed names
               for table in DERIVED_TABLES)


def every_row(session: Session) -> set[tuple[str, str, str | None]]:
    """``(table, row_id, partner_id)`` of every row of every synced table: a commit that touched them all."""
    rows: set[tuple[str, str, str | None]] = set()
    for mapper in SYNCED_MODELS:
        tbl = mapper.class_.__table__
        partner = tbl.c.id if tbl.name == "partners" else tbl.c.get("partner_id")
        if partner is None:
            rows.update((tbl.name, row_id, None) for row_id in session.scalars(select(tbl.c.id)))
        else:
            rows.update((tbl.name, row_id, pid) for row_id, pid in session.execute(select(tbl.c.id, partner)))
    return rows
