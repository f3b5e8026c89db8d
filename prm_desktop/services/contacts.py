"""Partner contacts: list, add, edit, remove (soft), and the one primary contact per partner.

Every write is one unit of work with a label Edit › Undo shows. Setting a contact primary clears the
flag of the partner's other contacts in the same unit of work; a contact who has left (``left_on``
on or before today) cannot be primary; removing a contact clears its primary flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import CleanContact, ContactInput, validate_contact
from prm_desktop.domain.validation import ValidationError, ValidationErrors
from prm_desktop.storage.models import Contact, Partner, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "ContactInfo",
    "ContactInput",
    "ContactNotFoundError",
    "add_contact",
    "contact_info",
    "list_contacts",
    "remove_contact",
    "set_primary_contact",
    "update_contact",
]


class ContactNotFoundError(LookupError):
    """No live contact (or partner) with that id."""


@dataclass(frozen=True)
class ContactInfo:
    """A contact as shown in the partner's card."""

    id: str
    partner_id: str
    name: str
    role: str | None
    email: str | None
    phone: str | None
    is_primary: bool
    left_on: date | None
    removed: bool = False

    def has_left(self, today: date | None = None) -> bool:
        """Whether the contact left on or before ``today``."""
        return self.left_on is not None and self.left_on <= (today or date.today())


def contact_info(contact: Contact) -> ContactInfo:
    """Plain data of a contact row."""
    return ContactInfo(
        contact.id,
        contact.partner_id,
        contact.name,
        contact.role,
        contact.email,
        contact.phone,
        bool(contact.is_primary),
        contact.left_on,
        contact.deleted_at is not None,
    )


def _live_partner(session: Session, partner_id: str) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None or partner.deleted_at is not None:
        raise ContactNotFoundError(_("No partner with id {id}.", id=partner_id))
    return partner


def _live_contact(session: Session, contact_id: str) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise ContactNotFoundError(_("No contact with id {id}.", id=contact_id))
    return contact


def _clear_other_primaries(session: Session, contact: Contact) -> None:
    others = session.scalars(
        select(Contact).where(
            Contact.partner_id == contact.partner_id,
            Contact.id != contact.id,
            Contact.is_primary.is_(True),
        )
    )
    for other in others:
        other.is_primary = False


def _apply(contact: Contact, clean: CleanContact) -> None:
    contact.name, contact.role, contact.email = clean.name, clean.role, clean.email
    contact.phone, contact.is_primary, contact.left_on = clean.phone, clean.is_primary, clean.left_on


def list_contacts(uow: UnitOfWorkFactory, partner_id: str, include_removed: bool = False) -> list[ContactInfo]:
    """Contacts of a partner: primary first, then by name.

    Args:
        uow: Unit-of-work factory.
        partner_id: The partner.
        include_removed: Also list removed (soft-deleted) contacts.
    """
    with uow.read() as session:
        query = select(Contact).where(Contact.partner_id == partner_id)
        if not include_removed:
            query = query.where(Contact.deleted_at.is_(None))
        rows = session.scalars(query.order_by(Contact.is_primary.desc(), Contact.name, Contact.id))
        return [contact_info(c) for c in rows]


def add_contact(uow: UnitOfWorkFactory, partner_id: str, data: ContactInput) -> ContactInfo:
    """Add a contact to a live partner.

    Raises:
        ValidationErrors: A field is invalid.
        ContactNotFoundError: No such live partner.
    """
    clean = validate_contact(data)
    with uow(kind="edit", label=_("Add contact {name}", name=clean.name)) as work:
        _live_partner(work.session, partner_id)
        contact = Contact(partner_id=partner_id)
        _apply(contact, clean)
        work.session.add(contact)
        work.session.flush()
        if clean.is_primary:
            _clear_other_primaries(work.session, contact)
        work.commit()
        return contact_info(contact)


def update_contact(uow: UnitOfWorkFactory, contact_id: str, data: ContactInput) -> ContactInfo:
    """Change a contact's fields (every field of ``data`` is written).

    Raises:
        ValidationErrors: A field is invalid.
        ContactNotFoundError: No such live contact.
    """
    clean = validate_contact(data)
    with uow(kind="edit", label=_("Edit contact {name}", name=clean.name)) as work:
        contact = _live_contact(work.session, contact_id)
        _apply(contact, clean)
        if clean.is_primary:
            _clear_other_primaries(work.session, contact)
        work.commit()
        return contact_info(contact)


def set_primary_contact(uow: UnitOfWorkFactory, contact_id: str) -> ContactInfo:
    """Make a contact the primary contact of its partner (the others lose the flag).

    Raises:
        ValidationErrors: The contact has left.
        ContactNotFoundError: No such live contact.
    """
    with uow(kind="edit", label=_("Set primary contact")) as work:
        contact = _live_contact(work.session, contact_id)
        if contact.left_on is not None and contact.left_on <= date.today():
            raise ValidationErrors(
                [ValidationError("is_primary", N_("A contact who has left cannot be the primary contact."))]
            )
        work.describe("edit", _("Set primary contact {name}", name=contact.name))
        contact.is_primary = True
        _clear_other_primaries(work.session, contact)
        work.commit()
        return contact_info(contact)


def remove_contact(uow: UnitOfWorkFactory, contact_id: str) -> None:
    """Remove a contact (soft delete; Edit › Undo brings it back).

    Raises:
        ContactNotFoundError: No such live contact.
    """
    with uow(kind="edit", label=_("Remove contact")) as work:
        contact = _live_contact(work.session, contact_id)
        work.describe("edit", _("Remove contact {name}", name=contact.name))
        contact.deleted_at = utcnow()
        contact.is_primary = False
        work.commit()
