"""iCalendar export of visits, parsed back with the ``icalendar`` package: valid, a VTIMEZONE for
each zone used, stable UIDs, SEQUENCE going up on change, PUBLISH without replies asked, shared
report sections only, cancelled visits as STATUS:CANCELLED; and ``prm-desktop visits ics``."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar

from prm_desktop.cli import main
from prm_desktop.domain.visit_rules import ReportSectionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing, report
from prm_desktop.services.visits.ics_export import export_ics, visit_id_of_uid, visit_uid

PARIS = ZoneInfo("Europe/Paris")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def _setup(uow) -> tuple[str, str, str]:
    save_profile(uow, Profile(name="Claire Martin", email="claire@atlas.fr"), first_run_done=True)
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice Dupré", email="alice@acme.fr")).id
    bob = add_contact(uow, acme, ContactInput(name="Bob")).id  # no e-mail: not an attendee in the file
    visit = editing.create_visit(uow, VisitInput([acme], "on_site", _at(date(2026, 5, 12), 10), duration_minutes=90,
                                                 place="1 rue Neuve, 69001 Lyon", objective="Quarterly review",
                                                 contact_ids=[alice, bob]))  # fmt: skip
    report.save_report(uow, visit, [ReportSectionInput("context", "New sales director."),
                                    ReportSectionInput("competition", "Their margin is 12 %.", internal_only=True)])
    other = editing.create_visit(uow, VisitInput([acme], "video", _at(date(2026, 6, 2), 14)))
    return acme, visit, other


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_export_is_valid_icalendar_with_timezone_uid_attendees_and_shared_text_only(uow) -> None:
    _acme, visit, other = _setup(uow)
    data, count = export_ics(uow, lang="en")
    cal = _parse(data)
    assert count == 2
    assert (str(cal["METHOD"]), str(cal["VERSION"])) == ("PUBLISH", "2.0")
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = _events(cal)
    assert set(events) == {visit_uid(visit), visit_uid(other)}
    event = events[visit_uid(visit)]
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == _at(date(2026, 5, 12), 10)
    assert event.decoded("DTEND") == datetime(2026, 5, 12, 11, 30, tzinfo=PARIS)
    assert str(event["SUMMARY"]) == "Visit: Acme (On site)"
    assert str(event["LOCATION"]) == "1 rue Neuve, 69001 Lyon"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    description = str(event["DESCRIPTION"])
    assert "Quarterly review" in description and "New sales director." in description
    assert "12 %" not in description and "Competition" not in description  # internal-only never goes out
    (attendee,) = [event["ATTENDEE"]] if not isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert str(attendee) == "mailto:alice@acme.fr"
    assert attendee.params["RSVP"] == "FALSE" and attendee.params["CN"] == "Alice Dupré"
    assert str(event["ORGANIZER"]) == "mailto:claire@atlas.fr"
    assert visit_id_of_uid(str(event["UID"])) == visit and visit_id_of_uid("abc@google.com") is None


def test_uid_is_stable_and_sequence_goes_up_on_change(uow) -> None:
    _acme, visit, _other = _setup(uow)
    first = _events(_parse(export_ics(uow, visit_ids=[visit])[0]))
    again = _events(_parse(export_ics(uow, visit_ids=[visit])[0]))
    assert set(first) == set(again) == {visit_uid(visit)}
    assert int(again[visit_uid(visit)]["SEQUENCE"]) == 0
    editing.move_visit(uow, visit, _at(date(2026, 5, 13), 9), 60)
    moved = _events(_parse(export_ics(uow, visit_ids=[visit])[0]))[visit_uid(visit)]
    assert int(moved["SEQUENCE"]) == 1 and moved.decoded("DTSTART") == _at(date(2026, 5, 13), 9)
    editing.cancel_visit(uow, visit, "Strike")
    cancelled = _events(_parse(export_ics(uow, visit_ids=[visit])[0]))[visit_uid(visit)]
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 2


def test_a_date_range_and_other_zones(uow) -> None:
    acme, visit, other = _setup(uow)
    montreal = editing.create_visit(uow, VisitInput([acme], "video", datetime(2026, 5, 20, 9,
                                                                              tzinfo=ZoneInfo("America/Montreal")),
                                                    timezone="America/Montreal"))  # fmt: skip
    data, count = export_ics(uow, first=date(2026, 5, 1), last=date(2026, 5, 31), lang="fr")
    cal = _parse(data)
    assert count == 2 and set(_events(cal)) == {visit_uid(visit), visit_uid(montreal)}
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["America/Montreal", "Europe/Paris"]
    assert str(_events(cal)[visit_uid(visit)]["SUMMARY"]) == "Visite\u00a0: Acme (Sur site)"
    assert export_ics(uow, first=date(2026, 6, 2), last=date(2026, 6, 2))[1] == 1  # the last day is included
    assert visit_uid(other) in _events(_parse(export_ics(uow, first=date(2026, 6, 2))[0]))


def test_cli_visits_ics(app_ctx, data_dir, tmp_path, capsys) -> None:
    _acme, visit, _other = _setup(app_ctx.uow)
    out = tmp_path / "visits.ics"
    args = ["--data-dir", str(data_dir), "visits", "ics", "--out", str(out), "--from", "2026-05-01", "--to",
            "2026-05-31"]  # fmt: skip
    assert main(args) == 0
    assert "1 visit written to" in capsys.readouterr().out
    assert set(_events(_parse(out.read_bytes()))) == {visit_uid(visit)}
    assert main(["--data-dir", str(data_dir), "visits", "ics", "--out", str(out)]) == 0
    assert len(_events(_parse(out.read_bytes()))) == 2


def test_an_overnight_visit_ends_the_next_day_and_is_in_a_range_it_runs_into(uow) -> None:
    acme, _visit, _other = _setup(uow)
    night = editing.create_visit(uow, VisitInput([acme], "on_site", _at(date(2026, 5, 31), 22),
                                                 duration_minutes=240))  # fmt: skip
    event = _events(_parse(export_ics(uow, visit_ids=[night])[0]))[visit_uid(night)]
    paris = ZoneInfo("Europe/Paris")
    assert event["DTSTART"].dt == datetime(2026, 5, 31, 22, tzinfo=paris)
    assert event["DTEND"].dt == datetime(2026, 6, 1, 2, tzinfo=paris)
    # June shown in the calendar: the part after midnight is in it, so the export of June holds it
    june = _events(_parse(export_ics(uow, first=date(2026, 6, 1), last=date(2026, 6, 30))[0]))
    assert visit_uid(night) in june
    assert visit_uid(night) in _events(_parse(export_ics(uow, first=date(2026, 5, 31), last=date(2026, 5, 31))[0]))
    assert visit_uid(night) not in _events(_parse(export_ics(uow, first=date(2026, 6, 2), last=date(2026, 6, 30))[0]))
