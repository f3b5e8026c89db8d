"""Pulled rows new to this laptop, straight to insert tuples (the fast path of a first pull).

A row the server sends carries every column but the sync ones (its change-log snapshot). When it
is new here, it becomes the tuple ``INSERT`` takes in column order, with no intermediate dicts:
the values are taken out in one C call, only the columns that need it (dates, booleans) are
converted with the dialect's own bind processors, and its change-log snapshot is the received
values re-encoded (date-times as ISO text, as `RemoteApplier` logs them). Stored values and
logged snapshots are the same as through `RemoteApplier`'s general path (`tests/sync/test_fast_first_pull.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Dialect, insert

from prm_desktop.storage.change_log import SYNC_COLUMNS
from prm_desktop.storage.models import Base


@dataclass(frozen=True)
class FreshPlan:
    """How the rows of one table go from pulled values to an insert tuple (built once per table)."""

    sql: str
    keys: frozenset[str]
    take: Callable[[dict[str, Any]], tuple[Any, ...]]
    #: ``(position, date or datetime or None, bind processor or None, key, ISO text stored)`` of the values
    #: to convert (ISO text stored: the processor turns a date into its ISO text, which is at hand already).
    converts: list[tuple[int, type | None, Callable[[Any], Any] | None, str, bool]]
    created: int
    updated: int
    hlc: int
    partner_key: str


_PLANS: dict[tuple[str, str], FreshPlan] = {}


def _temporal(column: Any) -> type | None:
    try:
        kind = getattr(column.type, "impl", column.type).python_type
    except NotImplementedError:
        return None
    return kind if kind in (date, datetime) else None


_SAMPLE_DATES = (date(1, 1, 1), date(999, 12, 31), date(2024, 2, 29), date(9999, 12, 31))


def _stores_iso(kind: type | None, processor: Callable[[Any], Any] | None) -> bool:
    """Whether ``processor`` stores a date as its ISO text (SQLite's ``DATE``: the text, not the call)."""
    return kind is date and processor is not None and all(processor(d) == d.isoformat() for d in _SAMPLE_DATES)


def fresh_plan(model: type[Base], dialect: Dialect) -> FreshPlan:
    """The cached plan of ``model`` on ``dialect``."""
    key = (model.__tablename__, dialect.name)
    plan = _PLANS.get(key)
    if plan is None:
        table = model.__table__
        compiled = insert(table).values({c.key: None for c in table.columns}).compile(dialect=dialect)
        order = list(compiled.positiontup or [])
        columns = {c.key: c for c in table.columns}
        # sync columns are filled afterwards: any key stands in for them in the one-call take
        taken = [k if k not in SYNC_COLUMNS else "id" for k in order]
        converts = []
        for index, name in enumerate(order):
            if name in SYNC_COLUMNS:
                continue
            kind = _temporal(columns[name])
            processor = columns[name].type._cached_bind_processor(dialect)
            if kind is not None or processor is not None:
                converts.append((index, kind, processor, name, _stores_iso(kind, processor)))
        plan = _PLANS[key] = FreshPlan(
            sql=str(compiled), keys=frozenset(k for k in order if k not in SYNC_COLUMNS), take=itemgetter(*taken),
            converts=converts, created=order.index("created_at"), updated=order.index("updated_at"),
            hlc=order.index("hlc"), partner_key="id" if table.name == "partners" else "partner_id")
    return plan


def fresh_row(plan: FreshPlan, values: dict[str, Any], hlc: str, now: Any) -> tuple[tuple[Any, ...], str] | None:
    """The insert tuple and the change-log snapshot text of a new row (None: not a whole row, take the general path).

    Args:
        plan: The table's `fresh_plan`.
        values: The row as pulled: every non-sync column, in JSON form.
        hlc: The server's stamp of the row.
        now: ``created_at`` and ``updated_at`` as the driver takes them.
    """
    if values.keys() != plan.keys:
        return None
    row = list(plan.take(values))
    snap = values
    for index, kind, processor, name, iso in plan.converts:
        value = row[index]
        if value is None:
            continue
        if kind is not None:
            if not isinstance(value, str):
                return None
            parsed = kind.fromisoformat(value)
            text = parsed.isoformat()
            if text != value:  # logged as the general path logs it (ISO text of the parsed value)
                if snap is values:
                    snap = dict(values)
                snap[name] = text
            if iso:  # what the processor would make of ``parsed``
                row[index] = text
                continue
            value = parsed
        row[index] = processor(value) if processor is not None else value
    row[plan.created] = row[plan.updated] = now
    row[plan.hlc] = hlc
    return tuple(row), orjson.dumps(snap, default=str).decode()
