"""The visit calendar's rules: weeks and months shown, working hours, days off, overlaps and columns.

Everything here is in naive local times of the user's zone (the service converts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from prm_desktop.domain.holidays_fr import french_holiday_name

__all__ = [
    "DEFAULT_WORK_END",
    "DEFAULT_WORK_START",
    "DEFAULT_WORKING_DAYS",
    "DayInfo",
    "Placed",
    "Slot",
    "WorkingTime",
    "day_info",
    "day_pieces",
    "lay_out",
    "month_days",
    "week_days",
]

DEFAULT_WORKING_DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)
DEFAULT_WORK_START = time(8, 0)
DEFAULT_WORK_END = time(19, 0)


@dataclass(frozen=True)
class WorkingTime:
    """My working days (ISO weekdays, Monday = 1) and hours."""

    days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    start: time = DEFAULT_WORK_START
    end: time = DEFAULT_WORK_END

    def is_working_moment(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in working hours of a working day that is no public holiday."""
        info = day_info(moment.date(), self)
        return info.working and self.start <= moment.time() < self.end


@dataclass(frozen=True)
class DayInfo:
    """What a day is: worked or not, and why not (weekend / day off, public holiday and its name)."""

    day: date
    working: bool
    holiday: str | None
    day_off: bool


def day_info(day: date, work: WorkingTime) -> DayInfo:
    """A day's marks: a public holiday (its English name), a day not worked, or a working day."""
    holiday = french_holiday_name(day)
    day_off = day.isoweekday() not in work.days
    return DayInfo(day, holiday is None and not day_off, holiday, day_off)


def week_days(day: date) -> list[date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def month_days(day: date) -> list[date]:
    """The 42 days (6 weeks from a Monday) of the month grid holding ``day``'s month."""
    first = day.replace(day=1)
    start = first - timedelta(days=first.weekday())
    return [start + timedelta(days=i) for i in range(42)]


def day_pieces(start: datetime, end: datetime) -> list[tuple[date, datetime, datetime]]:
    """The parts of ``[start, end)`` in each day it covers, clipped at midnight, as desktop calendars draw them.

    A visit within one day (or ending at midnight) is one piece; one running overnight is one piece
    per day: ``(day, start in that day, end in that day)``.
    """
    day = start.date()
    pieces = []
    while True:
        midnight = datetime.combine(day + timedelta(days=1), time(0))
        pieces.append((day, max(start, datetime.combine(day, time(0))), min(end, midnight)))
        if end <= midnight:
            return pieces
        day += timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    """A visit on the calendar: local start and end, and whether it takes time (cancelled ones do not)."""

    key: str
    start: datetime
    end: datetime
    busy: bool = True


@dataclass(frozen=True)
class Placed:
    """Where a visit goes in its day: column among ``columns`` side by side, and its flags.

    Attributes:
        key: The visit.
        column: Its column (0-based) in its group of overlapping visits.
        columns: Columns in that group.
        overlaps: Another busy visit overlaps it.
        off_day: ``"holiday"``, ``"day_off"`` or None: the visit is on a day not worked.
        holiday: The holiday's name (English source) when on a public holiday.
        outside_hours: It starts or ends outside working hours on a working day.
    """

    key: str
    column: int
    columns: int
    overlaps: bool
    off_day: str | None
    holiday: str | None
    outside_hours: bool


def _groups(slots: Sequence[Slot]) -> Iterable[list[Slot]]:
    """Runs of visits that overlap each other transitively, in start order."""
    group: list[Slot] = []
    end: datetime | None = None
    for slot in sorted(slots, key=lambda s: (s.start, s.end, s.key)):
        if group and end is not None and slot.start >= end:
            yield group
            group, end = [], None
        group.append(slot)
        end = slot.end if end is None else max(end, slot.end)
    if group:
        yield group


def lay_out(slots: Sequence[Slot], work: WorkingTime) -> dict[str, Placed]:
    """Columns for visits side by side, and each one's flags (overlap, day off, outside hours).

    Overlaps are counted between busy visits only (a cancelled one takes no time); each visit gets
    the first column free at its start.
    """
    placed: dict[str, Placed] = {}
    infos: dict[date, DayInfo] = {}
    busy = [s for s in slots if s.busy and s.end > s.start]
    for group in _groups(busy):
        ends: list[datetime] = []
        columns: dict[str, int] = {}
        for slot in group:
            free = next((i for i, e in enumerate(ends) if e <= slot.start), None)
            if free is None:
                ends.append(slot.end)
                free = len(ends) - 1
            else:
                ends[free] = slot.end
            columns[slot.key] = free
        # In a run of two or more, each visit overlaps one before it (or, the first, the second one).
        for slot in group:
            placed[slot.key] = _flags(slot, columns[slot.key], len(ends), len(group) > 1, work, infos)
    for slot in slots:
        if slot.key not in placed:
            placed[slot.key] = _flags(slot, 0, 1, False, work, infos)
    return placed


def _flags(slot: Slot, column: int, columns: int, overlaps: bool, work: WorkingTime,
           infos: dict[date, DayInfo]) -> Placed:  # fmt: skip
    day = slot.start.date()
    info = infos.get(day)
    if info is None:
        info = infos[day] = day_info(day, work)
    off = "holiday" if info.holiday else ("day_off" if info.day_off else None)
    last = slot.end - timedelta(microseconds=1) if slot.end > slot.start else slot.end
    outside = off is None and (slot.start.time() < work.start or last.date() != day or last.time() >= work.end)
    return Placed(slot.key, column, columns, overlaps, off, info.holiday, outside)
