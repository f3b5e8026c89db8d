"""Purge a person's personal data on request (a stakeholder or a partner contact).

The row stays as a tombstone (removed, every personal field blanked) so links and history keep
their shape; the person's values are redacted in the change log, in batch labels, in note bodies
(mentions keep their link, the name becomes ``(redacted)``), in the search index (rewritten by the
commit hook) and in the drafts file. One unit of work; the database then zeroes freed pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prm_desktop.domain.i18n import _
from prm_desktop.services.contacts import ContactNotFoundError
from prm_desktop.services.drafts import Drafts, open_drafts
from prm_desktop.services.people.directory import StakeholderNotFoundError
from prm_desktop.storage.models import Contact, Stakeholder, utcnow
from prm_desktop.storage.people.purge import (
    PERSON_FIELDS,
    REDACTED,
    identifying_values,
    notes_containing,
    redact_row_history,
    replace_in_history,
    secure_delete,
)
from prm_desktop.storage.people.queries import links_of_stakeholder
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["PurgeResult", "purge_contact", "purge_stakeholder", "redact_drafts", "redact_drafts_file"]



@dataclass(frozen=True)
class PurgeResult:
    """What a purge rewrote."""

    kind: str
    id: str
    history_entries: int
    notes: int
    drafts: int


def redact_drafts(drafts: Drafts | None, values: list[str]) -> int:
    """Replace each of a purged person's ``values`` in the drafts not saved yet; returns the drafts rewritten."""
    if drafts is None:
        return 0
    count = 0
    for draft in drafts.pending():
        body, label = draft.text, draft.label
        for value in values:
            body, label = body.replace(value, REDACTED), label.replace(value, REDACTED)
        if (body, label) != (draft.text, draft.label):
            drafts.save(draft.key, body, label)
            count += 1
    return count


def redact_drafts_file(path: Path, values: list[str]) -> int:
    """`redact_drafts` on the drafts file at ``path`` (people purged on another laptop, from a sync)."""
    if not values:
        return 0
    drafts = open_drafts(path)
    try:
        return redact_drafts(drafts, values)
    finally:
        drafts.close()


def _redact_notes(session: object, values: list[str]) -> int:
    notes = notes_containing(session, values)  # type: ignore[arg-type]
    for note in notes:
        body = note.body
        for value in values:
            body = body.replace(value, REDACTED)
        note.body = body
    return len(notes)


def purge_stakeholder(uow: UnitOfWorkFactory, stakeholder_id: str, drafts: Drafts | None = None) -> PurgeResult:
    """Purge an internal stakeholder's personal data (their partner links are removed too).

    Raises:
        StakeholderNotFoundError: No stakeholder with that id (a tombstone can be purged again).
    """
    with uow(kind="purge", label=_("Purge personal data")) as work:
        secure_delete(work.session)
        person = work.session.get(Stakeholder, stakeholder_id)
        if person is None:
            raise StakeholderNotFoundError(_("No stakeholder with id {id}.", id=stakeholder_id))
        values = identifying_values(person.name, person.email, person.phone)
        now = utcnow()
        for link, _partner in links_of_stakeholder(work.session, stakeholder_id):
            link.deleted_at = now
        person.name, person.business_unit, person.role = REDACTED, None, None
        person.email = person.phone = person.manager = None
        person.deleted_at = person.deleted_at or now
        notes = _redact_notes(work.session, values)
        work.session.flush()
        entries = redact_row_history(work.session, "stakeholders", stakeholder_id, PERSON_FIELDS["stakeholders"])
        entries += replace_in_history(work.session, values)
        work.commit()
    return PurgeResult("stakeholder", stakeholder_id, entries, notes, redact_drafts(drafts, values))


def purge_contact(uow: UnitOfWorkFactory, contact_id: str, drafts: Drafts | None = None) -> PurgeResult:
    """Purge a partner contact's personal data.

    Raises:
        ContactNotFoundError: No contact with that id.
    """
    with uow(kind="purge", label=_("Purge personal data")) as work:
        secure_delete(work.session)
        contact = work.session.get(Contact, contact_id)
        if contact is None:
            raise ContactNotFoundError(_("No contact with id {id}.", id=contact_id))
        values = identifying_values(contact.name, contact.email, contact.phone)
        contact.name, contact.role, contact.email, contact.phone = REDACTED, None, None, None
        contact.is_primary, contact.left_on = False, None
        contact.deleted_at = contact.deleted_at or utcnow()
        notes = _redact_notes(work.session, values)
        work.session.flush()
        entries = redact_row_history(work.session, "contacts", contact_id, PERSON_FIELDS["contacts"])
        entries += replace_in_history(work.session, values)
        work.commit()
    return PurgeResult("contact", contact_id, entries, notes, redact_drafts(drafts, values))
