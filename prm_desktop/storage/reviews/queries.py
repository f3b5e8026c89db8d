"""Read queries of the review packs: the visits of a day (services hold no SQL text)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["visit_ids_between"]


def _naive(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def visit_ids_between(session: Session, start: datetime, end: datetime) -> list[str]:
    """Ids of the live, not cancelled visits starting in ``[start, end)``, in start order."""
    rows = session.execute(text("""
        SELECT id FROM visits WHERE deleted_at IS NULL AND status != 'cancelled'
          AND starts_at >= :start AND starts_at < :end ORDER BY starts_at, id"""),
        {"start": _naive(start), "end": _naive(end)})  # fmt: skip
    return [r[0] for r in rows]
