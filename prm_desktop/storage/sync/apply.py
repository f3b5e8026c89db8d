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

from sqlalchemy import Column, delete, insert, select, update
from sqlalchemy.orm import Session

from prm_desktop.storage.change_log import LOGGED, SYNC_COLUMNS, column_defaults, row_partner_id, to_json_value
from prm_desktop.storage.models import SYNCED_MODELS, ChangeLogEntry, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWork

#: ``change_log.pushed`` values: waiting in the outbox, acknowledged by the server, applied from it.
PENDING, PUSHED, REMOTE = 0, 1, 2

MODELS = {m.class_.__tablename__: m.class_ for m in SYNCED_MODELS}


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
    """Writes pulled rows into one unit of work (its commit hooks then see them as touched)."""

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
        current = self.session.execute(select(tbl).where(tbl.c.id == row_id)).mappings().first()
        options = {LOGGED: True}
        if values is None:
            if current is None:
                return False
            snap = {k: to_json_value(v) for k, v in current.items() if k not in SYNC_COLUMNS}
            self.session.execute(delete(tbl).where(tbl.c.id == row_id).execution_options(**options))
            self._log(table, row_id, "delete", snap, hlc, row_partner_id(table, snap))
            return True
        columns = {c.key: c for c in tbl.columns if c.key not in SYNC_COLUMNS}
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
            self.session.execute(insert(tbl).values(**full, created_at=now, updated_at=now, hlc=hlc)
                                 .execution_options(**options))
            snap = {k: to_json_value(v) for k, v in full.items()}
            self._log(table, row_id, "insert", snap, hlc, row_partner_id(table, snap))
            return True
        diff = {k: [to_json_value(current[k]), to_json_value(v)] for k, v in wanted.items()
                if k not in mine and to_json_value(current[k]) != to_json_value(v)}
        if not diff:
            return False
        changes = {k: wanted[k] for k in diff}
        self.session.execute(update(tbl).where(tbl.c.id == row_id)
                             .values(**changes, updated_at=now, hlc=max(hlc, current["hlc"]))
                             .execution_options(**options))
        after = {**{k: to_json_value(v) for k, v in current.items()}, **{k: v[1] for k, v in diff.items()}}
        self._log(table, row_id, "update", diff, hlc, row_partner_id(table, after))
        return True

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
        """Write the change-log entries of what was applied (before the unit of work commits)."""
        self.recorder.write(self.session, self.entries)
        self.entries = []
