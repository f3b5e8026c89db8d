"""The Visits tab's calendar: week and month views, navigation, and what the views ask for.

Pages are read off the GUI thread (the task runner); moves go through the write queue as
`editing.move_visit`; a double-click asks for the partner in a bar above the view, then opens the
visit form prefilled (start, place, primary contact); a click opens the visit's form.
Keys (also when a view has the focus): Page Up / Page Down the previous or next week or month,
T today, W the week, M the month.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_date, format_number
from prm_desktop.domain.i18n import _, _n, get_language
from prm_desktop.domain.partner_filter import PartnerFilter
from prm_desktop.domain.visit_calendar import week_days
from prm_desktop.services.partner_queries import fetch_partner_rows
from prm_desktop.services.partners import get_partner
from prm_desktop.services.profile import get_profile
from prm_desktop.services.visits import editing
from prm_desktop.services.visits.calendar import PER_DAY, PER_DAY_MONTH, CalendarPage, month_page, week_page
from prm_desktop.services.visits.due import owns_any_partner
from prm_desktop.services.visits.ics_export import export_ics
from prm_desktop.services.visits.people import people_choices
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.pickers import PartnerPicker
from prm_desktop.ui.visits.calendar_month import MonthView
from prm_desktop.ui.visits.calendar_week import WeekView
from prm_desktop.ui.visits.form import VisitForm
from prm_desktop.ui.visits.windows import VisitWindows

__all__ = ["CalendarPanel"]

TOPICS = frozenset({"visits", "partners", "profile", "*"})


class CalendarPanel(QWidget):
    """Week and month views of my visits (or the team's), with their toolbar."""

    #: Emitted on the GUI thread once a page is shown (tests wait for it).
    loaded = Signal()
    #: Emitted with the file's path once an .ics file was written.
    exported = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("visitsCalendar")
        self.setAccessibleName(_("Visit calendar"))
        self.mode = "week"
        self.anchor = date.today()
        self.page: CalendarPage | None = None
        self.zone = "Europe/Paris"
        self._generation = 0
        self._dirty = True
        self.new_start: datetime | None = None
        self.windows = VisitWindows(ctx, self)
        bar = QHBoxLayout()
        self.previous = QPushButton(_("‹ Previous"))
        self.today = QPushButton(_("Today"))
        self.next = QPushButton(_("Next ›"))
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.today.clicked.connect(self.go_today)
        self.title = QLabel("")
        self.title.setAccessibleName(_("Period shown"))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.week_button = QPushButton(_("Week"))
        self.month_button = QPushButton(_("Month"))
        self.modes = QButtonGroup(self)
        for button, mode in ((self.week_button, "week"), (self.month_button, "month")):
            button.setCheckable(True)
            self.modes.addButton(button)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
        self.week_button.setChecked(True)
        self.mine = QCheckBox(_("Mine only"))
        self.mine.setChecked(True)
        self.mine.toggled.connect(lambda _on: self.refresh())
        for widget in (self.previous, self.today, self.next, self.title):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.export_button = QPushButton(_("Export .ics…"))
        self.export_button.setToolTip(_("Write the visits shown to an iCalendar file for Outlook or Google Calendar"))
        self.export_button.clicked.connect(self.export_shown)
        self.import_button = QPushButton(_("Import .ics…"))
        self.import_button.setToolTip(_("Make visits of the events of an iCalendar file (a preview comes first)"))
        self.import_button.clicked.connect(self.import_file)
        for widget in (self.mine, self.week_button, self.month_button, self.export_button, self.import_button):
            bar.addWidget(widget)
        self.tools = bar
        # The partner of a new visit, asked for after a double-click.
        self.new_bar = QWidget()
        new_row = QHBoxLayout(self.new_bar)
        new_row.setContentsMargins(0, 0, 0, 0)
        self.new_label = QLabel("")
        self.picker = PartnerPicker(self._suggest, _("Partner of the new visit"), _("Type the partner's name"))
        self.picker.chosen.connect(self._partner_chosen)
        for button in self.picker.edit.findChildren(QToolButton):  # the line edit's clear button
            button.setAccessibleName(_("Clear the field"))
        self.new_cancel = QPushButton(_("Cancel"))
        self.new_cancel.clicked.connect(self.new_bar.hide)
        new_row.addWidget(self.new_label)
        new_row.addWidget(self.picker, 1)
        new_row.addWidget(self.new_cancel)
        self.new_bar.hide()
        self.week = WeekView()
        self.month = MonthView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.week)
        self.stack.addWidget(self.month)
        for view in (self.week, self.month):
            view.open_requested.connect(self.open_visit)
            view.create_requested.connect(self.ask_partner)
            view.move_requested.connect(self.move_visit)
            view.navigate.connect(self.go_to)
        self.month.day_activated.connect(lambda day: (self.go_to(day), self.set_mode("week")))
        self.summary = QLabel(_("Loading…"))
        self.summary.setAccessibleName(_("Calendar summary"))
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.new_bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.summary)
        self.setFocusProxy(self.week)
        ctx.signals.data_changed.connect(self._on_data_changed)

    @property
    def view(self) -> WeekView | MonthView:
        """The view shown."""
        return self.week if self.mode == "week" else self.month

    # --- navigation ---
    def set_mode(self, mode: str) -> None:
        """Show the week (``"week"``) or the month (``"month"``) holding the current day."""
        if mode == "week" and self.mode == "month":
            self.anchor = self.month.selected
        self.mode = mode
        (self.week_button if mode == "week" else self.month_button).setChecked(True)
        self.stack.setCurrentWidget(self.view)
        self.setFocusProxy(self.view)
        self.view.setFocus()
        self.refresh()

    def step(self, direction: int) -> None:
        """Previous (-1) or next (1) week or month."""
        if self.mode == "week":
            self.go_to(self.anchor + timedelta(days=7 * direction))
        else:
            first = self.anchor.replace(day=1)
            month = first.month - 1 + direction
            self.go_to(first.replace(year=first.year + month // 12, month=month % 12 + 1))

    def go_today(self) -> None:
        """Back to today."""
        self.go_to(date.today())

    def go_to(self, day: date) -> None:
        """Show the week or month holding ``day`` (the cursor goes to that day)."""
        self.anchor = day
        self.week.cursor = datetime.combine(day, self.week.cursor.time())
        self.month.selected = day
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = event.key()
        if key == Qt.Key.Key_PageUp:
            self.step(-1)
        elif key == Qt.Key.Key_PageDown:
            self.step(1)
        elif key == Qt.Key.Key_T:
            self.go_today()
        elif key == Qt.Key.Key_W:
            self.set_mode("week")
        elif key == Qt.Key.Key_M:
            self.set_mode("month")
        elif key == Qt.Key.Key_Escape and self.new_bar.isVisible():
            self.new_bar.hide()
        else:
            super().keyPressEvent(event)

    # --- loading ---
    def refresh(self) -> None:
        """Read the page shown again (off the GUI thread); a late answer of an older read is ignored."""
        self._dirty = False
        self._generation += 1
        generation, mode, anchor, mine, uow = self._generation, self.mode, self.anchor, self.mine.isChecked(), \
            self.ctx.app.uow  # fmt: skip

        def fetch(_p: object) -> tuple[str, date, CalendarPage]:
            me = get_profile(uow).me_member_id
            owner = me if mine and owns_any_partner(uow, me) else None
            page = week_page(uow, anchor, owner_id=owner) if mode == "week" else month_page(uow, anchor,
                                                                                           owner_id=owner)  # fmt: skip
            return mode, anchor, page

        self.ctx.tasks.run(_("Loading"), fetch, on_done=lambda r: self._show(generation, r),
                           on_error=lambda exc, _t: self.summary.setText(str(exc)), quiet=True)  # fmt: skip

    def _show(self, generation: int, result: tuple[str, date, CalendarPage]) -> None:
        if generation != self._generation:
            return
        mode, anchor, page = result
        self.page, self.zone = page, page.timezone
        if mode == "week":
            self.week.set_page(page)
            days = week_days(anchor)
            number = anchor.isocalendar()[1]
            self.title.setText(_("Week {number}: {first} – {last}", number=number,
                                 first=format_date(days[0], style="d MMM"), last=format_date(days[-1])))  # fmt: skip
        else:
            self.month.set_page(page, anchor)
            self.title.setText(format_date(anchor, style="LLLL y").capitalize())
        self.summary.setText(self._summary(page, mode, anchor))
        self.loaded.emit()

    @staticmethod
    def _summary(page: CalendarPage, mode: str, anchor: date) -> str:
        visits = [v for v in page.visits if mode == "week" or v.start.month == anchor.month]
        hidden = sum(page.hidden_on(d.day) for d in page.days if mode == "week" or d.day.month == anchor.month)
        total = len(visits) + hidden
        parts = [_n("{count} visit.", "{count} visits.", total, count=format_number(total))]
        overlaps = sum(1 for v in visits if v.overlaps)
        off = sum(1 for v in visits if v.off_day and v.status != "cancelled")
        if overlaps:
            parts.append(_n("{count} overlaps another.", "{count} overlap others.", overlaps, count=overlaps))
        if off:
            parts.append(_n("{count} on a day off or a holiday.", "{count} on days off or holidays.", off, count=off))
        if hidden:
            parts.append(_("Busy days show their first {count} visits.", count=PER_DAY if mode == "week" else
                           PER_DAY_MONTH))  # fmt: skip
        parts.append(_("Double-click to plan a visit, drag to move it; PgUp/PgDn, T (today), W (week), M (month)."))
        return " ".join(parts)

    def _on_data_changed(self, what: str) -> None:
        if what not in TOPICS:
            return
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def retire(self) -> None:
        """Ignore loads still under way and close the windows opened from here."""
        self._generation = -1
        self.windows.close_all()
        self.ctx.signals.data_changed.disconnect(self._on_data_changed)

    # --- what the views ask for ---
    def open_visit(self, visit_id: str) -> None:
        """Open a visit's form (its own window)."""
        self.windows.open_visit(visit_id)

    def move_visit(self, visit_id: str, start: datetime, minutes: int) -> None:
        """Move or resize a visit through the write queue (start: naive local time of my zone)."""
        uow, when = self.ctx.app.uow, start.replace(tzinfo=ZoneInfo(self.zone))
        self.ctx.tasks.submit_write(_("Moving the visit"), lambda _p: editing.move_visit(uow, visit_id, when, minutes),
                                    on_done=lambda _r: self.ctx.changed("visits"),
                                    on_error=self._move_failed)  # fmt: skip

    def _move_failed(self, exc: BaseException, _trace: str) -> None:
        self.summary.setText(_("The visit could not be moved: {error}", error=exc))
        self.refresh()

    def ask_partner(self, start: datetime) -> None:
        """Ask which partner a new visit at ``start`` (naive local time) is with."""
        self.new_start = start
        when = f"{format_date(start, style='EEEE d MMMM')} {start:%H:%M}"
        self.new_label.setText(_("New visit on {when} with:", when=when))
        self.picker.set_value(None)
        self.new_bar.show()
        self.picker.setFocus()

    def _suggest(self, text: str) -> list[tuple[str, str]]:
        rows = fetch_partner_rows(self.ctx.app.uow, PartnerFilter(text=text), "name", False, 0, 12)
        return [(r.id, f"{r.name} ({r.city})" if r.city else r.name) for r in rows]

    def _partner_chosen(self, partner_id: str | None, label: str) -> None:
        if partner_id and self.new_start is not None:
            self.new_bar.hide()
            self.plan_at(partner_id, self.new_start)

    def plan_at(self, partner_id: str, start: datetime) -> None:
        """Open the visit form for a new visit with a partner at ``start``, prefilled (nothing saved yet)."""
        uow, when = self.ctx.app.uow, start.replace(tzinfo=ZoneInfo(self.zone))

        def load(_p: object) -> tuple[Any, Any, str]:
            data = editing.plan_defaults(uow, [partner_id])
            data.starts_at, data.timezone = when, self.zone
            people = people_choices(uow, [partner_id])
            return data, people, get_partner(uow, partner_id).name

        self.ctx.tasks.run(_("Opening the visit"), load, on_done=self._show_new_form)

    def _show_new_form(self, result: tuple[Any, Any, str]) -> None:
        data, people, name = result
        form = VisitForm(self.ctx, data, None, name, self, people.contacts, people.stakeholders, people.members)
        self.windows.show(form)

    # --- iCalendar ---
    def export_shown(self) -> None:
        """Ask where, then write the visits shown (the week or the month grid) to an .ics file."""
        if self.page is None:
            return
        name = f"visits-{self.page.first.isoformat()}.ics"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export .ics…"), name, _("iCalendar (*.ics)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the visits shown to ``path`` (off the GUI thread); the summary line says how many."""
        if self.page is None:
            return
        uow, mine, lang = self.ctx.app.uow, self.mine.isChecked(), get_language()
        first, last = self.page.first, self.page.days[-1].day

        def work(_p: object) -> int:
            me = get_profile(uow).me_member_id
            owner = me if mine and owns_any_partner(uow, me) else None
            data, count = export_ics(uow, first=first, last=last, owner_id=owner, lang=lang)
            Path(path).write_bytes(data)
            return count

        self.ctx.tasks.run(_("Writing the calendar file"), work, on_done=lambda n: self._exported(n, path))

    def _exported(self, count: int, path: str) -> None:
        message = _n("{count} visit written to {path}.", "{count} visits written to {path}.", count, count=count,
                     path=path)  # fmt: skip
        self.summary.setText(message)
        self.ctx.status(message)
        self.exported.emit(path)

    def import_file(self) -> None:
        """Ask for an .ics file, then show what importing it would do (nothing written before Import)."""
        path, _filter = QFileDialog.getOpenFileName(self, _("Import .ics…"), "", _("iCalendar (*.ics)"))
        if path:
            self.preview_import(path)

    def preview_import(self, path: str) -> None:
        """Read ``path`` and open the import preview (its own window)."""
        from prm_desktop.ui.visits.calendar_import import open_import_preview

        open_import_preview(self.ctx, path, self.windows)
