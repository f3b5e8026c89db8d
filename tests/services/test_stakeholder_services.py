from __future__ import annotations

import pytest

from prm_desktop.domain.stakeholders import LinkInput, StakeholderInput
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.directory import (
    StakeholderNotFoundError,
    create_stakeholder,
    delete_stakeholder,
    list_directory,
    update_stakeholder,
)
from prm_desktop.services.people.links import link_stakeholder, links_of_person, partner_map, unlink, update_link


@pytest.fixture
def karim(uow):
    return create_stakeholder(
        uow, StakeholderInput("Karim Haddad", "Avant-vente", "Architecte", "karim@vendor.example")
    )


@pytest.fixture
def acme(uow):
    return create_partner(uow, {"name": "Acme Intégration"})


def test_directory_create_edit_delete(uow, karim) -> None:
    assert [p.name for p in list_directory(uow)] == ["Karim Haddad"]
    edited = update_stakeholder(
        uow, karim.id, StakeholderInput("Karim Haddad", "Ventes", "Directeur", manager="Aurélie")
    )
    assert (edited.business_unit, edited.email, edited.manager) == ("Ventes", "", "Aurélie")
    delete_stakeholder(uow, karim.id)
    assert list_directory(uow) == []
    with pytest.raises(StakeholderNotFoundError):
        update_stakeholder(uow, karim.id, StakeholderInput("X"))
    undo_batch(uow, last_undoable(uow).id)
    assert [p.name for p in list_directory(uow)] == ["Karim Haddad"]


def test_a_bad_field_writes_nothing(uow) -> None:
    with pytest.raises(ValidationErrors) as caught:
        create_stakeholder(uow, StakeholderInput("Léa", email="lea@"))
    assert list(caught.value.by_field()) == ["email"]
    assert list_directory(uow) == []


def test_links_make_the_partner_map_and_its_gaps(uow, karim, acme) -> None:
    add_contact(uow, acme.id, ContactInput(name="Paul Martin", role="DG", is_primary=True))
    before = partner_map(uow, acme.id)
    assert [g.message for g in before.gaps] == ["No executive sponsor", "No presales"]
    link = link_stakeholder(uow, karim.id, acme.id, LinkInput("presales", "high", "champion"))
    again = link_stakeholder(uow, karim.id, acme.id, LinkInput("presales", "low", "sceptic"))
    assert again.id == link.id  # same person, same relation: the link is updated
    m = partner_map(uow, acme.id)
    assert [(x.stakeholder_name, x.relation, x.influence, x.stance) for x in m.links] == [
        ("Karim Haddad", "presales", "low", "sceptic")
    ]
    assert [c.name for c in m.contacts] == ["Paul Martin"]
    assert [g.message for g in m.gaps] == ["No executive sponsor"]
    update_link(uow, link.id, LinkInput("executive_sponsor", "high", "champion"))
    assert [g.message for g in partner_map(uow, acme.id).gaps] == ["No presales"]
    assert [(x.partner_name, x.relation) for x in links_of_person(uow, karim.id)] == [
        ("Acme Intégration", "executive_sponsor")
    ]
    unlink(uow, link.id)
    assert partner_map(uow, acme.id).links == []


def test_removing_a_person_removes_their_links(uow, karim, acme) -> None:
    link_stakeholder(uow, karim.id, acme.id, LinkInput("support"))
    delete_stakeholder(uow, karim.id)
    assert partner_map(uow, acme.id).links == []


def test_business_units_list_the_partners_they_touch(uow, karim, acme) -> None:
    from prm_desktop.services.people.units import business_units

    beta = create_partner(uow, {"name": "Beta Conseil"})
    lea = create_stakeholder(uow, StakeholderInput("Léa Roux", "Avant-vente"))
    nobody = create_stakeholder(uow, StakeholderInput("Zoé Blanc"))
    link_stakeholder(uow, karim.id, acme.id, LinkInput("presales"))
    link_stakeholder(uow, lea.id, beta.id, LinkInput("presales"))
    link_stakeholder(uow, lea.id, acme.id, LinkInput("support"))
    link_stakeholder(uow, nobody.id, beta.id, LinkInput("marketing"))
    units = business_units(uow)
    assert [(u.name, u.people, u.partners) for u in units] == [
        ("Avant-vente", ("Karim Haddad", "Léa Roux"), ("Acme Intégration", "Beta Conseil")),
        ("", ("Zoé Blanc",), ("Beta Conseil",)),
    ]
