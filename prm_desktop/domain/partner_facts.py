"""Validation of the facts the program engine reads: certifications, customer references, revenue, targets.

Each ``validate_*`` takes what a form gives (text as typed, or already typed values), reads dates,
quarters and amounts with the single parsers of :mod:`prm_desktop.domain.parsing` (amounts in the
interface language: ``1 234,5`` in French), and returns the clean values or raises
:class:`~prm_desktop.domain.validation.ValidationErrors` with one message per field, named as the
form names its fields (``contact_id``, ``code``, ``obtained_on``, ``expires_on``, ``customer``,
``competency_id``, ``ref_date``, ``quarter``, ``motion``, ``amount``…).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.parsing import form_decimal, parse_amount, parse_date, parse_quarter
from prm_desktop.domain.program import MOTIONS
from prm_desktop.domain.quarters import Quarter
from prm_desktop.domain.validation import Validator, is_empty

__all__ = [
    "CertificationInput",
    "CleanCertification",
    "CleanReference",
    "CleanRevenue",
    "CleanTarget",
    "ReferenceInput",
    "RevenueInput",
    "TargetInput",
    "validate_certification",
    "validate_reference",
    "validate_revenue",
    "validate_target",
]

#: Longest customer name kept (the column's size).
MAX_CUSTOMER = 300
#: Longest product family kept.
MAX_FAMILY = 100

_NO_CONTACT = N_("Choose a contact of this partner.")
_NOT_IN_CATALOGUE = N_("“{code}” is not a certification of the program’s catalogue.")
_EXPIRES_BEFORE = N_("The expiry date cannot be before the date the certification was obtained.")
_NO_COMPETENCY = N_("“{value}” is not a competency of the program.")
_NO_MOTION = N_("“{value}” is not a sales motion (expected one of {motions}).")
_TOO_LONG = N_("At most {count} characters.")


@dataclass(frozen=True, slots=True)
class CertificationInput:
    """A certification as typed: the contact's id, the code, dates as text or dates."""

    contact_id: str | None
    code: str | None
    obtained_on: Any
    expires_on: Any = None


@dataclass(frozen=True, slots=True)
class CleanCertification:
    """A valid certification."""

    contact_id: str
    code: str
    obtained_on: date
    expires_on: date | None


@dataclass(frozen=True, slots=True)
class ReferenceInput:
    """A customer reference as typed."""

    customer: str | None
    competency_id: str | None
    validated: bool = False
    ref_date: Any = None


@dataclass(frozen=True, slots=True)
class CleanReference:
    """A valid customer reference."""

    customer: str
    competency_id: str
    validated: bool
    ref_date: date | None


@dataclass(frozen=True, slots=True)
class RevenueInput:
    """A revenue line as typed (the amount as text in the interface language, or a number)."""

    quarter: Any
    motion: str | None
    amount: Any
    product_family: str | None = None
    distributor_id: str | None = None


@dataclass(frozen=True, slots=True)
class CleanRevenue:
    """A valid revenue line (a negative amount is a credit note)."""

    quarter: Quarter
    motion: str
    amount: float
    product_family: str | None
    distributor_id: str | None


@dataclass(frozen=True, slots=True)
class TargetInput:
    """A quarterly target as typed."""

    quarter: Any
    amount: Any


@dataclass(frozen=True, slots=True)
class CleanTarget:
    """A valid target (never negative)."""

    quarter: Quarter
    amount: float


def _text(value: Any) -> str | None:
    return None if is_empty(value) else str(value).strip()


def validate_certification(data: CertificationInput, contacts: Collection[str],
                           codes: Collection[str]) -> CleanCertification:
    """Check a certification against the partner's contacts and the program's catalogue.

    Args:
        data: The values typed.
        contacts: Ids of the partner's contacts a certification may belong to.
        codes: Certification codes of the active program's catalogue.

    Raises:
        ValidationErrors: One message per wrong field.
    """
    v = Validator()
    contact = _text(data.contact_id)
    if contact is None or contact not in contacts:
        v.add("contact_id", _NO_CONTACT)
    code = v.check("code", lambda x: str(x).strip(), data.code, required=True)
    if code is not None and code not in codes:
        v.add("code", _NOT_IN_CATALOGUE, code=code)
    obtained = v.check("obtained_on", parse_date, data.obtained_on, required=True)
    expires = v.check("expires_on", parse_date, data.expires_on)
    if obtained is not None and expires is not None and expires < obtained:
        v.add("expires_on", _EXPIRES_BEFORE)
    v.raise_if_errors()
    return CleanCertification(contact, code, obtained, expires)  # type: ignore[arg-type]


def validate_reference(data: ReferenceInput, competencies: Collection[str]) -> CleanReference:
    """Check a customer reference against the program's competencies.

    Raises:
        ValidationErrors: One message per wrong field.
    """
    v = Validator()
    customer = v.check("customer", lambda x: str(x).strip(), data.customer, required=True)
    if customer is not None and len(customer) > MAX_CUSTOMER:
        v.add("customer", _TOO_LONG, count=MAX_CUSTOMER)
    competency = v.check("competency_id", lambda x: str(x).strip(), data.competency_id, required=True)
    if competency is not None and competency not in competencies:
        v.add("competency_id", _NO_COMPETENCY, value=competency)
    on = v.check("ref_date", parse_date, data.ref_date)
    v.raise_if_errors()
    return CleanReference(customer, competency, bool(data.validated), on)  # type: ignore[arg-type]


def _amount(v: Validator, value: Any, allow_negative: bool) -> float | None:
    amount = v.check("amount", parse_amount, value, form_decimal(), required=True, allow_negative=allow_negative)
    return None if amount is None else float(amount)


def validate_revenue(data: RevenueInput) -> CleanRevenue:
    """Check a revenue line; the amount is read in the interface language (``1 234,5`` in French).

    Raises:
        ValidationErrors: One message per wrong field.
    """
    v = Validator()
    quarter = v.check("quarter", parse_quarter, data.quarter, required=True)
    motion = v.check("motion", lambda x: str(x).strip(), data.motion, required=True)
    if motion is not None and motion not in MOTIONS:
        v.add("motion", _NO_MOTION, value=motion, motions=", ".join(MOTIONS))
    family = _text(data.product_family)
    if family is not None and len(family) > MAX_FAMILY:
        v.add("product_family", _TOO_LONG, count=MAX_FAMILY)
    amount = _amount(v, data.amount, allow_negative=True)
    v.raise_if_errors()
    return CleanRevenue(quarter, motion, amount, family, _text(data.distributor_id))  # type: ignore[arg-type]


def validate_target(data: TargetInput) -> CleanTarget:
    """Check a quarterly target (not negative; read in the interface language).

    Raises:
        ValidationErrors: One message per wrong field.
    """
    v = Validator()
    quarter = v.check("quarter", parse_quarter, data.quarter, required=True)
    amount = _amount(v, data.amount, allow_negative=False)
    v.raise_if_errors()
    return CleanTarget(quarter, amount)  # type: ignore[arg-type]

