"""Change log (the sync outbox) and batches; neither is synced itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, UtcDateTime, fk


class Batch(Base):
    """One committed unit of work: what Edit > Undo and ``undo-batch`` revert."""

    __tablename__ = "batches"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    undone_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    undoes_batch_id: Mapped[str | None] = mapped_column(String(36))
    row_count: Mapped[int] = mapped_column(Integer, default=0)


class ChangeLogEntry(Base):
    """A change to one row: insert snapshot, per-field old/new values, or delete.

    ``op`` is ``insert``, ``update`` or ``delete`` (a hard delete; soft deletes are updates of
    ``deleted_at``). ``data`` is JSON: the row for inserts and deletes, ``{field: [old, new]}`` for
    updates.
    """

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(fk("batches.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))
    data: Mapped[str] = mapped_column(Text)
    hlc: Mapped[str] = mapped_column(String(40))
    partner_id: Mapped[str | None] = mapped_column(String(36))
    pushed: Mapped[int] = mapped_column(Integer, default=0, index=True)


#: A note's edit history reads its entries by row; partial, so no other table's writes maintain it.
Index("ix_change_log_note_rows", ChangeLogEntry.row_id, sqlite_where=ChangeLogEntry.table_name == "notes")
