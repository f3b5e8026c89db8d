from __future__ import annotations

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.stakeholders import (
    LinkInput,
    Relation,
    StakeholderInput,
    find_gaps,
    validate_link,
    validate_stakeholder,
)
from prm_desktop.domain.validation import ValidationErrors


def test_a_partner_without_links_lacks_sponsor_and_presales() -> None:
    gaps = find_gaps([])
    assert [g.relation for g in gaps] == [Relation.EXECUTIVE_SPONSOR, Relation.PRESALES]
    assert [g.message for g in gaps] == ["No executive sponsor", "No presales"]


def test_covered_relations_are_no_gap() -> None:
    assert [g.relation for g in find_gaps(["presales", "marketing"])] == [Relation.EXECUTIVE_SPONSOR]
    assert find_gaps([Relation.EXECUTIVE_SPONSOR, Relation.PRESALES, Relation.SUPPORT]) == []


def test_required_relations_can_be_chosen() -> None:
    assert [g.message for g in find_gaps(["presales"], required=[Relation.SUPPORT])] == ["No support contact"]


def test_stakeholder_errors_name_each_field_in_french() -> None:
    set_language("fr")
    with pytest.raises(ValidationErrors) as caught:
        validate_stakeholder(StakeholderInput(name=" ", email="karim@", phone="12", role="x" * 201))
    by_field = caught.value.by_field()
    assert set(by_field) == {"name", "email", "phone", "role"}
    assert by_field["name"] == "Ce champ est obligatoire."
    assert "200" in by_field["role"]


def test_stakeholder_is_cleaned() -> None:
    clean = validate_stakeholder(
        StakeholderInput("  Karim   Haddad ", "Avant-vente", None, "Karim.Haddad@Vendor.example", "01 70 00 00 02", "")
    )
    assert (clean.name, clean.email, clean.manager) == ("Karim Haddad", "karim.haddad@vendor.example", None)


def test_nobody_is_their_own_manager() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_stakeholder(StakeholderInput("Karim Haddad", manager="karim haddad"))
    assert list(caught.value.by_field()) == ["manager"]


def test_link_values_accept_ids_and_labels_in_both_languages() -> None:
    clean = validate_link(LinkInput("Avant-vente", "HIGH", "sceptique"))
    assert (clean.relation, clean.influence, clean.stance) == ("presales", "high", "sceptic")
    assert validate_link(LinkInput("executive_sponsor")).stance == "neutral"


def test_bad_link_values_name_their_field() -> None:
    with pytest.raises(ValidationErrors) as caught:
        validate_link(LinkInput("", "huge", "enemy"))
    assert set(caught.value.by_field()) == {"relation", "influence", "stance"}
