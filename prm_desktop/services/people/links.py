"""Links of internal stakeholders to partners (relation, influence, stance) and the partner's map.

A person may hold several relations with one partner (one link each); linking the same person in
the same relation again updates that link. :func:`partner_map` gives what the map and its table show:
our people, the partner's contacts, and the gaps (:func:`prm_desktop.domain.stakeholders.find_gaps`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.stakeholders import Gap, LinkInput, find_gaps, validate_link
from prm_desktop.services.people.directory import StakeholderNotFoundError, live_stakeholder
from prm_desktop.storage.models import Partner, StakeholderLink, utcnow
from prm_desktop.storage.people import queries
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "LinkInfo",
    "LinkInput",
    "LinkNotFoundError",
    "MapContact",
    "PartnerMap",
    "link_stakeholder",
    "links_of_person",
    "partner_map",
    "unlink",
    "update_link",
]


class LinkNotFoundError(LookupError):
    """No live link (or partner) with that id."""


@dataclass(frozen=True)
class LinkInfo:
    """One link: a person, a partner, and how the person relates to it."""

    id: str
    stakeholder_id: str
    stakeholder_name: str
    business_unit: str
    partner_id: str
    partner_name: str
    relation: str
    influence: str
    stance: str


@dataclass(frozen=True)
class MapContact:
    """A contact of the partner, as the map shows it (right side)."""

    id: str
    name: str
    role: str
    is_primary: bool


@dataclass(frozen=True)
class PartnerMap:
    """Everything the stakeholder map of one partner draws."""

    partner_id: str
    partner_name: str
    links: list[LinkInfo]
    contacts: list[MapContact]
    gaps: list[Gap]


def _info(link: StakeholderLink, person_name: str, unit: str | None, partner_name: str) -> LinkInfo:
    return LinkInfo(
        link.id, link.stakeholder_id, person_name, unit or "", link.partner_id, partner_name,
        link.relation, link.influence, link.stance,
    )  # fmt: skip


def _live_partner(session: Session, partner_id: str) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None or partner.deleted_at is not None:
        raise LinkNotFoundError(_("No partner with id {id}.", id=partner_id))
    return partner


def _live_link(session: Session, link_id: str) -> StakeholderLink:
    link = session.get(StakeholderLink, link_id)
    if link is None or link.deleted_at is not None:
        raise LinkNotFoundError(_("No stakeholder link with id {id}.", id=link_id))
    return link


def link_stakeholder(uow: UnitOfWorkFactory, stakeholder_id: str, partner_id: str, data: LinkInput) -> LinkInfo:
    """Link a person to a partner (or update their link in that relation).

    Raises:
        ValidationErrors: A bad relation, influence or stance.
        StakeholderNotFoundError: No such live person.
        LinkNotFoundError: No such live partner.
    """
    clean = validate_link(data)
    with uow(kind="edit", label=_("Link stakeholder")) as work:
        person = live_stakeholder(work.session, stakeholder_id)
        partner = _live_partner(work.session, partner_id)
        work.describe("edit", _("Link {person} to {partner}", person=person.name, partner=partner.name))
        link = queries.link_between(work.session, stakeholder_id, partner_id, clean.relation.value)
        if link is None:
            link = StakeholderLink(stakeholder_id=stakeholder_id, partner_id=partner_id, relation=clean.relation.value)
            work.session.add(link)
        link.influence, link.stance = clean.influence.value, clean.stance.value
        work.session.flush()
        work.commit()
        return _info(link, person.name, person.business_unit, partner.name)


def update_link(uow: UnitOfWorkFactory, link_id: str, data: LinkInput) -> LinkInfo:
    """Change a link's relation, influence and stance.

    Raises:
        ValidationErrors: A bad value.
        LinkNotFoundError: No such live link.
    """
    clean = validate_link(data)
    with uow(kind="edit", label=_("Edit stakeholder link")) as work:
        link = _live_link(work.session, link_id)
        person = live_stakeholder(work.session, link.stakeholder_id)
        partner = _live_partner(work.session, link.partner_id)
        link.relation, link.influence, link.stance = clean.relation.value, clean.influence.value, clean.stance.value
        work.commit()
        return _info(link, person.name, person.business_unit, partner.name)


def unlink(uow: UnitOfWorkFactory, link_id: str) -> None:
    """Remove a link (soft delete; Edit › Undo brings it back).

    Raises:
        LinkNotFoundError: No such live link.
    """
    with uow(kind="edit", label=_("Unlink stakeholder")) as work:
        link = _live_link(work.session, link_id)
        link.deleted_at = utcnow()
        work.commit()


def partner_map(uow: UnitOfWorkFactory, partner_id: str) -> PartnerMap:
    """Our people linked to a partner, its contacts, and its gaps.

    Raises:
        LinkNotFoundError: No such live partner.
    """
    with uow.read() as session:
        partner = _live_partner(session, partner_id)
        links = [
            _info(link, p.name, p.business_unit, partner.name)
            for link, p in queries.links_of_partner(session, partner_id)
        ]
        contacts = [
            MapContact(c.id, c.name, c.role or "", bool(c.is_primary))
            for c in queries.live_contacts(session, partner_id)
        ]
        return PartnerMap(partner.id, partner.name, links, contacts, find_gaps(link.relation for link in links))


def links_of_person(uow: UnitOfWorkFactory, stakeholder_id: str) -> list[LinkInfo]:
    """The partners a person touches, with relation, influence and stance (by partner name).

    Raises:
        StakeholderNotFoundError: No such live person.
    """
    with uow.read() as session:
        person = live_stakeholder(session, stakeholder_id)
        return [
            _info(link, person.name, person.business_unit, partner.name)
            for link, partner in queries.links_of_stakeholder(session, stakeholder_id)
        ]


__all__ += ["StakeholderNotFoundError"]
