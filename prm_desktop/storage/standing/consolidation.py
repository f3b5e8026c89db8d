"""The ``standing_consolidation`` table: partners, revenue and target per group of the partner summary.

One row per dimension (``tier``: assigned tier, ``qualified``: qualified tier, ``type``, ``region``,
``owner``: owner name) and group, kept by triggers on ``partner_summary`` (migration 0013) in the
statement that writes a summary row, whoever writes it: reading a consolidation is a lookup of a few
rows instead of a GROUP BY over every live partner (the Competencies tab's tier distribution and revenue
views). Sums are compensated (``revenue + revenue_error``): adding and removing amounts leaves no
rounding residue. `rebuild` fills it again from the summary (the maintenance rebuild).
"""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["DIMENSIONS", "consolidated", "rebuild"]

#: Dimension → ``partner_summary`` column it groups by.
DIMENSIONS: dict[str, str] = {"tier": "assigned_tier", "qualified": "qualified_tier", "type": "type",
                              "region": "region", "owner": "owner_name"}  # fmt: skip


def consolidated(session: Session, dimension: str) -> list[tuple[str | None, int, float, float]]:
    """``(group, partners, revenue, target)`` of one dimension, the NULL group first, then by value.

    Args:
        session: A read session.
        dimension: A key of `DIMENSIONS`.

    Raises:
        ValueError: Unknown dimension.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown consolidation dimension {dimension!r}")
    rows = session.execute(text(
        "SELECT group_is_set, group_value, partners, revenue, revenue_error, target, target_error "
        "FROM standing_consolidation WHERE dimension = :dimension ORDER BY group_is_set, group_value"),
        {"dimension": dimension})
    return [(value if is_set else None, int(partners), revenue + revenue_error, target + target_error)
            for is_set, value, partners, revenue, revenue_error, target, target_error in rows]


def rebuild(session: Session) -> None:
    """Fill the table again from ``partner_summary`` (exact sums), in the caller's transaction."""
    session.execute(text("DELETE FROM standing_consolidation"))
    groups: dict[tuple[str, str | None], tuple[list[float], list[float]]] = {}
    rows = session.execute(text(
        f"SELECT {', '.join(DIMENSIONS.values())}, revenue_window, target_window FROM partner_summary"))
    for *keys, revenue, target in rows:
        for dimension, key in zip(DIMENSIONS, keys, strict=True):
            revenues, targets = groups.setdefault((dimension, key), ([], []))
            revenues.append(float(revenue or 0.0))
            targets.append(float(target or 0.0))
    values = []
    for (dimension, key), (revenues, targets) in groups.items():
        revenue, target = math.fsum(revenues), math.fsum(targets)
        values.append({"dimension": dimension, "is_set": key is not None, "value": key or "", "partners": len(revenues),
                       "revenue": revenue, "revenue_error": math.fsum([*revenues, -revenue]),
                       "target": target, "target_error": math.fsum([*targets, -target])})
    if values:
        session.execute(text(
            "INSERT INTO standing_consolidation (dimension, group_is_set, group_value, partners, revenue, "
            "revenue_error, target, target_error) VALUES (:dimension, :is_set, :value, :partners, :revenue, "
            ":revenue_error, :target, :target_error)"), values)
