"""Set-based upkeep of the summary's label and consolidation tables for a bulk summary write.

Triggers on ``partner_summary`` keep ``partner_summary_labels`` (migration 0015) and
``standing_consolidation`` (0013) in step one row at a time, whoever writes the summary. For a write of
many rows (an import of thousands of partners) :func:`paused_triggers` pauses them for the current
transaction (the row of ``summary_trigger_pause``, migration 0017: no other connection can see it) and
does their work for the written partners in a few statements instead: the labels of their old rows are
deleted and those of their new rows inserted; each consolidation group gets the difference between the
new and the old rows' figures, summed exactly (``math.fsum``) and added with the same compensated
(two-sum) arithmetic as the triggers. The result is the one the triggers would have given.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.standing.consolidation import DIMENSIONS

__all__ = ["paused_qualified_triggers", "paused_triggers"]

_IDS = "(SELECT value FROM json_each(:ids))"
#: The label rows of the summary rows of some partners (as the triggers of migration 0015 write them).
_LABELS = " UNION ALL ".join(
    f"SELECT '{kind}', lower(j.value), s.name_key, s.partner_id FROM partner_summary s, "
    f"json_each('[' || replace(json_quote(s.{column}), ',', '\",\"') || ']') j "
    f"WHERE s.partner_id IN {_IDS} AND j.value <> ''"
    for kind, column in (("m", "motions"), ("t", "tags"))
)
_READ = (f"SELECT {', '.join(DIMENSIONS.values())}, revenue_window, target_window FROM partner_summary "
         f"WHERE partner_id IN {_IDS}")  # fmt: skip


def _two_sum_error(total: str, added: str) -> str:
    """The rounding error of ``total + added`` (Knuth's two-sum, as in the triggers of migration 0013)."""
    s = f"({total} + {added})"
    bb = f"({s} - {total})"
    return f"(({total} - ({s} - {bb})) + ({added} - {bb}))"


_ADD = f"""
    INSERT INTO standing_consolidation (dimension, group_is_set, group_value, partners, revenue, revenue_error,
                                        target, target_error)
    VALUES (:dimension, :is_set, :value, :partners, :revenue, :revenue_error, :target, :target_error)
    ON CONFLICT (dimension, group_is_set, group_value) DO UPDATE SET
        partners = partners + excluded.partners,
        revenue = revenue + excluded.revenue,
        revenue_error = revenue_error + excluded.revenue_error + {_two_sum_error("revenue", "excluded.revenue")},
        target = target + excluded.target,
        target_error = target_error + excluded.target_error + {_two_sum_error("target", "excluded.target")}"""

Groups = dict[tuple[str, str | None], tuple[int, list[float], list[float]]]


def _collect(session: Session, ids: str, sign: int, groups: Groups) -> None:
    """Add (``sign`` 1) or take away (-1) the summary rows of ``ids`` to their groups."""
    dimensions = list(DIMENSIONS)
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        for *keys, revenue, target in cursor.execute(_READ.replace(":ids", "?"), (ids,)):
            amount, goal = sign * float(revenue or 0.0), sign * float(target or 0.0)
            for dimension, key in zip(dimensions, keys, strict=True):
                n, revenues, targets = groups.get((dimension, key)) or (0, [], [])
                if amount:  # zeros add nothing (most new partners have no revenue or target yet)
                    revenues.append(amount)
                if goal:
                    targets.append(goal)
                groups[(dimension, key)] = (n + sign, revenues, targets)
    finally:
        cursor.close()


def _exact(values: Sequence[float]) -> tuple[float, float]:
    """``(sum, residue)``: the correctly rounded sum and what rounding left out."""
    total = math.fsum(values)
    return total, math.fsum([*values, -total])


def _apply(session: Session, groups: Groups) -> None:
    rows: list[dict[str, Any]] = []
    for (dimension, key), (n, revenues, targets) in groups.items():
        revenue, revenue_error = _exact(revenues)
        target, target_error = _exact(targets)
        if n == 0 and not (revenue or revenue_error or target or target_error):
            continue  # the same rows before and after
        rows.append({"dimension": dimension, "is_set": key is not None, "value": key or "", "partners": n,
                     "revenue": revenue, "revenue_error": revenue_error, "target": target,
                     "target_error": target_error})  # fmt: skip
    if rows:
        session.execute(text(_ADD), rows)
        session.execute(text("DELETE FROM standing_consolidation WHERE partners = 0"))


@contextmanager
def paused_triggers(session: Session, partner_ids: Sequence[str]) -> Iterator[None]:
    """Write the summary rows of ``partner_ids`` inside the block, triggers paused; keep labels and consolidation.

    Only the rows of ``partner_ids`` may be inserted, updated or deleted inside the block (in the
    caller's transaction; an error inside it rolls the whole transaction back with the caller's).

    Args:
        session: A session inside a unit of work.
        partner_ids: The partners whose summary rows the block writes.
    """
    ids = json.dumps(list(partner_ids))
    groups: Groups = {}
    session.execute(text("INSERT INTO summary_trigger_pause (id) VALUES (1)"))
    _collect(session, ids, -1, groups)
    session.execute(text(f"DELETE FROM partner_summary_labels WHERE (kind, label, name_key, partner_id) "
                         f"IN ({_LABELS})"), {"ids": ids})  # fmt: skip
    yield
    session.execute(text(f"INSERT OR IGNORE INTO partner_summary_labels (kind, label, name_key, partner_id) {_LABELS}"),
                    {"ids": ids})  # fmt: skip
    _collect(session, ids, 1, groups)
    _apply(session, groups)
    session.execute(text("DELETE FROM summary_trigger_pause"))


@contextmanager
def paused_qualified_triggers(session: Session,
                              moves: Sequence[tuple[str | None, str | None, float | None, float | None]],
                              ) -> Iterator[None]:  # fmt: skip
    """Update summary rows inside the block, triggers paused, that change only their qualified tier and standing.

    The block changes none of the columns of the labels nor of the other consolidation dimensions; each
    partner whose qualified tier changes moves, with its window revenue and target, from the group of its
    old tier to that of its new one (what the triggers would add and take away, summed exactly).

    Args:
        session: A session inside a unit of work.
        moves: ``(old qualified tier, new qualified tier, revenue_window, target_window)`` of each row
            the block updates (as stored before the block).
    """
    groups: Groups = {}
    for old, new, revenue, target in moves:
        if old == new:
            continue
        amount, goal = float(revenue or 0.0), float(target or 0.0)
        for sign, key in ((-1, old), (1, new)):
            n, revenues, targets = groups.get(("qualified", key)) or (0, [], [])
            if amount:
                revenues.append(sign * amount)
            if goal:
                targets.append(sign * goal)
            groups[("qualified", key)] = (n + sign, revenues, targets)
    session.execute(text("INSERT INTO summary_trigger_pause (id) VALUES (1)"))
    yield
    _apply(session, groups)
    session.execute(text("DELETE FROM summary_trigger_pause"))
