"""The week view: seven day columns of half-hour slots, my working hours lighter, holidays named.

A visit running overnight is drawn in every day it covers, clipped at midnight (one box per day,
as desktop calendars do); pressing any of its boxes moves the whole visit, the last one's bottom
edge changes its end.

A painted widget. Click a visit to open it; press, move and release to move it (drag its bottom
edge to change its length); double-click an empty slot to plan a visit there. Keyboard: arrows
move the cursor by day and half hour, Enter opens the visit under the cursor (or plans one there).
Nothing here writes: the panel turns the signals into service calls.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _
from prm_desktop.domain.visit_calendar import WorkingTime, day_info, week_days
from prm_desktop.domain.visit_rules import MAX_DURATION_MINUTES
from prm_desktop.services.visits.calendar import CalendarPage, CalendarVisit, DayPiece, pieces_of
from prm_desktop.ui.visits.calendar_style import (
    Colors,
    day_heading,
    hhmm,
    time_range,
    visit_colors,
    visit_flags,
    visit_summary,
)

__all__ = ["WeekView"]

HEADER = 44
GUTTER = 52
SNAP = 15
EDGE = 6


@dataclass
class _Drag:
    visit: CalendarVisit
    piece: DayPiece  # the box pressed
    mode: str  # "move" or "resize"
    origin: QPointF
    active: bool = False
    start: datetime | None = None
    end: datetime | None = None


class WeekView(QWidget):
    """Monday to Sunday with the visits of a `CalendarPage`."""

    open_requested = Signal(str)
    create_requested = Signal(object)  # naive local start
    move_requested = Signal(str, object, int)  # visit id, naive local start, minutes
    navigate = Signal(object)  # a day of another week: the cursor left this one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarWeek")
        self.setAccessibleName(_("Week view"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(640, 420)
        self.page: CalendarPage | None = None
        self.work = WorkingTime()
        self.days = week_days(date.today())
        self.first_hour, self.last_hour = 7, 20
        self.cursor = datetime.combine(date.today(), time(9, 0))
        self._drag: _Drag | None = None
        self._moved: dict[str, tuple[datetime, datetime]] = {}

    # --- data ---
    def set_page(self, page: CalendarPage) -> None:
        """Show a week's visits (pending moves are forgotten: the page has the stored times)."""
        self.page, self.work = page, page.work
        self.days = [d.day for d in page.days]
        self._moved = {}
        first = min([self.work.start.hour] + [p.start.hour for p in page.pieces])
        last = max([self.work.end.hour + (1 if self.work.end.minute else 0)]
                   + [24 if p.end.date() != p.day else p.end.hour + (1 if p.end.minute else 0)
                      for p in page.pieces])  # fmt: skip
        self.first_hour, self.last_hour = max(0, min(first, 8) - 1), min(24, max(last, 18) + 1)
        if self.cursor.date() not in self.days:
            self.cursor = datetime.combine(self.days[0], self.work.start)
        self._describe()
        self.update()

    def visits(self) -> list[CalendarVisit]:
        """The visits drawn (a visit being moved at its new place)."""
        if self.page is None:
            return []
        out = []
        for v in self.page.visits:
            if v.id in self._moved:
                start, end = self._moved[v.id]
                v = replace(v, start=start, end=end)
            out.append(v)
        return out

    def pieces(self) -> list[DayPiece]:
        """The boxes drawn: each visit cut at midnight into the days shown (a visit being moved at its new place)."""
        if self.page is None:
            return []
        columns = {(p.visit.id, p.day): (p.column, p.columns) for p in self.page.pieces}
        return [piece for v in self.visits() for piece in pieces_of(v, self.days, columns)]

    # --- geometry ---
    def _col_width(self) -> float:
        return (self.width() - GUTTER) / 7

    def _per_minute(self) -> float:
        return max(1.0, self.height() - HEADER - 2) / ((self.last_hour - self.first_hour) * 60)

    def y_of(self, moment: time | datetime) -> float:
        """Vertical position of a time of day."""
        minutes = moment.hour * 60 + moment.minute
        return HEADER + (minutes - self.first_hour * 60) * self._per_minute()

    def x_of(self, day: date) -> float:
        """Left edge of a day's column."""
        return GUTTER + (day - self.days[0]).days * self._col_width()

    def piece_rect(self, piece: DayPiece) -> QRectF:
        """Where a visit's box in one day is drawn."""
        width = self._col_width() / max(1, piece.columns)
        x = self.x_of(piece.day) + piece.column * width
        top = self.y_of(piece.start)
        bottom = self.y_of(time(23, 59)) + self._per_minute() if piece.end.date() != piece.day else self.y_of(piece.end)
        bottom = max(top + 14, bottom)
        return QRectF(x + 1, top, width - 3, bottom - top - 1)

    def visit_rects(self, visit: CalendarVisit) -> list[QRectF]:
        """Where a visit is drawn: one box per day shown that it covers."""
        columns = {(p.visit.id, p.day): (p.column, p.columns) for p in self.page.pieces} if self.page else {}
        return [self.piece_rect(p) for p in pieces_of(visit, self.days, columns)]

    def visit_rect(self, visit: CalendarVisit) -> QRectF:
        """Where a visit is drawn (its first box shown)."""
        rects = self.visit_rects(visit)
        return rects[0] if rects else QRectF()

    def slot_rect(self, moment: datetime) -> QRectF:
        """The half-hour slot of a moment."""
        top = self.y_of(moment)
        return QRectF(self.x_of(moment.date()), top, self._col_width(), 30 * self._per_minute())

    def moment_at(self, pos: QPointF, step: int = 30) -> datetime | None:
        """The day and time under a point, rounded down to ``step`` minutes (None outside the grid)."""
        if pos.x() < GUTTER or pos.y() < HEADER:
            return None
        index = int((pos.x() - GUTTER) // self._col_width())
        if not 0 <= index < 7:
            return None
        minutes = self.first_hour * 60 + (pos.y() - HEADER) / self._per_minute()
        minutes = int(max(0, min(24 * 60 - step, minutes)) // step * step)
        return datetime.combine(self.days[index], time(0)) + timedelta(minutes=minutes)

    def piece_at(self, pos: QPointF) -> DayPiece | None:
        """The box drawn under a point (the last drawn wins)."""
        return next((p for p in reversed(self.pieces()) if self.piece_rect(p).contains(pos)), None)

    def visit_at(self, pos: QPointF) -> CalendarVisit | None:
        """The visit drawn under a point."""
        piece = self.piece_at(pos)
        return piece.visit if piece is not None else None

    # --- painting ---
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(self.rect(), Colors.WORKING)
        today = date.today()
        col = self._col_width()
        infos = self.page.days if self.page else tuple(day_info(d, self.work) for d in self.days)
        bottom = self.y_of(time(23, 59)) if self.last_hour == 24 else self.y_of(time(self.last_hour))
        for i, info in enumerate(infos):
            x = GUTTER + i * col
            body = QRectF(x, HEADER, col, bottom - HEADER)
            if info.holiday:
                painter.fillRect(body, Colors.HOLIDAY)
            elif not info.working:
                painter.fillRect(body, Colors.DAY_OFF)
            else:
                painter.fillRect(body, Colors.OFF_HOURS)
                top, low = self.y_of(self.work.start), self.y_of(self.work.end)
                painter.fillRect(QRectF(x, top, col, low - top), Colors.WORKING)
            head = QRectF(x, 0, col, HEADER)
            painter.fillRect(head, Colors.TODAY if info.day == today else (Colors.HOLIDAY if info.holiday else
                                                                          Colors.WORKING))  # fmt: skip
            first, second = day_heading(info, today)
            hidden = self.page.hidden_on(info.day) if self.page else 0
            if hidden:
                more = _("+{count} more", count=format_number(hidden))
                second = f"{second} · {more}" if second else more
            painter.setPen(Colors.TEXT)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(head.adjusted(4, 3, -4, -HEADER / 2), Qt.AlignmentFlag.AlignLeft, first)
            painter.setFont(self.font())
            painter.setPen(Colors.MUTED)
            painter.drawText(head.adjusted(4, HEADER / 2 - 2, -4, 0), Qt.AlignmentFlag.AlignLeft, second)
        # hour lines and labels
        painter.setFont(self.font())
        for hour in range(self.first_hour, self.last_hour + 1):
            y = self.y_of(time(hour % 24)) if hour < 24 else bottom
            painter.setPen(QPen(Colors.GRID))
            painter.drawLine(QPointF(GUTTER, y), QPointF(self.width(), y))
            if hour < self.last_hour:
                painter.setPen(QPen(Colors.HALF_HOUR))
                half = y + 30 * self._per_minute()
                painter.drawLine(QPointF(GUTTER, half), QPointF(self.width(), half))
                painter.setPen(Colors.MUTED)
                painter.drawText(QRectF(0, y - 1, GUTTER - 6, 16), Qt.AlignmentFlag.AlignRight, f"{hour:02d}:00")
        painter.setPen(QPen(Colors.GRID))
        for i in range(8):
            x = GUTTER + i * col
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))
        painter.drawLine(QPointF(0, HEADER), QPointF(self.width(), HEADER))
        for piece in self.pieces():
            self._paint_visit(painter, piece)
        if self._drag is not None and self._drag.active and self._drag.start is not None:
            ghost = replace(self._drag.visit, start=self._drag.start, end=self._drag.end)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for n, rect in enumerate(self.visit_rects(ghost)):
                painter.setPen(QPen(Colors.CURSOR, 2, Qt.PenStyle.DashLine))
                painter.drawRect(rect)
                if n == 0:
                    painter.setPen(Colors.CURSOR)
                    painter.drawText(rect.adjusted(4, 2, -2, -2), Qt.AlignmentFlag.AlignLeft, time_range(ghost))
        if self.hasFocus() and self.cursor.date() in self.days:
            painter.setPen(QPen(Colors.CURSOR, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.slot_rect(self.cursor).adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_visit(self, painter: QPainter, piece: DayPiece) -> None:
        visit = piece.visit
        rect = self.piece_rect(piece)
        fill, border = visit_colors(visit, piece)
        painter.setBrush(fill)
        painter.setPen(QPen(border, 2 if visit.overlaps else 1))
        painter.drawRoundedRect(rect, 3, 3)
        if rect.width() < 24:
            return  # too narrow for text: the tooltip and the keyboard description say what it is
        painter.setPen(Colors.TEXT if visit.status != "cancelled" else Colors.MUTED)
        narrow = rect.width() < 150
        flags = visit_flags(visit, short=rect.width() < 110, piece=piece)
        when = time_range(visit)
        lines = [when, visit.partners] if narrow else [f"{when} {visit.partners}"]
        flag_line = len(lines) if flags else -1
        if flags:
            lines.append(" · ".join(flags))
        if visit.place:
            lines.append(visit.place)
        inner = rect.adjusted(4, 1, -3, -1)
        painter.save()
        painter.setClipRect(inner)
        line_height = painter.fontMetrics().height()
        y = inner.top()
        for n, line in enumerate(lines):
            if y + line_height > inner.bottom() + 2 and n > 0:
                break
            font = QFont(self.font())
            font.setBold(n == flag_line)
            font.setStrikeOut(n < (2 if narrow else 1) and visit.status == "cancelled")
            painter.setFont(font)
            if n == flag_line and (visit.overlaps or (visit.off_day and not piece.continued)):
                painter.setPen(Colors.WARNING)
            painter.drawText(QRectF(inner.left(), y, inner.width(), line_height), Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width())))
            painter.setPen(Colors.TEXT if visit.status != "cancelled" else Colors.MUTED)
            y += line_height
        painter.restore()

    # --- mouse ---
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.setFocus()
        pos = event.position()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        piece = self.piece_at(pos)
        moment = self.moment_at(pos)
        if moment is not None:
            self.cursor = moment
        if piece is not None:
            near_bottom = self.piece_rect(piece).bottom() - pos.y() <= EDGE
            mode = "resize" if near_bottom and not piece.continues else "move"
            self._drag = _Drag(piece.visit, piece, mode, pos)
        self._describe()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        drag = self._drag
        if drag is None:
            piece = self.piece_at(pos)
            near = piece is not None and not piece.continues and self.piece_rect(piece).bottom() - pos.y() <= EDGE
            self.setCursor(Qt.CursorShape.SizeVerCursor if near else Qt.CursorShape.ArrowCursor)
            if piece is not None:
                self.setToolTip(visit_summary(piece.visit))
            return
        if not drag.active and (pos - drag.origin).manhattanLength() < QApplication.startDragDistance():
            return
        if drag.visit.status != "planned":
            return  # done and cancelled visits stay where they were
        drag.active = True
        minutes = round((pos.y() - drag.origin.y()) / self._per_minute() / SNAP) * SNAP
        if drag.mode == "resize":
            end = drag.visit.end + timedelta(minutes=minutes)
            drag.start, drag.end = drag.visit.start, max(drag.visit.start + timedelta(minutes=SNAP), end)
            limit = datetime.combine(drag.piece.day, time(0)) + timedelta(days=1)  # the bottom of the column
            drag.end = min(drag.end, limit, drag.visit.start + timedelta(minutes=MAX_DURATION_MINUTES))
        else:
            days = int((pos.x() - GUTTER) // self._col_width()) - int((drag.origin.x() - GUTTER) // self._col_width())
            start = drag.visit.start + timedelta(days=days, minutes=minutes)
            first = datetime.combine(self.days[0], time(0))
            # it starts in the week shown (a visit begun the week before may stay there)
            start = min(max(start, min(first, drag.visit.start)), first + timedelta(days=7, minutes=-SNAP))
            drag.start, drag.end = start, start + (drag.visit.end - drag.visit.start)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if not drag.active:
            self.open_requested.emit(drag.visit.id)
            return
        assert drag.start is not None and drag.end is not None
        if (drag.start, drag.end) != (drag.visit.start, drag.visit.end):
            self._moved[drag.visit.id] = (drag.start, drag.end)
            minutes = int((drag.end - drag.start).total_seconds() // 60)
            self.move_requested.emit(drag.visit.id, drag.start, minutes)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        if self.visit_at(pos) is not None:
            return  # the first click already opened it
        moment = self.moment_at(pos)
        if moment is not None:
            self.cursor = moment
            self.create_requested.emit(moment)

    # --- keyboard ---
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        steps = {Qt.Key.Key_Left: timedelta(days=-1), Qt.Key.Key_Right: timedelta(days=1),
                 Qt.Key.Key_Up: timedelta(minutes=-30), Qt.Key.Key_Down: timedelta(minutes=30)}  # fmt: skip
        if key in steps:
            moved = self.cursor + steps[key]
            if moved.date() != self.cursor.date() and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                return
            self.cursor = moved
            if moved.date() not in self.days:
                self.navigate.emit(moved.date())
            self._describe()
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            visit = self.visit_under_cursor()
            if visit is not None:
                self.open_requested.emit(visit.id)
            else:
                self.create_requested.emit(self.cursor)
            return
        super().keyPressEvent(event)

    def visit_under_cursor(self) -> CalendarVisit | None:
        """The first visit that takes part of the cursor's half hour."""
        end = self.cursor + timedelta(minutes=30)
        return next((v for v in self.visits() if v.start < end and self.cursor < v.end), None)

    def _describe(self) -> None:
        visit = self.visit_under_cursor()
        where = f"{day_heading(day_info(self.cursor.date(), self.work), date.today())[0]} {hhmm(self.cursor)}"
        self.setAccessibleDescription(f"{where}: {visit_summary(visit)}" if visit else where)
