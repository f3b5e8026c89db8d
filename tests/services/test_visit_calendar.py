"""The visit calendar's services: visits of a week or a month, laid out and flagged; moving a visit;
the iCalendar SEQUENCE going up when what a calendar client shows changes."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing
from prm_desktop.services.visits.calendar import calendar_page, month_page, week_page, working_time
from prm_desktop.storage.models import Visit

PARIS = ZoneInfo("Europe/Paris")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _visit(uow, partner, when, minutes=60, **fields) -> str:
    return editing.create_visit(uow, VisitInput([partner], "on_site", when, duration_minutes=minutes, **fields))


def test_week_page_lays_out_overlaps_days_off_and_holidays(uow) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon")).id
    monday = date(2026, 5, 11)  # Thursday 14 May 2026 is Ascension Day
    a = _visit(uow, acme, _at(monday, 9), 90)
    b = _visit(uow, acme, _at(monday, 10), 60)
    c = _visit(uow, acme, _at(monday, 14), 60)
    holiday = _visit(uow, acme, _at(date(2026, 5, 14), 10))
    sunday = _visit(uow, acme, _at(date(2026, 5, 17), 10))
    _visit(uow, acme, _at(date(2026, 5, 18), 10))  # next week: not shown
    cancelled = _visit(uow, acme, _at(monday, 9, 30))
    editing.cancel_visit(uow, cancelled, "Partner ill")

    page = week_page(uow, date(2026, 5, 13))
    by_id = {v.id: v for v in page.visits}
    assert page.first == monday and len(page.days) == 7
    assert set(by_id) == {a, b, c, holiday, sunday, cancelled}
    assert by_id[a].overlaps and by_id[b].overlaps and not by_id[c].overlaps
    assert (by_id[a].column, by_id[b].column, by_id[a].columns) == (0, 1, 2)
    assert not by_id[cancelled].overlaps  # a cancelled visit takes no time
    assert (by_id[holiday].off_day, by_id[holiday].holiday) == ("holiday", "Ascension Day")
    assert by_id[sunday].off_day == "day_off" and by_id[c].off_day is None
    assert by_id[a].start == datetime(2026, 5, 11, 9) and by_id[a].duration_minutes == 90
    thursday = page.days[3]
    assert (thursday.holiday, thursday.working) == ("Ascension Day", False)
    assert page.days[0].working and not page.days[5].working


def test_working_time_comes_from_the_profile(uow) -> None:
    assert working_time(uow)[0].start == time(8, 0)  # before the first run: 08:00-19:00 Monday-Friday
    save_profile(uow, Profile(name="Claire", working_days=(1, 2, 3, 4), work_start=time(8, 30),
                              work_end=time(17, 0)), first_run_done=True)  # fmt: skip
    work, zone = working_time(uow)
    assert (work.days, work.start, work.end, zone) == ((1, 2, 3, 4), time(8, 30), time(17, 0), "Europe/Paris")
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    late = _visit(uow, acme, _at(date(2026, 5, 11), 16, 30))
    friday = _visit(uow, acme, _at(date(2026, 5, 15), 10))
    by_id = {v.id: v for v in week_page(uow, date(2026, 5, 11)).visits}
    assert by_id[late].outside_hours and by_id[friday].off_day == "day_off"


def test_month_page_and_owner_filter(uow) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    save_profile(uow, Profile(name="Claire"), first_run_done=True)
    with uow.read() as session:
        me = session.execute(text("SELECT me_member_id FROM user_profile")).scalar()
    mine = _visit(uow, acme, _at(date(2026, 5, 29), 10), owner_id=me)
    theirs = _visit(uow, acme, _at(date(2026, 6, 2), 10))
    before = _visit(uow, acme, _at(date(2026, 4, 26), 10))  # the Sunday before the grid
    page = month_page(uow, date(2026, 5, 20))
    assert page.first == date(2026, 4, 27) and len(page.days) == 42
    assert {v.id for v in page.visits} == {mine, theirs}
    assert before not in {v.id for v in calendar_page(uow, date(2026, 4, 27), 1).visits}
    assert [v.id for v in month_page(uow, date(2026, 5, 20), owner_id=me).visits] == [mine]


@pytest.mark.parametrize("owner", [None, "m1"])
def test_a_day_of_the_calendar_is_read_on_an_index(uow, owner) -> None:
    who = "x.owner_id = 'm1' AND" if owner else ""
    with uow.read() as session:
        plan = " / ".join(str(row[-1]) for row in session.execute(text(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM visits x WHERE {who} x.deleted_at IS NULL "
            "AND x.starts_at >= '2026-01-01' AND x.starts_at < '2026-01-02'")))  # fmt: skip
    index = "ix_visits_owner_live_starts_at" if owner else "ix_visits_live_starts_at"
    assert f"COVERING INDEX {index}" in plan and "starts_at>? AND starts_at<?" in plan, plan


def _sequence(uow, visit_id: str) -> int:
    with uow.read() as session:
        return session.get(Visit, visit_id).ics_sequence


def test_move_and_changes_raise_the_sequence(uow) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice", email="alice@acme.fr")).id
    visit = _visit(uow, acme, _at(date(2026, 5, 11), 9))
    assert _sequence(uow, visit) == 0
    editing.move_visit(uow, visit, _at(date(2026, 5, 12), 10), 90)
    detail = editing.get_visit(uow, visit)
    assert detail.local_start == _at(date(2026, 5, 12), 10) and detail.duration_minutes == 90
    assert _sequence(uow, visit) == 1
    data = detail.as_input()
    data.objective = "Only the objective"
    editing.update_visit(uow, visit, data)
    assert _sequence(uow, visit) == 1  # not shown as a change by calendar clients
    data.place = "12 rue de la Paix, Lyon"
    editing.update_visit(uow, visit, data)
    assert _sequence(uow, visit) == 2
    data.contact_ids = [alice]
    editing.update_visit(uow, visit, data)
    assert _sequence(uow, visit) == 3
    editing.cancel_visit(uow, visit, "Strike")
    assert _sequence(uow, visit) == 4


def test_busy_days_show_their_first_visits_and_count_the_others(uow, monkeypatch) -> None:
    from prm_desktop.services.visits import calendar

    monkeypatch.setattr(calendar, "PER_DAY", 3)
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    for hour in range(8, 13):  # five on Monday
        _visit(uow, acme, _at(date(2026, 5, 11), hour))
    for hour in (9, 10, 11):  # three on Wednesday: all shown
        _visit(uow, acme, _at(date(2026, 5, 13), hour))
    for hour in range(8, 12):  # four on Sunday
        _visit(uow, acme, _at(date(2026, 5, 17), hour))
    page = week_page(uow, date(2026, 5, 11))
    assert [v.start.hour for v in page.on_day(date(2026, 5, 11))] == [8, 9, 10]
    assert page.hidden == (2, 0, 0, 0, 0, 0, 1) and page.truncated
    assert page.hidden_on(date(2026, 5, 17)) == 1 and page.hidden_on(date(2026, 6, 1)) == 0


def test_a_visit_running_overnight_is_on_every_day_it_covers_clipped_to_each(uow) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    sunday_before = _visit(uow, acme, _at(date(2026, 5, 10), 23), 180)  # Sunday 23:00 → Monday 02:00
    night = _visit(uow, acme, _at(date(2026, 5, 12), 22), 240)  # Tuesday 22:00 → Wednesday 02:00
    late = _visit(uow, acme, _at(date(2026, 5, 17), 23, 30), 60)  # Sunday 23:30 → next Monday 00:30
    to_midnight = _visit(uow, acme, _at(date(2026, 5, 13), 23), 60)  # ends at midnight: one day only
    early = _visit(uow, acme, _at(date(2026, 5, 13), 1), 60)  # overlaps the night's Wednesday part
    page = week_page(uow, date(2026, 5, 13))

    def pieces(day: date) -> list[tuple[str, datetime, datetime]]:
        return [(p.visit.id, p.start, p.end) for p in page.pieces_on(day)]

    assert pieces(date(2026, 5, 11)) == [(sunday_before, datetime(2026, 5, 11), datetime(2026, 5, 11, 2))]
    assert pieces(date(2026, 5, 12)) == [(night, datetime(2026, 5, 12, 22), datetime(2026, 5, 13))]
    assert pieces(date(2026, 5, 13)) == [(night, datetime(2026, 5, 13), datetime(2026, 5, 13, 2)),
                                         (early, datetime(2026, 5, 13, 1), datetime(2026, 5, 13, 2)),
                                         (to_midnight, datetime(2026, 5, 13, 23), datetime(2026, 5, 14))]
    assert pieces(date(2026, 5, 17)) == [(late, datetime(2026, 5, 17, 23, 30), datetime(2026, 5, 18))]
    first, second = page.pieces_on(date(2026, 5, 13))[:2]
    assert first.continued and not first.continues and (first.column, second.column, first.columns) == (0, 1, 2)
    tuesday = page.pieces_on(date(2026, 5, 12))[0]
    assert tuesday.continues and not tuesday.continued and tuesday.columns == 1
    by_id = {v.id: v for v in page.visits}
    assert by_id[night].start == datetime(2026, 5, 12, 22) and by_id[night].end == datetime(2026, 5, 13, 2)
    assert by_id[night].overlaps and by_id[early].overlaps
    # the month grid too, and one owner's
    month = month_page(uow, date(2026, 5, 20))
    assert [p.visit.id for p in month.pieces_on(date(2026, 5, 18))] == [late]
    assert [p.visit.id for p in month.pieces_on(date(2026, 5, 11))] == [sunday_before]
    assert [p.visit.id for p in month.pieces_on(date(2026, 5, 10))] == [sunday_before]
    assert calendar_page(uow, date(2026, 5, 11), 1, owner_id="nobody").pieces == ()


@pytest.mark.parametrize("owner", [None, "m1"])
def test_visits_still_running_at_the_first_midnight_are_read_on_an_index(uow, owner) -> None:
    from prm_desktop.storage.visits.calendar import RUNNING_AT

    who = "x.owner_id = 'm1' AND" if owner else ""
    where = RUNNING_AT.format(x="x").replace(":back", "'2026-01-01'").replace(":start", "'2026-01-02'")
    with uow.read() as session:
        plan = " / ".join(str(row[-1]) for row in session.execute(text(
            f"EXPLAIN QUERY PLAN SELECT x.rowid FROM visits x WHERE {who} x.deleted_at IS NULL AND {where} "
            "ORDER BY x.starts_at LIMIT 30")))  # fmt: skip
    index = "ix_visits_owner_live_starts_at" if owner else "ix_visits_live_starts_at"
    assert f"INDEX {index}" in plan and "starts_at>? AND starts_at<?" in plan, plan
