"""Visits services: the to-plan list, planning defaults, the visit lifecycle, reports, actions, the .eml."""

from __future__ import annotations

import email
from datetime import UTC, date, datetime, time
from email import policy
from zoneinfo import ZoneInfo

import pytest

from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.domain.visit_rules import ActionInput, ReportSectionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, get_profile, save_profile
from prm_desktop.services.visits import due, editing, lists, report, sending

PARIS = ZoneInfo("Europe/Paris")
ADDED = datetime(2026, 1, 2, 8, tzinfo=UTC)
TODAY = date(2026, 5, 13)


@pytest.fixture(autouse=True)
def _fixed_creation_time(monkeypatch):
    from prm_desktop.storage import change_log

    monkeypatch.setattr(change_log, "utcnow", lambda: ADDED)


def _partner(uow, name, **fields):
    return create_partner(uow, PartnerInput(name=name, **fields), allow_duplicates=True).id


def _visit(uow, partner_ids, when, kind="on_site", status="done", **fields):
    data = VisitInput(partner_ids=list(partner_ids), kind=kind, starts_at=when, **fields)
    visit_id = editing.create_visit(uow, data)
    if status == "done":
        editing.mark_done(uow, visit_id)
    elif status == "cancelled":
        editing.cancel_visit(uow, visit_id, "client ill")
    return visit_id


def _at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def test_to_plan_list_at_its_boundaries(uow):
    never = _partner(uow, "Never Gold", assigned_tier="gold", city="Lyon")  # due 3 March
    _partner(uow, "Prospect", status="prospect")  # expects no visit
    _partner(uow, "Inactive", status="inactive", assigned_tier="platinum")
    planned = _partner(uow, "Planned", assigned_tier="platinum")
    phoned = _partner(uow, "Phoned", assigned_tier="platinum", city="Lyon")  # phone calls do not count
    recent = _partner(uow, "Recent", assigned_tier="silver")
    _visit(uow, [planned], _at(date(2026, 6, 1)), kind="video", status="planned")
    _visit(uow, [phoned], _at(date(2026, 5, 1)), kind="phone")
    _visit(uow, [recent], _at(date(2026, 5, 1)))
    rows = due.to_plan(uow, TODAY)
    assert [(r.name, r.due_on, r.days_overdue) for r in rows] == [
        ("Phoned", date(2026, 2, 1), 101), ("Never Gold", date(2026, 3, 3), 71)]
    assert [r.partner_id for r in rows] == [phoned, never]
    assert [r.partner_id for r in due.to_plan(uow, TODAY, limit=1)] == [phoned]  # a page: the most overdue
    # Recent: due 30 July; within a 90-day horizon it appears, last.
    assert due.to_plan(uow, TODAY, horizon_days=90)[-1].partner_id == recent
    assert due.group_by_place(rows)[0][0] == "Lyon" and len(due.group_by_place(rows)[0][1]) == 2
    # A tier change moves the due date.
    from prm_desktop.services.partners import update_partner

    update_partner(uow, never, PartnerInput(name="Never Gold", assigned_tier="silver", city="Lyon"))
    assert [r.due_on for r in due.to_plan(uow, TODAY) if r.partner_id == never] == [date(2026, 4, 2)]


def test_to_plan_filters_on_the_owner(uow):
    me = save_profile(uow, Profile(name="Claire Martin"))
    _partner(uow, "Mine", owner_id=me.me_member_id)
    _partner(uow, "Not mine")
    assert [r.name for r in due.to_plan(uow, date(2026, 12, 1), owner_name="claire martin")] == ["Mine"]
    assert [r.name for r in due.to_plan(uow, date(2026, 12, 1), owner_id=me.me_member_id)] == ["Mine"]


def test_plan_defaults_avoid_holidays_off_hours_and_busy_slots(uow):
    save_profile(uow, Profile(name="Claire", working_days=(1, 2, 3, 4, 5), work_start=time(9), work_end=time(17)))
    acme = _partner(uow, "Acme", address="3 rue de la Paix", postal_code="75002", city="Paris")
    contact = add_contact(uow, acme, ContactInput(name="Alice Dupont", email="alice@acme.fr", is_primary=True))
    now = datetime(2026, 5, 13, 15, tzinfo=PARIS)  # Wednesday; Thursday 14 May is Ascension
    data = editing.plan_defaults(uow, [acme], now)
    assert data.starts_at == datetime(2026, 5, 15, 9, tzinfo=PARIS)
    assert data.place == "3 rue de la Paix, 75002 Paris"
    assert data.contact_ids == [contact.id]
    assert data.owner_id == get_profile(uow).me_member_id
    first = editing.create_visit(uow, data)
    second = editing.plan_visit(uow, [acme], now)  # the 9:00 slot is taken now
    assert editing.get_visit(uow, second).local_start == datetime(2026, 5, 15, 10, tzinfo=PARIS)
    detail = editing.get_visit(uow, first)
    assert detail.starts_at.tzinfo is not None and detail.timezone == "Europe/Paris"
    assert [a.name for a in detail.attendees] == ["Alice Dupont"]


def test_validation_names_the_fields(uow):
    with pytest.raises(ValidationErrors) as err:
        editing.create_visit(uow, VisitInput(partner_ids=[], kind="fax", starts_at=None, duration_minutes=0,
                                             timezone="Mars/Olympus"))  # fmt: skip
    assert set(err.value.by_field()) == {"partners", "kind", "starts_at", "duration_minutes", "timezone"}
    acme = _partner(uow, "Acme")
    visit_id = _visit(uow, [acme], _at(date(2026, 5, 4)), status="planned")
    with pytest.raises(ValidationErrors) as err:
        editing.cancel_visit(uow, visit_id, "  ")
    assert err.value.by_field() == {"cancel_reason": "Say why the visit is cancelled."}
    from prm_desktop.domain.i18n import set_language

    set_language("fr")
    with pytest.raises(ValidationErrors) as err:
        report.add_action(uow, ActionInput(title=""), visit_id)
    assert err.value.by_field() == {"title": "Ce champ est obligatoire."}


def test_lists_to_close_upcoming_to_write_up_and_history(uow):
    acme = _partner(uow, "Acme")
    now = datetime(2026, 5, 13, 12, tzinfo=UTC)
    past = _visit(uow, [acme], _at(date(2026, 5, 4)), status="planned")
    future = _visit(uow, [acme], _at(date(2026, 5, 20)), status="planned")
    done = _visit(uow, [acme], _at(date(2026, 4, 2)))
    cancelled = _visit(uow, [acme], _at(date(2026, 4, 3)), status="cancelled")
    assert [r.id for r in lists.list_visits(uow, "to_close", now=now)] == [past]
    assert [r.id for r in lists.list_visits(uow, "upcoming", now=now)] == [future]
    assert [r.id for r in lists.list_visits(uow, "to_write_up", now=now)] == [done]
    assert [r.id for r in lists.list_visits(uow, "history", now=now)] == [cancelled, done]
    assert editing.get_visit(uow, cancelled).cancel_reason == "client ill"
    report.save_report(uow, done, [ReportSectionInput("context", "Kick-off")], 4)
    assert lists.list_visits(uow, "to_write_up", now=now) == []
    assert lists.list_visits(uow, "history", now=now, partner_id=acme)[1].has_report


def test_report_actions_and_the_eml_keep_internal_content_out(uow):
    me = save_profile(uow, Profile(name="Claire Martin", email="claire@vendor.fr"))
    acme = _partner(uow, "Société Générale Informatique")
    alice = add_contact(uow, acme, ContactInput(name="Alice Dupont", email="alice@acme.fr"))
    visit_id = _visit(uow, [acme], _at(date(2026, 5, 4)), contact_ids=[alice.id], member_ids=[me.me_member_id])
    sections = [ReportSectionInput("context", "Annual review with Alice."),
                ReportSectionInput("competition", "SECRET: they also talk to Globex.", internal_only=True),
                ReportSectionInput("next_steps", "Joint webinar in June.")]  # fmt: skip
    report.save_report(uow, visit_id, sections, 5)
    saved = report.get_report(uow, visit_id)
    assert saved.outcome_rating == 5 and [s.key for s in saved.sections][:2] == ["context", "discussed"]
    shared = report.add_action(uow, ActionInput(title="Send the webinar deck", owner_member_id=me.me_member_id,
                                                due_on=date(2026, 5, 10)), visit_id)  # fmt: skip
    report.add_action(uow, ActionInput(title="HIDDEN: check their credit", internal_only=True,
                                       owner_member_id=me.me_member_id, due_on=date(2026, 6, 1)), visit_id)
    # Actions views: mine (open), overdue, by partner; done in one call.
    assert [a.title for a in report.list_actions(uow, "mine", member_id=me.me_member_id)] == [
        "Send the webinar deck", "HIDDEN: check their credit"]
    assert [a.id for a in report.list_actions(uow, "overdue", today=TODAY)] == [shared]
    assert len(report.list_actions(uow, "partner", partner_id=acme)) == 2
    raw = sending.report_eml(uow, visit_id, "fr")
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert "=?utf-8?" in raw.decode("ascii").split("Subject:")[1].split("\n")[0]  # RFC 2047
    assert msg["Subject"] == "Compte rendu de visite\u00a0: Société Générale Informatique, 4 mai 2026"
    assert "alice@acme.fr" in msg["To"] and "claire@vendor.fr" in msg["To"]
    text = msg.get_body(("plain",)).get_content()
    page = msg.get_body(("html",)).get_content()
    for body in (text, page):
        assert "Annual review with Alice." in body and "Send the webinar deck" in body
        assert "SECRET" not in body and "Globex" not in body and "HIDDEN" not in body
    assert "Contexte" in text and "Prochaines étapes" in text
    report.set_action_done(uow, shared)
    assert report.list_actions(uow, "overdue", today=TODAY) == []
    assert [a.status for a in report.list_actions(uow, "visit", visit_id=visit_id)] == ["open", "done"]
    from urllib.parse import unquote

    mailto = unquote(sending.report_mailto(uow, visit_id, "en"))
    assert mailto.startswith("mailto:alice@acme.fr,claire@vendor.fr?subject=Visit report")
    assert "Joint webinar in June." in mailto and "SECRET" not in mailto and "HIDDEN" not in mailto
