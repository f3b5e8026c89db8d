"""Who may attend a visit or own an action: the partners' contacts, internal stakeholders, team members."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prm_desktop.services.contacts import list_contacts
from prm_desktop.services.people.directory import list_directory
from prm_desktop.services.team import list_team_members
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["PeopleChoices", "people_choices"]


@dataclass(frozen=True)
class PeopleChoices:
    """``(id, label)`` pairs of each kind of person, in the order to show them."""

    contacts: tuple[tuple[str, str], ...] = ()
    stakeholders: tuple[tuple[str, str], ...] = ()
    members: tuple[tuple[str, str], ...] = ()


def people_choices(uow: UnitOfWorkFactory, partner_ids: Sequence[str]) -> PeopleChoices:
    """The partners' current contacts (with their role), the internal stakeholders and the team members."""
    contacts = [(c.id, f"{c.name} ({c.role})" if c.role else c.name)
                for pid in dict.fromkeys(partner_ids) for c in list_contacts(uow, pid) if not c.has_left()]  # fmt: skip
    stakeholders = [(s.id, f"{s.name} ({s.business_unit})" if s.business_unit else s.name)
                    for s in list_directory(uow)]  # fmt: skip
    members = [(m.id, m.name) for m in list_team_members(uow)]
    return PeopleChoices(tuple(contacts), tuple(stakeholders), tuple(members))
