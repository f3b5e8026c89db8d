"""Notes: create, edit, delete, pin, and the timelines of a partner and of a person.

A note's body is Markdown (:mod:`prm_desktop.domain.notes_markdown`); the people it mentions
(``@[Name](stakeholder:ID)``) must exist, and the note then shows on their timeline too. Timelines
list pinned notes first, then newest first. The search index holds the note's plain text (the
commit hook of :mod:`prm_desktop.services.search_index`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.notes_markdown import Mention, parse_mentions, to_plain_text
from prm_desktop.domain.stakeholder_notes import CleanNote, NoteInput, join_tags, split_tags, validate_note
from prm_desktop.domain.validation import ValidationError, ValidationErrors
from prm_desktop.services.people.directory import live_stakeholder
from prm_desktop.storage.models import Note, Partner, Stakeholder, utcnow
from prm_desktop.storage.people import queries
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "NoteInfo",
    "NoteInput",
    "NoteNotFoundError",
    "create_note",
    "delete_note",
    "get_note",
    "partner_timeline",
    "person_timeline",
    "set_pinned",
    "update_note",
]


class NoteNotFoundError(LookupError):
    """No live note with that id."""


@dataclass(frozen=True)
class NoteInfo:
    """A note as a timeline shows it."""

    id: str
    partner_id: str | None
    partner_name: str
    stakeholder_id: str | None
    stakeholder_name: str
    body: str
    plain_text: str
    tags: tuple[str, ...]
    pinned: bool
    internal_only: bool
    mentions: tuple[Mention, ...]
    created_at: datetime
    updated_at: datetime


def _infos(session: Session, notes: list[Note]) -> list[NoteInfo]:
    return _row_infos(session, [queries.timeline_row(n) for n in notes])


def _row_infos(session: Session, rows: list[queries.TimelineRow]) -> list[NoteInfo]:
    """Notes read as `queries.TimelineRow` tuples (a timeline reads hundreds: no ORM objects)."""
    partners = queries.partner_names(session, [r[1] for r in rows if r[1]])
    people = queries.stakeholder_names(session, [r[2] for r in rows if r[2]])
    return [
        NoteInfo(
            note_id, partner_id, partners.get(partner_id or "", ""), stakeholder_id,
            people.get(stakeholder_id or "", ""), body, to_plain_text(body), tuple(split_tags(tags)), bool(pinned),
            bool(internal_only), tuple(parse_mentions(body)), created_at, updated_at,
        )  # fmt: skip
        for note_id, partner_id, stakeholder_id, body, tags, pinned, internal_only, created_at, updated_at in rows
    ]


def _check_targets(session: Session, clean: CleanNote) -> None:
    errors = []
    if clean.partner_id:
        partner = session.get(Partner, clean.partner_id)
        if partner is None or partner.deleted_at is not None:
            errors.append(ValidationError("partner_id", N_("No partner with id {id}."), id=clean.partner_id))
    if clean.stakeholder_id:
        person = session.get(Stakeholder, clean.stakeholder_id)
        if person is None or person.deleted_at is not None:
            errors.append(
                ValidationError("stakeholder_id", N_("No stakeholder with id {id}."), id=clean.stakeholder_id)
            )
    for m in parse_mentions(clean.body):
        person = session.get(Stakeholder, m.stakeholder_id)
        if person is None or person.deleted_at is not None:
            errors.append(
                ValidationError("body", N_("{name} is not a known stakeholder."), name=m.name or m.stakeholder_id)
            )
    if errors:
        raise ValidationErrors(errors)


def _apply(note: Note, clean: CleanNote) -> None:
    note.body, note.partner_id, note.stakeholder_id = clean.body, clean.partner_id, clean.stakeholder_id
    note.tags, note.pinned, note.internal_only = join_tags(clean.tags), clean.pinned, clean.internal_only


def _live_note(session: Session, note_id: str) -> Note:
    note = session.get(Note, note_id)
    if note is None or note.deleted_at is not None:
        raise NoteNotFoundError(_("No note with id {id}.", id=note_id))
    return note


def create_note(uow: UnitOfWorkFactory, data: NoteInput) -> NoteInfo:
    """Write a note about a partner and/or a person.

    Raises:
        ValidationErrors: A bad field, an unknown partner or person, or a mention of an unknown person.
    """
    clean = validate_note(data)
    with uow(kind="edit", label=_("Add note")) as work:
        _check_targets(work.session, clean)
        note = Note()
        _apply(note, clean)
        work.session.add(note)
        work.session.flush()
        work.commit()
        return _infos(work.session, [note])[0]


def update_note(uow: UnitOfWorkFactory, note_id: str, data: NoteInput) -> NoteInfo:
    """Change a note (every field of ``data`` is written).

    Raises:
        ValidationErrors: As :func:`create_note`.
        NoteNotFoundError: No such live note.
    """
    clean = validate_note(data)
    with uow(kind="edit", label=_("Edit note")) as work:
        note = _live_note(work.session, note_id)
        _check_targets(work.session, clean)
        _apply(note, clean)
        work.commit()
        return _infos(work.session, [note])[0]


def set_pinned(uow: UnitOfWorkFactory, note_id: str, pinned: bool) -> NoteInfo:
    """Pin a note at the top of its timelines, or unpin it.

    Raises:
        NoteNotFoundError: No such live note.
    """
    with uow(kind="edit", label=_("Pin note") if pinned else _("Unpin note")) as work:
        note = _live_note(work.session, note_id)
        note.pinned = pinned
        work.commit()
        return _infos(work.session, [note])[0]


def delete_note(uow: UnitOfWorkFactory, note_id: str) -> None:
    """Remove a note (soft delete; Edit › Undo brings it back).

    Raises:
        NoteNotFoundError: No such live note.
    """
    with uow(kind="edit", label=_("Remove note")) as work:
        _live_note(work.session, note_id).deleted_at = utcnow()
        work.commit()


def get_note(uow: UnitOfWorkFactory, note_id: str) -> NoteInfo:
    """One live note.

    Raises:
        NoteNotFoundError: No such live note.
    """
    with uow.read() as session:
        return _infos(session, [_live_note(session, note_id)])[0]


def partner_timeline(uow: UnitOfWorkFactory, partner_id: str, limit: int = 500) -> list[NoteInfo]:
    """Notes about a partner: pinned first, newest first."""
    with uow.read() as session:
        return _row_infos(session, queries.notes_of_partner(session, partner_id, limit))


def person_timeline(uow: UnitOfWorkFactory, stakeholder_id: str, limit: int = 500) -> list[NoteInfo]:
    """Notes about a person or mentioning them: pinned first, newest first.

    Raises:
        StakeholderNotFoundError: No such live person.
    """
    with uow.read() as session:
        live_stakeholder(session, stakeholder_id)
        return _infos(session, queries.notes_of_stakeholder(session, stakeholder_id, limit))
