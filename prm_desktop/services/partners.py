"""Partner use cases: create, edit, read, delete (soft), restore, and duplicate detection.

Every write is one unit of work labelled for Edit › Undo (``"Edit partner Acme"``). Field rules are
in `prm_desktop.domain.partner_rules`; this module adds the checks that need the database (parent,
distributors and owner exist; no cycle of parents; duplicates).

``Partner.name_key`` (`normalize_partner_name` of the name, derived by the model on every write) is
the key imports match on and duplicate detection uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.normalize import normalize_partner_name, normalize_text
from prm_desktop.domain.partner_rules import (
    CleanPartner,
    PartnerInput,
    split_list,
    validate_partner,
)
from prm_desktop.domain.program import Program
from prm_desktop.domain.validation import ValidationError, ValidationErrors, is_empty
from prm_desktop.services.contacts import ContactInfo, contact_info
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.models import Contact, Partner, PartnerDistributor, TeamMember, utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "DuplicateHit",
    "DuplicatePartnerError",
    "PartnerDetail",
    "PartnerInput",
    "PartnerNotFoundError",
    "PartnerRef",
    "create_partner",
    "delete_partner",
    "find_duplicates",
    "get_partner",
    "restore_partner",
    "update_partner",
]


class PartnerNotFoundError(LookupError):
    """No partner with that id (or not in the expected live/deleted state)."""


@dataclass(frozen=True)
class DuplicateHit:
    """An existing partner that looks like the one being entered."""

    partner_id: str
    name: str
    city: str | None
    reason: str  # "siren", "name_city" (same name, same city) or "name" (same name, another or no city)
    deleted: bool


class DuplicatePartnerError(ValueError):
    """The partner looks like existing ones; ``hits`` says which (the GUI offers open or restore)."""

    def __init__(self, hits: list[DuplicateHit]) -> None:
        self.hits = hits
        names = ", ".join(h.name for h in hits)
        super().__init__(_("This partner may already exist: {names}.", names=names))


@dataclass(frozen=True)
class PartnerRef:
    """Another partner named by a partner (parent, distributor)."""

    id: str
    name: str
    deleted: bool = False


@dataclass(frozen=True)
class PartnerDetail:
    """Everything about one partner the card and the edit form show."""

    id: str
    name: str
    legal_name: str | None
    siren: str | None
    siret: str | None
    vat: str | None
    type: str
    motions: tuple[str, ...]
    status: str
    assigned_tier: str | None
    partner_since: date | None
    contract_end: date | None
    parent: PartnerRef | None
    distributors: tuple[PartnerRef, ...]
    region: str | None
    address: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    website: str | None
    phone: str | None
    email: str | None
    owner_id: str | None
    owner_name: str | None
    tags: tuple[str, ...]
    external_id: str | None
    contacts: tuple[ContactInfo, ...]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @property
    def deleted(self) -> bool:
        """Whether the partner is deleted (in the "Deleted partners" view)."""
        return self.deleted_at is not None

    def to_input(self) -> PartnerInput:
        """The partner's fields as an input, for an edit form to start from."""
        return PartnerInput(
            name=self.name, legal_name=self.legal_name, siren=self.siren, siret=self.siret, vat=self.vat,
            type=self.type, motions=self.motions, status=self.status, assigned_tier=self.assigned_tier,
            partner_since=self.partner_since, contract_end=self.contract_end,
            parent_id=self.parent.id if self.parent else None,
            distributor_ids=tuple(d.id for d in self.distributors), region=self.region, address=self.address,
            postal_code=self.postal_code, city=self.city, country=self.country, website=self.website,
            phone=self.phone, email=self.email, owner_id=self.owner_id, tags=self.tags,
            external_id=self.external_id,
        )  # fmt: skip


def _program(uow: UnitOfWorkFactory) -> Program | None:
    try:
        return get_program(uow)
    except ProgramNotFoundError:
        return None


def _ref(partner: Partner | None) -> PartnerRef | None:
    if partner is None:
        return None
    return PartnerRef(partner.id, partner.name, partner.deleted_at is not None)


def _detail(session: Session, partner: Partner) -> PartnerDetail:
    owner = session.get(TeamMember, partner.owner_id) if partner.owner_id else None
    parent = session.get(Partner, partner.parent_id) if partner.parent_id else None
    distributors = session.scalars(
        select(Partner)
        .join(PartnerDistributor, PartnerDistributor.distributor_id == Partner.id)
        .where(PartnerDistributor.partner_id == partner.id, PartnerDistributor.deleted_at.is_(None))
        .order_by(Partner.name_key, Partner.id)
    ).all()
    contacts = session.scalars(
        select(Contact)
        .where(Contact.partner_id == partner.id, Contact.deleted_at.is_(None))
        .order_by(Contact.is_primary.desc(), Contact.name, Contact.id)
    ).all()
    return PartnerDetail(
        id=partner.id, name=partner.name, legal_name=partner.legal_name, siren=partner.siren,
        siret=partner.siret, vat=partner.vat, type=partner.type, motions=tuple(split_list(partner.motions)),
        status=partner.status, assigned_tier=partner.assigned_tier, partner_since=partner.partner_since,
        contract_end=partner.contract_end, parent=_ref(parent),
        distributors=tuple(_ref(d) for d in distributors),  # type: ignore[misc]
        region=partner.region, address=partner.address, postal_code=partner.postal_code, city=partner.city,
        country=partner.country, website=partner.website, phone=partner.phone, email=partner.email,
        owner_id=partner.owner_id, owner_name=owner.name if owner else None,
        tags=tuple(split_list(partner.tags)), external_id=partner.external_id,
        contacts=tuple(contact_info(c) for c in contacts), created_at=partner.created_at,
        updated_at=partner.updated_at, deleted_at=partner.deleted_at,
    )  # fmt: skip


def _check_references(session: Session, clean: CleanPartner, partner_id: str | None) -> None:
    errors: list[ValidationError] = []
    if clean.owner_id:
        owner = session.get(TeamMember, clean.owner_id)
        if owner is None or owner.deleted_at is not None:
            errors.append(ValidationError("owner_id", N_("This team member does not exist.")))
    if clean.parent_id:
        seen, current = set(), clean.parent_id
        while current and current not in seen:
            if current == partner_id:
                errors.append(ValidationError("parent_id", N_("A partner cannot be its own parent group.")))
                break
            seen.add(current)
            parent = session.get(Partner, current)
            if parent is None or (current == clean.parent_id and parent.deleted_at is not None):
                errors.append(ValidationError("parent_id", N_("This partner does not exist.")))
                break
            current = parent.parent_id
    for distributor_id in clean.distributor_ids:
        distributor = session.get(Partner, distributor_id)
        if distributor_id == partner_id:
            errors.append(ValidationError("distributor_ids", N_("A partner cannot be its own distributor.")))
        elif distributor is None or distributor.deleted_at is not None:
            errors.append(ValidationError("distributor_ids", N_("This partner does not exist.")))
    if errors:
        raise ValidationErrors(errors)


def _sync_distributors(session: Session, partner_id: str, wanted: tuple[str, ...]) -> None:
    links = session.scalars(select(PartnerDistributor).where(PartnerDistributor.partner_id == partner_id)).all()
    by_distributor: dict[str, PartnerDistributor] = {}
    for link in links:
        if link.distributor_id in by_distributor and link.deleted_at is not None:
            continue
        by_distributor[link.distributor_id] = link
    now = utcnow()
    for distributor_id, link in by_distributor.items():
        if distributor_id not in wanted and link.deleted_at is None:
            link.deleted_at = now
    for distributor_id in wanted:
        link = by_distributor.get(distributor_id)
        if link is None:
            session.add(PartnerDistributor(partner_id=partner_id, distributor_id=distributor_id))
        elif link.deleted_at is not None:
            link.deleted_at = None


def _apply(partner: Partner, clean: CleanPartner) -> None:
    for key, value in clean.column_values().items():
        if getattr(partner, key) != value:
            setattr(partner, key, value)


def _duplicates(session: Session, name: str, city: str | None, siren: str | None,
                exclude_id: str | None) -> list[DuplicateHit]:  # fmt: skip
    hits: dict[str, DuplicateHit] = {}
    key = normalize_partner_name(name)
    conditions = []
    if siren:
        conditions.append(Partner.siren == siren)
    if key:
        conditions.append(Partner.name_key == key)
    if not conditions:
        return []
    city_key = normalize_text(city)
    for partner in session.scalars(
        select(Partner).where(or_(*conditions)).order_by(Partner.deleted_at.isnot(None), Partner.name, Partner.id)
    ):
        if partner.id == exclude_id:
            continue
        if siren and partner.siren == siren:
            reason = "siren"
        elif key and partner.name_key == key:
            reason = "name_city" if city_key and normalize_text(partner.city) == city_key else "name"
        else:
            continue
        hits.setdefault(
            partner.id, DuplicateHit(partner.id, partner.name, partner.city, reason, partner.deleted_at is not None)
        )
    return list(hits.values())


def find_duplicates(uow: UnitOfWorkFactory, data: PartnerInput | Mapping[str, Any],
                    exclude_id: str | None = None) -> list[DuplicateHit]:  # fmt: skip
    """Existing partners that look like ``data``: same SIREN, or same normalised name whatever the city.

    Names are compared with `normalize_partner_name` (case, accents, punctuation and legal forms
    ignored: "Oeuvre Numerique" is "Œuvre Numérique SAS"); a namesake in the same city (`normalize_text`)
    has the reason ``"name_city"``, one in another city or without a city ``"name"``. Deleted partners
    are returned too, with ``deleted=True``, so the GUI can offer to restore them.

    Args:
        uow: Unit-of-work factory.
        data: The partner being entered (only name, city and SIREN are read).
        exclude_id: The partner being edited (never its own duplicate).

    Returns:
        The hits, live ones first.
    """
    if not isinstance(data, PartnerInput):
        data = PartnerInput.from_mapping(data)
    siren = "".join(str(data.siren).split()) if not is_empty(data.siren) else None
    with uow.read() as session:
        return _duplicates(session, data.name or "", data.city, siren, exclude_id)


def _raise_if_duplicates(session: Session, clean: CleanPartner, exclude_id: str | None) -> None:
    hits = _duplicates(session, clean.name, clean.city, clean.siren, exclude_id)
    if hits:
        raise DuplicatePartnerError(hits)


def create_partner(uow: UnitOfWorkFactory, data: PartnerInput | Mapping[str, Any], *,
                   allow_duplicates: bool = False) -> PartnerDetail:  # fmt: skip
    """Create a partner (with its distributor links).

    Args:
        uow: Unit-of-work factory.
        data: The fields (see `PartnerInput`).
        allow_duplicates: Create it even when `find_duplicates` finds look-alikes (the user confirmed).

    Raises:
        ValidationErrors: One message per bad field.
        DuplicatePartnerError: Look-alikes exist (live or deleted) and ``allow_duplicates`` is false.
    """
    clean = validate_partner(data, _program(uow))
    with uow(kind="edit", label=_("New partner {name}", name=clean.name)) as work:
        session = work.session
        _check_references(session, clean, None)
        if not allow_duplicates:
            _raise_if_duplicates(session, clean, None)
        partner = Partner()
        _apply(partner, clean)
        session.add(partner)
        session.flush()
        _sync_distributors(session, partner.id, clean.distributor_ids)
        work.commit()
        return _detail(session, partner)


def update_partner(uow: UnitOfWorkFactory, partner_id: str, data: PartnerInput | Mapping[str, Any], *,
                   allow_duplicates: bool = False) -> PartnerDetail:  # fmt: skip
    """Write every field of ``data`` to a live partner (only changed fields are logged).

    Duplicates are checked only when the (normalised) name or the SIREN changed.

    Raises:
        PartnerNotFoundError: No such live partner.
        ValidationErrors: One message per bad field.
        DuplicatePartnerError: See `create_partner`.
    """
    clean = validate_partner(data, _program(uow))
    with uow(kind="edit", label=_("Edit partner {name}", name=clean.name)) as work:
        session = work.session
        partner = session.get(Partner, partner_id)
        if partner is None or partner.deleted_at is not None:
            raise PartnerNotFoundError(_("No partner with id {id}.", id=partner_id))
        _check_references(session, clean, partner_id)
        identity = (partner.name_key, partner.siren)
        if not allow_duplicates and identity != (normalize_partner_name(clean.name), clean.siren):
            _raise_if_duplicates(session, clean, partner_id)
        _apply(partner, clean)
        _sync_distributors(session, partner.id, clean.distributor_ids)
        work.commit()
        return _detail(session, partner)


def get_partner(uow: UnitOfWorkFactory, partner_id: str) -> PartnerDetail:
    """A partner (live or deleted) with its contacts, distributors, parent and owner.

    Raises:
        PartnerNotFoundError: No such partner.
    """
    with uow.read() as session:
        partner = session.get(Partner, partner_id)
        if partner is None:
            raise PartnerNotFoundError(_("No partner with id {id}.", id=partner_id))
        return _detail(session, partner)


def delete_partner(uow: UnitOfWorkFactory, partner_id: str) -> None:
    """Delete a partner (soft: it goes to "Deleted partners"; restore or Edit › Undo bring it back).

    Raises:
        PartnerNotFoundError: No such live partner.
    """
    with uow(kind="edit") as work:
        partner = work.session.get(Partner, partner_id)
        if partner is None or partner.deleted_at is not None:
            raise PartnerNotFoundError(_("No partner with id {id}.", id=partner_id))
        work.describe("edit", _("Delete partner {name}", name=partner.name))
        partner.deleted_at = utcnow()
        work.commit()


def restore_partner(uow: UnitOfWorkFactory, partner_id: str) -> PartnerDetail:
    """Bring a deleted partner back.

    Raises:
        PartnerNotFoundError: No such deleted partner.
    """
    with uow(kind="edit") as work:
        partner = work.session.get(Partner, partner_id)
        if partner is None or partner.deleted_at is None:
            raise PartnerNotFoundError(_("No deleted partner with id {id}.", id=partner_id))
        work.describe("edit", _("Restore partner {name}", name=partner.name))
        partner.deleted_at = None
        work.commit()
        return _detail(work.session, partner)
