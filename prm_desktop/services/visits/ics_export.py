"""Visits as an iCalendar file (RFC 5545) for Outlook and Google Calendar.

One ``VEVENT`` per visit with a stable ``UID`` made from the visit's id and the visit's
``SEQUENCE`` (it goes up when the time, place, attendees or status change), so that importing the
file again updates the events instead of adding new ones. ``METHOD:PUBLISH`` and ``RSVP=FALSE`` on
every attendee: no client sends invitations or asks partner contacts to reply. The description
holds the objective, the agenda and the report's shared sections only (never the internal-only
ones). A cancelled visit is exported with ``STATUS:CANCELLED``. Each zone used gets a ``VTIMEZONE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from prm_desktop.domain.i18n import N_, get_language, translate
from prm_desktop.domain.visit_rules import KIND_LABELS, MAX_DURATION_MINUTES, SECTION_LABELS
from prm_desktop.services.profile import get_profile
from prm_desktop.storage.models import utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.calendar import ExportRow, export_rows

__all__ = ["PRODID", "UID_DOMAIN", "build_calendar", "export_ics", "visit_id_of_uid", "visit_uid"]

PRODID = "-//PRM Desktop//Visits//EN"
UID_DOMAIN = "prm-desktop.visits"
_SUMMARY = N_("Visit: {partners} ({kind})")
_OBJECTIVE = N_("Objective")
_AGENDA = N_("Agenda")


def visit_uid(visit_id: str) -> str:
    """The iCalendar UID of a visit (the same at every export)."""
    return f"{visit_id}@{UID_DOMAIN}"


def visit_id_of_uid(uid: str) -> str | None:
    """The visit id a UID of ours stands for (None for another application's UID)."""
    head, sep, domain = uid.strip().rpartition("@")
    return head if sep and domain == UID_DOMAIN and head else None


def _description(row: ExportRow, lang: str) -> str:
    parts = []
    if row.objective.strip():
        parts.append(f"{translate(_OBJECTIVE, lang)}: {row.objective.strip()}")
    if row.agenda.strip():
        parts.append(f"{translate(_AGENDA, lang)}:\n{row.agenda.strip()}")
    for key, body in row.shared_sections:
        parts.append(f"{translate(SECTION_LABELS.get(key, key), lang)}:\n{body.strip()}")
    return "\n\n".join(parts)


def _event(row: ExportRow, lang: str, stamp: datetime, organizer: tuple[str, str] | None) -> Event:
    zone = ZoneInfo(row.timezone)
    start = row.starts_at.astimezone(zone)
    event = Event()
    event.add("uid", visit_uid(row.id))
    event.add("sequence", row.ics_sequence)
    event.add("dtstamp", stamp)
    if row.updated_at is not None:
        event.add("last-modified", row.updated_at.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=row.duration_minutes))
    kind = translate(KIND_LABELS.get(row.kind, row.kind), lang) if row.kind in KIND_LABELS else row.kind
    event.add("summary", translate(_SUMMARY, lang, partners=", ".join(row.partners) or "-", kind=kind))
    if row.place:
        event.add("location", row.place)
    description = _description(row, lang)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if row.status == "cancelled" else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if row.status == "cancelled" else "OPAQUE")
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer[1]}")
        if organizer[0]:
            address.params["CN"] = organizer[0]
        event.add("organizer", address, encode=0)
    for name, email in row.attendees:
        address = vCalAddress(f"mailto:{email}")
        if name:
            address.params["CN"] = name
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["RSVP"] = "FALSE"
        event.add("attendee", address, encode=0)
    return event


def build_calendar(rows: Sequence[ExportRow], lang: str, stamp: datetime | None = None,
                   organizer: tuple[str, str] | None = None) -> Calendar:  # fmt: skip
    """A ``VCALENDAR`` (``METHOD:PUBLISH``) with one event per row and a ``VTIMEZONE`` per zone used.

    Args:
        rows: The visits.
        lang: Language of the summaries and headings.
        stamp: ``DTSTAMP`` of the events (now by default).
        organizer: ``(name, e-mail)`` of the organizer (me), when I have an e-mail.
    """
    stamp = (stamp or utcnow()).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    zones: dict[str, list[date]] = {}
    for row in rows:
        zones.setdefault(row.timezone, []).append(row.starts_at.date())
    for name, days in sorted(zones.items()):
        if name != "UTC":
            first, last = min(days) - timedelta(days=366), max(days) + timedelta(days=366)
            cal.add_component(Timezone.from_tzid(name, first_date=first, last_date=last))
    for row in rows:
        cal.add_component(_event(row, lang, stamp, organizer))
    return cal


def export_ics(uow: UnitOfWorkFactory, *, visit_ids: Sequence[str] | None = None, first: date | None = None,
               last: date | None = None, owner_id: str | None = None, lang: str | None = None,
               stamp: datetime | None = None) -> tuple[bytes, int]:  # fmt: skip
    """The iCalendar file of some visits: these ids, or those from ``first`` to ``last`` (days in my zone).

    Args:
        uow: Unit-of-work factory.
        visit_ids: These visits (one or a selection).
        first: First day (inclusive); None: no lower bound.
        last: Last day (inclusive); None: no upper bound.
        owner_id: Only this team member's visits.
        lang: Language of the summaries (the current language by default).
        stamp: ``DTSTAMP`` (now by default).

    Returns:
        The file's bytes and the number of events in it.
    """
    profile = get_profile(uow)
    zone = ZoneInfo(profile.timezone or "Europe/Paris")
    start = datetime.combine(first, time(0), tzinfo=zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone) if last else None
    with uow.read() as session:
        rows = export_rows(session, visit_ids=visit_ids, start=start, end=end, owner_id=owner_id,
                           longest_minutes=MAX_DURATION_MINUTES)  # an overnight visit into the first day too
    organizer = (profile.name, profile.email) if profile.email else None
    cal = build_calendar(rows, lang or get_language(), stamp, organizer)
    return cal.to_ical(), len(rows)
