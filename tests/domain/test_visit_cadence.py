"""Cadence and due dates (design §2) and French public holidays, at their boundaries."""

from __future__ import annotations

from datetime import date

from prm_desktop.domain.holidays_fr import easter_sunday, french_holidays, is_french_holiday
from prm_desktop.domain.visit_cadence import CadencePolicy, next_due, visit_due

POLICY = CadencePolicy()
TODAY = date(2026, 5, 15)


def _due(**kw):
    base = {"status": "active", "tier_id": "gold", "last_visit": None, "added_on": date(2026, 1, 1)}
    return visit_due(POLICY, TODAY, **{**base, **kw})


def test_never_visited_is_due_one_cadence_after_it_was_added():
    due = _due()
    assert due.due_on == date(2026, 3, 2)  # + 60 days (Gold)
    assert due.days_overdue == 74
    assert due.to_plan
    assert _due(added_on=date(2026, 5, 1)).to_plan is False  # due 30 June: not yet


def test_a_last_visit_given_at_import_counts_when_later():
    assert _due(imported_last_visit=date(2026, 4, 1)).due_on == date(2026, 5, 31)
    assert _due(last_visit=date(2026, 4, 10), imported_last_visit=date(2026, 4, 1)).due_on == date(2026, 6, 9)
    assert _due(imported_last_visit=date(2026, 4, 1)).last_visit == date(2026, 4, 1)


def test_due_exactly_today_is_to_plan_but_not_overdue():
    due = _due(last_visit=date(2026, 3, 16))
    assert (due.due_on, due.days_overdue, due.to_plan) == (TODAY, 0, True)
    assert _due(last_visit=date(2026, 3, 17)).to_plan is False
    assert _due(last_visit=date(2026, 3, 17), horizon_days=1).to_plan is True


def test_a_planned_visit_takes_the_partner_off_the_to_plan_list():
    due = _due(planned_on=date(2026, 6, 1))
    assert due.days_overdue == 74 and not due.to_plan


def test_statuses_that_do_not_count_have_no_due_date():
    for status in ("prospect", "inactive"):
        due = _due(status=status)
        assert (due.due_on, due.days_overdue, due.to_plan) == (None, 0, False)
    for status in ("active", "at_risk", "onboarding"):
        assert _due(status=status).to_plan
    only_active = CadencePolicy.of({}, 180, ["on_site"], ["active"])
    assert next_due(only_active, status="at_risk", tier_id=None, last_visit=None, added_on=TODAY) is None


def test_tier_change_moves_the_due_date():
    last = date(2026, 3, 1)
    assert _due(tier_id="gold", last_visit=last).due_on == date(2026, 4, 30)
    assert _due(tier_id="platinum", last_visit=last).due_on == date(2026, 3, 31)
    assert _due(tier_id=None, last_visit=last).due_on == date(2026, 8, 28)
    assert _due(tier_id="unknown", last_visit=last).due_on == date(2026, 8, 28)


def test_kinds_that_count():
    assert POLICY.counts("on_site", "done") and POLICY.counts("video", "done")
    assert not POLICY.counts("phone", "done") and not POLICY.counts("event", "done")
    assert not POLICY.counts("on_site", "planned") and not POLICY.counts("on_site", "cancelled")


def test_french_holidays():
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    days = french_holidays(2026)
    assert len(days) == 11
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= days  # Easter Mon., Ascension, Whit Mon.
    assert is_french_holiday(date(2026, 7, 14)) and is_french_holiday(date(2026, 11, 11))
    assert not is_french_holiday(date(2026, 7, 15))


def test_next_free_slot_avoids_holidays_weekends_off_hours_and_busy_slots():
    from datetime import datetime, time, timedelta

    from prm_desktop.domain.visit_planning import next_free_slot

    hours = {"working_days": (1, 2, 3, 4, 5), "work_start": time(9), "work_end": time(18)}
    hour = timedelta(hours=1)
    # Wednesday 13 May 2026 at 17:30: too late for an hour; Thursday 14 is Ascension; then Friday 15 at 9:00.
    assert next_free_slot(datetime(2026, 5, 13, 17, 30), hour, **hours) == datetime(2026, 5, 15, 9)
    # Friday 15 at 9:00 is taken until 10:15: 10:30; Saturday and Sunday are skipped.
    busy = [(datetime(2026, 5, 15, 9), datetime(2026, 5, 15, 10, 15))]
    assert next_free_slot(datetime(2026, 5, 15, 8), hour, busy=busy, **hours) == datetime(2026, 5, 15, 10, 30)
    assert next_free_slot(datetime(2026, 5, 15, 17, 10), hour, **hours) == datetime(2026, 5, 18, 9)
    # Whit Monday 25 May 2026 is a holiday.
    assert next_free_slot(datetime(2026, 5, 22, 18), hour, **hours) == datetime(2026, 5, 26, 9)
