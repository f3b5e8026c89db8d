"""Audit: the change log must explain every synced row, value by value.

Replays the change log in order (insert snapshots, per-field old/new values, hard deletes) and
compares the result with the tables. It finds what comparing HLC stamps cannot: a write that left
the stamp unchanged (``UPDATE partners SET city = ...`` outside the unit of work), a row inserted or
deleted without a log entry, and an update logged with stale old values (a unit of work that acted
on rows another connection had changed meanwhile).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.storage.change_log import SYNC_COLUMNS, to_json_value
from prm_desktop.storage.models import SYNCED_MODELS, ChangeLogEntry


def _same(value: Any, logged: Any) -> bool:
    """Whether a stored value is the logged one (dates may be logged with a space or a ``T``)."""
    if isinstance(value, datetime | date) and isinstance(logged, str):
        try:
            parsed = (datetime if isinstance(value, datetime) else date).fromisoformat(logged)
        except ValueError:
            return False
        return parsed == value
    return to_json_value(value) == logged


def _replay(session: Session, problems: list[str]) -> tuple[dict[str, dict[str, dict[str, Any]]],
                                                           dict[tuple[str, str], str]]:
    state: dict[str, dict[str, dict[str, Any]]] = {}
    stamps: dict[tuple[str, str], str] = {}
    log = ChangeLogEntry.__table__
    query = select(log.c.seq, log.c.table_name, log.c.row_id, log.c.op, log.c.data, log.c.hlc).order_by(log.c.seq)
    for seq, table, row_id, op, data, hlc in session.execute(query):
        rows = state.setdefault(table, {})
        values = json.loads(data)
        stamps[(table, row_id)] = hlc
        if op == "insert":
            rows[row_id] = values
        elif op == "delete":
            if rows.pop(row_id, None) is None:
                problems.append(f"#{seq} deletes {table} {row_id}, unknown to the log")
        elif row_id not in rows:
            problems.append(f"#{seq} updates {table} {row_id}, unknown to the log")
        else:
            row = rows[row_id]
            for column, (old, new) in values.items():
                if row.get(column) != old:
                    problems.append(f"#{seq} {table} {row_id}.{column}: logged old value {old!r}, "
                                    f"but the log says it was {row.get(column)!r}")
                row[column] = new
    return state, stamps


def log_mismatches(session: Session) -> list[str]:
    """Every disagreement between the synced tables and the replayed change log (empty when none).

    Args:
        session: Any session on the database (it only reads).

    Returns:
        One plain sentence per problem: stale old values in the log, rows or values written without
        a log entry, rows deleted without one, stamps no entry carries.
    """
    problems: list[str] = []
    state, stamps = _replay(session, problems)
    for mapper in SYNCED_MODELS:
        table = mapper.class_.__table__
        replayed = state.get(table.name, {})
        keys = [c.key for c in table.columns if c.key not in SYNC_COLUMNS]
        seen = set()
        for row in session.execute(select(table)).mappings():
            row_id = row["id"]
            seen.add(row_id)
            logged = replayed.get(row_id)
            if logged is None:
                problems.append(f"{table.name} {row_id} has no logged insert")
                continue
            if stamps.get((table.name, row_id)) != row["hlc"]:
                problems.append(f"{table.name} {row_id}: stamp {row['hlc']} is not the last logged one")
            for key in keys:
                if not _same(row[key], logged.get(key)):
                    problems.append(f"{table.name} {row_id}.{key} is {to_json_value(row[key])!r}, "
                                    f"the log says {logged.get(key)!r}")
        problems.extend(f"{table.name} {row_id} was deleted without a log entry"
                        for row_id in replayed.keys() - seen)
    return problems
