"""Undo: revert a batch (one unit of work, e.g. an import) from the change log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, select, update

from prm_desktop.domain.i18n import _
from prm_desktop.storage.change_log import to_json_value
from prm_desktop.storage.models import Base, Batch, ChangeLogEntry, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

#: Batches Edit › Undo never offers: undos themselves, and the first-run setup (the profile of "me").
UNDOABLE_EXCLUDED_KINDS = ("undo", "setup")


class BatchNotFoundError(LookupError):
    """No such batch, or it was undone already."""


@dataclass(frozen=True)
class BatchInfo:
    """A batch as listed to the user."""

    id: str
    kind: str
    label: str
    created_at: datetime
    row_count: int
    undone: bool


@dataclass
class UndoResult:
    """What undoing a batch did."""

    batch: BatchInfo
    reverted: int = 0
    skipped: list[str] = field(default_factory=list)


def _model_for(table: str) -> type[Base]:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise KeyError(table)


def _from_json(model: type[Base], column: str, value: Any) -> Any:
    if value is None:
        return None
    col_type = model.__table__.c[column].type
    if isinstance(col_type, DateTime) or getattr(col_type, "impl", None) is DateTime or (
            hasattr(col_type, "impl") and isinstance(col_type.impl, DateTime)):
        return datetime.fromisoformat(value)
    if isinstance(col_type, Date):
        return date.fromisoformat(value)
    return value


def _info(batch: Batch) -> BatchInfo:
    return BatchInfo(batch.id, batch.kind, batch.label, batch.created_at, batch.row_count,
                     batch.undone_at is not None)


def list_batches(uow: UnitOfWorkFactory, limit: int = 50) -> list[BatchInfo]:
    """Most recent batches first."""
    with uow.read() as session:
        rows = session.scalars(select(Batch).order_by(Batch.created_at.desc()).limit(limit)).all()
        return [_info(b) for b in rows]


def last_undoable(uow: UnitOfWorkFactory) -> BatchInfo | None:
    """The newest batch that can still be undone, or None."""
    with uow.read() as session:
        batch = session.scalar(select(Batch).where(Batch.undone_at.is_(None),
                                                   Batch.kind.not_in(UNDOABLE_EXCLUDED_KINDS))
                               .order_by(Batch.created_at.desc(), Batch.id.desc()).limit(1))
        return _info(batch) if batch else None


def undo_batch(uow: UnitOfWorkFactory, batch_id: str) -> UndoResult:
    """Revert every change of a batch, newest first, as a new (logged) batch.

    Inserted rows are soft-deleted, updated fields get their old value back unless they were
    changed again since (then they are kept and listed in ``skipped``), soft-deleted rows come
    back, hard-deleted rows are inserted again.

    Raises:
        BatchNotFoundError: Unknown or already undone batch.
    """
    with uow(kind="undo") as work:
        session = work.session
        batch = session.get(Batch, batch_id)
        if batch is None or batch.undone_at is not None or batch.kind in UNDOABLE_EXCLUDED_KINDS:
            raise BatchNotFoundError(_("No batch {id} to undo (unknown, or undone already).", id=batch_id))
        result = UndoResult(_info(batch))
        work.describe("undo", _("Undo: {label}", label=batch.label or batch.kind))
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.batch_id == batch_id)
                                  .order_by(ChangeLogEntry.seq.desc())).all()
        now = utcnow()
        for entry in entries:
            model = _model_for(entry.table_name)
            table = model.__table__
            data = json.loads(entry.data)
            current = session.execute(select(table).where(table.c.id == entry.row_id)).mappings().first()
            if entry.op == "insert":
                if current is not None and current["deleted_at"] is None:
                    result.reverted += work.bulk_update(model, [(dict(current), {"deleted_at": now})])
            elif entry.op == "update":
                if current is None:
                    continue
                new_values = {}
                for column, (old, new) in data.items():
                    if to_json_value(current[column]) == new:
                        new_values[column] = _from_json(model, column, old)
                    else:
                        result.skipped.append(_("{table} {id}: {column} was changed again since",
                                                table=entry.table_name, id=entry.row_id, column=column))
                if new_values:
                    result.reverted += work.bulk_update(model, [(dict(current), new_values)])
            elif entry.op == "delete" and current is None:
                row = {k: _from_json(model, k, v) for k, v in data.items()}
                work.bulk_insert(model, [row])
                result.reverted += 1
        session.execute(update(Batch).where(Batch.id == batch_id).values(undone_at=now))
        work.recorder.touched.add(("batches", batch_id, None))
        work.commit()
        return result
