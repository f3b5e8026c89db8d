"""A full resync's bookkeeping: edits the server lost back in the outbox, rows it no longer has removed.

A full resync pulls everything the server holds for the user again. Rows the server once knew
(pushed from here and acknowledged, or received from it) that did not come back were deleted on
the server while this laptop was away (or the server lost them): they leave this laptop too.
Rows with edits not yet sent stay; rows the server never knew (no acknowledged or received entry)
are never touched.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from prm_desktop.storage.models import ChangeLogEntry
from prm_desktop.storage.sync.apply import MODELS, PENDING, PUSHED, REMOTE, RemoteApplier
from prm_desktop.storage.sync.outbox import state

LOG = ChangeLogEntry.__table__


def requeue_lost(session: Session, acknowledged: int) -> int:
    """Put entries acknowledged after ``acknowledged`` back in the outbox (the server lost them).

    Returns:
        How many entries will be sent again.
    """
    again = session.execute(update(LOG).where(LOG.c.pushed == PUSHED, LOG.c.seq > acknowledged)
                            .values(pushed=PENDING)).rowcount or 0
    current = state(session)
    current.pushed_seq = min(current.pushed_seq, acknowledged)
    return again


def known_to_server(session: Session) -> set[tuple[str, str]]:
    """``(table, row_id)`` of every row the server acknowledged from here or sent here."""
    found = session.execute(select(LOG.c.table_name, LOG.c.row_id).where(LOG.c.pushed.in_((PUSHED, REMOTE)))
                            .distinct())
    return {(table, row_id) for table, row_id in found if table in MODELS}


def sweep(applier: RemoteApplier, seen: set[tuple[str, str]]) -> int:
    """Remove rows the server once knew and did not send in a full pull (``seen``); returns how many.

    Removals are remote applies: logged, never pushed back. Rows with unsent edits stay.
    """
    session = applier.session
    applier.write_rows()
    gone: dict[str, list[str]] = {}
    for table, row_id in known_to_server(session) - seen:
        if (table, row_id) not in applier.pending:
            gone.setdefault(table, []).append(row_id)
    removed = 0
    for table, ids in gone.items():
        tbl = MODELS[table].__table__
        for start in range(0, len(ids), 500):
            for row_id, hlc in session.execute(select(tbl.c.id, tbl.c.hlc).where(tbl.c.id.in_(ids[start:start + 500]))):
                removed += applier.apply(table, row_id, None, hlc)
    applier.write_rows()
    return removed
