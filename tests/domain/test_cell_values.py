from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from prm_desktop.domain.cell_values import (
    MOTIONS,
    PARTNER_TYPES,
    STATUSES,
    CellError,
    detect_decimal_separator,
    fix_postcode,
    map_choice,
    parse_amount_cell,
    parse_bool_cell,
    parse_date_cell,
    parse_identifier_cell,
    parse_quarter_cell,
)
from prm_desktop.domain.quarters import Quarter

NBSP = "\u00a0"
NNBSP = "\u202f"


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("31/03/2026", date(2026, 3, 31)),
        ("1/3/2026", date(2026, 3, 1)),
        ("31.03.2026", date(2026, 3, 31)),
        (" 2026-03-31 00:00:00 ", date(2026, 3, 31)),
        ("2026-03-31T00:00", date(2026, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (datetime(2026, 3, 31, 0, 0), date(2026, 3, 31)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_good(value: Any, expected: date | None) -> None:
    assert parse_date_cell(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/03/26", 'two-digit year in "31/03/26": write the date as dd/mm/yyyy'),
        ("31/02/2026", '"31/02/2026" is not a valid date'),
        ("2026-13-01", '"2026-13-01" is not a valid date'),
        ("03/31/2026", '"03/31/2026" is not a valid date'),
        ("mars 2026", '"mars 2026" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)'),
        (46000, '"46000" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)'),
    ],
)
def test_parse_date_bad(value: Any, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_date_cell(value)
    assert exc.value.message == message


# --- amounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1234.5", "12"], "."),
        (["1 234,50", "12"], ","),
        (["42 500,00", "125000", "-4000", "1 250 000,00 €"], ","),
        (["1,234,567.00"], "."),
        (["1,234,567"], "."),
        (["1.234.567"], ","),
        (["1.234,5"], ","),
        ([f"1{NNBSP}234,567"], ","),  # space-grouped, so the comma is decimal
        (["1,234"], None),  # could be either
        (["12", "300", None, ""], None),
        ([1234.5, 12], None),  # numbers from XLSX say nothing
        (["1,5", "2,5", "3.5"], ","),  # majority
        (["1,5", "3.5"], None),  # tie
    ],
)
def test_detect_decimal_separator(values: list[Any], expected: str | None) -> None:
    assert detect_decimal_separator(values) == expected


@pytest.mark.parametrize(
    ("value", "decimal", "expected"),
    [
        ("1234.5", ".", Decimal("1234.5")),
        ("1 234,50", ",", Decimal("1234.50")),
        (f"1{NNBSP}234,50{NBSP}€", ",", Decimal("1234.50")),
        (f"1{NBSP}234,50 €", ",", Decimal("1234.50")),
        ("1 234,50 EUR", ",", Decimal("1234.50")),
        ("€1,234.50", ".", Decimal("1234.50")),
        ("EUR 12,5", ",", Decimal("12.5")),
        ("-1 234,50", ",", Decimal("-1234.50")),
        ("\u22121 234,50", ",", Decimal("-1234.50")),
        ("(1 234,50)", ",", Decimal("-1234.50")),
        ("(1 234,50 €)", ",", Decimal("-1234.50")),
        ("-4000", ",", Decimal("-4000")),
        ("1.234,5", ",", Decimal("1234.5")),
        ("1,234", ",", Decimal("1.234")),  # the column decided: comma is decimal
        ("1,234", ".", Decimal("1234")),
        ("1,5", None, Decimal("1.5")),  # undecided column, but this value is clear
        ("1234", None, Decimal("1234")),
        (",5", ",", Decimal("0.5")),
        (1234.5, ",", Decimal("1234.5")),
        (-4000, ".", Decimal("-4000")),
        (None, ",", None),
        ("  ", ",", None),
    ],
)
def test_parse_amount_good(value: Any, decimal: str | None, expected: Decimal | None) -> None:
    assert parse_amount_cell(value, decimal) == expected


@pytest.mark.parametrize(
    ("value", "decimal", "message"),
    [
        (
            "1,234",
            None,
            '"1,234" is ambiguous: the column does not show whether , separates decimals or thousands; '
            "write e.g. 1234.00 or 1 234,00",
        ),
        (
            "1.234,5",
            ".",
            '"1.234,5" does not fit the column\'s decimal separator (.); write e.g. 1234.50',
        ),
        (
            "1 234.50",
            ",",
            '"1 234.50" does not fit the column\'s decimal separator (,); write e.g. 1 234,50',
        ),
        ("12 34,5", ",", '"12 34,5" does not fit the column\'s decimal separator (,); write e.g. 1 234,50'),
        ("abc", ",", '"abc" is not an amount (expected e.g. 1234.50 or 1 234,50 €)'),
        ("12 €€", ",", '"12 €€" is not an amount (expected e.g. 1234.50 or 1 234,50 €)'),
        ("1e5", ".", '"1e5" is not an amount (expected e.g. 1234.50 or 1 234,50 €)'),
        ("--5", ".", '"--5" is not an amount (expected e.g. 1234.50 or 1 234,50 €)'),
        (True, ".", '"True" is not an amount'),
    ],
)
def test_parse_amount_bad(value: Any, decimal: str | None, message: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_amount_cell(value, decimal)
    assert exc.value.message == message


# --- booleans, quarters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Oui", True),
        ("TRUE", True),
        ("vrai", True),
        ("1", True),
        ("x", True),
        ("X", True),
        (True, True),
        (1, True),
        ("no", False),
        ("NON", False),
        ("false", False),
        ("Faux", False),
        ("0", False),
        (0, False),
        (False, False),
        ("", False),
        (None, False),
    ],
)
def test_parse_bool_good(value: Any, expected: bool) -> None:
    assert parse_bool_cell(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2", 2, "oui non", "-"])
def test_parse_bool_bad(value: Any) -> None:
    with pytest.raises(CellError) as exc:
        parse_bool_cell(value)
    assert exc.value.message == (
        f'"{value}" is not yes or no (expected yes/no, oui/non, true/false, 1/0 or x/empty)'
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-Q1", Quarter(2026, 1)),
        ("2026Q1", Quarter(2026, 1)),
        ("T1 2026", Quarter(2026, 1)),
        ("Q4 2025", Quarter(2025, 4)),
        (" t2 2026 ", Quarter(2026, 2)),
        ("", None),
        (None, None),
    ],
)
def test_parse_quarter_good(value: Any, expected: Quarter | None) -> None:
    assert parse_quarter_cell(value) == expected


@pytest.mark.parametrize("value", ["2026-Q5", "Q1", "2026", "premier trimestre 2026", "T1 26"])
def test_parse_quarter_bad(value: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_quarter_cell(value)
    assert exc.value.message == (
        f'"{value.strip()}" is not a quarter (expected e.g. 2026-Q1, 2026Q1, T1 2026 or Q1 2026)'
    )


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
