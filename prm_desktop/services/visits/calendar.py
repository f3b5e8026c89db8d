"""The visit calendar: the visits of a week or a month in my zone, laid out, with my working time.

Plain dataclasses out; the layout rules (columns, overlaps, days off) are in
`prm_desktop.domain.visit_calendar`. Moving or resizing a visit is `editing.move_visit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prm_desktop.domain.visit_calendar import (
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    DEFAULT_WORKING_DAYS,
    DayInfo,
    Slot,
    WorkingTime,
    day_info,
    day_pieces,
    lay_out,
    month_days,
    week_days,
)
from prm_desktop.domain.visit_rules import MAX_DURATION_MINUTES
from prm_desktop.services.profile import get_profile
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.calendar import calendar_day_rows, calendar_running_rows

__all__ = [
    "PER_DAY", "PER_DAY_MONTH", "CalendarPage", "CalendarVisit", "DayPiece", "calendar_page", "month_page", "week_page",
    "working_time",
]

#: Visits read at most per day (a team's busy day on a very large portfolio): the others are counted.
PER_DAY = 30
#: The same in the month grid (a cell shows about six lines).
PER_DAY_MONTH = 12


@dataclass(frozen=True)
class CalendarVisit:
    """A visit as the calendar draws it (local times of my zone).

    Attributes:
        id: The visit.
        start: Local start (naive, my zone).
        end: Local end.
        kind: Visit kind.
        status: planned, done or cancelled.
        partners: Partner names, comma-separated.
        place: Place.
        owner_id: Owner (team member).
        column: Column among ``columns`` side by side (overlapping visits).
        columns: Columns in its run of overlapping visits.
        overlaps: Another (not cancelled) visit overlaps it.
        off_day: ``"holiday"``, ``"day_off"`` or None.
        holiday: The holiday's name (English source; translate to show).
        outside_hours: Starts or ends outside my working hours on a working day.
    """

    id: str
    start: datetime
    end: datetime
    kind: str
    status: str
    partners: str
    place: str
    owner_id: str | None
    column: int = 0
    columns: int = 1
    overlaps: bool = False
    off_day: str | None = None
    holiday: str | None = None
    outside_hours: bool = False

    @property
    def duration_minutes(self) -> int:
        """Length in minutes."""
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class DayPiece:
    """The part of a visit in one day, as the views draw it: a visit running overnight has one per day.

    Attributes:
        visit: The whole visit.
        day: The day.
        start: Local start in that day (the visit's start, or midnight).
        end: Local end in that day (the visit's end, or the next midnight).
        column: Column among ``columns`` side by side (pieces of that day overlapping).
        columns: Columns in its run of overlapping pieces.
    """

    visit: CalendarVisit
    day: date
    start: datetime
    end: datetime
    column: int = 0
    columns: int = 1

    @property
    def continued(self) -> bool:
        """The visit began on an earlier day."""
        return self.visit.start < self.start

    @property
    def continues(self) -> bool:
        """The visit goes on after this day."""
        return self.end < self.visit.end


def pieces_of(visit: CalendarVisit, days: Sequence[date],
              columns: dict[tuple[str, date], tuple[int, int]] | None = None) -> list[DayPiece]:  # fmt: skip
    """The pieces of a visit in the days shown (columns from ``columns`` by (visit id, day), else 0 of 1)."""
    shown = set(days)
    return [DayPiece(visit, day, start, end, *(columns or {}).get((visit.id, day), (0, 1)))
            for day, start, end in day_pieces(visit.start, visit.end) if day in shown]  # fmt: skip


@dataclass(frozen=True)
class CalendarPage:
    """What one view of the calendar shows.

    Attributes:
        first: First day shown.
        days: The days shown with their marks (holiday name, day off).
        visits: Visits overlapping those days, soonest first (one begun the day before and still running too).
        work: My working days and hours.
        timezone: My zone (times are local to it).
        hidden: Per day shown, the visits not read (more than :data:`PER_DAY` start that day).
        pieces: The visits cut at midnight: one piece per day shown that each covers, by day then start.
    """

    first: date
    days: tuple[DayInfo, ...]
    visits: tuple[CalendarVisit, ...]
    work: WorkingTime
    timezone: str
    hidden: tuple[int, ...] = ()
    pieces: tuple[DayPiece, ...] = ()

    @property
    def truncated(self) -> bool:
        """Some days have more visits than were read."""
        return any(self.hidden)

    def hidden_on(self, day: date) -> int:
        """Visits of ``day`` that were not read."""
        index = (day - self.first).days
        return self.hidden[index] if 0 <= index < len(self.hidden) else 0

    def on_day(self, day: date) -> list[CalendarVisit]:
        """Visits starting on ``day``."""
        return [v for v in self.visits if v.start.date() == day]

    def pieces_on(self, day: date) -> list[DayPiece]:
        """The visits' pieces in ``day`` (an overnight visit's too), soonest first."""
        return [p for p in self.pieces if p.day == day]


def working_time(uow: UnitOfWorkFactory) -> tuple[WorkingTime, str]:
    """My working days and hours and my zone, from the profile (08:00–19:00, Monday–Friday before it exists)."""
    profile = get_profile(uow)
    if not profile.first_run_done:
        return WorkingTime(DEFAULT_WORKING_DAYS, DEFAULT_WORK_START, DEFAULT_WORK_END), profile.timezone
    days = tuple(profile.working_days) or DEFAULT_WORKING_DAYS
    return WorkingTime(days, profile.work_start, profile.work_end), profile.timezone


def build_page(rows: list, first: date, count: int, work: WorkingTime, zone_name: str,
               hidden: tuple[int, ...] = ()) -> CalendarPage:  # fmt: skip
    """Lay out rows read by the storage query (local times, columns, flags) into a page."""
    zone = ZoneInfo(zone_name)
    visits = []
    for r in rows:
        start = r.starts_at.astimezone(zone).replace(tzinfo=None)
        visits.append((r, start, start + timedelta(minutes=r.duration_minutes)))
    placed = lay_out([Slot(r.id, s, e, r.status != "cancelled") for r, s, e in visits], work)
    out = []
    for r, s, e in visits:
        p = placed[r.id]
        out.append(CalendarVisit(r.id, s, e, r.kind, r.status, r.partners, r.place, r.owner_id, p.column, p.columns,
                                 p.overlaps, p.off_day, p.holiday, p.outside_hours))  # fmt: skip
    days = tuple(day_info(first + timedelta(days=i), work) for i in range(count))
    shown = [d.day for d in days]
    cut = [(v, p) for v in out for p in pieces_of(v, shown)]
    layout = lay_out([Slot(f"{p.visit.id}|{p.day}", p.start, p.end, v.status != "cancelled") for v, p in cut], work)
    pieces = sorted((replace(p, column=layout[f"{p.visit.id}|{p.day}"].column,
                             columns=layout[f"{p.visit.id}|{p.day}"].columns) for _v, p in cut),
                    key=lambda p: (p.day, p.start, p.visit.start, p.visit.id))  # fmt: skip
    return CalendarPage(first, days, tuple(out), work, zone_name, hidden or (0,) * count, tuple(pieces))


def calendar_page(uow: UnitOfWorkFactory, first: date, count: int, *, owner_id: str | None = None,
                  per_day: int | None = None) -> CalendarPage:  # fmt: skip
    """The visits of ``count`` days from ``first`` (in my zone), laid out, with my working time.

    Args:
        uow: Unit-of-work factory.
        first: First day.
        count: Number of days.
        owner_id: Only this team member's visits.
        per_day: Visits read at most per day (default :data:`PER_DAY`); the others are counted.
    """
    work, zone_name = working_time(uow)
    zone = ZoneInfo(zone_name)
    midnights = [datetime.combine(first + timedelta(days=i), time(0), tzinfo=zone) for i in range(count + 1)]
    bounds = list(zip(midnights, midnights[1:], strict=False))
    with uow.read() as session:
        rows, counts = calendar_day_rows(session, bounds, owner_id, per_day or PER_DAY)
        running = calendar_running_rows(session, midnights[0], MAX_DURATION_MINUTES, owner_id, per_day or PER_DAY)
    shown: dict[date, int] = {}
    for row in rows:
        day = row.starts_at.astimezone(zone).date()
        shown[day] = shown.get(day, 0) + 1
    hidden = tuple(max(0, n - shown.get(first + timedelta(days=i), 0)) for i, n in enumerate(counts))
    return build_page(running + rows, first, count, work, zone_name, hidden)


def week_page(uow: UnitOfWorkFactory, day: date, *, owner_id: str | None = None) -> CalendarPage:
    """Monday to Sunday of the week holding ``day``."""
    return calendar_page(uow, week_days(day)[0], 7, owner_id=owner_id)


def month_page(uow: UnitOfWorkFactory, day: date, *, owner_id: str | None = None) -> CalendarPage:
    """The six weeks of the month grid holding ``day``."""
    return calendar_page(uow, month_days(day)[0], 42, owner_id=owner_id, per_day=PER_DAY_MONTH)
