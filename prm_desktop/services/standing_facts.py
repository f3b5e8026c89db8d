"""Edit a partner's facts the program engine reads: certifications, customer references, revenue, targets.

Each write validates in the domain (:mod:`prm_desktop.domain.partner_facts`) against the active
program (its catalogue of certifications, its competencies) and the partner's contacts, then is one
unit of work with a label Edit › Undo shows and the change log records. Deleting is a soft delete
(Undo brings the row back). The commit hooks bring the partner's summary (tier, gaps) up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from prm_desktop.domain.formatting import format_money
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_facts import (
    CertificationInput,
    ReferenceInput,
    RevenueInput,
    TargetInput,
    validate_certification,
    validate_reference,
    validate_revenue,
    validate_target,
)
from prm_desktop.domain.program import Program
from prm_desktop.domain.validation import ValidationError, ValidationErrors
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.models import Certification, Contact, CustomerReference, Partner, RevenueLine, Target, utcnow
from prm_desktop.storage.standing.queries import (
    RevenueLineRow,
    TargetRow,
    distributors,
    revenue_lines_of,
    targets_of,
)
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "CertificationInput",
    "FactNotFoundError",
    "PartnerFacts",
    "ReferenceInput",
    "RevenueInput",
    "TargetInput",
    "add_certification",
    "add_reference",
    "add_revenue",
    "add_target",
    "catalogue_codes",
    "delete_certification",
    "delete_reference",
    "delete_revenue",
    "delete_target",
    "partner_facts",
    "update_certification",
    "update_reference",
    "update_revenue",
    "update_target",
]

_NOT_A_DISTRIBUTOR = N_("Choose a distributor other than the partner itself.")
_TARGET_TAKEN = N_("{quarter} already has a target: select it in the list to change it.")


class FactNotFoundError(LookupError):
    """No live partner, certification, reference, revenue line or target with that id."""


@dataclass(frozen=True)
class PartnerFacts:
    """What the revenue and target editors list, and the choices they offer."""

    revenue: list[RevenueLineRow]
    targets: list[TargetRow]
    distributors: list[tuple[str, str]]


def catalogue_codes(program: Program) -> list[str]:
    """Certification codes of the program: its catalogue and those its competencies name, sorted."""
    codes = {c.code for c in program.certifications}
    codes.update(code for comp in program.competencies for code in comp.certifications)
    return sorted(codes)


def _program(uow: UnitOfWorkFactory) -> Program | None:
    try:
        return get_program(uow)
    except ProgramNotFoundError:
        return None


def _fiscal_start_month(uow: UnitOfWorkFactory) -> int:
    """Month the active program's fiscal years start in (1 without a program): quarters typed are its quarters."""
    program = _program(uow)
    return program.fiscal_year_start_month if program is not None else 1


def partner_facts(uow: UnitOfWorkFactory, partner_id: str) -> PartnerFacts:
    """The partner's revenue lines and targets (latest quarter first) and the distributors to choose from.

    Quarters are those of the active program's fiscal calendar, read from the day each period starts.
    """
    month = _fiscal_start_month(uow)
    with uow.read() as session:
        return PartnerFacts(revenue_lines_of(session, partner_id, month), targets_of(session, partner_id, month),
                            distributors(session, partner_id))


def _live(session: Session, model: type[Any], row_id: str, what: str) -> Any:
    row = session.get(model, row_id)
    if row is None or row.deleted_at is not None:
        raise FactNotFoundError(_("No {what} with id {id}.", what=_(what), id=row_id))
    return row


def _contacts(session: Session, partner_id: str) -> dict[str, str]:
    _live(session, Partner, partner_id, N_("partner"))
    rows = session.query(Contact).filter(Contact.partner_id == partner_id, Contact.deleted_at.is_(None))
    return {c.id: c.name for c in rows}


def _codes(uow: UnitOfWorkFactory, wanted: str | None) -> list[str]:
    program = _program(uow)
    if program is None:
        return []
    resolved = program.resolve_certification(wanted or "") if wanted else None
    codes = catalogue_codes(program)
    return codes + ([resolved] if resolved and resolved not in codes else [])


def _resolve_code(uow: UnitOfWorkFactory, data: CertificationInput) -> CertificationInput:
    program = _program(uow)
    if program is None or not data.code:
        return data
    code = program.resolve_certification(data.code) or data.code.strip()
    return CertificationInput(data.contact_id, code, data.obtained_on, data.expires_on)


# --- certifications -------------------------------------------------------------------------------

def _write_certification(uow: UnitOfWorkFactory, partner_id: str | None, cert_id: str | None,
                         data: CertificationInput) -> str:
    data = _resolve_code(uow, data)
    codes = _codes(uow, data.code)
    with uow(kind="edit", label=_("Edit certification")) as work:
        row = _live(work.session, Certification, cert_id, N_("certification")) if cert_id else None
        partner_id = row.partner_id if row is not None else partner_id
        contacts = _contacts(work.session, partner_id)  # type: ignore[arg-type]
        clean = validate_certification(data, contacts, codes)
        name = contacts[clean.contact_id]
        if row is None:
            row = Certification(partner_id=partner_id)
            work.session.add(row)
            work.describe("edit", _("Add certification {code} of {name}", code=clean.code, name=name))
        else:
            work.describe("edit", _("Edit certification {code} of {name}", code=clean.code, name=name))
        row.contact_id, row.code = clean.contact_id, clean.code
        row.obtained_on, row.expires_on = clean.obtained_on, clean.expires_on
        work.session.flush()
        work.commit()
        return row.id


def add_certification(uow: UnitOfWorkFactory, partner_id: str, data: CertificationInput) -> str:
    """Add a certification to one of the partner's contacts; returns its id.

    The code may be typed as a code, a catalogue name or an alias; it must be in the active program's
    catalogue.

    Raises:
        ValidationErrors: A field is wrong (fields ``contact_id``, ``code``, ``obtained_on``, ``expires_on``).
        FactNotFoundError: No such live partner.
    """
    return _write_certification(uow, partner_id, None, data)


def update_certification(uow: UnitOfWorkFactory, cert_id: str, data: CertificationInput) -> str:
    """Change a certification (every field is written); returns its id.

    Raises:
        ValidationErrors: A field is wrong.
        FactNotFoundError: No such live certification.
    """
    return _write_certification(uow, None, cert_id, data)


def _delete(uow: UnitOfWorkFactory, model: type[Any], row_id: str, what: str, label: str) -> None:
    with uow(kind="edit", label=_(label)) as work:
        row = _live(work.session, model, row_id, what)
        row.deleted_at = utcnow()
        work.commit()


def delete_certification(uow: UnitOfWorkFactory, cert_id: str) -> None:
    """Delete a certification (soft; Edit › Undo brings it back).

    Raises:
        FactNotFoundError: No such live certification.
    """
    _delete(uow, Certification, cert_id, N_("certification"), N_("Delete certification"))


# --- references ---------------------------------------------------------------------------------

def _competencies(uow: UnitOfWorkFactory) -> list[str]:
    program = _program(uow)
    return [c.id for c in program.competencies] if program is not None else []


def _write_reference(uow: UnitOfWorkFactory, partner_id: str | None, ref_id: str | None,
                     data: ReferenceInput) -> str:
    clean = validate_reference(data, _competencies(uow))
    label = (_("Add reference {customer}", customer=clean.customer) if ref_id is None
             else _("Edit reference {customer}", customer=clean.customer))
    with uow(kind="edit", label=label) as work:
        if ref_id is None:
            _live(work.session, Partner, partner_id, N_("partner"))  # type: ignore[arg-type]
            row = CustomerReference(partner_id=partner_id)
            work.session.add(row)
        else:
            row = _live(work.session, CustomerReference, ref_id, N_("reference"))
        row.customer, row.competency_id = clean.customer, clean.competency_id
        row.validated, row.ref_date = clean.validated, clean.ref_date
        work.session.flush()
        work.commit()
        return row.id


def add_reference(uow: UnitOfWorkFactory, partner_id: str, data: ReferenceInput) -> str:
    """Add a customer reference for one of the program's competencies; returns its id.

    Raises:
        ValidationErrors: A field is wrong (``customer``, ``competency_id``, ``ref_date``).
        FactNotFoundError: No such live partner.
    """
    return _write_reference(uow, partner_id, None, data)


def update_reference(uow: UnitOfWorkFactory, ref_id: str, data: ReferenceInput) -> str:
    """Change a customer reference; returns its id.

    Raises:
        ValidationErrors: A field is wrong.
        FactNotFoundError: No such live reference.
    """
    return _write_reference(uow, None, ref_id, data)


def delete_reference(uow: UnitOfWorkFactory, ref_id: str) -> None:
    """Delete a customer reference (soft; Edit › Undo brings it back)."""
    _delete(uow, CustomerReference, ref_id, N_("reference"), N_("Delete reference"))


# --- revenue and targets ------------------------------------------------------------------------

def _typed_currency(uow: UnitOfWorkFactory) -> str | None:
    """Currency of amounts typed in the forms: the active program's (None for EUR, as stored)."""
    try:
        extras = get_program(uow).extras
    except ProgramNotFoundError:
        return None
    return extras.currency if extras is not None and extras.currency != "EUR" else None


def _write_revenue(uow: UnitOfWorkFactory, partner_id: str | None, line_id: str | None,
                   data: RevenueInput) -> str:
    clean = validate_revenue(data)
    currency = _typed_currency(uow)
    start = clean.quarter.start_date(_fiscal_start_month(uow))
    amount = format_money(clean.amount)
    label = (_("Add revenue {amount} in {quarter}", amount=amount, quarter=str(clean.quarter)) if line_id is None
             else _("Edit revenue {amount} in {quarter}", amount=amount, quarter=str(clean.quarter)))
    with uow(kind="edit", label=label) as work:
        if line_id is None:
            _live(work.session, Partner, partner_id, N_("partner"))  # type: ignore[arg-type]
            row = RevenueLine(partner_id=partner_id)
            work.session.add(row)
        else:
            row = _live(work.session, RevenueLine, line_id, N_("revenue line"))
        if clean.distributor_id is not None:
            distributor = work.session.get(Partner, clean.distributor_id)
            if (distributor is None or distributor.deleted_at is not None
                    or distributor.id == row.partner_id or distributor.type != "distributor"):
                raise ValidationErrors([ValidationError("distributor_id", _NOT_A_DISTRIBUTOR)])
        row.quarter, row.period_start, row.motion, row.amount = str(clean.quarter), start, clean.motion, clean.amount
        row.currency = currency
        row.product_family, row.distributor_id = clean.product_family, clean.distributor_id
        work.session.flush()
        work.commit()
        return row.id


def add_revenue(uow: UnitOfWorkFactory, partner_id: str, data: RevenueInput) -> str:
    """Add a revenue line (amount read in the interface language); returns its id.

    Raises:
        ValidationErrors: A field is wrong (``quarter``, ``motion``, ``amount``, ``product_family``,
            ``distributor_id``).
        FactNotFoundError: No such live partner.
    """
    return _write_revenue(uow, partner_id, None, data)


def update_revenue(uow: UnitOfWorkFactory, line_id: str, data: RevenueInput) -> str:
    """Change a revenue line; returns its id."""
    return _write_revenue(uow, None, line_id, data)


def delete_revenue(uow: UnitOfWorkFactory, line_id: str) -> None:
    """Delete a revenue line (soft; Edit › Undo brings it back)."""
    _delete(uow, RevenueLine, line_id, N_("revenue line"), N_("Delete revenue line"))


def _write_target(uow: UnitOfWorkFactory, partner_id: str | None, target_id: str | None,
                  data: TargetInput) -> str:
    clean = validate_target(data)
    currency = _typed_currency(uow)
    start = clean.quarter.start_date(_fiscal_start_month(uow))
    label = _("Set target {amount} for {quarter}", amount=format_money(clean.amount), quarter=str(clean.quarter))
    with uow(kind="edit", label=label) as work:
        row = _live(work.session, Target, target_id, N_("target")) if target_id else None
        owner = row.partner_id if row is not None else partner_id
        _live(work.session, Partner, owner, N_("partner"))
        same = work.session.query(Target).filter(
            Target.partner_id == owner, Target.period_start == start, Target.deleted_at.is_(None),
            Target.id != (target_id or "")).first()
        if same is not None:
            raise ValidationErrors([ValidationError("quarter", _TARGET_TAKEN, quarter=str(clean.quarter))])
        if row is None:
            row = Target(partner_id=owner)
            work.session.add(row)
        row.quarter, row.period_start, row.amount = str(clean.quarter), start, clean.amount
        row.currency = currency
        work.session.flush()
        work.commit()
        return row.id


def add_target(uow: UnitOfWorkFactory, partner_id: str, data: TargetInput) -> str:
    """Add a quarterly target (not negative); returns its id.

    Raises:
        ValidationErrors: A field is wrong (``quarter``, ``amount``).
        FactNotFoundError: No such live partner.
    """
    return _write_target(uow, partner_id, None, data)


def update_target(uow: UnitOfWorkFactory, target_id: str, data: TargetInput) -> str:
    """Change a target; returns its id."""
    return _write_target(uow, None, target_id, data)


def delete_target(uow: UnitOfWorkFactory, target_id: str) -> None:
    """Delete a target (soft; Edit › Undo brings it back)."""
    _delete(uow, Target, target_id, N_("target"), N_("Delete target"))

