"""Visits and action items (design §2): accepted values, validation with messages naming the field.

English source strings; French in ``resources/locale/fr/LC_MESSAGES/visits.po``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.validation import Validator

__all__ = [
    "ACTION_STATUS_LABELS",
    "KIND_LABELS",
    "REPORT_SECTIONS",
    "SECTION_LABELS",
    "STATUS_LABELS",
    "ActionInput",
    "ActionStatus",
    "ReportSectionInput",
    "VisitInput",
    "VisitKind",
    "VisitStatus",
    "validate_action",
    "validate_cancel_reason",
    "validate_rating",
    "validate_visit",
]


class VisitKind(StrEnum):
    """How the visit takes place."""

    ON_SITE = "on_site"
    VIDEO = "video"
    PHONE = "phone"
    EVENT = "event"


class VisitStatus(StrEnum):
    """Where a visit stands."""

    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    DONE = "done"


KIND_LABELS = {VisitKind.ON_SITE: N_("On site"), VisitKind.VIDEO: N_("Video"), VisitKind.PHONE: N_("Phone"),
               VisitKind.EVENT: N_("Event")}  # fmt: skip
STATUS_LABELS = {VisitStatus.PLANNED: N_("Planned"), VisitStatus.DONE: N_("Done"),
                 VisitStatus.CANCELLED: N_("Cancelled")}  # fmt: skip
ACTION_STATUS_LABELS = {ActionStatus.OPEN: N_("Open"), ActionStatus.DONE: N_("Done")}
#: Sections of the report template, in order (stored by key, shown translated).
REPORT_SECTIONS: tuple[str, ...] = ("context", "discussed", "opportunities", "competition", "next_steps")
SECTION_LABELS = {"context": N_("Context"), "discussed": N_("Discussed"), "opportunities": N_("Opportunities"),
                  "competition": N_("Competition"), "next_steps": N_("Next steps")}  # fmt: skip
MAX_DURATION_MINUTES = 24 * 60


@dataclass
class VisitInput:
    """A visit as typed in the form or given to the CLI.

    Attributes:
        partner_ids: One or more partners.
        kind: A :class:`VisitKind` value.
        starts_at: Start, timezone-aware.
        timezone: IANA zone the visit takes place in.
        duration_minutes: Duration.
        place: Address or meeting link.
        objective: What the visit is for.
        agenda: Agenda.
        contact_ids: Partner contacts attending.
        stakeholder_ids: Internal stakeholders attending.
        member_ids: Team members attending.
        owner_id: Team member who owns the visit.
    """

    partner_ids: list[str] = field(default_factory=list)
    kind: str = VisitKind.ON_SITE
    starts_at: datetime | None = None
    timezone: str = "Europe/Paris"
    duration_minutes: int = 60
    place: str = ""
    objective: str = ""
    agenda: str = ""
    contact_ids: list[str] = field(default_factory=list)
    stakeholder_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    owner_id: str | None = None


@dataclass(frozen=True)
class ReportSectionInput:
    """One section of a report: its key, text and whether it stays internal."""

    key: str
    body: str = ""
    internal_only: bool = False


@dataclass
class ActionInput:
    """An action item as typed.

    Attributes:
        title: What is to be done.
        owner_member_id: Team member owning it.
        owner_contact_id: Partner contact owning it.
        owner_stakeholder_id: Internal stakeholder owning it.
        due_on: Due date.
        internal_only: Never sent to the partner.
        partner_id: Partner it is about.
    """

    title: str = ""
    owner_member_id: str | None = None
    owner_contact_id: str | None = None
    owner_stakeholder_id: str | None = None
    due_on: date | None = None
    internal_only: bool = False
    partner_id: str | None = None


def validate_visit(visit: VisitInput, zones: frozenset[str] | None = None) -> None:
    """Check a visit; raise :class:`ValidationErrors` with one message per bad field.

    Args:
        visit: The visit.
        zones: Known IANA zones (when given, the zone must be one of them).
    """
    check = Validator()
    if not visit.partner_ids:
        check.add("partners", N_("Choose at least one partner."))
    if visit.kind not in set(VisitKind):
        check.add("kind", N_("Choose a kind of visit."))
    if visit.starts_at is None:
        check.add("starts_at", N_("This field is required."))
    elif visit.starts_at.tzinfo is None:
        check.add("starts_at", N_("Give the time zone of the start."))
    if not 1 <= int(visit.duration_minutes or 0) <= MAX_DURATION_MINUTES:
        check.add("duration_minutes", N_("The duration must be between 1 minute and 24 hours."))
    if zones is not None and visit.timezone not in zones:
        check.add("timezone", N_("Unknown time zone {zone}."), zone=visit.timezone)
    if len(visit.place or "") > 300:
        check.add("place", N_("At most {n} characters."), n=300)
    check.raise_if_errors()


def validate_cancel_reason(reason: str) -> str:
    """A cancellation needs a reason (returned stripped)."""
    check = Validator()
    if not (reason or "").strip():
        check.add("cancel_reason", N_("Say why the visit is cancelled."))
    check.raise_if_errors()
    return reason.strip()


def validate_rating(rating: int | None) -> None:
    """An outcome rating is empty or 1 to 5."""
    check = Validator()
    if rating is not None and not 1 <= rating <= 5:
        check.add("outcome_rating", N_("The rating goes from 1 to 5."))
    check.raise_if_errors()


def validate_action(action: ActionInput) -> None:
    """Check an action item; raise :class:`ValidationErrors` naming the bad fields."""
    check = Validator()
    if not (action.title or "").strip():
        check.add("title", N_("This field is required."))
    elif len(action.title) > 300:
        check.add("title", N_("At most {n} characters."), n=300)
    owners = [o for o in (action.owner_member_id, action.owner_contact_id, action.owner_stakeholder_id) if o]
    if len(owners) > 1:
        check.add("owner", N_("Choose one owner."))
    check.raise_if_errors()
