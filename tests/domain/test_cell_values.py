from __future__ import annotations

from typing import Any

import pytest

from prm_desktop.domain.cell_values import (
    MOTIONS,
    PARTNER_TYPES,
    STATUSES,
    CellError,
    fix_postcode,
    map_choice,
    parse_identifier_cell,
)

NBSP = "\u00a0"
NNBSP = "\u202f"


# --- identifiers, postcodes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        ("732 829 320", "siren", "732829320"),
        (f"732{NBSP}829{NNBSP}320", "siren", "732829320"),
        ("732 829 320 00074", "siret", "73282932000074"),
        (" 0013X00002QrStUAAV ", "external_id", "0013X00002QrStUAAV"),
        ("ACME 42", "external_id", "ACME 42"),
        (732829320, "siren", "732829320"),
        (None, "siren", None),
        ("", "siret", None),
    ],
)
def test_parse_identifier_good(value: Any, column: str, expected: str | None) -> None:
    assert parse_identifier_cell(value, column) == expected


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("8,1E+13", "8,1E+13"),
        ("8.1E+13", "8.1E+13"),
        ("8,12346E+13", "8,12346E+13"),
        ("7.32829E8", "7.32829E8"),
        (8.1e13, "81000000000000.0"),
        (732829320.0, "732829320.0"),
    ],
)
def test_parse_identifier_scientific_notation(value: Any, shown: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_identifier_cell(value, "siret")
    assert exc.value.message == (
        f'"{shown}" was turned into a number by the spreadsheet: the column must be formatted as text '
        "in the spreadsheet"
    )


@pytest.mark.parametrize(
    ("value", "country", "expected", "warned"),
    [
        ("1000", None, "01000", True),
        ("1000", "France", "01000", True),
        ("1000", "FR", "01000", True),
        (1000, "", "01000", True),
        (1000.0, None, "01000", True),
        ("01000", None, "01000", False),
        ("75008", "France", "75008", False),
        ("1160", "Denmark", "1160", False),
        ("1100-053", "Portugal", "1100-053", False),
        (None, None, None, False),
    ],
)
def test_fix_postcode(value: Any, country: str | None, expected: str | None, warned: bool) -> None:
    fixed, warning = fix_postcode(value, country)
    assert fixed == expected
    if warned:
        assert warning == 'postcode "1000" lost its leading zero; imported as 01000'
    else:
        assert warning is None


# --- accepted values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Revendeur", "reseller"),
        ("VAR", "reseller"),
        ("Channel Partner / Reseller", "reseller"),
        ("Grossiste", "distributor"),
        ("distributeur", "distributor"),
        ("Intégrateur", "integrator"),
        ("ESN", "integrator"),
        ("SSII", "integrator"),
        ("Installation Partner", "integrator"),
        ("Cabinet de conseil", "consultancy"),
        ("Éditeur", "isv"),
        ("editeur", "isv"),
        ("Technology Partner", "isv"),
        ("Infogéreur", "msp"),
        ("MSP", "msp"),
        ("Managed Service Provider", "msp"),
        ("Alliance stratégique", "alliance"),
        ("Apporteur d'affaires", "referral"),
        ("reseller", "reseller"),
    ],
)
def test_partner_types(value: str, expected: str) -> None:
    assert map_choice(value, PARTNER_TYPES, "type") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("vente indirecte", "resell"),
        ("Revente", "resell"),
        ("co-vente", "co-sell"),
        ("Co-Sell", "co-sell"),
        ("cosell", "co-sell"),
        ("apport d'affaires", "influence"),
        ("referral", "influence"),
        ("Alliance", "alliance"),
    ],
)
def test_motions(value: str, expected: str) -> None:
    assert map_choice(value, MOTIONS, "motion") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Prospect", "prospect"),
        ("En intégration", "onboarding"),
        ("onboarding", "onboarding"),
        ("Actif", "active"),
        ("À risque", "at_risk"),
        ("a risque", "at_risk"),
        ("at_risk", "at_risk"),
        ("Inactif", "inactive"),
    ],
)
def test_statuses(value: str, expected: str) -> None:
    assert map_choice(value, STATUSES, "status") == expected


def test_map_choice_empty_and_unknown() -> None:
    assert map_choice(None, PARTNER_TYPES, "type") is None
    assert map_choice(" ", PARTNER_TYPES, "type") is None
    with pytest.raises(CellError) as exc:
        map_choice("Competitor", PARTNER_TYPES, "type")
    assert exc.value.message == (
        'unknown type "Competitor"; accepted values: reseller, distributor, integrator, consultancy, isv, '
        "msp, alliance, referral"
    )
    with pytest.raises(CellError) as exc:
        map_choice("direct", MOTIONS, "motion")
    assert (
        exc.value.message == 'unknown motion "direct"; accepted values: resell, co-sell, influence, alliance'
    )


def test_map_choice_with_labels_lists_and_accepts_them_in_the_users_language() -> None:
    from prm_desktop.domain.i18n import set_language
    from prm_desktop.domain.partner_rules import TYPE_LABELS

    assert map_choice("Revendeur", PARTNER_TYPES, "type", TYPE_LABELS) == "reseller"
    assert map_choice("Managed service provider", PARTNER_TYPES, "type", TYPE_LABELS) == "msp"  # label, not alias
    set_language("fr")
    with pytest.raises(CellError) as exc:
        map_choice("Concurrent", PARTNER_TYPES, "type", TYPE_LABELS)
    assert exc.value.message.startswith("type inconnu") and "« Concurrent »" in exc.value.message
    assert "valeurs acceptées" in exc.value.message and ": Revendeur, Grossiste, Intégrateur," in exc.value.message
    assert "reseller" not in exc.value.message and "isv" not in exc.value.message
