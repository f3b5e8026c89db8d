"""Create, edit, cancel (with a reason) and mark done a visit; defaults for a visit planned from the list.

Every write is one unit of work. Starts are stored in UTC with the IANA zone of the visit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.visit_planning import next_free_slot
from prm_desktop.domain.visit_rules import (
    VisitInput,
    VisitKind,
    VisitStatus,
    validate_cancel_reason,
    validate_visit,
)
from prm_desktop.services.profile import get_profile
from prm_desktop.storage.models import Partner, Visit, VisitAttendee, VisitPartner, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.queries import attendee_rows, busy_intervals, partner_defaults

__all__ = [
    "Attendee",
    "VisitDetail",
    "VisitNotFoundError",
    "cancel_visit",
    "create_visit",
    "get_visit",
    "mark_done",
    "move_visit",
    "plan_defaults",
    "plan_visit",
    "update_visit",
]


class VisitNotFoundError(LookupError):
    """No live visit with that id."""


@dataclass(frozen=True)
class Attendee:
    """A person attending: ``kind`` is contact, stakeholder or member."""

    kind: str
    id: str
    name: str
    email: str | None


@dataclass(frozen=True)
class VisitDetail:
    """A visit as the form and the report show it (plain data)."""

    id: str
    kind: str
    status: str
    starts_at: datetime
    timezone: str
    duration_minutes: int
    place: str
    objective: str
    agenda: str
    owner_id: str | None
    partner_ids: tuple[str, ...]
    partner_names: tuple[str, ...]
    attendees: tuple[Attendee, ...] = field(default_factory=tuple)
    cancel_reason: str | None = None
    outcome_rating: int | None = None

    @property
    def local_start(self) -> datetime:
        """The start in the visit's zone."""
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    def as_input(self) -> VisitInput:
        """The visit as an editable input."""
        by = {k: [a.id for a in self.attendees if a.kind == k] for k in ("contact", "stakeholder", "member")}
        return VisitInput(list(self.partner_ids), self.kind, self.starts_at, self.timezone, self.duration_minutes,
                          self.place, self.objective, self.agenda, by["contact"], by["stakeholder"], by["member"],
                          self.owner_id)  # fmt: skip


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES


def _live_visit(session: Session, visit_id: str) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted_at is not None:
        raise VisitNotFoundError(visit_id)
    return visit


def _links(session: Session, model: type, visit_id: str) -> list:
    return list(session.scalars(select(model).where(model.visit_id == visit_id, model.deleted_at.is_(None))))


def _write_links(session: Session, visit_id: str, data: VisitInput) -> None:
    now = utcnow()
    current = {link.partner_id: link for link in _links(session, VisitPartner, visit_id)}
    for pid, link in current.items():
        if pid not in data.partner_ids:
            link.deleted_at = now
    for pid in dict.fromkeys(data.partner_ids):
        if pid not in current:
            session.add(VisitPartner(visit_id=visit_id, partner_id=pid))
    wanted = {("contact", i) for i in data.contact_ids} | {("stakeholder", i) for i in data.stakeholder_ids} | {
        ("member", i) for i in data.member_ids}  # fmt: skip
    seen = set()
    for att in _links(session, VisitAttendee, visit_id):
        key = ("contact", att.contact_id) if att.contact_id else (
            ("stakeholder", att.stakeholder_id) if att.stakeholder_id else ("member", att.team_member_id))
        if key in wanted and key not in seen:
            seen.add(key)
        else:
            att.deleted_at = now
    columns = {"contact": "contact_id", "stakeholder": "stakeholder_id", "member": "team_member_id"}
    for kind, pid in sorted(wanted - seen):
        session.add(VisitAttendee(visit_id=visit_id, **{columns[kind]: pid}))


def _calendar_facts(session: Session, visit: Visit) -> tuple:
    """What a calendar client shows of a visit: a change here raises its iCalendar SEQUENCE."""
    people = sorted((a.contact_id or "", a.stakeholder_id or "", a.team_member_id or "")
                    for a in _links(session, VisitAttendee, visit.id))  # fmt: skip
    start = visit.starts_at.astimezone(UTC) if visit.starts_at is not None else None
    return start, visit.duration_minutes, visit.timezone, visit.place, visit.status, people


def _bump_if_changed(session: Session, visit: Visit, before: tuple) -> None:
    if _calendar_facts(session, visit) != before:
        visit.ics_sequence = (visit.ics_sequence or 0) + 1


def _apply(visit: Visit, data: VisitInput) -> None:
    assert data.starts_at is not None
    visit.kind = data.kind
    visit.starts_at = data.starts_at.astimezone(UTC)
    visit.timezone = data.timezone
    visit.duration_minutes = int(data.duration_minutes)
    visit.place = (data.place or "").strip() or None
    visit.objective = (data.objective or "").strip() or None
    visit.agenda = (data.agenda or "").strip() or None
    visit.owner_id = data.owner_id


def create_visit(uow: UnitOfWorkFactory, data: VisitInput) -> str:
    """Plan a visit; return its id.

    Raises:
        ValidationErrors: One message per bad field.
    """
    validate_visit(data, _zones())
    with uow(kind="edit", label=_("Plan a visit")) as work:
        visit = Visit(status=VisitStatus.PLANNED)
        _apply(visit, data)
        work.session.add(visit)
        work.session.flush()
        _write_links(work.session, visit.id, data)
        work.commit()
        return visit.id


def update_visit(uow: UnitOfWorkFactory, visit_id: str, data: VisitInput) -> None:
    """Change a visit's fields, partners and attendees.

    Raises:
        ValidationErrors: One message per bad field.
        VisitNotFoundError: No such visit.
    """
    validate_visit(data, _zones())
    with uow(kind="edit", label=_("Edit visit")) as work:
        visit = _live_visit(work.session, visit_id)
        before = _calendar_facts(work.session, visit)
        _apply(visit, data)
        _write_links(work.session, visit_id, data)
        _bump_if_changed(work.session, visit, before)
        work.commit()


def move_visit(uow: UnitOfWorkFactory, visit_id: str, starts_at: datetime, duration_minutes: int) -> None:
    """Move or resize a visit (the calendar's drag): new start and duration, the rest unchanged.

    Raises:
        ValidationErrors: The start has no zone or the duration is not 1 minute to 24 hours.
        VisitNotFoundError: No such visit.
    """
    with uow(kind="edit", label=_("Move visit")) as work:
        visit = _live_visit(work.session, visit_id)
        validate_visit(VisitInput(["-"], visit.kind, starts_at, visit.timezone, duration_minutes, visit.place or ""))
        before = _calendar_facts(work.session, visit)
        visit.starts_at = starts_at.astimezone(UTC)
        visit.duration_minutes = int(duration_minutes)
        _bump_if_changed(work.session, visit, before)
        work.commit()


def cancel_visit(uow: UnitOfWorkFactory, visit_id: str, reason: str) -> None:
    """Cancel a visit, keeping why.

    Raises:
        ValidationErrors: The reason is empty.
    """
    reason = validate_cancel_reason(reason)
    with uow(kind="edit", label=_("Cancel visit")) as work:
        visit = _live_visit(work.session, visit_id)
        before = _calendar_facts(work.session, visit)
        visit.status = VisitStatus.CANCELLED
        visit.cancel_reason = reason
        _bump_if_changed(work.session, visit, before)
        work.commit()


def mark_done(uow: UnitOfWorkFactory, visit_id: str) -> None:
    """Mark a visit done (it then counts for the cadence when of a counting kind)."""
    with uow(kind="edit", label=_("Mark visit done")) as work:
        visit = _live_visit(work.session, visit_id)
        before = _calendar_facts(work.session, visit)
        visit.status = VisitStatus.DONE
        visit.cancel_reason = None
        _bump_if_changed(work.session, visit, before)
        work.commit()


def get_visit(uow: UnitOfWorkFactory, visit_id: str) -> VisitDetail:
    """A visit with its partners and attendees."""
    with uow.read() as session:
        visit = _live_visit(session, visit_id)
        links = _links(session, VisitPartner, visit_id)
        partners = [session.get(Partner, link.partner_id) for link in links]
        pairs = sorted(((p.name, p.id) for p in partners if p is not None), key=lambda x: x[0].casefold())
        attendees = tuple(Attendee(*row) for row in attendee_rows(session, visit_id))
        return VisitDetail(visit.id, visit.kind, visit.status, visit.starts_at, visit.timezone,
                           visit.duration_minutes, visit.place or "", visit.objective or "", visit.agenda or "",
                           visit.owner_id, tuple(p for _n, p in pairs), tuple(n for n, _p in pairs), attendees,
                           visit.cancel_reason, visit.outcome_rating)  # fmt: skip


def plan_defaults(uow: UnitOfWorkFactory, partner_ids: list[str], now: datetime | None = None,
                  duration_minutes: int = 60) -> VisitInput:  # fmt: skip
    """A new visit for some partners, with sensible defaults.

    The first partner's address as place, primary contacts as attendees, the next free slot from
    tomorrow within my working days and hours (not on a French public holiday), me as owner.
    """
    profile = get_profile(uow)
    zone = ZoneInfo(profile.timezone or "Europe/Paris")
    now = now or utcnow()
    place, contacts, owner = "", [], None
    with uow.read() as session:
        for i, pid in enumerate(partner_ids):
            where, contact, partner_owner = partner_defaults(session, pid)
            if i == 0:
                place, owner = where, partner_owner
            if contact:
                contacts.append(contact)
        busy = busy_intervals(session, now, now + timedelta(days=91), profile.me_member_id)
    local_busy = [(s.astimezone(zone).replace(tzinfo=None),
                   (s + timedelta(minutes=m)).astimezone(zone).replace(tzinfo=None)) for s, m in busy]  # fmt: skip
    # From tomorrow: a visit is planned ahead, not in the next minutes.
    after = (now.astimezone(zone) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    slot = next_free_slot(after.replace(tzinfo=None), timedelta(minutes=duration_minutes),
                          working_days=profile.working_days, work_start=profile.work_start,
                          work_end=profile.work_end, busy=local_busy)  # fmt: skip
    starts = slot.replace(tzinfo=zone) if slot else after
    return VisitInput(partner_ids=list(partner_ids), kind=VisitKind.ON_SITE, starts_at=starts,
                      timezone=zone.key, duration_minutes=duration_minutes, place=place, contact_ids=contacts,
                      owner_id=profile.me_member_id or owner)  # fmt: skip


def plan_visit(uow: UnitOfWorkFactory, partner_ids: list[str], now: datetime | None = None) -> str:
    """Plan a visit with :func:`plan_defaults` in one action; return its id."""
    return create_visit(uow, plan_defaults(uow, partner_ids, now))
