"""The outbox side of the change log: what to push, and marking it acknowledged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from prm_desktop.storage.models import Batch, ChangeLogEntry, SyncState
from prm_desktop.storage.sync.apply import PENDING, PUSHED

LOG = ChangeLogEntry.__table__


@dataclass(frozen=True)
class OutboxEntry:
    """One change-log entry waiting to be pushed (``seq`` is its per-client increasing id)."""

    seq: int
    table: str
    row_id: str
    op: str
    data: dict[str, Any]
    hlc: str
    partner_id: str | None
    #: Written by a personal-data purge: the server applies it over any other value and erases the
    #: person's values from its history (see ``prm_server/purge.py``).
    purge: bool = False


def pending(session: Session, limit: int) -> list[OutboxEntry]:
    """The oldest ``limit`` entries not yet acknowledged, in ``seq`` order."""
    batches = Batch.__table__
    rows = session.execute(
        select(LOG.c.seq, LOG.c.table_name, LOG.c.row_id, LOG.c.op, LOG.c.data, LOG.c.hlc, LOG.c.partner_id,
               batches.c.kind == "purge")
        .join(batches, batches.c.id == LOG.c.batch_id)
        .where(LOG.c.pushed == PENDING).order_by(LOG.c.seq).limit(limit))
    return [OutboxEntry(seq, t, r, op, json.loads(d), h, p, bool(k)) for seq, t, r, op, d, h, p, k in rows]


def pending_count(session: Session) -> int:
    """How many entries wait in the outbox."""
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(LOG).where(LOG.c.pushed == PENDING)) or 0


def state(session: Session) -> SyncState:
    """The sync state row of this portfolio (made by `bind_identity` at open)."""
    found = session.get(SyncState, 1)
    if found is None:
        raise RuntimeError("sync_state row missing: open the portfolio with open_database")
    return found


def acknowledge(session: Session, through_seq: int) -> None:
    """Mark every pending entry up to ``through_seq`` pushed and remember it as acknowledged."""
    session.execute(update(LOG).where(LOG.c.pushed == PENDING, LOG.c.seq <= through_seq).values(pushed=PUSHED))
    current = state(session)
    current.pushed_seq = max(current.pushed_seq, through_seq)
