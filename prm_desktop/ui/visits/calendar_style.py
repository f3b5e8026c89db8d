"""What the calendar views share: colours (never alone: each flag is also written) and the flag words."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtGui import QColor

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.domain.visit_calendar import DayInfo
from prm_desktop.services.visits.calendar import CalendarVisit, DayPiece

__all__ = ["Colors", "day_heading", "hhmm", "time_range", "visit_colors", "visit_flags", "visit_summary"]


class Colors:
    """The calendar's palette."""

    WORKING = QColor("#ffffff")
    OFF_HOURS = QColor("#f1f3f5")
    DAY_OFF = QColor("#e4e7eb")
    HOLIDAY = QColor("#fbe9c6")
    OTHER_MONTH = QColor("#f7f7f7")
    TODAY = QColor("#dbe9ff")
    GRID = QColor("#c9ced4")
    HALF_HOUR = QColor("#e5e8eb")
    TEXT = QColor("#1d2329")
    MUTED = QColor("#5f6b76")
    CURSOR = QColor("#1b6ac9")
    PLANNED = QColor("#cfe2ff")
    PLANNED_BORDER = QColor("#3d7bd9")
    DONE = QColor("#d4edda")
    DONE_BORDER = QColor("#3c8c50")
    CANCELLED = QColor("#eceff1")
    CANCELLED_BORDER = QColor("#9aa3ab")
    WARNING = QColor("#c62828")
    OFF_DAY_VISIT = QColor("#ffe0b2")


def hhmm(moment: datetime) -> str:
    """``09:05``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def time_range(visit: CalendarVisit) -> str:
    """``09:00–10:30``; ``22:00–Tue 02:00`` for a visit ending on a later day."""
    last = visit.end - timedelta(microseconds=1)
    if last.date() == visit.start.date():
        return f"{hhmm(visit.start)}–{hhmm(visit.end)}"
    return f"{hhmm(visit.start)}–{format_date(visit.end, style='EEE')} {hhmm(visit.end)}"


def visit_flags(visit: CalendarVisit, short: bool = False, piece: DayPiece | None = None) -> list[str]:
    """What is unusual about a visit, in words (the colours only repeat it).

    Args:
        visit: The visit.
        short: Short words (a narrow box).
        piece: The visit's box in one day: the one of a visit begun the day before says so.
    """
    flags = []
    if piece is not None and piece.continued:
        flags.append(_("Continued") if short else _("Continued from {day}", day=format_date(visit.start,
                                                                                             style="EEE d MMM")))
    if visit.status == "cancelled":
        flags.append(_("Cancelled"))
    elif visit.status == "done":
        flags.append(_("Done"))
    if visit.overlaps:
        flags.append(_("Overlap"))
    if piece is not None and piece.continued:
        return flags  # the day off or the hours are said on the day it starts
    if visit.off_day == "holiday":
        flags.append(_("Holiday") if short else _("Holiday: {name}", name=_(visit.holiday) if visit.holiday else ""))
    elif visit.off_day == "day_off":
        flags.append(_("Day off"))
    elif visit.outside_hours:
        flags.append(_("Outside hours"))
    return flags


def visit_colors(visit: CalendarVisit, piece: DayPiece | None = None) -> tuple[QColor, QColor]:
    """Fill and border of a visit's box (red border: overlap; orange fill: on a day off, on the day it starts)."""
    if visit.status == "cancelled":
        fill, border = Colors.CANCELLED, Colors.CANCELLED_BORDER
    elif visit.status == "done":
        fill, border = Colors.DONE, Colors.DONE_BORDER
    else:
        fill, border = Colors.PLANNED, Colors.PLANNED_BORDER
    if visit.off_day and visit.status != "cancelled" and (piece is None or not piece.continued):
        fill = Colors.OFF_DAY_VISIT
    if visit.overlaps:
        border = Colors.WARNING
    return fill, border


def visit_summary(visit: CalendarVisit) -> str:
    """One line for a tooltip or a screen reader: time, partners, place, flags."""
    parts = [time_range(visit), visit.partners or _("(no partner)")]
    if visit.place:
        parts.append(visit.place)
    parts.extend(visit_flags(visit))
    return " · ".join(parts)


def day_heading(info: DayInfo, today: date) -> tuple[str, str]:
    """Heading of a day column: ``Mon 11/05`` and the holiday's name or "Day off" (empty on a working day)."""
    first = format_date(info.day, style="EEE d MMM")
    if info.holiday:
        second = _(info.holiday)
    elif info.day_off:
        second = _("Day off")
    else:
        second = _("Today") if info.day == today else ""
    return first, second
