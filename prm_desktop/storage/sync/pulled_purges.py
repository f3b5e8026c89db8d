"""Personal-data purges made on another laptop, recognised in a pulled page and applied to this laptop's history.

A purge reaches the server as ordinary entries flagged ``purge``; other laptops receive the person's
row as the server keeps it: a tombstone whose name is ``(redacted)``. The row itself is applied like
any other, but this laptop also held the person's values in its own history (the change-log entries
it recorded when it pulled or edited the row, batch labels): those are redacted here as the purging
laptop redacted its own (`prm_desktop.storage.people.purge`). The person's values are read from this
laptop's copy of the row before the page overwrites it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.people.purge import (
    PERSON_FIELDS,
    REDACTED,
    identifying_values,
    redact_row_history,
    replace_in_history,
    secure_delete,
)

__all__ = ["PulledPurge", "purges_in_page", "redact_pulled_purges"]


@dataclass(frozen=True)
class PulledPurge:
    """A person purged on another laptop, and the values of theirs this laptop held."""

    table: str
    row_id: str
    values: tuple[str, ...]


def purges_in_page(session: Session, rows: Iterable[dict[str, Any]]) -> list[PulledPurge]:
    """The page's rows that purge a person this laptop still holds unredacted (read before they are applied).

    Args:
        session: The page's session (before any of the page is written).
        rows: The page's rows (``table``, ``row_id``, ``gone``, ``data``).
    """
    found = []
    for row in rows:
        table = row["table"]
        if table not in PERSON_FIELDS or row["gone"] or (row["data"] or {}).get("name") != REDACTED:
            continue
        local = session.execute(text(f'SELECT name, email, phone FROM "{table}" WHERE id = :id'),
                                {"id": row["row_id"]}).first()
        if local is None or local[0] == REDACTED:
            continue  # never held here, or already purged here
        found.append(PulledPurge(table, row["row_id"], tuple(identifying_values(*local))))
    if found:
        secure_delete(session)  # what the page and the redaction free is zeroed in the file
    return found


def redact_pulled_purges(session: Session, purges: Iterable[PulledPurge]) -> int:
    """Redact each purged person's values in this laptop's history (after the page was applied).

    Returns:
        How many change-log entries and batch labels were rewritten.
    """
    count = 0
    for purge in purges:
        count += redact_row_history(session, purge.table, purge.row_id, PERSON_FIELDS[purge.table])
        count += replace_in_history(session, purge.values)
    return count
