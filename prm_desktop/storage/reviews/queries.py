"""Read queries of the review packs: the visits of a day (services hold no SQL text)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.visits.calendar import RUNNING_AT, running_bind

__all__ = ["visit_ids_between"]


def _naive(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def visit_ids_between(session: Session, start: datetime, end: datetime, *, owner_id: str | None = None,
                      longest_minutes: int = 0) -> list[str]:  # fmt: skip
    """Ids of the live, not cancelled visits in ``[start, end)``, in start order.

    Args:
        session: A read session.
        start: Start of the range.
        end: End of the range.
        owner_id: Only this team member's visits.
        longest_minutes: Also a visit begun at most that long before ``start`` and still running at it.
    """
    who = "v.owner_id = :owner AND" if owner_id is not None else ""
    rows = session.execute(text(f"""
        SELECT v.id FROM visits v WHERE {who} v.deleted_at IS NULL AND v.status != 'cancelled'
          AND v.starts_at < :end AND (v.starts_at >= :start OR ({RUNNING_AT.format(x="v")}))
        ORDER BY v.starts_at, v.id"""),
        {**running_bind(start, longest_minutes), "end": _naive(end), "owner": owner_id})  # fmt: skip
    return [r[0] for r in rows]
