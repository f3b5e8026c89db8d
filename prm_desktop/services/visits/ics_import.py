"""Visits from an iCalendar file (Outlook, Google Calendar, or our own export): preview, then import.

Each event is matched, in this order:

1. its ``UID`` is one of our exports (``<visit id>@prm-desktop.visits``) or the UID of an event
   imported before: the visit is **updated** (time, length, place; a cancelled event cancels it),
   unless the file's ``SEQUENCE`` of our own export is older than the visit's;
2. an attendee's e-mail is a partner contact's: a **new** visit with those partners, those contacts
   attending;
3. the place (``LOCATION``) names a partner (its name, and its city when several share the name):
   a **new** visit with that partner.

Other events are listed and **skipped** with the reason (no partner matched, all-day, recurring,
cancelled before it was ever imported…). `preview_import` writes nothing; `apply_import` works out
the same plan again under the write lock and writes it in one unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.normalize import normalize_partner_name, normalize_text
from prm_desktop.domain.visit_rules import VisitInput, VisitKind, VisitStatus, validate_visit
from prm_desktop.services.profile import get_profile
from prm_desktop.services.visits.editing import _apply, _bump_if_changed, _calendar_facts, _write_links, _zones
from prm_desktop.services.visits.ics_export import visit_id_of_uid
from prm_desktop.storage.models import Visit
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.calendar import partner_match_rows, visit_ids_by_uid

__all__ = [
    "CalendarFileError", "EventPlan", "ImportPreview", "apply_import", "first_day", "preview_import", "read_events",
]

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
_CANCELLED_REASON = N_("Cancelled in the calendar")


class CalendarFileError(ValueError):
    """The file is not an iCalendar file (the message says so in the current language)."""


@dataclass(frozen=True)
class CalendarEvent:
    """One ``VEVENT`` as read (``start`` None: an all-day event)."""

    uid: str
    summary: str
    start: datetime | None
    timezone: str
    duration_minutes: int
    location: str
    cancelled: bool
    recurring: bool
    sequence: int
    emails: tuple[str, ...]


@dataclass(frozen=True)
class EventPlan:
    """What importing does with one event.

    Attributes:
        uid: The event's UID.
        summary: Its title.
        start: Its start (None: all-day).
        action: ``create``, ``update``, ``unchanged`` or ``skip``.
        reason: Why (matched on what, or why skipped), in words.
        visit_id: The visit updated (``update``/``unchanged``).
        partner_ids: Partners of the new visit.
        partner_names: Their names.
        contact_ids: Their contacts attending.
    """

    uid: str
    summary: str
    start: datetime | None
    action: str
    reason: str
    visit_id: str | None = None
    partner_ids: tuple[str, ...] = ()
    partner_names: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    """The plan of an import: one line per event, in the file's order."""

    plans: tuple[EventPlan, ...] = field(default_factory=tuple)

    def count(self, action: str) -> int:
        """Events with this action."""
        return sum(1 for p in self.plans if p.action == action)


def _text(component, name: str) -> str:  # noqa: ANN001 - an icalendar component
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def read_events(data: bytes, default_zone: str = "Europe/Paris") -> list[CalendarEvent]:
    """The events of an iCalendar file (times without a zone are taken in ``default_zone``).

    Raises:
        CalendarFileError: Not an iCalendar file.
    """
    try:
        cal = Calendar.from_ical(data)
    except Exception as exc:  # noqa: BLE001 - any parse error means "not a calendar file"
        raise CalendarFileError(_("This is not an iCalendar (.ics) file: {error}", error=exc)) from None
    events = []
    for component in cal.walk("VEVENT"):
        emails = []
        attendees = component.get("ATTENDEE") or []
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            address = str(attendee).strip()
            if address.lower().startswith("mailto:"):
                address = address[7:]
            if "@" in address:
                emails.append(address.lower())
        start, zone, minutes = _times(component, default_zone)
        sequence = component.get("SEQUENCE")
        events.append(CalendarEvent(_text(component, "UID"), _text(component, "SUMMARY"), start, zone, minutes,
                                    _text(component, "LOCATION"), _text(component, "STATUS").upper() == "CANCELLED",
                                    component.get("RRULE") is not None, int(sequence) if sequence is not None else 0,
                                    tuple(dict.fromkeys(emails))))  # fmt: skip
    return events


def _times(component, default_zone: str) -> tuple[datetime | None, str, int]:  # noqa: ANN001
    if component.get("DTSTART") is None:
        return None, default_zone, 0
    start = component.decoded("DTSTART")
    if not isinstance(start, datetime):
        return None, default_zone, 0
    zone = default_zone
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(default_zone))
    elif isinstance(start.tzinfo, ZoneInfo) and start.tzinfo.key != "UTC":
        zone = start.tzinfo.key
    if component.get("DTEND") is not None:
        end = component.decoded("DTEND")
        if isinstance(end, datetime) and end.tzinfo is None:
            end = end.replace(tzinfo=ZoneInfo(default_zone))
        minutes = int((end - start).total_seconds() // 60) if isinstance(end, datetime) else 60
    elif component.get("DURATION") is not None:
        minutes = int(component.decoded("DURATION").total_seconds() // 60)
    else:
        minutes = 60
    return start, zone, minutes


class _Matcher:
    """Partners by contact e-mail and by name (and city) found in a place."""

    def __init__(self, session, events: list[CalendarEvent]) -> None:  # noqa: ANN001 - a session
        self.by_email, partners = partner_match_rows(session, [e for ev in events for e in ev.emails])
        self.by_name: dict[str, list] = {}
        for row in partners:
            key = normalize_partner_name(row.name)
            if len(key) >= 3:
                self.by_name.setdefault(key, []).append(row)
        self.names = {row.partner_id: row.name for row in partners}

    def match(self, event: CalendarEvent) -> tuple[list[str], list[str], str] | None:
        """``(partner ids, contact ids, reason)`` or None."""
        partners, contacts = [], []
        for email in event.emails:
            if email in self.by_email:
                partner_id, contact_id = self.by_email[email]
                partners.append(partner_id)
                contacts.append(contact_id)
        if partners:
            return list(dict.fromkeys(partners)), contacts, _("Attendee e-mail of a partner contact")
        place = f" {normalize_text(event.location)} "
        if place.strip():
            found = [(key, rows) for key, rows in self.by_name.items() if f" {key} " in place]
            if found:
                key, rows = max(found, key=lambda kv: len(kv[0]))
                if len(rows) > 1:
                    rows = [r for r in rows if r.city and f" {normalize_text(r.city)} " in place]
                if len(rows) == 1:
                    return [rows[0].partner_id], [], _("Place names the partner")
        return None


def _plan(session, events: list[CalendarEvent], own: dict[str, Visit]) -> ImportPreview:  # noqa: ANN001
    matcher = _Matcher(session, events)
    imported = visit_ids_by_uid(session, [e.uid for e in events if e.uid])
    plans = []
    for event in events:
        base = {"uid": event.uid, "summary": event.summary, "start": event.start}
        target = own.get(event.uid)
        visit_id = target.id if target is not None else imported.get(event.uid)
        if event.start is None:
            plans.append(EventPlan(**base, action=SKIP, reason=_("All-day event")))
        elif event.recurring:
            plans.append(EventPlan(**base, action=SKIP, reason=_("Recurring event")))
        elif not 1 <= event.duration_minutes <= 24 * 60:
            reason = _("The duration must be between 1 minute and 24 hours.")
            plans.append(EventPlan(**base, action=SKIP, reason=reason))
        elif not event.uid:
            plans.append(EventPlan(**base, action=SKIP, reason=_("The event has no UID")))
        elif visit_id is not None:
            visit = target or session.get(Visit, visit_id)
            if target is not None and event.sequence < (visit.ics_sequence or 0):
                plans.append(EventPlan(**base, action=SKIP, visit_id=visit_id,
                                       reason=_("Older than the visit (it changed since this file was written)")))
            elif _differs(visit, event):
                plans.append(EventPlan(**base, action=UPDATE, visit_id=visit_id, reason=_("Same UID: the visit")))
            else:
                plans.append(EventPlan(**base, action=UNCHANGED, visit_id=visit_id, reason=_("Same UID: no change")))
        elif event.cancelled:
            plans.append(EventPlan(**base, action=SKIP, reason=_("Cancelled event")))
        else:
            found = matcher.match(event)
            if found is None:
                plans.append(EventPlan(**base, action=SKIP, reason=_("No attendee or place matches a partner")))
            else:
                ids, contacts, reason = found
                plans.append(EventPlan(**base, action=CREATE, reason=reason, partner_ids=tuple(ids),
                                       partner_names=tuple(matcher.names.get(i, i) for i in ids),
                                       contact_ids=tuple(contacts)))  # fmt: skip
    return ImportPreview(tuple(plans))


def _differs(visit: Visit, event: CalendarEvent) -> bool:
    assert event.start is not None
    status = VisitStatus.CANCELLED if event.cancelled else visit.status
    return (visit.starts_at.astimezone(UTC), int(visit.duration_minutes), visit.place or "", visit.status) != (
        event.start.astimezone(UTC), event.duration_minutes, event.location[:300], status)  # fmt: skip


def _own_visits(session, events: list[CalendarEvent]) -> dict[str, Visit]:  # noqa: ANN001
    own = {}
    for event in events:
        visit_id = visit_id_of_uid(event.uid)
        visit = session.get(Visit, visit_id) if visit_id else None
        if visit is not None and visit.deleted_at is None:
            own[event.uid] = visit
    return own


def preview_import(uow: UnitOfWorkFactory, data: bytes) -> ImportPreview:
    """What importing ``data`` would do, event by event (nothing is written).

    Raises:
        CalendarFileError: Not an iCalendar file.
    """
    events = read_events(data, get_profile(uow).timezone)
    with uow.read() as session:
        return _plan(session, events, _own_visits(session, events))


def apply_import(uow: UnitOfWorkFactory, data: bytes) -> ImportPreview:
    """Import ``data`` in one unit of work (the plan is worked out again under the write lock); return it.

    Raises:
        CalendarFileError: Not an iCalendar file.
        ValidationErrors: An event does not make a valid visit (nothing is written).
    """
    profile = get_profile(uow)
    events = {e.uid: e for e in read_events(data, profile.timezone)}
    with uow(kind="import", label=_("Import calendar file")) as work:
        session = work.session
        plan = _plan(session, list(events.values()), _own_visits(session, list(events.values())))
        for line in plan.plans:
            event = events[line.uid]
            if line.action == UPDATE and line.visit_id and event.start is not None:
                visit = session.get(Visit, line.visit_id)
                before = _calendar_facts(session, visit)
                visit.starts_at, visit.duration_minutes = event.start.astimezone(UTC), event.duration_minutes
                visit.timezone, visit.place = event.timezone, (event.location[:300] or None)
                if event.cancelled and visit.status != VisitStatus.CANCELLED:
                    visit.status, visit.cancel_reason = VisitStatus.CANCELLED, _(_CANCELLED_REASON)
                _bump_if_changed(session, visit, before)
            elif line.action == CREATE and event.start is not None:
                data_in = VisitInput(list(line.partner_ids), _kind(event), event.start, event.timezone,
                                     event.duration_minutes, event.location[:300], event.summary[:300],
                                     contact_ids=list(line.contact_ids), owner_id=profile.me_member_id)  # fmt: skip
                validate_visit(data_in, _zones())
                visit = Visit(status=VisitStatus.PLANNED, ics_uid=event.uid[:255])  # past ones go to "To close"
                _apply(visit, data_in)
                session.add(visit)
                session.flush()
                _write_links(session, visit.id, data_in)
        work.commit()
    return plan


def _kind(event: CalendarEvent) -> str:
    place = event.location.lower()
    if any(word in place for word in ("http://", "https://", "teams", "zoom", "meet.google", "webex")):
        return VisitKind.VIDEO
    return VisitKind.ON_SITE


def first_day(plan: ImportPreview) -> date | None:
    """The first day of the events that make or change a visit (to show them)."""
    days = [p.start.date() for p in plan.plans if p.start is not None and p.action in (CREATE, UPDATE)]
    return min(days) if days else None

