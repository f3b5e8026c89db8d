"""Remote apply: writing rows pulled from the server, logged but never pushed back.

A pulled row is written with the server's HLC stamp (the local clock observes it, it does not
re-stamp), through statements marked `LOGGED` so they pass the write guard, and recorded in the
change log like any write (insert snapshot, per-field old/new values, hard delete) with
``pushed = REMOTE``: the outbox never sends it back. Fields with a local edit not yet pushed are
left alone; that edit is pushed next and merged by the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Column, bindparam, delete, select, text, update
from sqlalchemy.orm import Session

from prm_desktop.storage.change_log import (
    LOGGED,
    SYNC_COLUMNS,
    column_defaults,
    insert_rows,
    row_partner_id,
    to_json_value,
)
from prm_desktop.storage.models import SYNCED_MODELS, ChangeLogEntry, utcnow
from prm_desktop.storage.sync.fresh import FreshPlan, fresh_plan, fresh_row
from prm_desktop.storage.sync.legacy import DATED_TABLES, LegacyFiller
from prm_desktop.storage.unit_of_work import UnitOfWork

#: ``change_log.pushed`` values: waiting in the outbox, acknowledged by the server, applied from it.
PENDING, PUSHED, REMOTE = 0, 1, 2

MODELS = {m.class_.__tablename__: m.class_ for m in SYNCED_MODELS}
_COLUMNS: dict[str, dict[str, Column[Any]]] = {}


def _columns(tbl: Any) -> dict[str, Column[Any]]:
    """The non-sync columns of a table by key (cached)."""
    found = _COLUMNS.get(tbl.name)
    if found is None:
        found = _COLUMNS[tbl.name] = {c.key: c for c in tbl.columns if c.key not in SYNC_COLUMNS}
    return found


def _temporal_kind(column: Column[Any]) -> type | None:
    """``date`` or ``datetime`` when the column holds one (stored in JSON as ISO text), else None."""
    try:
        kind = getattr(column.type, "impl", column.type).python_type
    except NotImplementedError:
        return None
    return kind if kind in (date, datetime) else None


def from_json_value(column: Column[Any], value: Any) -> Any:
    """A column value from its JSON form (ISO text back to dates and date-times)."""
    kind = _temporal_kind(column)
    if kind is not None and isinstance(value, str):
        return kind.fromisoformat(value)
    return value


@dataclass(frozen=True)
class _TableSpec:
    """What applying a row of one table needs, worked out once per table."""

    columns: dict[str, Column[Any]]
    temporal: dict[str, type]  # column key -> date or datetime
    blank: dict[str, Any]  # a new row before its values: every column, at its default
    derive: Callable[[dict[str, Any]], dict[str, Any]] | None


_SPECS: dict[str, _TableSpec] = {}


def _spec(table: str) -> _TableSpec:
    found = _SPECS.get(table)
    if found is None:
        model = MODELS[table]
        columns = _columns(model.__table__)
        temporal = {k: kind for k, c in columns.items() if (kind := _temporal_kind(c)) is not None}
        defaults = column_defaults(model)
        found = _SPECS[table] = _TableSpec(columns, temporal, {k: defaults.get(k) for k in columns},
                                           getattr(model, "derived_columns", None))
    return found


def _encode(data: dict[str, Any]) -> str:
    """A change-log ``data`` text (orjson: several times faster than ``json.dumps`` on a pull's rows)."""
    return orjson.dumps(data, default=str).decode()


def pending_fields(session: Session) -> dict[tuple[str, str], set[str] | None]:
    """Rows with local edits not pushed yet: ``(table, row_id) -> fields`` (None: the whole row)."""
    log = ChangeLogEntry.__table__
    pending: dict[tuple[str, str], set[str] | None] = {}
    rows = session.execute(select(log.c.table_name, log.c.row_id, log.c.op, log.c.data)
                           .where(log.c.pushed == PENDING))
    for table, row_id, op, data in rows:
        key = (table, row_id)
        if op == "update":
            fields = pending.get(key, set())
            if fields is not None:
                pending[key] = fields | set(json.loads(data))
        else:
            pending[key] = None
    return pending


class RemoteApplier:
    """Writes pulled rows into one unit of work (its commit hooks then see them as touched).

    Rows are read ahead in bulk (`prefetch`) and written in bulk: inserts, updates (grouped by
    changed columns) and deletes are buffered and sent as one ``executemany`` each by `flush`.
    """

    #: Whole new rows go straight to insert tuples (`prm_desktop.storage.sync.fresh`); False: the
    #: general path only (tests compare both).
    fresh_rows = True

    def __init__(self, work: UnitOfWork, pending: dict[tuple[str, str], set[str] | None] | None = None) -> None:
        self.work = work
        self.session = work.session
        self.recorder = work.recorder
        #: Local edits not pushed yet (`pending_fields`; a push passes ``{}``: the server's rows go back as they are).
        self.pending = pending_fields(self.session) if pending is None else pending
        #: Change-log rows to write (`ChangeRecorder.write_tuples` order).
        self.entries: list[tuple[Any, ...]] = []
        self.now = utcnow()
        #: When set (the ids of the rows being applied together), references to rows that are
        #: neither here nor among them are withheld: a nullable one is stored empty, a row that
        #: cannot be without its parent is not written (links to what the user may not see).
        self.withhold_unknown: set[str] | None = None
        self.withheld = 0
        self._seen = ""  # the latest stamp the clock observed (stamps sort as text)
        self._known: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._inserts: dict[str, list[dict[str, Any]]] = {}
        self._inserted: set[tuple[str, str]] = set()
        self._updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
        self._deletes: dict[str, list[str]] = {}
        #: New rows already as insert tuples (`prm_desktop.storage.sync.fresh`), by table, and their keys.
        self._fresh: dict[str, list[tuple[Any, ...]]] = {}
        self._fresh_keys: set[tuple[str, str]] = set()
        self._now_bound: Any = None
        self._dialect: Any = None
        self.legacy = LegacyFiller(self.session)

    def prefetch(self, keys: list[tuple[str, str]]) -> None:
        """Read the current local rows of ``(table, row_id)`` pairs in a few queries."""
        by_table: dict[str, list[str]] = {}
        for table, row_id in keys:
            if (table, row_id) not in self._known and table in MODELS:
                by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            tbl = MODELS[table].__table__
            for key in ids:
                self._known[(table, key)] = None
            wanted = text("id IN (SELECT value FROM json_each(:ids))").bindparams(ids=json.dumps(ids))
            for row in self.session.execute(select(tbl).where(wanted)).mappings():
                self._known[(table, row["id"])] = dict(row)

    def observe(self, stamp: str) -> None:
        """Let the local clock observe a stamp of the server (once per newer stamp)."""
        if stamp > self._seen:
            self.recorder.clock.observe(stamp)
            self._seen = stamp

    def _current(self, table: str, row_id: str) -> dict[str, Any] | None:
        if (table, row_id) in self._fresh_keys:  # written as a tuple: written out, then read back
            self.write_rows()
            del self._known[(table, row_id)]
        if (table, row_id) not in self._known:
            self.prefetch([(table, row_id)])
        return self._known[(table, row_id)]

    def apply(self, table: str, row_id: str, values: dict[str, Any] | None, hlc: str) -> bool:
        """Make the local row what the server says (``values`` None: the row is gone).

        Args:
            table: A synced table.
            row_id: The row's id.
            values: The row's columns in JSON form (sync columns ignored), or None for a hard delete.
            hlc: The server's stamp of the row.

        Returns:
            Whether anything changed locally.
        """
        spec = _spec(table)
        self.observe(hlc)
        mine = self.pending.get((table, row_id), set())
        if mine is None:
            return False  # created or deleted here and not pushed yet: the local row stands
        current = self._current(table, row_id)
        if values is None:
            if current is None:
                return False
            snap = {k: to_json_value(v) for k, v in current.items() if k not in SYNC_COLUMNS}
            self._deletes.setdefault(table, []).append(row_id)
            self._known[(table, row_id)] = None
            self._log(table, row_id, "delete", snap, hlc, row_partner_id(table, snap))
            return True
        whole_new = current is None and self.fresh_rows and self.withhold_unknown is None
        if whole_new and values.get("id") == row_id and not (
                table in DATED_TABLES and values.get("period_start") is None):
            if self._fresh_insert(table, row_id, values, hlc):  # a whole new row: no dicts on the way
                return True
        columns = spec.columns
        wanted = dict(values) if values.keys() <= columns.keys() else {k: v for k, v in values.items() if k in columns}
        for key, kind in spec.temporal.items():
            value = wanted.get(key)
            if isinstance(value, str):
                wanted[key] = kind.fromisoformat(value)  # type: ignore[attr-defined]
        wanted["id"] = row_id
        if self.withhold_unknown is not None and not self._withhold(MODELS[table].__table__, wanted):
            self.withheld += 1
            return False
        now = self.now
        if current is None:
            full = {**spec.blank, **wanted}
            if spec.derive is not None:
                full.update({k: v for k, v in spec.derive(full).items() if k not in wanted})
            self.legacy.fill(table, full)  # a row an older app stored without a column required now
            row = {**full, "created_at": now, "updated_at": now, "hlc": hlc}
            self._inserts.setdefault(table, []).append(row)
            self._inserted.add((table, row_id))
            self._known[(table, row_id)] = row
            snap = dict(full)
            for key in spec.temporal:
                if snap[key] is not None:
                    snap[key] = snap[key].isoformat()
            self._log(table, row_id, "insert", snap, hlc, row_partner_id(table, snap))
            return True
        diff = {k: [to_json_value(current[k]), to_json_value(v)] for k, v in wanted.items()
                if k not in mine and to_json_value(current[k]) != to_json_value(v)}
        if not diff:
            return False
        changes = {k: wanted[k] for k in diff}
        stamp = max(hlc, current["hlc"])
        if (table, row_id) in self._inserted:
            current.update(changes, hlc=stamp)  # inserted in this same batch: the buffered row takes it
        else:
            names = tuple(sorted(changes))
            self._updates.setdefault((table, names), []).append(
                {**{f"v_{k}": v for k, v in changes.items()}, "row_id_": row_id, "updated_at_": now, "hlc_": stamp})
            current.update(changes, hlc=stamp)
        after = {**{k: to_json_value(v) for k, v in current.items()}, **{k: v[1] for k, v in diff.items()}}
        self._log(table, row_id, "update", diff, hlc, row_partner_id(table, after))
        return True

    def _bind_now(self, table: str) -> Any:
        """``now`` as the driver takes it for ``created_at`` and ``updated_at`` (worked out once)."""
        if self._now_bound is None:
            self._dialect = dialect = self.session.get_bind().dialect
            processor = MODELS[table].__table__.c.created_at.type._cached_bind_processor(dialect)
            self._now_bound = processor(self.now) if processor is not None else self.now
        return self._now_bound

    def fresh_inserter(self) -> Callable[[str, str, dict[str, Any], str], bool] | None:
        """`apply` for a whole row new to this laptop, in one call (a first pull's millions of rows).

        The function returns False, having done nothing, for any other row (not read ahead by
        `prefetch`, present, with local edits, not whole, an older app's): `apply` then takes it.
        None when new rows take the general path (`fresh_rows` False, links withheld).
        """
        if not self.fresh_rows or self.withhold_unknown is not None:
            return None
        known, pending, fresh, fresh_keys = self._known, self.pending, self._fresh, self._fresh_keys
        touch, entries, batch_id = self.recorder.touched.add, self.entries, self.recorder.batch_id
        plans: dict[str, FreshPlan] = {}

        def insert(table: str, row_id: str, values: dict[str, Any], hlc: str) -> bool:
            key = (table, row_id)
            if known.get(key, key) is not None or key in pending or key in fresh_keys or values.get("id") != row_id:
                return False  # present, not read ahead, edited here, already written, or not whole
            plan = plans.get(table)
            if plan is None:
                if table not in MODELS:
                    return False
                plan = plans[table] = fresh_plan(MODELS[table], self.session.get_bind().dialect)
            if table in DATED_TABLES and values.get("period_start") is None:
                return False
            made = fresh_row(plan, values, hlc, self._bind_now(table))
            if made is None:
                return False
            if hlc > self._seen:
                self.observe(hlc)
            row, snap = made
            rows = fresh.get(table)
            if rows is None:
                rows = fresh[table] = []
            rows.append(row)
            fresh_keys.add(key)
            partner_id = values.get(plan.partner_key)
            touch((table, row_id, partner_id))
            entries.append((batch_id, table, row_id, "insert", snap, hlc, partner_id, REMOTE))
            return True

        return insert

    def _fresh_insert(self, table: str, row_id: str, values: dict[str, Any], hlc: str) -> bool:
        """Buffer a whole new row as its insert tuple, logged (False: not a whole row)."""
        self._bind_now(table)
        plan = fresh_plan(MODELS[table], self._dialect)
        made = fresh_row(plan, values, hlc, self._now_bound)
        if made is None:
            return False
        row, snap = made
        self._fresh.setdefault(table, []).append(row)
        key = (table, row_id)
        self._fresh_keys.add(key)
        self._known[key] = None  # replaced by the stored row if asked for again (`_current`)
        partner_id = values.get(plan.partner_key)
        recorder = self.recorder
        recorder.touched.add((table, row_id, partner_id))
        self.entries.append((recorder.batch_id, table, row_id, "insert", snap, hlc, partner_id, REMOTE))
        return True

    def write_rows(self) -> None:
        """Send the buffered inserts, updates and deletes (one ``executemany`` each)."""
        options = {LOGGED: True}
        connection = self.session.connection()
        dialect = connection.dialect
        for table, tuples in self._fresh.items():
            connection.exec_driver_sql(fresh_plan(MODELS[table], dialect).sql, tuples, execution_options=options)
        self._fresh, self._fresh_keys = {}, set()
        for table, rows in self._inserts.items():
            insert_rows(connection, MODELS[table], rows)
        for (table, names), params in self._updates.items():
            tbl = MODELS[table].__table__
            values = {k: bindparam(f"v_{k}") for k in names}
            values.update(updated_at=bindparam("updated_at_"), hlc=bindparam("hlc_"))
            connection.execute(update(tbl).where(tbl.c.id == bindparam("row_id_")).values(values)
                               .execution_options(**options), params)
        for table, ids in self._deletes.items():
            tbl = MODELS[table].__table__
            for start in range(0, len(ids), 500):
                connection.execute(delete(tbl).where(tbl.c.id.in_(ids[start:start + 500])).execution_options(**options))
        self._inserts, self._updates, self._deletes = {}, {}, {}
        self._inserted = set()

    def _withhold(self, tbl: Any, wanted: dict[str, Any]) -> bool:
        """Empty references to unknown rows; False when a required one is unknown (skip the row)."""
        for column in tbl.columns:
            target = wanted.get(column.key)
            if target is None or not column.foreign_keys or target in self.withhold_unknown:
                continue
            parent = next(iter(column.foreign_keys)).column.table
            if self.session.execute(select(parent.c.id).where(parent.c.id == target)).first() is not None:
                continue
            if not column.nullable:
                return False
            wanted[column.key] = None
        return True

    def _log(self, table: str, row_id: str, op: str, data: dict[str, Any], hlc: str,
             partner_id: str | None) -> None:
        recorder = self.recorder
        recorder.touched.add((table, row_id, partner_id))
        self.entries.append((recorder.batch_id, table, row_id, op, _encode(data), hlc, partner_id, REMOTE))

    def flush(self) -> None:
        """Write the rows and the change-log entries of what was applied (before the unit of work commits)."""
        self.write_rows()
        self.recorder.write_tuples(self.session.connection(), self.entries)
        self.entries = []
