"""Business units: which partners each unit of our company touches (through its people's links)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.storage.people import queries
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["UnitInfo", "business_units"]


@dataclass(frozen=True)
class UnitInfo:
    """A business unit (empty name: people without one), its people linked to partners, and the partners."""

    name: str
    people: tuple[str, ...]
    partners: tuple[str, ...]


def business_units(uow: UnitOfWorkFactory) -> list[UnitInfo]:
    """Every business unit with linked people, by name; partners and people by name, each once."""
    with uow.read() as session:
        rows = queries.unit_partner_links(session)
    partners: dict[str, dict[str, str]] = defaultdict(dict)
    people: dict[str, set[str]] = defaultdict(set)
    for unit, pid, pname, person in rows:
        partners[unit][pid] = pname
        people[unit].add(person)

    def order(names: object) -> tuple[str, ...]:
        return tuple(sorted(names, key=normalize_text))  # type: ignore[arg-type]

    return [
        UnitInfo(unit, order(people[unit]), order(partners[unit].values()))
        for unit in sorted(partners, key=lambda u: (u == "", normalize_text(u)))
    ]
