"""iCalendar import: events whose attendees or place match a partner become visits (preview first,
nothing written), re-import updates by UID, others are listed and skipped; the round trip through
our own export; ``prm-desktop visits ics-import``."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from prm_desktop.bootstrap import open_app
from prm_desktop.cli import main
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing, lists
from prm_desktop.services.visits.ics_export import export_ics
from prm_desktop.services.visits.ics_import import CalendarFileError, apply_import, preview_import

PARIS = ZoneInfo("Europe/Paris")

OUTLOOK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:Romance Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E0080000000001
SUMMARY:Revue trimestrielle
DTSTART;TZID=Europe/Paris:20260512T100000
DTEND;TZID=Europe/Paris:20260512T113000
LOCATION:Salle 3
ATTENDEE;CN=Alice;RSVP=TRUE:mailto:ALICE@acme.fr
ATTENDEE;CN=Me:mailto:claire@atlas.fr
END:VEVENT
BEGIN:VEVENT
UID:google-abc@google.com
SUMMARY:Déjeuner
DTSTART:20260513T110000Z
DTEND:20260513T120000Z
LOCATION:Brevet Cloud, 3 place du Théâtre, Lille
END:VEVENT
BEGIN:VEVENT
UID:dentist@google.com
SUMMARY:Dentiste
DTSTART:20260514T080000Z
DTEND:20260514T090000Z
LOCATION:Cabinet dentaire, Lyon
END:VEVENT
BEGIN:VEVENT
UID:allday@google.com
SUMMARY:Salon
DTSTART;VALUE=DATE:20260520
DTEND;VALUE=DATE:20260521
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def partners(uow) -> dict[str, str]:
    save_profile(uow, Profile(name="Claire Martin", email="claire@atlas.fr"), first_run_done=True)
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice", email="alice@acme.fr")).id
    brevet = create_partner(uow, PartnerInput(name="Brevet Cloud", city="Lille")).id
    create_partner(uow, PartnerInput(name="Brevet Cloud", city="Nantes"), allow_duplicates=True)
    return {"acme": acme, "alice": alice, "brevet": brevet}


def _visits(uow) -> list:
    return lists.list_visits(uow, "all", limit=100)


def test_preview_lists_matches_and_skips_and_writes_nothing(uow, partners) -> None:
    preview = preview_import(uow, OUTLOOK.encode())
    actions = [(p.summary, p.action, p.partner_names) for p in preview.plans]
    assert actions == [("Revue trimestrielle", "create", ("Acme",)), ("Déjeuner", "create", ("Brevet Cloud",)),
                       ("Dentiste", "skip", ()), ("Salon", "skip", ())]  # fmt: skip
    assert preview.plans[0].reason == "Attendee e-mail of a partner contact"
    assert preview.plans[0].contact_ids == (partners["alice"],)
    assert preview.plans[1].partner_ids == (partners["brevet"],)  # the one in Lille of the two Brevet Cloud
    assert preview.plans[2].reason == "No attendee or place matches a partner"
    assert preview.plans[3].reason == "All-day event"
    assert _visits(uow) == []


def test_import_makes_visits_and_reimport_updates_by_uid(uow, partners) -> None:
    plan = apply_import(uow, OUTLOOK.encode())
    assert (plan.count("create"), plan.count("skip")) == (2, 2)
    visits = {v.partners: v for v in _visits(uow)}
    review = editing.get_visit(uow, visits["Acme"].id)
    assert review.local_start == datetime(2026, 5, 12, 10, tzinfo=PARIS) and review.duration_minutes == 90
    assert (review.place, review.objective, review.status) == ("Salle 3", "Revue trimestrielle", "planned")
    assert [a.name for a in review.attendees] == ["Alice"]
    again = apply_import(uow, OUTLOOK.encode())
    assert (again.count("create"), again.count("unchanged")) == (0, 2) and len(_visits(uow)) == 2
    moved = OUTLOOK.replace("20260512T100000", "20260512T140000").replace("20260512T113000", "20260512T150000")
    moved = moved.replace("LOCATION:Salle 3", "LOCATION:Salle 3\nSTATUS:CANCELLED")
    assert [p.action for p in preview_import(uow, moved.encode()).plans][:2] == ["update", "unchanged"]
    apply_import(uow, moved.encode())
    review = editing.get_visit(uow, visits["Acme"].id)
    assert review.local_start == datetime(2026, 5, 12, 14, tzinfo=PARIS) and review.duration_minutes == 60
    assert review.status == "cancelled" and len(_visits(uow)) == 2


def test_not_a_calendar_file(uow) -> None:
    with pytest.raises(CalendarFileError, match="not an iCalendar"):
        preview_import(uow, b"Name;City\nAcme;Lyon\n")


def test_round_trip_through_our_export(uow, partners, tmp_path: Path) -> None:
    when = datetime.combine(date(2026, 6, 2), time(9, 30), tzinfo=PARIS)
    visit = editing.create_visit(uow, VisitInput([partners["acme"]], "video", when, duration_minutes=45,
                                                 place="https://teams.example/acme",
                                                 contact_ids=[partners["alice"]]))  # fmt: skip
    data = export_ics(uow)[0]
    # our own file back in the same portfolio: the same visits, nothing to do
    assert [p.action for p in preview_import(uow, data).plans] == ["unchanged"]
    # the visit moved since: the old file is older, it is not applied
    editing.move_visit(uow, visit, when.replace(hour=11), 45)
    assert [p.action for p in preview_import(uow, data).plans] == ["skip"]
    assert [p.action for p in preview_import(uow, export_ics(uow)[0]).plans] == ["unchanged"]
    # into another portfolio with the same partner and contact: a new visit, then updates by UID
    other = open_app(tmp_path / "other")
    try:
        acme = create_partner(other.uow, PartnerInput(name="Acme", city="Lyon")).id
        add_contact(other.uow, acme, ContactInput(name="Alice", email="alice@acme.fr"))
        assert [p.action for p in apply_import(other.uow, data).plans] == ["create"]
        (copy,) = _visits(other.uow)
        detail = editing.get_visit(other.uow, copy.id)
        assert (detail.local_start, detail.duration_minutes, detail.kind) == (when, 45, "video")
        assert (detail.place, detail.partner_names) == ("https://teams.example/acme", ("Acme",))
        assert [p.action for p in apply_import(other.uow, export_ics(uow)[0]).plans] == ["update"]
        assert editing.get_visit(other.uow, copy.id).local_start == when.replace(hour=11)
        assert len(_visits(other.uow)) == 1
    finally:
        other.close()


def test_cli_ics_import_dry_run_then_import(app_ctx, data_dir, tmp_path, capsys, partners) -> None:
    path = tmp_path / "outlook.ics"
    path.write_text(OUTLOOK, encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "visits", "ics-import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run, nothing written: 2 new, 0 updated, 0 unchanged, 2 skipped." in out
    assert "No attendee or place matches a partner" in out and _visits(app_ctx.uow) == []
    assert main(["--data-dir", str(data_dir), "visits", "ics-import", str(path)]) == 0
    assert "2 new, 0 updated" in capsys.readouterr().out and len(_visits(app_ctx.uow)) == 2
    assert main(["--data-dir", str(data_dir), "visits", "ics-import", str(tmp_path / "missing.ics")]) == 1
