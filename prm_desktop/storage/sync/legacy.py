"""Rows written by older apps: values the current schema requires, derived when a pulled row lacks them.

Apps of sync protocol 1 (before issue 12) wrote revenue lines and targets with a quarter label only.
The server refuses those apps now, but rows they stored earlier may still come: their
``period_start`` is read from the label under the fiscal calendar of this laptop's active program
(as migration ``0011_period_start`` did for local rows), so the row is kept, never refused.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.domain.quarters import parse_quarter
from prm_desktop.domain.validation import ValidationError
from prm_desktop.storage.models import ProgramRecord

#: Tables whose rows carry ``period_start`` since protocol 2.
DATED_TABLES = frozenset({"revenue_lines", "targets"})
#: A label no app could read: kept, dated far in the past (as the local migration does).
UNREADABLE = date(1900, 1, 1)


def fiscal_start_month(session: Session) -> int:
    """The month the active program's fiscal years start in (1 without a readable program)."""
    source = session.scalar(select(ProgramRecord.source).where(
        ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)).limit(1))
    if not source:
        return 1
    try:
        month = tomllib.loads(source).get("program", {}).get("fiscal_year_start_month", 1)
    except tomllib.TOMLDecodeError:
        return 1
    return month if isinstance(month, int) and 1 <= month <= 12 else 1


def period_start_of(label: Any, month: int) -> date:
    """The first day of the quarter ``label`` names, in fiscal years starting in ``month``."""
    try:
        return parse_quarter(label).start_date(month)
    except (ValidationError, ValueError):
        return UNREADABLE


class LegacyFiller:
    """Fills ``period_start`` of pulled rows that lack it (the fiscal month read once)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._month: int | None = None

    def fill(self, table: str, row: dict[str, Any]) -> None:
        """Complete ``row`` (column values of a new local row of ``table``) in place."""
        if table not in DATED_TABLES or row.get("period_start") is not None:
            return
        if self._month is None:
            self._month = fiscal_start_month(self.session)
        row["period_start"] = period_start_of(row.get("quarter"), self._month)
