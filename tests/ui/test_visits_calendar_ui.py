"""The visit calendar through qtbot: week and month views painted, click to open, press/move/release
to move and resize, double-click to plan, keyboard navigation, holidays, working hours, overlaps."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing
from prm_desktop.ui.visits.calendar_panel import CalendarPanel
from prm_desktop.ui.visits.calendar_style import Colors
from prm_desktop.ui.visits.form import VisitForm

PARIS = ZoneInfo("Europe/Paris")
MONDAY = date(2026, 5, 11)  # Thursday 14 May 2026 is Ascension Day


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def acme(ui_ctx) -> str:
    uow = ui_ctx.app.uow
    save_profile(uow, Profile(name="Claire", work_start=time(9, 0), work_end=time(18, 0)), first_run_done=True)
    partner = create_partner(uow, PartnerInput(name="Acme", city="Lyon", address="1 rue Neuve", postal_code="69001")).id
    add_contact(uow, partner, ContactInput(name="Alice", email="alice@acme.fr", is_primary=True))
    return partner


def _visit(ui_ctx, partner: str, when: datetime, minutes: int = 60) -> str:
    return editing.create_visit(ui_ctx.app.uow, VisitInput([partner], "on_site", when, duration_minutes=minutes))


def _panel(ui_ctx, qtbot, day: date = MONDAY) -> CalendarPanel:
    panel = CalendarPanel(ui_ctx)
    qtbot.addWidget(panel)
    panel.resize(1300, 820)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.go_to(day)
    return panel


def _reload(panel: CalendarPanel, qtbot, action) -> None:  # noqa: ANN001
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        action()


def _mouse(widget, kind: QEvent.Type, pos: QPointF) -> None:  # noqa: ANN001
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    button = none if kind == QEvent.Type.MouseMove else left  # a move with the left button held
    buttons = none if kind == QEvent.Type.MouseButtonRelease else left
    event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _drag(widget, start: QPointF, end: QPointF) -> None:  # noqa: ANN001
    _mouse(widget, QEvent.Type.MouseButtonPress, start)
    middle = QPointF((start.x() + end.x()) / 2, (start.y() + end.y()) / 2)
    _mouse(widget, QEvent.Type.MouseMove, middle)
    _mouse(widget, QEvent.Type.MouseMove, end)
    _mouse(widget, QEvent.Type.MouseButtonRelease, end)


def _pixel(widget, x: float, y: float) -> str:  # noqa: ANN001
    return widget.grab().toImage().pixelColor(QPoint(int(x), int(y))).name()


def test_week_marks_working_hours_days_off_and_holidays(ui_ctx, qtbot, acme) -> None:
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    assert [d.day for d in week.page.days] == [date(2026, 5, 11 + i) for i in range(7)]
    assert "Week 20" in panel.title.text()
    thursday = week.page.days[3]
    assert (thursday.holiday, thursday.working) == ("Ascension Day", False)
    middle = week.x_of(MONDAY) + 5
    assert _pixel(week, middle, week.y_of(time(10, 0)) + 5) == Colors.WORKING.name()  # working hours: white
    assert _pixel(week, middle, week.y_of(time(8, 0)) + 5) == Colors.OFF_HOURS.name()  # before 09:00: grey
    assert _pixel(week, week.x_of(date(2026, 5, 14)) + 5, week.y_of(time(10, 0)) + 5) == Colors.HOLIDAY.name()
    assert _pixel(week, week.x_of(date(2026, 5, 16)) + 5, week.y_of(time(10, 0)) + 5) == Colors.DAY_OFF.name()
    set_language("fr")
    from prm_desktop.ui.visits.calendar_style import day_heading

    assert day_heading(thursday, MONDAY) == ("jeu. 14 mai", "Ascension")


def test_overlaps_and_visits_on_a_holiday_are_flagged_in_words(ui_ctx, qtbot, acme) -> None:
    first = _visit(ui_ctx, acme, _at(MONDAY, 10), 90)
    second = _visit(ui_ctx, acme, _at(MONDAY, 11))
    holiday = _visit(ui_ctx, acme, _at(date(2026, 5, 14), 10))
    panel = _panel(ui_ctx, qtbot)
    by_id = {v.id: v for v in panel.week.visits()}
    from prm_desktop.ui.visits.calendar_style import visit_flags

    assert visit_flags(by_id[first]) == ["Overlap"] and visit_flags(by_id[second]) == ["Overlap"]
    assert visit_flags(by_id[holiday]) == ["Holiday: Ascension Day"]
    assert "2 overlap others." in panel.summary.text() and "1 on a day off or a holiday." in panel.summary.text()
    panel.week.cursor = datetime(2026, 5, 11, 11, 0)
    panel.week.setFocus()
    qtbot.keyClick(panel.week, Qt.Key.Key_Down)
    assert "Overlap" in panel.week.accessibleDescription()
    # the month says it too
    _reload(panel, qtbot, lambda: panel.set_mode("month"))
    panel.month.grab()  # paints the lines
    assert panel.month.visit_line(first) is not None


def test_click_opens_the_visit_form(ui_ctx, qtbot, acme) -> None:
    visit = _visit(ui_ctx, acme, _at(MONDAY, 10))
    panel = _panel(ui_ctx, qtbot)
    rect = panel.week.visit_rect(panel.week.visits()[0])
    qtbot.mouseClick(panel.week, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: any(isinstance(w, VisitForm) for w in panel.windows.windows), timeout=10000)
    form = panel.windows.windows[-1]
    assert form.visit_id == visit and form.isVisible()


def test_press_move_release_moves_a_visit_to_another_day_and_hour(ui_ctx, qtbot, acme) -> None:
    visit = _visit(ui_ctx, acme, _at(MONDAY, 10), 60)
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    rect = week.visit_rect(week.visits()[0])
    start = QPointF(rect.center().x(), rect.top() + 5)
    end = QPointF(start.x() + week._col_width(), start.y() + 90 * week._per_minute())
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _drag(week, start, end)
    detail = editing.get_visit(ui_ctx.app.uow, visit)
    assert detail.local_start == _at(date(2026, 5, 12), 11, 30) and detail.duration_minutes == 60
    assert week.visits()[0].start == datetime(2026, 5, 12, 11, 30)


def test_dragging_the_bottom_edge_changes_the_length(ui_ctx, qtbot, acme) -> None:
    visit = _visit(ui_ctx, acme, _at(MONDAY, 10), 60)
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    rect = week.visit_rect(week.visits()[0])
    start = QPointF(rect.center().x(), rect.bottom() - 2)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _drag(week, start, QPointF(start.x(), start.y() + 45 * week._per_minute()))
    detail = editing.get_visit(ui_ctx.app.uow, visit)
    assert detail.local_start == _at(MONDAY, 10) and detail.duration_minutes == 105


def test_double_click_plans_a_visit_in_the_prefilled_form(ui_ctx, qtbot, acme) -> None:
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    pos = QPointF(week.x_of(date(2026, 5, 12)) + 20, week.y_of(time(14, 30)) + 3)
    qtbot.mouseDClick(week, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    assert panel.new_bar.isVisible() and "14:30" in panel.new_label.text()
    assert panel.picker.search_now("acm") == [(acme, "Acme (Lyon)")]
    panel.picker.choose(acme, "Acme (Lyon)")
    qtbot.waitUntil(lambda: any(isinstance(w, VisitForm) for w in panel.windows.windows), timeout=10000)
    form = panel.windows.windows[-1]
    assert form.visit_id is None and form.place.text() == "1 rue Neuve, 69001 Lyon"
    assert form.start.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-05-12 14:30"
    assert len(form.attendee_ids()) == 1  # the primary contact
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        with qtbot.waitSignal(form.saved, timeout=10000):
            form.submit()
    (shown,) = week.visits()
    assert (shown.start, shown.partners) == (datetime(2026, 5, 12, 14, 30), "Acme")


def test_keyboard_navigation(ui_ctx, qtbot, acme) -> None:
    visit = _visit(ui_ctx, acme, _at(MONDAY, 10))
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    week.setFocus()
    _reload(panel, qtbot, lambda: qtbot.keyClick(week, Qt.Key.Key_PageDown))
    assert week.page.first == date(2026, 5, 18)
    _reload(panel, qtbot, lambda: qtbot.keyClick(week, Qt.Key.Key_PageUp))
    assert week.page.first == MONDAY
    week.cursor = datetime(2026, 5, 11, 9, 30)
    qtbot.keyClick(week, Qt.Key.Key_Down)
    assert week.cursor == datetime(2026, 5, 11, 10, 0) and "Acme" in week.accessibleDescription()
    qtbot.keyClick(week, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(getattr(w, "visit_id", None) == visit for w in panel.windows.windows), timeout=10000)
    week.setFocus()
    _reload(panel, qtbot, lambda: qtbot.keyClick(week, Qt.Key.Key_Left))  # to Sunday: the week before
    assert week.page.first == date(2026, 5, 4)
    _reload(panel, qtbot, lambda: qtbot.keyClick(week, Qt.Key.Key_M))
    assert panel.mode == "month" and panel.month.page.first == date(2026, 4, 27)
    assert panel.title.text() == "May 2026"
    _reload(panel, qtbot, lambda: qtbot.keyClick(panel.month, Qt.Key.Key_PageDown))
    assert panel.title.text() == "June 2026"
    _reload(panel, qtbot, lambda: qtbot.keyClick(panel.month, Qt.Key.Key_W))
    assert panel.mode == "week"
    _reload(panel, qtbot, lambda: qtbot.keyClick(week, Qt.Key.Key_T))
    assert date.today() in [d.day for d in week.page.days]


def test_month_view_shows_holidays_opens_and_moves_visits(ui_ctx, qtbot, acme) -> None:
    visit = _visit(ui_ctx, acme, _at(date(2026, 5, 13), 10))
    panel = _panel(ui_ctx, qtbot)
    _reload(panel, qtbot, lambda: panel.set_mode("month"))
    month = panel.month
    month.grab()
    cell = month.cell_rect(date(2026, 5, 14))
    assert _pixel(month, cell.left() + 3, cell.bottom() - 3) == Colors.HOLIDAY.name()
    line = month.visit_line(visit)
    assert line is not None
    target = month.cell_rect(date(2026, 5, 20)).center()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _drag(month, line.center(), target)
    assert editing.get_visit(ui_ctx.app.uow, visit).local_start == _at(date(2026, 5, 20), 10)
    month.grab()
    qtbot.mouseClick(month, Qt.MouseButton.LeftButton, pos=month.visit_line(visit).center().toPoint())
    qtbot.waitUntil(lambda: any(getattr(w, "visit_id", None) == visit for w in panel.windows.windows), timeout=10000)


def test_a_visit_running_overnight_shows_on_both_days_and_moves_whole(ui_ctx, qtbot, acme, tmp_path) -> None:
    tuesday, wednesday = date(2026, 5, 12), date(2026, 5, 13)
    visit = _visit(ui_ctx, acme, _at(tuesday, 22), 240)  # Tuesday 22:00 → Wednesday 02:00
    panel = _panel(ui_ctx, qtbot)
    week = panel.week
    assert week.first_hour == 0 and week.last_hour == 24  # both parts are on the grid
    image = week.grab().toImage()
    late = QPoint(int(week.x_of(tuesday) + 8), int(week.y_of(time(23, 30))))
    early = QPoint(int(week.x_of(wednesday) + 8), int(week.y_of(time(1, 0))))
    assert image.pixelColor(late).name() == Colors.PLANNED.name()
    assert image.pixelColor(early).name() == Colors.PLANNED.name()  # the part after midnight, clipped to Wednesday
    assert week.visit_at(QPointF(early)).id == visit
    from prm_desktop.ui.visits.calendar_style import visit_flags

    (after,) = [p for p in week.pieces() if p.day == wednesday]
    assert visit_flags(after.visit, piece=after)[0] == "Continued from Tue 12 May"
    # pressing the Wednesday part and dropping it a day later moves the whole visit by a day
    start = QPointF(early.x() + 4, early.y())
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        _drag(week, start, QPointF(start.x() + week._col_width(), start.y()))
    detail = editing.get_visit(ui_ctx.app.uow, visit)
    assert detail.local_start == _at(wednesday, 22) and detail.duration_minutes == 240
    # a click on the Thursday part opens it
    thursday = QPoint(int(week.x_of(date(2026, 5, 14)) + 12), int(week.y_of(time(1, 0))))
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton, pos=thursday)
    qtbot.waitUntil(lambda: any(getattr(w, "visit_id", None) == visit for w in panel.windows.windows), timeout=10000)
    # the month grid has a line on each day, "until 02:00" on the second
    _reload(panel, qtbot, lambda: panel.set_mode("month"))
    month = panel.month
    month.grab()
    assert month.visit_line(visit, wednesday) is not None and month.visit_line(visit, date(2026, 5, 14)) is not None
    assert [p.continued for p in month.by_day[date(2026, 5, 14)]] == [True]


def test_the_visits_tab_switches_between_list_and_calendar(ui_ctx, qtbot, acme) -> None:
    from prm_desktop.ui.visits.view import VisitsTab

    tab = VisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1300, 820)
    tab.show()
    assert tab.stack.isVisible() and not tab.calendar.isVisible()
    with qtbot.waitSignal(tab.calendar.loaded, timeout=10000):
        tab.show_display("calendar")
    assert tab.calendar.isVisible() and not tab.stack.isVisible() and not tab.chooser.isVisible()
    tab.show_display("list")
    assert tab.stack.isVisible() and not tab.calendar.isVisible()
    tab.retire()


def test_export_and_import_from_the_calendar(ui_ctx, qtbot, acme, tmp_path) -> None:
    from icalendar import Calendar

    from prm_desktop.services.visits import lists
    from prm_desktop.ui.visits.calendar_import import ImportPreviewPanel

    visit = _visit(ui_ctx, acme, _at(MONDAY, 10))
    _visit(ui_ctx, acme, _at(date(2026, 5, 25), 10))  # another week: not in the file
    panel = _panel(ui_ctx, qtbot)
    path = tmp_path / "week.ics"
    with qtbot.waitSignal(panel.exported, timeout=10000):
        panel.export_to(str(path))
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == f"{visit}@prm-desktop.visits" and "1 visit written" in panel.summary.text()
    outlook = tmp_path / "outlook.ics"
    outlook.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:o-1@example.com\n"
                       "SUMMARY:Review\nDTSTART;TZID=Europe/Paris:20260513T150000\n"
                       "DTEND;TZID=Europe/Paris:20260513T160000\nATTENDEE:mailto:alice@acme.fr\n"
                       "END:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")  # fmt: skip
    panel.preview_import(str(outlook))
    qtbot.waitUntil(lambda: any(isinstance(w, ImportPreviewPanel) for w in panel.windows.windows), timeout=10000)
    preview = panel.windows.windows[-1]
    assert preview.table.item(0, 0).text() == "New visit" and preview.table.item(0, 2).text() == "Acme"
    assert "1 new" in preview.intro.text() and len(lists.list_visits(ui_ctx.app.uow, "all")) == 2
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        with qtbot.waitSignal(preview.imported, timeout=10000):
            preview.import_button.click()
    assert "Imported: 1 new" in preview.intro.text()
    assert [v.start for v in panel.week.visits()] == [datetime(2026, 5, 11, 10), datetime(2026, 5, 13, 15)]
