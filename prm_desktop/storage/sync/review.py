"""What the GUI shows of sync: counts for the status bar, conflict records, resolving one.

A conflict record is local (the table is not synced): resolving it stamps ``resolved_at``. Keeping
the other value is an ordinary logged edit of the row, pushed at the next sync: the field set back,
or for an edit-versus-delete conflict the row restored (with the edit that met the deletion) or
deleted. Dismissing edits set aside only stamps their records: the edits stay in the change log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from prm_desktop.storage.change_log import SYNC_COLUMNS
from prm_desktop.storage.models import ChangeLogEntry, Partner, SyncConflict, SyncState, utcnow
from prm_desktop.storage.sync.apply import MODELS, from_json_value
from prm_desktop.storage.sync.outbox import pending_count

#: Kinds of records that are edits set aside (refused by the server, or their partner revoked).
SET_ASIDE_KINDS = ("refused",)


@dataclass(frozen=True)
class SyncCounts:
    """The numbers behind the status bar."""

    waiting: int
    conflicts: int
    set_aside: int
    server_url: str | None
    username: str | None
    last_sync_at: datetime | None


@dataclass(frozen=True)
class ConflictRow:
    """One conflict record with its partner's name and the value the row holds now."""

    id: str
    kind: str
    table: str
    row_id: str
    field: str | None
    partner_id: str | None
    partner_name: str | None
    kept_value: Any
    lost_value: Any
    current_value: Any
    author: str | None
    created_at: datetime
    resolved_at: datetime | None


def _partner_here() -> Any:
    """The record's partner is on this laptop (a revoked partner's conflicts cannot be resolved here)."""
    here = aliased(Partner)
    return SyncConflict.partner_id.is_(None) | SyncConflict.kind.in_(SET_ASIDE_KINDS) | (
        select(here.id).where(here.id == SyncConflict.partner_id).correlate(SyncConflict).exists())


def counts(session: Session) -> SyncCounts:
    """Edits waiting in the outbox, open conflicts, open set-aside edits, the server signed in to.

    Without a server (sync never set up) the outbox is not counted (``waiting`` is 0): nothing is sent,
    the status bar does not show it, and a portfolio never synced holds every change it ever logged.
    """
    state = session.get(SyncState, 1)
    open_ = SyncConflict.resolved_at.is_(None) & _partner_here()
    conflicts = session.scalar(select(func.count()).select_from(SyncConflict).where(
        open_, SyncConflict.kind.not_in(SET_ASIDE_KINDS))) or 0
    aside = session.scalar(select(func.count()).select_from(SyncConflict).where(
        open_, SyncConflict.kind.in_(SET_ASIDE_KINDS))) or 0
    waiting = pending_count(session) if state is not None and state.server_url else 0
    return SyncCounts(waiting, conflicts, aside, state.server_url if state else None,
                      state.username if state else None, state.last_sync_at if state else None)


def open_conflict_count(session: Session, partner_id: str) -> int:
    """Open conflicts (not set-aside edits) of one partner."""
    return session.scalar(select(func.count()).select_from(SyncConflict).where(
        SyncConflict.partner_id == partner_id, SyncConflict.resolved_at.is_(None), _partner_here(),
        SyncConflict.kind.not_in(SET_ASIDE_KINDS))) or 0


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _current(session: Session, table: str, row_id: str, field: str | None) -> Any:
    model = MODELS.get(table)
    if model is None or field is None or field not in model.__table__.c:
        return None
    value = session.execute(select(model.__table__.c[field]).where(model.__table__.c.id == row_id)).first()
    if value is None:
        return None
    raw = value[0]
    return raw.isoformat() if hasattr(raw, "isoformat") else raw


def _former_name(session: Session, partner_id: str | None) -> str | None:
    """The name a partner had in the change log (it may have left this laptop: revoked)."""
    if partner_id is None:
        return None
    log = ChangeLogEntry.__table__
    for (data,) in session.execute(select(log.c.data).where(log.c.table_name == "partners", log.c.row_id == partner_id)
                                   .order_by(log.c.seq.desc())):
        name = _loads(data).get("name") if data else None
        if name is not None:
            return name[1] if isinstance(name, list) else str(name)
    return None


def conflict_rows(session: Session, partner_id: str | None = None, resolved: bool = False) -> list[ConflictRow]:
    """Conflict records, newest first (open ones only unless ``resolved``), optionally of one partner."""
    query = (select(SyncConflict, Partner.name).outerjoin(Partner, Partner.id == SyncConflict.partner_id)
             .order_by(SyncConflict.created_at.desc()))
    if not resolved:
        query = query.where(SyncConflict.resolved_at.is_(None), _partner_here())
    if partner_id is not None:
        query = query.where(SyncConflict.partner_id == partner_id)
    return [ConflictRow(c.id, c.kind, c.table_name, c.row_id, c.field, c.partner_id,
                        name or _former_name(session, c.partner_id), _loads(c.kept_value),
                        _loads(c.lost_value), _current(session, c.table_name, c.row_id, c.field), c.author,
                        c.created_at, c.resolved_at)
            for c, name in session.execute(query)]


def resolve(session: Session, conflict_id: str, value: Any = None, write: bool = False) -> bool:
    """Close a conflict; with ``write``, set its field to ``value`` first (an ordinary, logged edit).

    Returns:
        False when the record or its row is gone (nothing written).
    """
    record = session.get(SyncConflict, conflict_id)
    if record is None:
        return False
    if write:
        model = MODELS.get(record.table_name)
        row = session.get(model, record.row_id) if model is not None else None
        if row is None or record.field is None or record.field not in model.__table__.c:
            return False
        setattr(row, record.field, from_json_value(model.__table__.c[record.field], value))
    record.resolved_at = utcnow()
    return True


def _row(session: Session, record: SyncConflict) -> tuple[Any, Any]:
    """The model and the row a record is about (None when gone or without a tombstone column)."""
    model = MODELS.get(record.table_name)
    if model is None or "deleted_at" not in model.__table__.c:
        return model, None
    return model, session.get(model, record.row_id)


def restore_row(session: Session, conflict_id: str, edits: Any = None) -> bool:
    """Close an edit-versus-delete conflict by bringing the deleted row back (an ordinary, logged edit).

    Args:
        session: The unit of work's session.
        conflict_id: The record.
        edits: ``{field: value}`` the edit that met the deletion wrote: written too.

    Returns:
        False when the record or its row is gone from this laptop (nothing written).
    """
    record = session.get(SyncConflict, conflict_id)
    model, row = _row(session, record) if record is not None else (None, None)
    if record is None or row is None:
        return False
    row.deleted_at = None
    columns = model.__table__.c
    for name, value in (edits.items() if isinstance(edits, dict) else ()):
        if name in columns and name not in SYNC_COLUMNS and name not in ("id", "deleted_at"):
            setattr(row, name, from_json_value(columns[name], value))
    record.resolved_at = utcnow()
    return True


def delete_row(session: Session, conflict_id: str) -> bool:
    """Close a conflict by deleting its row after all (a tombstone: an ordinary, logged edit)."""
    record = session.get(SyncConflict, conflict_id)
    _model, row = _row(session, record) if record is not None else (None, None)
    if record is None or row is None:
        return False
    if row.deleted_at is None:
        row.deleted_at = utcnow()
    record.resolved_at = utcnow()
    return True


def dismiss(session: Session, conflict_ids: list[str]) -> int:
    """Stamp open set-aside records as dismissed (the edits stay in the change log); returns how many."""
    count = 0
    for record in session.scalars(select(SyncConflict).where(
            SyncConflict.id.in_(conflict_ids), SyncConflict.resolved_at.is_(None),
            SyncConflict.kind.in_(SET_ASIDE_KINDS))):  # fmt: skip
        record.resolved_at = utcnow()
        count += 1
    return count
