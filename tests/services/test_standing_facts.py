"""Editing a partner's certifications, references, revenue and targets: validation, one undoable write each."""

from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.quarters import quarter_of
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.standing import partner_standing
from prm_desktop.services.standing_facts import (
    CertificationInput,
    ReferenceInput,
    RevenueInput,
    TargetInput,
    add_certification,
    add_reference,
    add_revenue,
    add_target,
    delete_certification,
    delete_reference,
    delete_revenue,
    delete_target,
    partner_facts,
    update_certification,
    update_reference,
    update_revenue,
    update_target,
)

TODAY = date.today()


@pytest.fixture
def partner(uow):
    detail = create_partner(uow, PartnerInput(name="Acme Sécurité"))
    contact = add_contact(uow, detail.id, ContactInput(name="Alice Martin"))
    return detail.id, contact.id


def _security_accredited(uow, partner_id: str) -> int:
    standing = partner_standing(uow, partner_id, on=TODAY)
    return max(r.accredited for r in standing.current.matrix if r.competency_id == "security")


def test_certification_add_edit_delete_and_undo(uow, partner) -> None:
    partner_id, contact = partner
    before = _security_accredited(uow, partner_id)
    cert = add_certification(uow, partner_id, CertificationInput(contact, "SEC-TECH", "01/02/2026", "2099-01-31"))
    assert last_undoable(uow).label == "Add certification SEC-TECH of Alice Martin"
    standing = partner_standing(uow, partner_id, on=TODAY)
    assert [(c.id, c.code, c.obtained, c.expires) for c in standing.certifications] == [
        (cert, "SEC-TECH", date(2026, 2, 1), date(2099, 1, 31))]
    assert _security_accredited(uow, partner_id) == before + 1
    update_certification(uow, cert, CertificationInput(contact, "SEC-TECH", "2026-02-01", None))
    assert partner_standing(uow, partner_id, on=TODAY).certifications[0].expires is None
    delete_certification(uow, cert)
    assert partner_standing(uow, partner_id, on=TODAY).certifications == []
    assert last_undoable(uow).label == "Delete certification"
    undo_batch(uow, last_undoable(uow).id)
    assert [c.id for c in partner_standing(uow, partner_id, on=TODAY).certifications] == [cert]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "The expiry date cannot be before the date the certification was obtained."),
    ("fr", "La date d’expiration ne peut pas précéder la date d’obtention de la certification."),
])
def test_certification_errors_name_their_fields(uow, partner, lang, expected) -> None:
    set_language(lang)
    partner_id, contact = partner
    with pytest.raises(ValidationErrors) as caught:
        add_certification(uow, partner_id, CertificationInput(contact, "SEC-TECH", "01/02/2026", "31/01/2026"))
    assert caught.value.by_field() == {"expires_on": expected}
    with pytest.raises(ValidationErrors) as caught:
        add_certification(uow, partner_id, CertificationInput("nobody", "NOPE-1", "31/02/2026", "demain"))
    errors = caught.value.by_field()
    assert set(errors) == {"contact_id", "code", "obtained_on", "expires_on"}
    assert "NOPE-1" in errors["code"] and "31/02/2026" in errors["obtained_on"]
    if lang == "fr":
        assert "catalogue du programme" in errors["code"] and "jj/mm/aaaa" in errors["expires_on"]
    else:
        assert "catalogue" in errors["code"] and "dd/mm/yyyy" in errors["expires_on"]
    assert partner_standing(uow, partner_id, on=TODAY).certifications == []


def test_reference_add_edit_delete(uow, partner) -> None:
    partner_id, _contact = partner
    ref = add_reference(uow, partner_id, ReferenceInput("Mairie de Lyon", "security", False, "15/03/2026"))
    assert last_undoable(uow).label == "Add reference Mairie de Lyon"
    update_reference(uow, ref, ReferenceInput("Mairie de Lyon", "security", True, "15/03/2026"))
    lines = partner_standing(uow, partner_id, on=TODAY).references
    assert [(r.customer, r.validated, r.on) for r in lines] == [("Mairie de Lyon", True, date(2026, 3, 15))]
    set_language("fr")
    with pytest.raises(ValidationErrors) as caught:
        add_reference(uow, partner_id, ReferenceInput("  ", "cuisine", True, None))
    assert caught.value.by_field() == {"customer": "Ce champ est obligatoire.",
                                       "competency_id": "«\u00a0cuisine\u00a0» n’est pas une compétence du programme."}
    delete_reference(uow, ref)
    assert partner_standing(uow, partner_id, on=TODAY).references == []


def test_revenue_reads_french_amounts_and_counts_in_the_matrix(uow, partner) -> None:
    set_language("fr")
    partner_id, _contact = partner
    quarter = str(quarter_of(TODAY))
    line = add_revenue(uow, partner_id, RevenueInput(quarter, "resell", "1 234,5", "security"))
    facts = partner_facts(uow, partner_id)
    assert [(r.quarter, r.motion, r.amount, r.product_family) for r in facts.revenue] == [
        (quarter, "resell", 1234.5, "security")]
    assert last_undoable(uow).label.startswith("Ajouter un chiffre d’affaires de 1")
    security = [r for r in partner_standing(uow, partner_id, on=TODAY).current.matrix
                if r.competency_id == "security"][0]
    assert security.revenue == pytest.approx(1234.5)
    with pytest.raises(ValidationErrors) as caught:
        update_revenue(uow, line, RevenueInput("Q5 2026", "vente", "12.5,5"))
    errors = caught.value.by_field()
    assert set(errors) == {"quarter", "motion", "amount"}
    assert "1 234,50" in errors["amount"]
    update_revenue(uow, line, RevenueInput(quarter, "co-sell", "-200"))
    assert partner_facts(uow, partner_id).revenue[0].amount == -200
    delete_revenue(uow, line)
    assert partner_facts(uow, partner_id).revenue == []
    undo_batch(uow, last_undoable(uow).id)
    assert partner_facts(uow, partner_id).revenue[0].amount == -200


def test_targets_are_not_negative(uow, partner) -> None:
    partner_id, _contact = partner
    target = add_target(uow, partner_id, TargetInput("2026-Q1", "50,000.00"))
    assert [(t.quarter, t.amount) for t in partner_facts(uow, partner_id).targets] == [("2026-Q1", 50000.0)]
    with pytest.raises(ValidationErrors) as caught:
        update_target(uow, target, TargetInput("T1 2026", "-5"))
    assert caught.value.by_field() == {"amount": "The amount cannot be negative."}
    with pytest.raises(ValidationErrors) as caught:
        add_target(uow, partner_id, TargetInput("2026 T1", "1"))
    assert caught.value.by_field() == {"quarter": "2026-Q1 already has a target: select it in the list to change it."}
    update_target(uow, target, TargetInput("T2 2026", "60000"))
    assert [(t.quarter, t.amount) for t in partner_facts(uow, partner_id).targets] == [("2026-Q2", 60000.0)]
    delete_target(uow, target)
    assert partner_facts(uow, partner_id).targets == []
