"""Remote apply: writing rows pulled from the server, logged but never pushed back.

A pulled row is written with the server's HLC stamp (the local clock observes it, it does not
re-stamp), through statements marked `LOGGED` so they pass the write guard, and recorded in the
change log like any write (insert snapshot, per-field old/new values, hard delete) with
``pushed = REMOTE``: the outbox never sends it back. Fields with a local edit not yet pushed are
left alone; that edit is pushed next and merged by the server.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from prm_desktop.storage.change_log import LOGGED, SYNC_COLUMNS, column_defaults, row_partner_id, to_json_value
from prm_desktop.storage.models import SYNCED_MODELS, ChangeLogEntry, utcnow
from prm_desktop.storage.sync.legacy import LegacyFiller
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


def from_json_value(column: Column[Any], value: Any) -> Any:
    """A column value from its JSON form (ISO text back to dates and date-times)."""
    if value is None:
        return None
    try:
        kind = getattr(column.type, "impl", column.type).python_type
    except NotImplementedError:
        return value
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


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

    def __init__(self, work: UnitOfWork) -> None:
        self.work = work
        self.session = work.session
        self.recorder = work.recorder
        self.pending = pending_fields(self.session)
        self.entries: list[dict[str, Any]] = []
        #: When set (the ids of the rows being applied together), references to rows that are
        #: neither here nor among them are withheld: a nullable one is stored empty, a row that
        #: cannot be without its parent is not written (links to what the user may not see).
        self.withhold_unknown: set[str] | None = None
        self.withheld = 0
        self._known: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._inserts: dict[str, list[dict[str, Any]]] = {}
        self._updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
        self._deletes: dict[str, list[str]] = {}
        self.legacy = LegacyFiller(self.session)

    def prefetch(self, keys: list[tuple[str, str]]) -> None:
        """Read the current local rows of ``(table, row_id)`` pairs in a few queries."""
        by_table: dict[str, list[str]] = {}
        for table, row_id in keys:
            if (table, row_id) not in self._known and table in MODELS:
                by_table.setdefault(table, []).append(row_id)
        for table, ids in by_table.items():
            tbl = MODELS[table].__table__
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for key in chunk:
                    self._known[(table, key)] = None
                for row in self.session.execute(select(tbl).where(tbl.c.id.in_(chunk))).mappings():
                    self._known[(table, row["id"])] = dict(row)

    def _current(self, table: str, row_id: str) -> dict[str, Any] | None:
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
        model = MODELS[table]
        tbl = model.__table__
        self.recorder.clock.observe(hlc)
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
        columns = _columns(tbl)
        wanted = {k: from_json_value(columns[k], v) for k, v in values.items() if k in columns}
        wanted["id"] = row_id
        if self.withhold_unknown is not None and not self._withhold(tbl, wanted):
            self.withheld += 1
            return False
        now = utcnow()
        if current is None:
            defaults = column_defaults(model)
            full = {k: wanted.get(k, defaults.get(k)) for k in columns}
            derive = getattr(model, "derived_columns", None)
            if derive is not None:
                full.update({k: v for k, v in derive(full).items() if k not in wanted})
            self.legacy.fill(table, full)  # a row an older app stored without a column required now
            row = {**full, "created_at": now, "updated_at": now, "hlc": hlc}
            self._inserts.setdefault(table, []).append(row)
            self._known[(table, row_id)] = row
            snap = {k: to_json_value(v) for k, v in full.items()}
            self._log(table, row_id, "insert", snap, hlc, row_partner_id(table, snap))
            return True
        diff = {k: [to_json_value(current[k]), to_json_value(v)] for k, v in wanted.items()
                if k not in mine and to_json_value(current[k]) != to_json_value(v)}
        if not diff:
            return False
        changes = {k: wanted[k] for k in diff}
        stamp = max(hlc, current["hlc"])
        if any(row["id"] == row_id for row in self._inserts.get(table, ())):
            current.update(changes, hlc=stamp)  # inserted in this same batch: the buffered row takes it
        else:
            names = tuple(sorted(changes))
            self._updates.setdefault((table, names), []).append(
                {**{f"v_{k}": v for k, v in changes.items()}, "row_id_": row_id, "updated_at_": now, "hlc_": stamp})
            current.update(changes, hlc=stamp)
        after = {**{k: to_json_value(v) for k, v in current.items()}, **{k: v[1] for k, v in diff.items()}}
        self._log(table, row_id, "update", diff, hlc, row_partner_id(table, after))
        return True

    def write_rows(self) -> None:
        """Send the buffered inserts, updates and deletes (one ``executemany`` each)."""
        options = {LOGGED: True}
        connection = self.session.connection()
        for table, rows in self._inserts.items():
            connection.execute(insert(MODELS[table].__table__).execution_options(**options), rows)
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
        entry = self.recorder.entry(table, row_id, op, data, hlc, partner_id)
        entry["pushed"] = REMOTE
        self.entries.append(entry)

    def flush(self) -> None:
        """Write the rows and the change-log entries of what was applied (before the unit of work commits)."""
        self.write_rows()
        self.recorder.write(self.session, self.entries)
        self.entries = []
