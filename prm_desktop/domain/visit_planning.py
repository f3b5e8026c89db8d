"""Planning defaults: the next free slot within working days and hours, never on a French holiday."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from prm_desktop.domain.holidays_fr import is_french_holiday

__all__ = ["next_free_slot"]

_STEP = timedelta(minutes=30)


def _round_up(moment: datetime) -> datetime:
    base = moment.replace(second=0, microsecond=0)
    extra = base.minute % 30
    if extra or moment != base:
        base += timedelta(minutes=30 - extra) if extra else _STEP
    return base


def next_free_slot(after: datetime, duration: timedelta, *, working_days: Iterable[int], work_start: time,
                   work_end: time, busy: Iterable[tuple[datetime, datetime]] = (),
                   max_days: int = 90) -> datetime | None:  # fmt: skip
    """First start (on the half hour) after ``after`` where a visit of ``duration`` fits.

    All times are naive local times of the user's zone.

    Args:
        after: Earliest moment.
        duration: Length of the visit.
        working_days: ISO weekdays worked (Monday = 1).
        work_start: Start of the working day.
        work_end: End of the working day.
        busy: Intervals already taken (start, end).
        max_days: Days searched before giving up.

    Returns:
        The start, or None when nothing fits within ``max_days``.
    """
    days = set(working_days) or {1, 2, 3, 4, 5}
    taken = sorted(busy)
    first = _round_up(after)
    for offset in range(max_days):
        day: date = first.date() + timedelta(days=offset)
        if day.isoweekday() not in days or is_french_holiday(day):
            continue
        start = datetime.combine(day, work_start)
        if offset == 0:
            start = max(start, first)
        end_of_day = datetime.combine(day, work_end)
        while start + duration <= end_of_day:
            clash = next((e for s, e in taken if s < start + duration and start < e), None)
            if clash is None:
                return start
            start = max(start + _STEP, _round_up(clash) if clash > start else start + _STEP)
    return None
