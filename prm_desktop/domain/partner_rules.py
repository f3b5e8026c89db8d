"""Partner, contact and team-member fields (design §2): accepted values and validation.

:func:`validate_partner` checks every field of a :class:`PartnerInput` and raises
:class:`~prm_desktop.domain.validation.ValidationErrors` with one message per bad field (English
source strings, French in ``resources/locale/fr/LC_MESSAGES/partners.po``). Checks that need the
database (the parent and distributors exist, the owner exists, duplicates) are the service's.

Storage of lists: ``motions`` and ``tags`` are stored as one text, items joined with ``","``
(:func:`join_list` / :func:`split_list`); a tag cannot contain ``,`` ``;`` or ``|`` (the separators
spreadsheet imports split on).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.parsing import parse_date
from prm_desktop.domain.program import Program
from prm_desktop.domain.validation import (
    ValidationError,
    Validator,
    is_empty,
    validate_choice,
    validate_email,
    validate_phone,
    validate_postcode,
    validate_siren,
    validate_siret,
    validate_url,
    validate_vat_fr,
)

__all__ = [
    "MOTION_LABELS",
    "STATUS_LABELS",
    "TYPE_LABELS",
    "CleanContact",
    "CleanPartner",
    "ContactInput",
    "Motion",
    "PartnerInput",
    "PartnerStatus",
    "PartnerType",
    "TeamMemberInput",
    "join_list",
    "split_list",
    "validate_contact",
    "validate_partner",
    "validate_team_member",
]


class PartnerType(StrEnum):
    """Kind of partner company."""

    RESELLER = "reseller"
    DISTRIBUTOR = "distributor"
    INTEGRATOR = "integrator"
    CONSULTANCY = "consultancy"
    ISV = "isv"
    MSP = "msp"
    ALLIANCE = "alliance"
    REFERRAL = "referral"


class Motion(StrEnum):
    """Partnership motion (how the partner brings business)."""

    RESELL = "resell"
    CO_SELL = "co-sell"
    INFLUENCE = "influence"
    ALLIANCE = "alliance"


class PartnerStatus(StrEnum):
    """Lifecycle status of a partner, in lifecycle order."""

    PROSPECT = "prospect"
    ONBOARDING = "onboarding"
    ACTIVE = "active"
    AT_RISK = "at_risk"
    INACTIVE = "inactive"


#: Display labels (English source strings; translate with ``_()``).
TYPE_LABELS: dict[str, str] = {
    PartnerType.RESELLER: N_("Reseller"),
    PartnerType.DISTRIBUTOR: N_("Distributor"),
    PartnerType.INTEGRATOR: N_("Integrator"),
    PartnerType.CONSULTANCY: N_("Consultancy"),
    PartnerType.ISV: N_("Software vendor (ISV)"),
    PartnerType.MSP: N_("Managed service provider"),
    PartnerType.ALLIANCE: N_("Strategic alliance"),
    PartnerType.REFERRAL: N_("Referral partner"),
}
MOTION_LABELS: dict[str, str] = {
    Motion.RESELL: N_("Resell"),
    Motion.CO_SELL: N_("Co-sell"),
    Motion.INFLUENCE: N_("Influence"),
    Motion.ALLIANCE: N_("Alliance"),
}
STATUS_LABELS: dict[str, str] = {
    PartnerStatus.PROSPECT: N_("Prospect"),
    PartnerStatus.ONBOARDING: N_("Onboarding"),
    PartnerStatus.ACTIVE: N_("Active"),
    PartnerStatus.AT_RISK: N_("At risk"),
    PartnerStatus.INACTIVE: N_("Inactive"),
}

_LIST_SEPARATORS = (",", ";", "|")
#: Maximum lengths of free-text fields (the database column sizes).
MAX_LENGTHS: dict[str, int] = {
    "name": 300,
    "legal_name": 300,
    "region": 100,
    "address": 300,
    "city": 120,
    "country": 80,
    "external_id": 100,
    "tags": 500,
    "role": 200,
}


def split_list(value: str | None) -> list[str]:
    """Items of a stored list (``"a,b"`` → ``["a", "b"]``); empty or None gives ``[]``."""
    if not value:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def join_list(items: Iterable[str]) -> str:
    """Store a list as one text: stripped items, duplicates removed, joined with ``","``."""
    return ",".join(dict.fromkeys(item.strip() for item in items if item and item.strip()))


@dataclass(frozen=True)
class PartnerInput:
    """Every editable field of a partner, as the form (or a caller) gives them; raw values."""

    name: str = ""
    legal_name: str | None = None
    siren: str | None = None
    siret: str | None = None
    vat: str | None = None
    type: str = PartnerType.RESELLER
    motions: tuple[str, ...] | list[str] = ()
    status: str = PartnerStatus.ACTIVE
    assigned_tier: str | None = None
    partner_since: date | str | None = None
    contract_end: date | str | None = None
    parent_id: str | None = None
    distributor_ids: tuple[str, ...] | list[str] = ()
    region: str | None = None
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    owner_id: str | None = None
    tags: tuple[str, ...] | list[str] = ()
    external_id: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PartnerInput:
        """Build an input from a mapping, ignoring unknown keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class CleanPartner:
    """Validated partner fields, ready to store (lists as tuples, ids as given)."""

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
    parent_id: str | None
    distributor_ids: tuple[str, ...]
    region: str | None
    address: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    website: str | None
    phone: str | None
    email: str | None
    owner_id: str | None
    tags: tuple[str, ...]
    external_id: str | None

    def column_values(self) -> dict[str, Any]:
        """Values of the ``partners`` columns (lists joined; ``distributor_ids`` left out)."""
        values = asdict(self)
        values.pop("distributor_ids")
        values["motions"] = join_list(self.motions)
        values["tags"] = join_list(self.tags)
        return values


def _short_text(max_length: int) -> Any:
    def check(value: Any, field: str = "") -> str:
        text = " ".join(str(value).split())
        if len(text) > max_length:
            raise ValidationError(field, N_("At most {max} characters."), max=max_length)
        return text

    return check


def _text(v: Validator, data: Any, name: str, required: bool = False) -> str | None:
    return v.check(name, _short_text(MAX_LENGTHS[name]), getattr(data, name), required=required)


def _items(value: Any) -> list[str]:
    if is_empty(value):
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").replace("|", ",").split(",")
    return [str(item).strip() for item in value if str(item).strip()]


def _check_tags(v: Validator, raw: Any) -> tuple[str, ...]:
    tags = []
    given = _items(raw) if isinstance(raw, str) else [str(t).strip() for t in raw or () if str(t).strip()]
    for tag in given:
        if any(sep in tag for sep in _LIST_SEPARATORS):
            v.add("tags", N_("A tag cannot contain , ; or |."))
            return ()
        tags.append(" ".join(tag.split()))
    tags = list(dict.fromkeys(tags))
    if len(join_list(tags)) > MAX_LENGTHS["tags"]:
        v.add("tags", N_("At most {max} characters."), max=MAX_LENGTHS["tags"])
        return ()
    return tuple(tags)


def _check_tier(value: Any, program: Program | None) -> str | None:
    if is_empty(value):
        return None
    text = str(value).strip()
    if program is None:
        return text
    tier = program.resolve_tier(text)
    if tier is None:
        raise ValidationError(
            "assigned_tier", N_("Choose one of: {choices}."), choices=", ".join(t.id for t in program.tiers)
        )
    return tier


def validate_partner(data: PartnerInput | Mapping[str, Any], program: Program | None = None) -> CleanPartner:
    """Check every field of a partner and return the cleaned values.

    Args:
        data: The raw fields (a :class:`PartnerInput` or a mapping of its fields).
        program: The active program: ``assigned_tier`` must be one of its tiers (id or name). Without
            a program any tier id is accepted.

    Returns:
        The cleaned fields (SIREN/SIRET as digits, VAT in capitals, phone and website normalised,
        tier as its id, e-mail lower-cased).

    Raises:
        ValidationErrors: One error per bad field.
    """
    if not isinstance(data, PartnerInput):
        data = PartnerInput.from_mapping(data)
    v = Validator()
    name = _text(v, data, "name", required=True)
    legal_name = _text(v, data, "legal_name")
    siren = v.check("siren", validate_siren, data.siren)
    siret = v.check("siret", validate_siret, data.siret)
    vat = v.check("vat", validate_vat_fr, data.vat)
    if siren and siret and not siret.startswith(siren):
        v.add("siret", N_("A SIRET starts with the SIREN ({siren})."), siren=siren)
    if siren and vat and vat.startswith("FR") and vat[4:] != siren:
        v.add("vat", N_("This VAT number is not the one of SIREN {siren}."), siren=siren)
    ptype = v.check("type", validate_choice, data.type, [t.value for t in PartnerType], "type", required=True)
    motions: list[str] = []
    for motion in _items(data.motions):
        checked = v.check("motions", validate_choice, motion, [m.value for m in Motion], "motions")
        if checked:
            motions.append(checked)
    status = v.check("status", validate_choice, data.status, [s.value for s in PartnerStatus], "status", required=True)
    tier = v.check("assigned_tier", _check_tier, data.assigned_tier, program)
    since = v.check("partner_since", parse_date, data.partner_since)
    contract_end = v.check("contract_end", parse_date, data.contract_end)
    if since and contract_end and contract_end < since:
        v.add("contract_end", N_("The contract cannot end before the partnership started."))
    country = _text(v, data, "country")
    partner = CleanPartner(
        name=name or "",
        legal_name=legal_name,
        siren=siren,
        siret=siret,
        vat=vat,
        type=ptype or "",
        motions=tuple(dict.fromkeys(motions)),
        status=status or "",
        assigned_tier=tier,
        partner_since=since,
        contract_end=contract_end,
        parent_id=None if is_empty(data.parent_id) else str(data.parent_id).strip(),
        distributor_ids=tuple(dict.fromkeys(str(d).strip() for d in data.distributor_ids or () if d)),
        region=_text(v, data, "region"),
        address=_text(v, data, "address"),
        postal_code=v.check("postal_code", validate_postcode, data.postal_code, country),
        city=_text(v, data, "city"),
        country=country,
        website=v.check("website", validate_url, data.website),
        phone=v.check("phone", validate_phone, data.phone, country),
        email=v.check("email", validate_email, data.email),
        owner_id=None if is_empty(data.owner_id) else str(data.owner_id).strip(),
        tags=_check_tags(v, data.tags),
        external_id=_text(v, data, "external_id"),
    )
    v.raise_if_errors()
    return partner


@dataclass(frozen=True)
class ContactInput:
    """Editable fields of a partner contact; raw values."""

    name: str = ""
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False
    left_on: date | str | None = None


@dataclass(frozen=True)
class CleanContact:
    """Validated contact fields."""

    name: str
    role: str | None
    email: str | None
    phone: str | None
    is_primary: bool
    left_on: date | None


def validate_contact(data: ContactInput, today: date | None = None) -> CleanContact:
    """Check a contact's fields.

    Args:
        data: The raw fields.
        today: The current day: a contact who left on or before it cannot be the primary contact.

    Raises:
        ValidationErrors: One error per bad field.
    """
    v = Validator()
    name = v.check("name", _short_text(200), data.name, required=True)
    role = v.check("role", _short_text(MAX_LENGTHS["role"]), data.role)
    email = v.check("email", validate_email, data.email)
    phone = v.check("phone", validate_phone, data.phone)
    left_on = v.check("left_on", parse_date, data.left_on)
    if data.is_primary and left_on and left_on <= (today or date.today()):
        v.add("is_primary", N_("A contact who has left cannot be the primary contact."))
    v.raise_if_errors()
    return CleanContact(name or "", role, email, phone, bool(data.is_primary), left_on)


@dataclass(frozen=True)
class TeamMemberInput:
    """A channel manager of the team."""

    name: str = ""
    email: str | None = None
    phone: str | None = None
    region: str | None = None


def validate_team_member(data: TeamMemberInput) -> dict[str, Any]:
    """Check a team member's fields and return the column values.

    Raises:
        ValidationErrors: One error per bad field.
    """
    v = Validator()
    values = {
        "name": v.check("name", _short_text(200), data.name, required=True),
        "email": v.check("email", validate_email, data.email),
        "phone": v.check("phone", validate_phone, data.phone),
        "region": v.check("region", _short_text(100), data.region),
    }
    v.raise_if_errors()
    return values
