"""The month view: six weeks from a Monday, a line per visit (as many as fit, then "+N more").

A painted widget. Click a visit's line to open it; press, move and release to move it to another
day (same time); double-click a day to plan a visit on it. Keyboard: arrows move the selected day,
Enter shows its week. Nothing here writes: the panel turns the signals into service calls. A visit
running overnight has a line in each day it covers ("until 02:00" on the next day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QApplication, QWidget

from prm_desktop.domain.formatting import format_date, format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.domain.visit_calendar import DayInfo, WorkingTime, day_info, month_days
from prm_desktop.services.visits.calendar import CalendarPage, CalendarVisit, DayPiece
from prm_desktop.ui.visits.calendar_style import Colors, hhmm, visit_colors, visit_flags, visit_summary

__all__ = ["MonthView"]

HEADER = 22


@dataclass
class _Drag:
    piece: DayPiece  # the line pressed
    origin: QPointF
    active: bool = False
    day: date | None = None


class MonthView(QWidget):
    """A month grid with the visits of a `CalendarPage` of 42 days."""

    open_requested = Signal(str)
    create_requested = Signal(object)  # naive local start (the day at the start of my working hours)
    move_requested = Signal(str, object, int)
    day_activated = Signal(object)  # show the week of this day
    navigate = Signal(object)  # a day of another month grid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonth")
        self.setAccessibleName(_("Month view"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(640, 420)
        self.page: CalendarPage | None = None
        self.work = WorkingTime()
        self.month = date.today().replace(day=1)
        self.days = month_days(self.month)
        self.selected = date.today()
        self.by_day: dict[date, list[DayPiece]] = {}
        self._drag: _Drag | None = None
        self._lines: list[tuple[QRectF, DayPiece]] = []

    def set_page(self, page: CalendarPage, month: date) -> None:
        """Show a month grid's visits; ``month`` is any day of the month shown."""
        self.page, self.work, self.month = page, page.work, month.replace(day=1)
        self.days = [d.day for d in page.days]
        self.by_day = {}
        for piece in page.pieces:
            self.by_day.setdefault(piece.day, []).append(piece)
        if self.selected not in self.days:
            self.selected = self.month
        self._describe()
        self.update()

    # --- geometry ---
    def cell_rect(self, day: date) -> QRectF:
        """The cell of a day of the grid."""
        index = (day - self.days[0]).days
        width, height = self.width() / 7, (self.height() - HEADER) / 6
        return QRectF((index % 7) * width, HEADER + (index // 7) * height, width, height)

    def day_at(self, pos: QPointF) -> date | None:
        """The day under a point (None in the heading)."""
        if pos.y() < HEADER:
            return None
        col = int(pos.x() // (self.width() / 7))
        row = int((pos.y() - HEADER) // ((self.height() - HEADER) / 6))
        if not (0 <= col < 7 and 0 <= row < 6):
            return None
        return self.days[row * 7 + col]

    def piece_at(self, pos: QPointF) -> DayPiece | None:
        """The line (a visit in one day) under a point."""
        return next((p for rect, p in self._lines if rect.contains(pos)), None)

    def visit_at(self, pos: QPointF) -> CalendarVisit | None:
        """The visit whose line is under a point."""
        piece = self.piece_at(pos)
        return piece.visit if piece is not None else None

    def visit_line(self, visit_id: str, day: date | None = None) -> QRectF | None:
        """Where a visit's line was drawn (in ``day``, else its first); None when not shown."""
        return next((rect for rect, p in self._lines if p.visit.id == visit_id and day in (None, p.day)), None)

    # --- painting ---
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), Colors.WORKING)
        width = self.width() / 7
        painter.setPen(Colors.MUTED)
        for i, day in enumerate(self.days[:7]):
            painter.drawText(QRectF(i * width + 4, 2, width - 8, HEADER - 4), Qt.AlignmentFlag.AlignLeft,
                             format_date(day, style="EEEE"))  # fmt: skip
        self._lines = []
        today = date.today()
        infos = {i.day: i for i in (self.page.days if self.page else [day_info(d, self.work) for d in self.days])}
        for day in self.days:
            self._paint_day(painter, infos[day], today)
        if self.hasFocus():
            painter.setPen(QPen(Colors.CURSOR, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.cell_rect(self.selected).adjusted(1, 1, -1, -1))
        if self._drag is not None and self._drag.active and self._drag.day is not None:
            painter.setPen(QPen(Colors.CURSOR, 2, Qt.PenStyle.DashLine))
            painter.drawRect(self.cell_rect(self._drag.day).adjusted(3, 3, -3, -3))
        painter.end()

    def _paint_day(self, painter: QPainter, info: DayInfo, today: date) -> None:
        rect = self.cell_rect(info.day)
        if info.holiday:
            fill = Colors.HOLIDAY
        elif info.day_off:
            fill = Colors.DAY_OFF
        elif info.day.month != self.month.month:
            fill = Colors.OTHER_MONTH
        else:
            fill = Colors.WORKING
        painter.fillRect(rect, fill)
        painter.setPen(QPen(Colors.GRID))
        painter.drawRect(rect)
        metrics = painter.fontMetrics()
        line = metrics.height()
        head = QRectF(rect.left() + 4, rect.top() + 2, rect.width() - 8, line)
        if info.day == today:
            painter.fillRect(head.adjusted(-3, -1, 3, 1), Colors.TODAY)
        bold = QFont(self.font())
        bold.setBold(info.day == today)
        painter.setFont(bold)
        painter.setPen(Colors.TEXT if info.day.month == self.month.month else Colors.MUTED)
        number = str(info.day.day) if info.day.day != 1 else format_date(info.day, style="d MMM")
        painter.drawText(head, Qt.AlignmentFlag.AlignLeft, number)
        painter.setFont(self.font())
        if info.holiday or info.day_off:
            painter.setPen(Colors.MUTED)
            mark = _(info.holiday) if info.holiday else _("Day off")
            painter.drawText(head.adjusted(metrics.horizontalAdvance(number) + 6, 0, 0, 0), Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(mark, Qt.TextElideMode.ElideRight,
                                                int(head.width() - metrics.horizontalAdvance(number) - 6)))  # fmt: skip
        visits = self.by_day.get(info.day, [])
        room = max(0, int((rect.height() - line - 4) // line))
        shown = visits if len(visits) <= room else visits[:max(0, room - 1)]
        y = head.bottom() + 1
        for piece in shown:
            visit = piece.visit
            box = QRectF(rect.left() + 2, y, rect.width() - 4, line)
            fill, border = visit_colors(visit, piece)
            painter.fillRect(box, fill)
            if visit.overlaps:
                painter.setPen(QPen(border, 1))
                painter.drawRect(box)
            flags = visit_flags(visit, short=True, piece=piece)[1 if piece.continued else 0:]  # “until” says it
            when = _("until {time}", time=hhmm(visit.end)) if piece.continued else hhmm(visit.start)
            text = " ".join([when, *([f"{', '.join(flags)} ·"] if flags else []), visit.partners])
            font = QFont(self.font())
            font.setStrikeOut(visit.status == "cancelled")
            painter.setFont(font)
            painter.setPen(Colors.WARNING if visit.overlaps else Colors.TEXT)
            painter.drawText(box.adjusted(3, 0, -2, 0), Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(box.width() - 5)))  # fmt: skip
            self._lines.append((box, piece))
            y += line
        painter.setFont(self.font())
        more = len(visits) - len(shown) + (self.page.hidden_on(info.day) if self.page else 0)
        if more:
            painter.setPen(Colors.MUTED)
            painter.drawText(QRectF(rect.left() + 4, y, rect.width() - 8, line), Qt.AlignmentFlag.AlignLeft,
                             _("+{count} more", count=format_number(more)))  # fmt: skip

    # --- mouse ---
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.setFocus()
        pos = event.position()
        day = self.day_at(pos)
        if day is not None:
            self.selected = day
        piece = self.piece_at(pos)
        if piece is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = _Drag(piece, pos)
        self._describe()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        drag = self._drag
        if drag is None:
            visit = self.visit_at(event.position())
            self.setToolTip(visit_summary(visit) if visit else "")
            return
        if not drag.active and (event.position() - drag.origin).manhattanLength() < QApplication.startDragDistance():
            return
        if drag.piece.visit.status != "planned":
            return
        drag.active = True
        drag.day = self.day_at(event.position())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        drag, self._drag = self._drag, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        visit = drag.piece.visit
        if not drag.active:
            self.open_requested.emit(visit.id)
            return
        if drag.day is not None and drag.day != drag.piece.day:  # the same time, as many days later (or earlier)
            start = visit.start + timedelta(days=(drag.day - drag.piece.day).days)
            self.move_requested.emit(visit.id, start, visit.duration_minutes)
        self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        day = self.day_at(pos)
        if day is not None and self.visit_at(pos) is None:
            self.create_requested.emit(datetime.combine(day, self.work.start))

    # --- keyboard ---
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = event.key()
        if key in steps:
            self.selected += timedelta(days=steps[key])
            if self.selected.month != self.month.month:
                self.navigate.emit(self.selected)
            self._describe()
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.day_activated.emit(self.selected)
            return
        super().keyPressEvent(event)

    def _describe(self) -> None:
        visits = self.by_day.get(self.selected, [])
        info = day_info(self.selected, self.work)
        parts = [format_date(self.selected, style="full")]
        if info.holiday:
            parts.append(_(info.holiday))
        parts.append(_n("{count} visit", "{count} visits", len(visits), count=len(visits)) if visits else _("No visit"))
        self.setAccessibleDescription(" · ".join(parts))
