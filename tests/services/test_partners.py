"""Partner and contact use cases: validation, duplicates, soft delete, primary contact, log, undo."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from prm_desktop.domain.partner_rules import PartnerType, join_list, split_list, validate_partner
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.contacts import (
    ContactInput,
    ContactNotFoundError,
    add_contact,
    list_contacts,
    remove_contact,
    set_primary_contact,
    update_contact,
)
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows, search_partner_ids
from prm_desktop.services.partners import (
    DuplicatePartnerError,
    PartnerInput,
    PartnerNotFoundError,
    create_partner,
    delete_partner,
    find_duplicates,
    get_partner,
    restore_partner,
    update_partner,
)
from prm_desktop.services.programs import get_program
from prm_desktop.services.team import TeamMemberInput, create_team_member, list_team_members
from prm_desktop.storage.models import Batch, ChangeLogEntry, Partner

BAD = PartnerInput(
    name="  ",
    siren="732829321",
    siret="123",
    vat="FR00123",
    type="wholesaler",
    motions=["resell", "barter"],
    status="dormant",
    assigned_tier="diamond",
    partner_since="2026-05-01",
    contract_end="2026-01-31",
    postal_code="7500",
    website="not a site",
    phone="12",
    email="nobody@",
    tags=["a,b"],
)


def _errors(data, program=None) -> dict[str, object]:
    with pytest.raises(ValidationErrors) as caught:
        validate_partner(data, program)
    return {e.field: e for e in caught.value}


def test_validation_gives_one_message_per_field_in_both_languages(uow):
    errors = _errors(BAD, get_program(uow))
    assert set(errors) == {"name", "siren", "siret", "vat", "type", "motions", "status", "assigned_tier",
                           "contract_end", "postal_code", "website", "phone", "email", "tags"}  # fmt: skip
    assert errors["name"].message_en == "This field is required."
    assert errors["name"].message_fr == "Ce champ est obligatoire."
    assert errors["contract_end"].message_en == "The contract cannot end before the partnership started."
    assert errors["contract_end"].message_fr == "Le contrat ne peut pas finir avant le début du partenariat."
    assert errors["assigned_tier"].message_en == "Choose one of: silver, gold, platinum."
    assert errors["assigned_tier"].message_fr == "Choisissez parmi : silver, gold, platinum."
    assert errors["tags"].message_fr == "Une étiquette ne peut pas contenir , ; ou |."
    assert "reseller" in errors["type"].message_en
    for error in errors.values():
        assert error.message_en and error.message_fr and error.message_en != error.message_fr, error.field


def test_cross_field_rules():
    errors = _errors(PartnerInput(name="Acme", siren="732829320", siret="55210055400013", vat="FR96552100554"))
    assert errors["siret"].message_en == "A SIRET starts with the SIREN (732829320)."
    assert errors["siret"].message_fr == "Un SIRET commence par le SIREN (732829320)."
    assert errors["vat"].message_fr == "Ce numéro de TVA n’est pas celui du SIREN 732829320."
    errors = _errors(PartnerInput(name="x" * 301))
    assert errors["name"].message_fr == "300 caractères au plus."


def test_cleaned_values(uow):
    clean = validate_partner(
        PartnerInput(
            name=" Acme  IT ",
            siren="732 829 320",
            type="ISV",
            motions="co-sell; resell",
            status="Active",
            assigned_tier="Gold",
            website="www.acme.fr",
            phone="01 23 45 67 89",
            email="A@Acme.FR",
            tags=" cloud , IA ",
            postal_code="69 002",
        ),  # fmt: skip
        get_program(uow),
    )
    assert (clean.name, clean.siren, clean.type, clean.motions, clean.status) == (
        "Acme IT", "732829320", PartnerType.ISV, ("co-sell", "resell"), "active")  # fmt: skip
    assert (clean.assigned_tier, clean.website, clean.phone, clean.email) == (
        "gold", "https://www.acme.fr", "+33 1 23 45 67 89", "a@acme.fr")  # fmt: skip
    assert clean.tags == ("cloud", "IA") and clean.postal_code == "69002"
    assert split_list(join_list(["a", " b ", "a", ""])) == ["a", "b"]


def test_create_get_update_with_references(uow):
    owner = create_team_member(uow, TeamMemberInput(name="Claire", email="claire@vendor.fr"))
    assert [m.name for m in list_team_members(uow)] == ["Claire"]
    group = create_partner(uow, PartnerInput(name="Groupe Nord"))
    dist1 = create_partner(uow, PartnerInput(name="Grossiste Un", type="distributor"))
    dist2 = create_partner(uow, PartnerInput(name="Grossiste Deux", type="distributor"))
    acme = create_partner(uow, PartnerInput(name="Acme", owner_id=owner.id, parent_id=group.id,
                                            distributor_ids=[dist1.id, dist2.id], tags=["cloud"]))  # fmt: skip
    detail = get_partner(uow, acme.id)
    assert detail.owner_name == "Claire" and detail.parent.name == "Groupe Nord"
    assert [d.name for d in detail.distributors] == ["Grossiste Deux", "Grossiste Un"]
    assert detail.tags == ("cloud",)
    data = detail.to_input()
    updated = update_partner(uow, acme.id, PartnerInput(**{**data.__dict__, "distributor_ids": [dist1.id],
                                                           "city": "Lyon"}))  # fmt: skip
    assert [d.name for d in updated.distributors] == ["Grossiste Un"] and updated.city == "Lyon"
    again = update_partner(uow, acme.id, PartnerInput(**{**data.__dict__, "city": "Lyon"}))
    assert [d.name for d in again.distributors] == ["Grossiste Deux", "Grossiste Un"]
    with pytest.raises(ValidationErrors) as caught:
        update_partner(uow, group.id, PartnerInput(name="Groupe Nord", parent_id=acme.id,
                                                   distributor_ids=[group.id], owner_id="nobody"))  # fmt: skip
    assert set(caught.value.by_field()) == {"parent_id", "distributor_ids", "owner_id"}
    with pytest.raises(PartnerNotFoundError):
        update_partner(uow, "missing", PartnerInput(name="X"))


def test_duplicates_by_siren_and_by_name_and_city_including_deleted(uow):
    acme = create_partner(uow, PartnerInput(name="Intégra Conseil SAS", siren="732829320", city="Lyon"))
    other = create_partner(uow, PartnerInput(name="Old Name", siren="552100554", city="Paris"))
    delete_partner(uow, other.id)
    hits = find_duplicates(uow, {"name": "INTEGRA CONSEIL", "city": "LYON"})
    assert [(h.partner_id, h.reason, h.deleted) for h in hits] == [(acme.id, "name_city", False)]
    hits = find_duplicates(uow, {"name": "Integra Conseil", "city": "Paris"})  # another city: still one
    assert [(h.partner_id, h.reason) for h in hits] == [(acme.id, "name")]
    hits = find_duplicates(uow, PartnerInput(name="Whatever", siren="552 100 554"))
    assert [(h.partner_id, h.reason, h.deleted, h.name) for h in hits] == [(other.id, "siren", True, "Old Name")]
    assert find_duplicates(uow, {"name": "Intégra Conseil", "city": "Lyon"}, exclude_id=acme.id) == []
    with pytest.raises(DuplicatePartnerError) as caught:
        create_partner(uow, PartnerInput(name="Acme", siren="732829320"))
    assert caught.value.hits[0].reason == "siren"
    twin = create_partner(uow, PartnerInput(name="Acme", siren="732829320"), allow_duplicates=True)
    # Editing other fields of a known duplicate is fine (its city too); changing its name or SIREN checks again.
    update_partner(uow, twin.id, PartnerInput(name="Acme", siren="732829320", email="info@acme.fr"))
    update_partner(uow, twin.id, PartnerInput(name="Acme", siren="732829320", city="Nice"))
    with pytest.raises(DuplicatePartnerError):
        update_partner(uow, twin.id, PartnerInput(name="Acme Conseil", siren="732829320", city="Nice"))


@pytest.mark.parametrize("city", [None, "Paris", "LYON"])
def test_a_namesake_is_a_duplicate_whatever_the_city(uow, city) -> None:
    existing = create_partner(uow, PartnerInput(name="Œuvre Numérique", city="Lyon"))
    with pytest.raises(DuplicatePartnerError) as caught:
        create_partner(uow, PartnerInput(name="Oeuvre Numerique", city=city))
    assert [(h.partner_id, h.name, h.city) for h in caught.value.hits] == [(existing.id, "Œuvre Numérique", "Lyon")]
    assert caught.value.hits[0].reason == ("name_city" if city == "LYON" else "name")


def test_soft_delete_and_restore(uow):
    acme = create_partner(uow, PartnerInput(name="Acme"))
    delete_partner(uow, acme.id)
    assert get_partner(uow, acme.id).deleted
    assert fetch_partner_rows(uow, PartnerFilter()) == []
    with pytest.raises(PartnerNotFoundError):
        delete_partner(uow, acme.id)
    with pytest.raises(PartnerNotFoundError):
        update_partner(uow, acme.id, PartnerInput(name="Acme 2"))
    restored = restore_partner(uow, acme.id)
    assert not restored.deleted
    assert [r.id for r in fetch_partner_rows(uow, PartnerFilter())] == [acme.id]
    with pytest.raises(PartnerNotFoundError):
        restore_partner(uow, acme.id)


def test_only_one_primary_contact(uow):
    acme = create_partner(uow, PartnerInput(name="Acme"))
    other = create_partner(uow, PartnerInput(name="Other"))
    jean = add_contact(uow, acme.id, ContactInput(name="Jean", email="Jean@Acme.fr", is_primary=True))
    lea = add_contact(uow, acme.id, ContactInput(name="Léa", is_primary=True))
    outsider = add_contact(uow, other.id, ContactInput(name="Max", is_primary=True))
    contacts = list_contacts(uow, acme.id)
    assert [(c.name, c.is_primary) for c in contacts] == [("Léa", True), ("Jean", False)]
    assert contacts[1].email == "jean@acme.fr"
    set_primary_contact(uow, jean.id)
    assert [(c.name, c.is_primary) for c in list_contacts(uow, acme.id)] == [("Jean", True), ("Léa", False)]
    update_contact(uow, lea.id, ContactInput(name="Léa", is_primary=True))
    assert [c.name for c in list_contacts(uow, acme.id) if c.is_primary] == ["Léa"]
    assert list_contacts(uow, other.id)[0].is_primary  # other partners are not touched
    assert get_partner(uow, acme.id).contacts[0].id == lea.id
    remove_contact(uow, lea.id)
    assert [c.name for c in list_contacts(uow, acme.id)] == ["Jean"]
    assert [c.removed for c in list_contacts(uow, acme.id, include_removed=True)] == [False, True]
    with pytest.raises(ContactNotFoundError):
        remove_contact(uow, lea.id)
    assert outsider.partner_id == other.id


def test_a_contact_who_left_cannot_be_primary(uow):
    acme = create_partner(uow, PartnerInput(name="Acme"))
    gone = date.today() - timedelta(days=1)
    with pytest.raises(ValidationErrors) as caught:
        add_contact(uow, acme.id, ContactInput(name="Paul", is_primary=True, left_on=gone))
    assert caught.value.errors[0].message_fr == "Un contact parti ne peut pas être le contact principal."
    paul = add_contact(uow, acme.id, ContactInput(name="Paul", left_on=gone.isoformat()))
    assert paul.left_on == gone and paul.has_left()
    with pytest.raises(ValidationErrors):
        set_primary_contact(uow, paul.id)
    with pytest.raises(ContactNotFoundError):
        add_contact(uow, "missing", ContactInput(name="X"))


def test_every_write_is_logged_with_a_clear_label(uow):
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon"))
    update_partner(uow, acme.id, PartnerInput(name="Acme", city="Grenoble"))
    with uow.read() as session:
        batch = session.scalars(select(Batch).order_by(Batch.created_at.desc(), Batch.id.desc())).first()
        assert (batch.kind, batch.label) == ("edit", "Edit partner Acme")
        entries = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.batch_id == batch.id)).all()
    assert [(e.table_name, e.op, e.partner_id) for e in entries] == [("partners", "update", acme.id)]
    assert json.loads(entries[0].data) == {"city": ["Lyon", "Grenoble"]}


def test_undo_of_an_edit_restores_the_fields_and_the_derived_tables(uow):
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon", tags=["cloud"]))
    update_partner(uow, acme.id, PartnerInput(name="Acme Conseil", city="Grenoble"))
    assert search_partner_ids(uow, "grenoble") == [acme.id]
    batch = last_undoable(uow)
    assert batch.label == "Edit partner Acme Conseil"
    result = undo_batch(uow, batch.id)
    assert result.reverted == 1 and not result.skipped
    detail = get_partner(uow, acme.id)
    assert (detail.name, detail.city, detail.tags) == ("Acme", "Lyon", ("cloud",))
    with uow.read() as session:
        assert session.get(Partner, acme.id).name_key == "acme"
    assert search_partner_ids(uow, "grenoble") == []
    assert search_partner_ids(uow, "lyon") == [acme.id]
    assert fetch_partner_rows(uow, PartnerFilter())[0].name == "Acme"


def test_undo_of_a_delete_brings_the_partner_back(uow):
    acme = create_partner(uow, PartnerInput(name="Acme"))
    delete_partner(uow, acme.id)
    assert last_undoable(uow).label == "Delete partner Acme"
    undo_batch(uow, last_undoable(uow).id)
    assert search_partner_ids(uow, "acme") == [acme.id]


def test_labels_follow_the_language(uow):
    from prm_desktop.domain.i18n import set_language

    set_language("fr")
    acme = create_partner(uow, PartnerInput(name="Acme"))
    update_partner(uow, acme.id, PartnerInput(name="Acme", city="Lyon"))
    assert last_undoable(uow).label == "Modifier le partenaire Acme"
