"""The visit report (compte rendu) and action items.

The report has the template's sections, each markable internal-only, and an outcome rating; action
items come from a visit; the Actions view lists mine, overdue or a partner's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.validation import ValidationError, ValidationErrors
from prm_desktop.domain.visit_rules import (
    REPORT_SECTIONS,
    ActionInput,
    ActionStatus,
    ReportSectionInput,
    validate_action,
    validate_rating,
)
from prm_desktop.services.visits.editing import _links, _live_visit
from prm_desktop.storage.models import ActionItem, Note, VisitPartner, VisitReportSection
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.queries import ActionRow, action_rows

__all__ = [
    "ActionNotFoundError",
    "ActionRow",
    "Report",
    "add_action",
    "get_action",
    "get_report",
    "list_actions",
    "save_report",
    "set_action_done",
    "update_action",
]


class ActionNotFoundError(LookupError):
    """No live action item with that id."""


@dataclass(frozen=True)
class Report:
    """A visit's report: one section per template key (in template order), and the outcome rating."""

    visit_id: str
    sections: tuple[ReportSectionInput, ...]
    outcome_rating: int | None

    @property
    def is_empty(self) -> bool:
        """No section has text."""
        return not any(s.body.strip() for s in self.sections)


def get_report(uow: UnitOfWorkFactory, visit_id: str) -> Report:
    """The report of a visit (empty sections of the template when not written yet)."""
    with uow.read() as session:
        visit = _live_visit(session, visit_id)
        stored = {s.title: s for s in _links(session, VisitReportSection, visit_id)}
        keys = list(REPORT_SECTIONS) + sorted(k for k in stored if k not in REPORT_SECTIONS)
        sections = tuple(ReportSectionInput(k, stored[k].body if k in stored else "",
                                            bool(stored[k].internal_only) if k in stored else False)
                         for k in keys)  # fmt: skip
        return Report(visit_id, sections, visit.outcome_rating)


def save_report(uow: UnitOfWorkFactory, visit_id: str, sections: Sequence[ReportSectionInput],
                outcome_rating: int | None = None) -> None:  # fmt: skip
    """Write a visit's report in one unit of work (sections by key; unchanged ones are left alone).

    Raises:
        ValidationErrors: The rating is not 1 to 5.
    """
    validate_rating(outcome_rating)
    with uow(kind="edit", label=_("Save visit report")) as work:
        visit = _live_visit(work.session, visit_id)
        stored = {s.title: s for s in _links(work.session, VisitReportSection, visit_id)}
        for position, section in enumerate(sections):
            row = stored.get(section.key)
            if row is None:
                work.session.add(VisitReportSection(visit_id=visit_id, position=position, title=section.key,
                                                    body=section.body, internal_only=section.internal_only))
            elif (row.body, bool(row.internal_only)) != (section.body, section.internal_only):
                row.body, row.internal_only = section.body, section.internal_only
        if visit.outcome_rating != outcome_rating:
            visit.outcome_rating = outcome_rating
        work.commit()


def _apply(item: ActionItem, data: ActionInput) -> None:
    item.title = data.title.strip()
    item.owner_member_id = data.owner_member_id
    item.owner_contact_id = data.owner_contact_id
    item.owner_stakeholder_id = data.owner_stakeholder_id
    item.due_on = data.due_on
    item.internal_only = bool(data.internal_only)


def add_action(uow: UnitOfWorkFactory, data: ActionInput, visit_id: str | None = None, *,
               note_id: str | None = None) -> str:  # fmt: skip
    """Add an action item (from a visit when ``visit_id`` is given, from a note when ``note_id`` is); return its id.

    An action from a note is about the note's partner unless ``data`` names one.

    Raises:
        ValidationErrors: One message per bad field, or a note that does not exist (any more).
    """
    validate_action(data)
    with uow(kind="edit", label=_("Add action")) as work:
        partner_id = data.partner_id
        if note_id is not None:
            note = work.session.get(Note, note_id)
            if note is None or note.deleted_at is not None:
                raise ValidationErrors([ValidationError("title", N_("The note was removed meanwhile."))])
            partner_id = partner_id or note.partner_id
        if visit_id is not None:
            _live_visit(work.session, visit_id)
            if partner_id is None:
                first = work.session.scalars(select(VisitPartner.partner_id).where(
                    VisitPartner.visit_id == visit_id, VisitPartner.deleted_at.is_(None)).limit(1)).first()
                partner_id = first
        item = ActionItem(visit_id=visit_id, note_id=note_id, partner_id=partner_id, status=ActionStatus.OPEN)
        _apply(item, data)
        work.session.add(item)
        work.commit()
        return item.id


def _live_action(session, action_id: str) -> ActionItem:  # noqa: ANN001 - a session
    item = session.get(ActionItem, action_id)
    if item is None or item.deleted_at is not None:
        raise ActionNotFoundError(action_id)
    return item


def get_action(uow: UnitOfWorkFactory, action_id: str) -> ActionInput:
    """An action item as an editable input (its partner included).

    Raises:
        ActionNotFoundError: No such action item.
    """
    with uow.read() as session:
        item = _live_action(session, action_id)
        return ActionInput(item.title, item.owner_member_id, item.owner_contact_id, item.owner_stakeholder_id,
                           item.due_on, bool(item.internal_only), item.partner_id)  # fmt: skip


def update_action(uow: UnitOfWorkFactory, action_id: str, data: ActionInput) -> None:
    """Change an action item's fields."""
    validate_action(data)
    with uow(kind="edit", label=_("Edit action")) as work:
        _apply(_live_action(work.session, action_id), data)
        work.commit()


def set_action_done(uow: UnitOfWorkFactory, action_id: str, done: bool = True) -> None:
    """Mark an action item done (or open again), in one click."""
    with uow(kind="edit", label=_("Action done") if done else _("Action reopened")) as work:
        _live_action(work.session, action_id).status = ActionStatus.DONE if done else ActionStatus.OPEN
        work.commit()


def list_actions(uow: UnitOfWorkFactory, view: str = "mine", *, member_id: str | None = None,
                 today: date | None = None, partner_id: str | None = None, visit_id: str | None = None,
                 limit: int = 1000, offset: int = 0, stakeholder_id: str | None = None) -> list[ActionRow]:  # fmt: skip
    """The Actions view.

    Args:
        uow: Unit-of-work factory.
        view: ``"mine"`` (open, owned by ``member_id``), ``"overdue"`` (open, due before ``today``),
            ``"partner"`` (all of ``partner_id``), ``"visit"`` (all of ``visit_id``), ``"stakeholder"``
            (open, owned by the internal stakeholder ``stakeholder_id``), ``"all"``.
        member_id: "Me" for the ``mine`` view.
        today: Day for the ``overdue`` view.
        partner_id: Partner for the ``partner`` view.
        visit_id: Visit for the ``visit`` view.
        stakeholder_id: Internal stakeholder for the ``stakeholder`` view.
        limit: Rows at most.
        offset: Rows skipped.
    """
    args: dict = {"limit": limit, "offset": offset}
    if view == "mine":
        args.update(member_id=member_id or "", open_only=True)
    elif view == "overdue":
        args.update(overdue_on=today or date.today())
    elif view == "partner":
        args.update(partner_id=partner_id or "")
    elif view == "visit":
        args.update(visit_id=visit_id or "")
    elif view == "stakeholder":
        args.update(stakeholder_id=stakeholder_id or "", open_only=True)
    with uow.read() as session:
        return action_rows(session, **args)
