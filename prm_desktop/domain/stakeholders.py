"""Internal stakeholders (design §2): fields, partner links, and the gaps of a partner's map.

A stakeholder is a person of our own company (name, business unit, role, e-mail, phone, manager).
A link says how that person relates to one partner: a :class:`Relation`, an :class:`Influence` and a
:class:`Stance`. Stance and influence are internal-only by nature. :func:`find_gaps` is the pure rule
that calls out a partner's missing relations ("no executive sponsor", "no presales").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prm_desktop.domain.i18n import N_, _, translate
from prm_desktop.domain.validation import ValidationError, Validator, validate_email, validate_phone

__all__ = [
    "INFLUENCE_LABELS",
    "RELATION_LABELS",
    "REQUIRED_RELATIONS",
    "STANCE_LABELS",
    "CleanLink",
    "CleanStakeholder",
    "Gap",
    "Influence",
    "LinkInput",
    "Relation",
    "Stance",
    "StakeholderInput",
    "find_gaps",
    "validate_link",
    "validate_stakeholder",
]


class Relation(StrEnum):
    """How one of our people relates to a partner."""

    EXECUTIVE_SPONSOR = "executive_sponsor"
    ACCOUNT_EXECUTIVE = "account_executive"
    PRESALES = "presales"
    MARKETING = "marketing"
    SUPPORT = "support"
    FINANCE_LEGAL = "finance_legal"


class Influence(StrEnum):
    """How much weight the person carries in the partnership."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Stance(StrEnum):
    """Where the person stands on the partnership."""

    CHAMPION = "champion"
    NEUTRAL = "neutral"
    SCEPTIC = "sceptic"


RELATION_LABELS: dict[Relation, str] = {
    Relation.EXECUTIVE_SPONSOR: N_("Executive sponsor"),
    Relation.ACCOUNT_EXECUTIVE: N_("Account executive"),
    Relation.PRESALES: N_("Presales"),
    Relation.MARKETING: N_("Marketing"),
    Relation.SUPPORT: N_("Support"),
    Relation.FINANCE_LEGAL: N_("Finance / legal"),
}
INFLUENCE_LABELS: dict[Influence, str] = {
    Influence.HIGH: N_("High influence"),
    Influence.MEDIUM: N_("Medium influence"),
    Influence.LOW: N_("Low influence"),
}
STANCE_LABELS: dict[Stance, str] = {
    Stance.CHAMPION: N_("Champion"),
    Stance.NEUTRAL: N_("Neutral"),
    Stance.SCEPTIC: N_("Sceptic"),
}
#: Relations every partner should have; a missing one is a gap.
REQUIRED_RELATIONS: tuple[Relation, ...] = (Relation.EXECUTIVE_SPONSOR, Relation.PRESALES)
_GAP_MESSAGES: dict[Relation, str] = {
    Relation.EXECUTIVE_SPONSOR: N_("No executive sponsor"),
    Relation.ACCOUNT_EXECUTIVE: N_("No account executive"),
    Relation.PRESALES: N_("No presales"),
    Relation.MARKETING: N_("No marketing contact"),
    Relation.SUPPORT: N_("No support contact"),
    Relation.FINANCE_LEGAL: N_("No finance / legal contact"),
}
MAX_LENGTHS = {"name": 200, "business_unit": 120, "role": 200, "manager": 200}


@dataclass(frozen=True)
class StakeholderInput:
    """Editable fields of an internal stakeholder; raw values."""

    name: str = ""
    business_unit: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    manager: str | None = None


@dataclass(frozen=True)
class CleanStakeholder:
    """Validated stakeholder fields (the column values)."""

    name: str
    business_unit: str | None
    role: str | None
    email: str | None
    phone: str | None
    manager: str | None


def _short_text(max_length: int) -> Any:
    def check(value: Any, field: str = "") -> str:
        text = " ".join(str(value).split())
        if len(text) > max_length:
            raise ValidationError(field, N_("At most {max} characters."), max=max_length)
        return text

    return check


def validate_stakeholder(data: StakeholderInput) -> CleanStakeholder:
    """Check a stakeholder's fields.

    Args:
        data: The raw fields.

    Returns:
        The cleaned values (texts with spaces collapsed, e-mail lower-cased).

    Raises:
        ValidationErrors: One error per bad field, each naming its field.
    """
    v = Validator()
    name = v.check("name", _short_text(MAX_LENGTHS["name"]), data.name, required=True)
    unit = v.check("business_unit", _short_text(MAX_LENGTHS["business_unit"]), data.business_unit)
    role = v.check("role", _short_text(MAX_LENGTHS["role"]), data.role)
    email = v.check("email", validate_email, data.email)
    phone = v.check("phone", validate_phone, data.phone)
    manager = v.check("manager", _short_text(MAX_LENGTHS["manager"]), data.manager)
    if name and manager and manager.casefold() == name.casefold():
        v.add("manager", N_("A person cannot be their own manager."))
    v.raise_if_errors()
    return CleanStakeholder(name or "", unit, role, email, phone, manager)


@dataclass(frozen=True)
class LinkInput:
    """How a stakeholder relates to a partner; raw values (enum values or their labels)."""

    relation: str = ""
    influence: str = Influence.MEDIUM.value
    stance: str = Stance.NEUTRAL.value


@dataclass(frozen=True)
class CleanLink:
    """A validated link."""

    relation: Relation
    influence: Influence
    stance: Stance


def _key(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "_".join(plain.replace("/", " ").replace("-", " ").casefold().split())


def _choice(enum: type[StrEnum], labels: dict[Any, str]) -> Any:
    def check(value: Any, field: str = "") -> Any:
        key = _key(str(value))
        for member in enum:
            names = {member.value, translate(labels[member], "en"), translate(labels[member], "fr")}
            if key in {_key(n) for n in names}:
                return member
        choices = ", ".join(_(labels[m]) for m in enum)
        raise ValidationError(field, N_("Choose one of: {choices}."), choices=choices)

    return check


def validate_link(data: LinkInput) -> CleanLink:
    """Check a link's relation, influence and stance.

    Raises:
        ValidationErrors: One error per bad field (``relation``, ``influence``, ``stance``).
    """
    v = Validator()
    relation = v.check("relation", _choice(Relation, RELATION_LABELS), data.relation, required=True)
    influence = v.check("influence", _choice(Influence, INFLUENCE_LABELS), data.influence or "medium")
    stance = v.check("stance", _choice(Stance, STANCE_LABELS), data.stance or "neutral")
    v.raise_if_errors()
    return CleanLink(relation, influence, stance)


@dataclass(frozen=True)
class Gap:
    """A relation a partner lacks; ``message`` is an English source string (translate with ``_``)."""

    relation: Relation
    message: str


def find_gaps(relations: Iterable[str], required: Iterable[Relation] = REQUIRED_RELATIONS) -> list[Gap]:
    """The required relations that no live link of a partner covers.

    Args:
        relations: The relations of the partner's links (enum values or members).
        required: The relations every partner should have.

    Returns:
        One :class:`Gap` per missing relation, in the order of ``required``.
    """
    present = {str(r) for r in relations}
    return [Gap(rel, _GAP_MESSAGES[rel]) for rel in required if rel.value not in present]
