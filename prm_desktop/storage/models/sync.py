"""Local sync bookkeeping (not synced): the client's identity and cursors, and conflicts seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, UtcDateTime
from prm_desktop.storage.models.system import ChangeLogEntry


class SyncState(Base):
    """The sync identity and progress of this portfolio (one row, id 1).

    ``client_id`` names this copy of the portfolio to the server; ``bound_path`` is the database
    file it was given for: a copy elsewhere, or a restored backup (which clears it), gets a new one.
    ``pushed_seq`` is the last change-log ``seq`` the server acknowledged under ``client_id``;
    ``cursor`` the server commit counter the last pulled page ended at. ``server_incarnation`` names
    the server database these belong to (it changes when that database is restored from a backup);
    ``resync_due`` is set until a full resync (everything pulled again) has finished.
    """

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(16))
    bound_path: Mapped[str] = mapped_column(Text, default="")
    pushed_seq: Mapped[int] = mapped_column(Integer, default=0)
    cursor: Mapped[int] = mapped_column(Integer, default=0)
    server_url: Mapped[str | None] = mapped_column(String(300))
    username: Mapped[str | None] = mapped_column(String(200))
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    server_incarnation: Mapped[str | None] = mapped_column(String(100))
    resync_due: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class SyncConflict(Base):
    """A value that lost a merge (or an edit the server refused): kept, never silently dropped."""

    __tablename__ = "sync_conflicts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    partner_id: Mapped[str | None] = mapped_column(String(36), index=True)
    field: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    kept_value: Mapped[str | None] = mapped_column(Text)
    lost_value: Mapped[str | None] = mapped_column(Text)
    kept_hlc: Mapped[str | None] = mapped_column(String(40))
    lost_hlc: Mapped[str | None] = mapped_column(String(40))
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


#: The clock is seeded from the highest stored stamp at every open: one index step, not a scan.
Index("ix_change_log_hlc", ChangeLogEntry.hlc)
