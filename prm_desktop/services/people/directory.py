"""The directory of internal stakeholders: list, create, edit, delete (soft).

Every write is one unit of work with a label Edit › Undo shows. Deleting a person also removes their
links to partners (in the same unit of work); their notes stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.stakeholders import CleanStakeholder, StakeholderInput, validate_stakeholder
from prm_desktop.storage.models import Stakeholder, utcnow
from prm_desktop.storage.people import queries
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "StakeholderInfo",
    "StakeholderInput",
    "StakeholderNotFoundError",
    "create_stakeholder",
    "delete_stakeholder",
    "get_stakeholder",
    "list_directory",
    "update_stakeholder",
]


class StakeholderNotFoundError(LookupError):
    """No live stakeholder with that id."""


@dataclass(frozen=True)
class StakeholderInfo:
    """An internal stakeholder as the directory shows it."""

    id: str
    name: str
    business_unit: str
    role: str
    email: str
    phone: str
    manager: str

    def as_input(self) -> StakeholderInput:
        """The fields as a form fills them."""
        return StakeholderInput(self.name, self.business_unit, self.role, self.email, self.phone, self.manager)


def stakeholder_info(person: Stakeholder) -> StakeholderInfo:
    """Plain data of a stakeholder row."""
    return StakeholderInfo(
        person.id,
        person.name,
        person.business_unit or "",
        person.role or "",
        person.email or "",
        person.phone or "",
        person.manager or "",
    )


def live_stakeholder(session: Session, stakeholder_id: str) -> Stakeholder:
    """The live stakeholder with that id.

    Raises:
        StakeholderNotFoundError: None.
    """
    person = session.get(Stakeholder, stakeholder_id)
    if person is None or person.deleted_at is not None:
        raise StakeholderNotFoundError(_("No stakeholder with id {id}.", id=stakeholder_id))
    return person


def _apply(person: Stakeholder, clean: CleanStakeholder) -> None:
    person.name, person.business_unit, person.role = clean.name, clean.business_unit, clean.role
    person.email, person.phone, person.manager = clean.email, clean.phone, clean.manager


def list_directory(uow: UnitOfWorkFactory) -> list[StakeholderInfo]:
    """Every live stakeholder, by name."""
    with uow.read() as session:
        return [stakeholder_info(p) for p in queries.live_stakeholders(session)]


def get_stakeholder(uow: UnitOfWorkFactory, stakeholder_id: str) -> StakeholderInfo:
    """One live stakeholder.

    Raises:
        StakeholderNotFoundError: No such live stakeholder.
    """
    with uow.read() as session:
        return stakeholder_info(live_stakeholder(session, stakeholder_id))


def create_stakeholder(uow: UnitOfWorkFactory, data: StakeholderInput) -> StakeholderInfo:
    """Add a person to the directory.

    Raises:
        ValidationErrors: A field is invalid (each error names its field).
    """
    clean = validate_stakeholder(data)
    with uow(kind="edit", label=_("Add stakeholder {name}", name=clean.name)) as work:
        person = Stakeholder()
        _apply(person, clean)
        work.session.add(person)
        work.session.flush()
        work.commit()
        return stakeholder_info(person)


def update_stakeholder(uow: UnitOfWorkFactory, stakeholder_id: str, data: StakeholderInput) -> StakeholderInfo:
    """Change a person's fields (every field of ``data`` is written).

    Raises:
        ValidationErrors: A field is invalid.
        StakeholderNotFoundError: No such live stakeholder.
    """
    clean = validate_stakeholder(data)
    with uow(kind="edit", label=_("Edit stakeholder {name}", name=clean.name)) as work:
        person = live_stakeholder(work.session, stakeholder_id)
        _apply(person, clean)
        work.commit()
        return stakeholder_info(person)


def delete_stakeholder(uow: UnitOfWorkFactory, stakeholder_id: str) -> None:
    """Remove a person and their partner links (soft delete; Edit › Undo brings them back).

    Raises:
        StakeholderNotFoundError: No such live stakeholder.
    """
    with uow(kind="edit", label=_("Remove stakeholder")) as work:
        person = live_stakeholder(work.session, stakeholder_id)
        work.describe("edit", _("Remove stakeholder {name}", name=person.name))
        now = utcnow()
        for link, _partner in queries.links_of_stakeholder(work.session, stakeholder_id):
            link.deleted_at = now
        person.deleted_at = now
        work.commit()
