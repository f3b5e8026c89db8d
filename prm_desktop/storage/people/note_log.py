"""The change-log entries of one note, oldest first, with when and by what kind of batch each was written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.storage.models import Batch, ChangeLogEntry

__all__ = ["note_log"]


def note_log(session: Session, note_id: str) -> list[tuple[str, str, datetime, str]]:
    """``(op, data JSON, batch time, batch kind)`` of every logged change of a note, oldest first.

    The partial index ``ix_change_log_note_rows`` (notes' entries by row) makes this a lookup, not a scan
    of the whole change log.
    """
    query = (
        select(ChangeLogEntry.op, ChangeLogEntry.data, Batch.created_at, Batch.kind)
        .join(Batch, Batch.id == ChangeLogEntry.batch_id)
        .where(ChangeLogEntry.table_name == "notes", ChangeLogEntry.row_id == note_id)
        .order_by(ChangeLogEntry.seq)
    )
    return [(op, data, created_at, kind) for op, data, created_at, kind in session.execute(query)]
