"""Undo: revert a batch (one unit of work, e.g. an import) from the change log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, select, update
from sqlalchemy.orm import Session

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import _
from prm_desktop.storage import references
from prm_desktop.storage.change_log import to_json_value
from prm_desktop.storage.models import Base, Batch, ChangeLogEntry, UserProfile, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

#: Batches Edit › Undo never offers: undos themselves, and the first-run setup (the profile of "me").
UNDOABLE_EXCLUDED_KINDS = ("undo", "setup", "sync")  # sync: what others did, received
READ_CHUNK = 500


class BatchNotFoundError(LookupError):
    """No such batch, or it was undone already."""


class UndoRefusedError(ValueError):
    """Undoing the batch would discard later work or leave a dangling reference; nothing was written.

    Attributes:
        later: The batches in the way, oldest first (empty when none could be named).
    """

    def __init__(self, message: str, later: list[BatchInfo]) -> None:
        super().__init__(message)
        self.later = later


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


def _later_batches(session: Session, after_seq: int, rows: Any) -> list[BatchInfo]:
    """Batches still in effect whose changes after ``after_seq`` touch ``rows`` (row ids or a subquery)."""
    query = (select(Batch).join(ChangeLogEntry, ChangeLogEntry.batch_id == Batch.id)
             .where(ChangeLogEntry.seq > after_seq, ChangeLogEntry.row_id.in_(rows), Batch.undone_at.is_(None),
                    Batch.kind.not_in(UNDOABLE_EXCLUDED_KINDS))
             .distinct().order_by(Batch.created_at, Batch.id))
    return [_info(b) for b in session.scalars(query)]


def _refuse(session: Session, batch: BatchInfo, later: list[BatchInfo], count: int = 0) -> UndoRefusedError:
    profile = session.get(UserProfile, 1)
    zone = (profile.timezone if profile else None) or "Europe/Paris"
    label = batch.label or batch.kind
    if not later:
        return UndoRefusedError(_(
            "Cannot undo “{label}”: {count} rows would point at rows deleted since.", label=label, count=count), [])
    listed = "; ".join(_("“{label}” ({when})", label=b.label or b.kind,
                         when=format_datetime(b.created_at, zone, style="short")) for b in later)
    return UndoRefusedError(_(
        "Cannot undo “{label}”: later changes depend on it: {batches}. Undo them first.",
        label=label, batches=listed), later)


class _Reverter:
    """Reverts the entries of one batch, newest first, reading and writing rows in bulk.

    The current rows are read once (by chunks) and kept up to date in memory as entries are
    reverted, so an older entry of the same row sees what a newer one set back. The writes go out
    together (`bulk_insert`, then `bulk_update` per table, logged as usual); a row changed twice
    sends what is pending first, so its changes reach the database in order.
    """

    def __init__(self, work: UnitOfWork, result: UndoResult, entries: list[ChangeLogEntry]) -> None:
        self.work, self.result, self.now = work, result, utcnow()
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        self.inserts: dict[str, list[dict[str, Any]]] = {}
        self.updates: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        self.pending: set[tuple[str, str]] = set()
        #: Rows the undo tombstones; live rows whose references it restores (None: all columns).
        self.tombstoned: dict[str, set[str]] = {}
        self.live: dict[str, dict[str, set[str] | None]] = {}
        wanted: dict[str, set[str]] = {}
        for entry in entries:
            wanted.setdefault(entry.table_name, set()).add(entry.row_id)
        for table_name, ids in wanted.items():
            table = _model_for(table_name).__table__
            found = self.rows[table_name] = {}
            ordered = sorted(ids)
            for start in range(0, len(ordered), READ_CHUNK):
                query = select(table).where(table.c.id.in_(ordered[start : start + READ_CHUNK]))
                found.update((row["id"], dict(row)) for row in work.session.execute(query).mappings())

    def _touch(self, table: str, row_id: str) -> None:
        if (table, row_id) in self.pending:
            self.write()
        self.pending.add((table, row_id))

    def _update(self, table: str, current: dict[str, Any], new_values: dict[str, Any]) -> None:
        self._touch(table, current["id"])
        self.updates.setdefault(table, []).append((dict(current), new_values))
        current.update(new_values)

    def _mark_live(self, table: str, row_id: str, columns: set[str] | None) -> None:
        rows = self.live.setdefault(table, {})
        if columns is None or (row_id in rows and rows[row_id] is None):
            rows[row_id] = None
        else:
            rows[row_id] = (rows.get(row_id) or set()) | columns

    def revert(self, entry: ChangeLogEntry) -> None:
        """Revert one change-log entry (in memory; `write` sends the rows)."""
        table, row_id = entry.table_name, entry.row_id
        model = _model_for(table)
        data = json.loads(entry.data)
        current = self.rows[table].get(row_id)
        if entry.op == "insert":
            if current is not None and current["deleted_at"] is None:
                self._update(table, current, {"deleted_at": self.now})
                self.tombstoned.setdefault(table, set()).add(row_id)
        elif entry.op == "update":
            if current is None:
                return
            new_values = {}
            for column, (old, new) in data.items():
                if to_json_value(current[column]) == new:
                    new_values[column] = _from_json(model, column, old)
                else:
                    self.result.skipped.append(_("{table} {id}: {column} was changed again since",
                                                 table=table, id=row_id, column=column))
            if new_values:
                was_live = current["deleted_at"] is None
                self._update(table, current, new_values)
                if current["deleted_at"] is None:
                    self._mark_live(table, row_id, None if not was_live else set(new_values))
                elif was_live:
                    self.tombstoned.setdefault(table, set()).add(row_id)
        elif entry.op == "delete" and current is None:
            row = {k: _from_json(model, k, v) for k, v in data.items()}
            self._touch(table, row_id)
            self.inserts.setdefault(table, []).append(row)
            self.rows[table][row_id] = dict(row)
            self._mark_live(table, row_id, None)

    def write(self) -> None:
        """Send the pending rows: re-inserted rows first, then the updates, table by table."""
        for table, rows in self.inserts.items():
            self.work.bulk_insert(_model_for(table), rows)
            self.result.reverted += len(rows)
        for table, changes in self.updates.items():
            self.result.reverted += self.work.bulk_update(_model_for(table), changes)
        self.inserts, self.updates, self.pending = {}, {}, set()


def undo_batch(uow: UnitOfWorkFactory, batch_id: str) -> UndoResult:
    """Revert every change of a batch, newest first, as a new (logged) batch.

    Inserted rows are soft-deleted (with the rows created with them), updated fields get their old
    value back, soft-deleted rows come back, hard-deleted rows are inserted again. Later work is
    never discarded: when a batch still in effect changed the same rows since, or depends on them
    (a contact added to a partner this batch created, a partner owned by a team member it created,
    a child of a partner it created), or when reverting would leave a reference to a row deleted
    since, nothing is written and `UndoRefusedError` lists those batches (undo them first).

    Raises:
        BatchNotFoundError: Unknown or already undone batch.
        UndoRefusedError: Later batches depend on this one (listed, by label and date).
    """
    with uow(kind="undo") as work:
        session = work.session
        batch = session.get(Batch, batch_id)
        if batch is None or batch.undone_at is not None or batch.kind in UNDOABLE_EXCLUDED_KINDS:
            raise BatchNotFoundError(_("No batch {id} to undo (unknown, or undone already).", id=batch_id))
        result = UndoResult(_info(batch))
        work.describe("undo", _("Undo: {label}", label=batch.label or batch.kind))
        work.recorder.undoes = batch_id
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.batch_id == batch_id)
                                  .order_by(ChangeLogEntry.seq.desc())).all()
        last_seq = entries[0].seq if entries else 0
        mine = select(ChangeLogEntry.row_id).where(ChangeLogEntry.batch_id == batch_id).scalar_subquery()
        later = _later_batches(session, last_seq, mine)
        if later:
            raise _refuse(session, result.batch, later)
        reverter = _Reverter(work, result, entries)
        for entry in entries:
            reverter.revert(entry)
        reverter.write()
        dangling = [r for table, ids in reverter.tombstoned.items()
                    for r in references.live_referrers(session, table, ids)]
        dangling += [r for table, rows in reverter.live.items()
                     for r in references.dead_references(session, table, rows)
                     if rows[r.row_id] is None or r.column in rows[r.row_id]]
        if dangling:
            rows = {r.row_id for r in dangling} | {r.target_id for r in dangling}
            raise _refuse(session, result.batch, _later_batches(session, last_seq, sorted(rows)), len(dangling))
        session.execute(update(Batch).where(Batch.id == batch_id).values(undone_at=reverter.now))
        work.recorder.touched.add(("batches", batch_id, None))
        work.commit()
        return result
