"""Reads of stakeholders, links and notes: small typed functions returning ORM rows or tuples.

Mentions are not a table: a note mentions a person when its body holds ``(stakeholder:ID)``
(the Markdown of :func:`prm_desktop.domain.notes_markdown.mention`), so the body stays the one truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from prm_desktop.storage.models import Contact, Note, Partner, Stakeholder, StakeholderLink
from prm_desktop.storage.partners.summary import register_functions

__all__ = [
    "TimelineRow",
    "find_stakeholder_by_name",
    "link_between",
    "links_of_partner",
    "links_of_stakeholder",
    "live_contacts",
    "live_stakeholders",
    "notes_of_partner",
    "notes_of_stakeholder",
    "partner_names",
    "stakeholder_names",
    "timeline_row",
    "unit_partner_links",
]


def live_stakeholders(session: Session) -> list[Stakeholder]:
    """Every live stakeholder, by name (accents folded)."""
    register_functions(session)
    query = select(Stakeholder).where(Stakeholder.deleted_at.is_(None))
    return list(session.scalars(query.order_by(func.prm_sort_key(Stakeholder.name), Stakeholder.id)))


def find_stakeholder_by_name(session: Session, name: str, exclude_id: str | None = None) -> Stakeholder | None:
    """A live stakeholder with this exact name (case-insensitive), other than ``exclude_id``."""
    query = select(Stakeholder).where(Stakeholder.deleted_at.is_(None), func.lower(Stakeholder.name) == name.lower())
    if exclude_id:
        query = query.where(Stakeholder.id != exclude_id)
    return session.scalars(query.limit(1)).first()


def link_between(session: Session, stakeholder_id: str, partner_id: str, relation: str) -> StakeholderLink | None:
    """The live link of a person to a partner in one relation, if any."""
    query = select(StakeholderLink).where(
        StakeholderLink.stakeholder_id == stakeholder_id,
        StakeholderLink.partner_id == partner_id,
        StakeholderLink.relation == relation,
        StakeholderLink.deleted_at.is_(None),
    )
    return session.scalars(query.limit(1)).first()


def links_of_partner(session: Session, partner_id: str) -> list[tuple[StakeholderLink, Stakeholder]]:
    """Live links of a partner with their live stakeholder, by person name."""
    register_functions(session)
    query = (
        select(StakeholderLink, Stakeholder)
        .join(Stakeholder, Stakeholder.id == StakeholderLink.stakeholder_id)
        .where(
            StakeholderLink.partner_id == partner_id,
            StakeholderLink.deleted_at.is_(None),
            Stakeholder.deleted_at.is_(None),
        )
        .order_by(func.prm_sort_key(Stakeholder.name), StakeholderLink.relation, StakeholderLink.id)
    )
    return [(link, person) for link, person in session.execute(query).all()]


def links_of_stakeholder(session: Session, stakeholder_id: str) -> list[tuple[StakeholderLink, Partner]]:
    """Live links of a person with their live partner, by partner name."""
    register_functions(session)
    query = (
        select(StakeholderLink, Partner)
        .join(Partner, Partner.id == StakeholderLink.partner_id)
        .where(
            StakeholderLink.stakeholder_id == stakeholder_id,
            StakeholderLink.deleted_at.is_(None),
            Partner.deleted_at.is_(None),
        )
        .order_by(func.prm_sort_key(Partner.name), StakeholderLink.relation, StakeholderLink.id)
    )
    return [(link, partner) for link, partner in session.execute(query).all()]


def live_contacts(session: Session, partner_id: str) -> list[Contact]:
    """Live contacts of a partner, primary first, then by name."""
    query = select(Contact).where(Contact.partner_id == partner_id, Contact.deleted_at.is_(None))
    return list(session.scalars(query.order_by(Contact.is_primary.desc(), Contact.name, Contact.id)))


def _timeline(query: object, limit: int) -> object:
    return query.order_by(Note.pinned.desc(), Note.created_at.desc(), Note.id.desc()).limit(limit)  # type: ignore[attr-defined]


#: What a timeline shows of a note (tuples, not ORM objects: a partner may have hundreds of notes).
_TIMELINE_COLUMNS = (Note.id, Note.partner_id, Note.stakeholder_id, Note.body, Note.tags, Note.pinned,
                     Note.internal_only, Note.created_at, Note.updated_at)  # fmt: skip
#: ``(id, partner_id, stakeholder_id, body, tags, pinned, internal_only, created_at, updated_at)``.
TimelineRow = tuple[str, str | None, str | None, str, str, bool, bool, datetime, datetime]


def timeline_row(note: Note) -> TimelineRow:
    """A note object as the tuple `notes_of_partner` returns."""
    return (note.id, note.partner_id, note.stakeholder_id, note.body, note.tags, note.pinned, note.internal_only,
            note.created_at, note.updated_at)  # fmt: skip


def notes_of_partner(session: Session, partner_id: str, limit: int = 500) -> list[TimelineRow]:
    """Live notes about a partner, pinned first, newest first, as `TimelineRow` tuples."""
    query = select(*_TIMELINE_COLUMNS).where(Note.partner_id == partner_id, Note.deleted_at.is_(None))
    return [tuple(row) for row in session.execute(_timeline(query, limit))]  # type: ignore[misc]


def notes_of_stakeholder(session: Session, stakeholder_id: str, limit: int = 500) -> list[Note]:
    """Live notes about a person or mentioning them: pinned first, newest first."""
    mentioned = Note.body.contains(f"(stakeholder:{stakeholder_id})", autoescape=True)
    query = select(Note).where(or_(Note.stakeholder_id == stakeholder_id, mentioned), Note.deleted_at.is_(None))
    return list(session.scalars(_timeline(query, limit)))  # type: ignore[arg-type]


def partner_names(session: Session, partner_ids: Sequence[str]) -> dict[str, str]:
    """Names of partners by id."""
    if not partner_ids:
        return {}
    query = select(Partner.id, Partner.name).where(Partner.id.in_(sorted(set(partner_ids))))
    return {pid: name for pid, name in session.execute(query).all()}


def stakeholder_names(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Names of stakeholders by id."""
    if not ids:
        return {}
    query = select(Stakeholder.id, Stakeholder.name).where(Stakeholder.id.in_(sorted(set(ids))))
    return {sid: name for sid, name in session.execute(query).all()}


def unit_partner_links(session: Session) -> list[tuple[str, str, str, str]]:
    """(business unit, partner id, partner name, person name) of every live link of a live person and partner."""
    query = (
        select(Stakeholder.business_unit, Partner.id, Partner.name, Stakeholder.name)
        .join(StakeholderLink, StakeholderLink.stakeholder_id == Stakeholder.id)
        .join(Partner, Partner.id == StakeholderLink.partner_id)
        .where(Stakeholder.deleted_at.is_(None), StakeholderLink.deleted_at.is_(None), Partner.deleted_at.is_(None))
    )
    return [(unit or "", pid, pname, person) for unit, pid, pname, person in session.execute(query).all()]
