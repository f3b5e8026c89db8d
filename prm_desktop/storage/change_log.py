"""Recording every write in the change log (the sync outbox), in the same transaction.

A session created by the unit of work carries a `ChangeRecorder` in ``session.info``. Flush events
fill the synced columns (id, timestamps, HLC stamp) and queue one change-log entry per inserted,
updated or deleted row; the entries are written right after the flush, on the same connection.
Bulk statements that do not go through `ChangeRecorder.bulk_insert` / `bulk_update` are refused,
here for ORM statements and, for every statement, by the cursor-level guard in
`prm_desktop.storage.write_guard`: the flush marks its connection `FLUSHING` while it writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Dialect, bindparam, event, insert, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from prm_desktop.domain.hlc import HybridClock
from prm_desktop.storage.ids import new_id
from prm_desktop.storage.models import Base, Batch, ChangeLogEntry, utcnow

LOGGED = "prm_logged"
SYNC_COLUMNS = ("created_at", "updated_at", "hlc")
#: Keys in the DBAPI connection's ``info``: a logged ORM flush is writing; the connection is read-only.
FLUSHING = "prm_flushing"
READ_ONLY = "prm_read_only"


class UnloggedWriteError(RuntimeError):
    """A write tried to bypass the change log."""


def to_json_value(value: Any) -> Any:
    """Convert a column value to its JSON form (dates as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_partner_id(table: str, row: dict[str, Any]) -> str | None:
    """Partner a row belongs to, for filtering sync by partner (None when it has none)."""
    if table == "partners":
        return row.get("id")
    return row.get("partner_id")


def column_defaults(model: type[Base]) -> dict[str, Any]:
    """Scalar Python-side defaults of a model's columns."""
    defaults = {}
    for column in model.__table__.columns:
        if column.default is not None and getattr(column.default, "is_scalar", False):
            defaults[column.key] = column.default.arg
    return defaults


_JSON = json.JSONEncoder(ensure_ascii=False, default=str)  # same text as json.dumps(..., the same options)
_LOG_COLUMNS = ("batch_id", "table_name", "row_id", "op", "data", "hlc", "partner_id", "pushed")


@dataclass(frozen=True)
class _InsertPlan:
    """How `ChangeRecorder.bulk_insert` writes one model's rows on one dialect (built once)."""

    sql: str
    keys: list[str]
    defaults: dict[str, Any]
    order: list[str]
    converters: list[tuple[int, Callable[[Any], Any]]]
    processors: dict[str, Callable[[Any], Any]]
    snapshot_keys: list[str]
    json_dates: list[str]
    partner_key: str
    created_index: int
    updated_index: int
    hlc_index: int

    def bind(self, key: str, value: Any) -> Any:
        """``value`` as the driver receives it for column ``key``."""
        processor = self.processors.get(key)
        return value if value is None or processor is None else processor(value)


def _python_type(column: Column[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


_PLANS: dict[tuple[str, str], _InsertPlan] = {}
_LOG_SQL: dict[str, str] = {}


def _insert_plan(model: type[Base], dialect: Dialect) -> _InsertPlan:
    """The cached insert plan of ``model`` on ``dialect``."""
    key = (model.__tablename__, dialect.name)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _make_plan(model, dialect)
    return plan


def _make_plan(model: type[Base], dialect: Dialect) -> _InsertPlan:
    table = model.__table__
    compiled = insert(table).values({c.key: None for c in table.columns}).compile(dialect=dialect)
    order = list(compiled.positiontup or [])
    columns = {c.key: c for c in table.columns}
    processors = {}
    for key in order:
        processor = columns[key].type._cached_bind_processor(dialect)
        if processor is not None:
            processors[key] = processor
    keys = [c.key for c in table.columns]
    snapshot_keys = [k for k in keys if k not in SYNC_COLUMNS]
    temporal = [k for k in snapshot_keys if _python_type(columns[k]) in (date, datetime)]
    return _InsertPlan(
        sql=str(compiled), keys=keys, defaults=column_defaults(model), order=order,
        converters=[(i, processors[k]) for i, k in enumerate(order) if k in processors and k not in SYNC_COLUMNS],
        processors=processors, snapshot_keys=snapshot_keys, json_dates=temporal,
        partner_key="id" if table.name == "partners" else "partner_id",
        created_index=order.index("created_at"), updated_index=order.index("updated_at"),
        hlc_index=order.index("hlc"),
    )


def insert_rows(connection: Connection, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert complete rows of a synced model in one ``executemany`` (the caller logs them).

    Values go through the dialect's bind processors once, as plain tuples (the `ChangeRecorder.bulk_insert`
    fast path); a value shared by many rows (the ``created_at`` of a batch) is converted once.

    Args:
        connection: The unit of work's connection.
        model: A synced model class.
        rows: Every column's value by key, sync columns included.
    """
    if not rows:
        return
    plan = _insert_plan(model, connection.dialect)
    order = plan.order
    converters = [(i, plan.processors[k]) for i, k in enumerate(order) if k in plan.processors]
    shared = [i for i, k in enumerate(order) if k in ("created_at", "updated_at")]
    converted: dict[Any, Any] = {}
    values_rows = []
    for row in rows:
        values = [row[key] for key in order]
        for index, convert in converters:
            value = values[index]
            if value is None:
                continue
            if index in shared:
                found = converted.get(value)
                if found is None:
                    found = converted[value] = convert(value)
                values[index] = found
            else:
                values[index] = convert(value)
        values_rows.append(tuple(values))
    connection.exec_driver_sql(plan.sql, values_rows, execution_options={LOGGED: True})


def _log_insert_sql(dialect: Dialect) -> str:
    """``INSERT INTO change_log`` with positional parameters in `_LOG_COLUMNS` order."""
    sql = _LOG_SQL.get(dialect.name)
    if sql is None:
        compiled = insert(ChangeLogEntry.__table__).values({k: None for k in _LOG_COLUMNS}).compile(dialect=dialect)
        if tuple(compiled.positiontup or ()) != _LOG_COLUMNS:
            raise RuntimeError("unexpected change_log parameter order")
        sql = _LOG_SQL[dialect.name] = str(compiled)
    return sql


@dataclass
class ChangeRecorder:
    """Collects the changes of one unit of work and writes them to the change log."""

    clock: HybridClock
    kind: str = "edit"
    label: str = ""
    undoes: str | None = None  # the batch an undo batch reverts
    batch_id: str = field(default_factory=new_id)
    batch_written: bool = False
    row_count: int = 0
    pending: list[dict[str, Any]] = field(default_factory=list)
    touched: set[tuple[str, str, str | None]] = field(default_factory=set)

    def entry(self, table: str, row_id: str, op: str, data: dict[str, Any], hlc: str,
              partner_id: str | None) -> dict[str, Any]:
        """Build one change-log row and remember what it touched."""
        self.touched.add((table, row_id, partner_id))
        return {
            "batch_id": self.batch_id, "table_name": table, "row_id": row_id, "op": op,
            "data": json.dumps(data, ensure_ascii=False, default=str), "hlc": hlc,
            "partner_id": partner_id, "pushed": 0,
        }

    def write(self, session: Session, entries: list[dict[str, Any]]) -> None:
        """Write queued entries (and the batch row the first time) on the session's connection."""
        if not entries:
            return
        connection = session.connection()
        if not self.batch_written:
            connection.execute(insert(Batch.__table__), [{
                "id": self.batch_id, "kind": self.kind, "label": self.label,
                "created_at": utcnow(), "undone_at": None, "undoes_batch_id": self.undoes, "row_count": 0,
            }])
            self.batch_written = True
        connection.execute(insert(ChangeLogEntry.__table__), entries)
        self.row_count += len(entries)

    def finish(self, session: Session) -> None:
        """Store the final row count and label on the batch before commit."""
        if self.batch_written:
            session.connection().execute(
                update(Batch.__table__).where(Batch.__table__.c.id == self.batch_id)
                .values(row_count=self.row_count, label=self.label, kind=self.kind)
            )

    # -- bulk paths -----------------------------------------------------------------------------
    def bulk_insert(self, session: Session, model: type[Base], rows: list[dict[str, Any]]) -> list[str]:
        """Insert many rows of a synced model and log a snapshot of each.

        Values are converted once with the dialect's own bind processors and sent, like the
        change-log rows, as plain tuples through ``exec_driver_sql`` (one ``executemany`` each):
        the stored values and snapshots are the same as through ``insert(table)``, about 3x faster.

        Args:
            session: The unit of work's session.
            model: A synced model class.
            rows: Column values; missing ids, timestamps and defaults are filled in.

        Returns:
            The ids of the inserted rows, in order.
        """
        if not rows:
            return []
        session.flush()
        connection = session.connection()
        plan = _insert_plan(model, connection.dialect)
        table_name = model.__tablename__
        stamps = self.clock.tick_many(len(rows))
        now = plan.bind("created_at", utcnow())
        derive = getattr(model, "derived_columns", None)
        keys, defaults, order, converters = plan.keys, plan.defaults, plan.order, plan.converters
        snap_keys, json_dates, partner_key = plan.snapshot_keys, plan.json_dates, plan.partner_key
        created, updated, hlc = plan.created_index, plan.updated_index, plan.hlc_index
        batch_id, touch, encode = self.batch_id, self.touched.add, _JSON.encode
        values_rows, entries, ids = [], [], []
        for row, stamp in zip(rows, stamps, strict=True):
            full = {key: row.get(key, defaults.get(key)) for key in keys}
            row_id = full["id"] = full["id"] or new_id()
            if derive is not None:
                full.update(derive(full))
            snap = {key: full[key] for key in snap_keys}
            for key in json_dates:
                if snap[key] is not None:
                    snap[key] = snap[key].isoformat()
            values = [full[key] for key in order]
            for index, convert in converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
            values[created] = values[updated] = now
            values[hlc] = stamp
            values_rows.append(tuple(values))
            partner_id = full.get(partner_key)
            touch((table_name, row_id, partner_id))
            entries.append((batch_id, table_name, row_id, "insert", encode(snap), stamp, partner_id, 0))
            ids.append(row_id)
        connection.exec_driver_sql(plan.sql, values_rows, execution_options={LOGGED: True})
        self._write_tuples(connection, entries)
        return ids

    def write_tuples(self, connection: Connection, entries: list[tuple[Any, ...]]) -> None:
        """Write change-log rows given as tuples (batch_id, table_name, row_id, op, data, hlc, partner_id, pushed).

        The fast path of bulk writers (one ``executemany``; the batch row is written the first time).
        The caller adds what the entries touched to `touched`.
        """
        if entries:
            self._write_tuples(connection, entries)

    def _write_tuples(self, connection: Connection, entries: list[tuple[Any, ...]]) -> None:
        """Write change-log rows given as `_LOG_COLUMNS` tuples (and the batch row the first time)."""
        if not self.batch_written:
            connection.execute(insert(Batch.__table__), [{
                "id": self.batch_id, "kind": self.kind, "label": self.label,
                "created_at": utcnow(), "undone_at": None, "undoes_batch_id": self.undoes, "row_count": 0,
            }])
            self.batch_written = True
        connection.exec_driver_sql(_log_insert_sql(connection.dialect), entries)
        self.row_count += len(entries)

    def bulk_update(self, session: Session, model: type[Base],
                    changes: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> int:
        """Update many rows of a synced model, logging per-field old and new values.

        Args:
            session: The unit of work's session.
            model: A synced model class.
            changes: Pairs (current row with at least ``id``, ``partner_id`` when the table has it and
                every changed field's old value; new values by field).

        Returns:
            The number of rows changed.
        """
        table = model.__table__
        now = utcnow()
        session.flush()
        connection = session.connection()
        entries: list[dict[str, Any]] = []
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        derive = getattr(model, "derived_columns", None)
        for old, new in changes:
            if derive is not None and new.keys() & {"name"}:
                new = {**new, **derive({**old, **new})}
            diff = {k: [to_json_value(old.get(k)), to_json_value(v)] for k, v in new.items()
                    if old.get(k) != v}
            if not diff:
                continue
            stamp = self.clock.tick()
            columns = tuple(sorted(diff))
            params = {f"v_{k}": new[k] for k in columns}
            params.update(row_id_=old["id"], updated_at_=now, hlc_=stamp)
            groups.setdefault(columns, []).append(params)
            entries.append(self.entry(table.name, old["id"], "update", diff, stamp,
                                      row_partner_id(table.name, old)))
        # One executemany per set of changed columns (an import changes the same fields on many rows).
        for columns, params in groups.items():
            values = {k: bindparam(f"v_{k}") for k in columns}
            values.update(updated_at=bindparam("updated_at_"), hlc=bindparam("hlc_"))
            stmt = update(table).where(table.c.id == bindparam("row_id_")).values(values)
            connection.execute(stmt.execution_options(**{LOGGED: True}), params)
        self.write(session, entries)
        return len(entries)


def _synced(obj: object) -> bool:
    return getattr(type(obj), "__synced__", False)


def _derive(obj: Base) -> None:
    derive = getattr(type(obj), "derived_columns", None)
    if derive is not None:
        for key, value in derive(_snapshot(obj)).items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)


def _snapshot(obj: Base) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {c.key: to_json_value(getattr(obj, c.key)) for c in mapper.column_attrs
            if c.key not in SYNC_COLUMNS}


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: object, _instances: object) -> None:
    recorder: ChangeRecorder | None = session.info.get("recorder")
    changed = [o for o in (*session.new, *session.dirty, *session.deleted) if _synced(o)]
    if not changed:
        return
    if recorder is None:
        raise UnloggedWriteError("writes to synced tables must go through a unit of work")
    now = utcnow()
    entries = session.info.setdefault("pending_entries", [])
    for obj in [o for o in session.new if _synced(o)]:
        for key, value in column_defaults(type(obj)).items():
            if getattr(obj, key) is None:
                setattr(obj, key, value)
        _derive(obj)
        obj.id = obj.id or new_id()
        obj.created_at = obj.updated_at = now
        obj.hlc = recorder.clock.tick()
        snap = _snapshot(obj)
        entries.append(recorder.entry(obj.__tablename__, obj.id, "insert", snap, obj.hlc,
                                      row_partner_id(obj.__tablename__, snap)))
    for obj in [o for o in session.dirty if _synced(o)]:
        _derive(obj)
        state = inspect(obj)
        diff = {}
        for attr in state.mapper.column_attrs:
            if attr.key in SYNC_COLUMNS:
                continue
            hist = state.attrs[attr.key].history
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old != new:
                    diff[attr.key] = [to_json_value(old), to_json_value(new)]
        if not diff:
            if any(state.attrs[key].history.has_changes() for key in SYNC_COLUMNS):
                raise UnloggedWriteError(f"{obj.__tablename__} {obj.id}: {', '.join(SYNC_COLUMNS)} are set "
                                         "by the unit of work, never by hand")
            continue
        obj.updated_at = now
        obj.hlc = recorder.clock.tick()
        entries.append(recorder.entry(obj.__tablename__, obj.id, "update", diff, obj.hlc,
                                      row_partner_id(obj.__tablename__, _snapshot(obj))))
    for obj in [o for o in session.deleted if _synced(o)]:
        snap = _snapshot(obj)
        entries.append(recorder.entry(obj.__tablename__, obj.id, "delete", snap, recorder.clock.tick(),
                                      row_partner_id(obj.__tablename__, snap)))
    flag = session.info["flushing"] = session.connection().info  # this flush's statements are logged above
    flag[FLUSHING] = True


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: object) -> None:
    flag = session.info.pop("flushing", None)
    if flag is not None:
        flag.pop(FLUSHING, None)
    entries = session.info.pop("pending_entries", None)
    recorder: ChangeRecorder | None = session.info.get("recorder")
    if entries and recorder is not None:
        recorder.write(session, entries)


@event.listens_for(Session, "do_orm_execute")
def _guard_bulk(state: ORMExecuteState) -> None:
    if state.is_select or state.execution_options.get(LOGGED):
        return
    mapper = state.bind_mapper
    if mapper is not None and getattr(mapper.class_, "__synced__", False):
        raise UnloggedWriteError(
            f"bulk write to {mapper.class_.__tablename__} bypasses the change log; "
            "use the unit of work's bulk_insert/bulk_update"
        )
