from __future__ import annotations

import pickle
from decimal import Decimal
from functools import partial

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.parsing import parse_amount, parse_date
from prm_desktop.domain.validation import (
    ValidationError,
    ValidationErrors,
    Validator,
    luhn_valid,
    require,
    validate_choice,
    validate_email,
    validate_fields,
    validate_phone,
    validate_postcode,
    validate_siren,
    validate_siret,
    validate_url,
    validate_vat_fr,
)

EMPTY = [None, "", "   ", "\u00a0"]


def _vat_key(siren: int) -> int:
    return (12 + 3 * (siren % 97)) % 97


def test_known_check_digits() -> None:
    for siren in ("732829320", "552100554", "443061841"):
        assert luhn_valid(siren)
    assert luhn_valid("73282932000074")
    assert _vat_key(732829320) == 44
    assert _vat_key(552100554) == 96
    assert _vat_key(443061841) == 64


@pytest.mark.parametrize(
    "func",
    [
        validate_email,
        validate_phone,
        validate_siren,
        validate_siret,
        validate_vat_fr,
        validate_postcode,
        validate_url,
        parse_date,
        partial(parse_amount, decimal="."),
        partial(validate_choice, choices=["a"], field="x"),
    ],
)
@pytest.mark.parametrize("value", EMPTY)
def test_empty_optional_values_give_none(func, value) -> None:  # type: ignore[no-untyped-def]
    assert func(value) is None


# --- table-driven good and bad values --------------------------------------------------------------

GOOD = [
    (validate_siren, "732829320", "732829320"),
    (validate_siren, "552 100 554", "552100554"),
    (validate_siren, " 443\u00a0061\u202f841 ", "443061841"),
    (validate_siren, "356000000", "356000000"),
    (validate_siret, "73282932000074", "73282932000074"),
    (validate_siret, "732 829 320 00074", "73282932000074"),
    (validate_siret, "35600000049837", "35600000049837"),  # La Poste: digit sum % 5 == 0, Luhn fails
    (validate_vat_fr, "FR44732829320", "FR44732829320"),
    (validate_vat_fr, "fr 44 732 829 320", "FR44732829320"),
    (validate_vat_fr, "FR96552100554", "FR96552100554"),
    (validate_vat_fr, "FR64443061841", "FR64443061841"),
    (validate_vat_fr, "FRAB732829320", "FRAB732829320"),  # alphabetic keys are not checked
    (validate_vat_fr, "DE123456789", "DE123456789"),
    (validate_vat_fr, "BE 0123.456.789", "BE0123456789"),
    (validate_vat_fr, "NL123456789B01", "NL123456789B01"),
    (validate_email, "Jean.Dupont@Example.FR", "jean.dupont@example.fr"),
    (validate_email, " a+tag@sub.example.co.uk ", "a+tag@sub.example.co.uk"),
    (validate_phone, "01 23 45 67 89", "+33 1 23 45 67 89"),
    (validate_phone, "06.12.34.56.78", "+33 6 12 34 56 78"),
    (validate_phone, "0123456789", "+33 1 23 45 67 89"),
    (validate_phone, "+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    (validate_phone, "+33 (0)1 23 45 67 89", "+33 1 23 45 67 89"),
    (validate_phone, "0033 612345678", "+33 6 12 34 56 78"),
    (validate_phone, "+49 30 1234567", "+49 301234567"),
    (validate_phone, "+1 (415) 555-2671", "+1 4155552671"),
    (validate_phone, "+352 12 34 56 78", "+352 12345678"),
    (validate_phone, "+44 20 7946 0958", "+44 2079460958"),
    (validate_postcode, "75008", "75008"),
    (validate_postcode, " 01 000 ", "01000"),
    (validate_url, "https://www.example.fr", "https://www.example.fr"),
    (validate_url, "www.example.fr", "https://www.example.fr"),
    (validate_url, "example.fr", "https://example.fr"),
    (validate_url, "HTTP://Example.FR/Page?q=1", "http://example.fr/Page?q=1"),
    (validate_url, "example.fr:8080/a", "https://example.fr:8080/a"),
]


@pytest.mark.parametrize(("func", "value", "expected"), GOOD)
def test_good_values(func, value, expected) -> None:  # type: ignore[no-untyped-def]
    assert func(value) == expected


BAD = [
    (validate_siren, "73282932", "siren", "A SIREN has 9 digits."),
    (validate_siren, "7328293200", "siren", "A SIREN has 9 digits."),
    (validate_siren, "73282932A", "siren", "A SIREN has 9 digits."),
    (validate_siren, "732829321", "siren", "This SIREN is not valid (check digit)."),
    (validate_siren, "123456789", "siren", "This SIREN is not valid (check digit)."),
    (validate_siret, "7328293200007", "siret", "A SIRET has 14 digits."),
    (validate_siret, "73282932000075", "siret", "This SIRET is not valid (check digit)."),
    (
        validate_siret,
        "35600000000014",
        "siret",
        "This SIRET is not valid (check digit).",
    ),  # Luhn ok, La Poste no
    (validate_vat_fr, "FR45732829320", "vat", "This VAT number does not match its SIREN (check key)."),
    (validate_vat_fr, "FR44732829321", "vat", "The SIREN in this VAT number is not valid."),
    (
        validate_vat_fr,
        "FR4473282932",
        "vat",
        "A French VAT number is FR, a 2-character key and the 9-digit SIREN.",
    ),
    (
        validate_vat_fr,
        "FRIO732829320",
        "vat",
        "A French VAT number is FR, a 2-character key and the 9-digit SIREN.",
    ),
    (
        validate_vat_fr,
        "732829320",
        "vat",
        "Enter a VAT number starting with its country code, like FR44732829320.",
    ),
    (
        validate_vat_fr,
        "US123456789",
        "vat",
        "Enter a VAT number starting with its country code, like FR44732829320.",
    ),
    (validate_vat_fr, "DE1", "vat", "Enter a VAT number starting with its country code, like FR44732829320."),
    (
        validate_vat_fr,
        "DE12345678901234",
        "vat",
        "Enter a VAT number starting with its country code, like FR44732829320.",
    ),
    (validate_email, "jean.dupont", "email", "Enter a valid e-mail address, like name@example.fr."),
    (validate_email, "jean@example", "email", "Enter a valid e-mail address, like name@example.fr."),
    (
        validate_email,
        "jean dupont@example.fr",
        "email",
        "Enter a valid e-mail address, like name@example.fr.",
    ),
    (validate_email, "jean..d@example.fr", "email", "Enter a valid e-mail address, like name@example.fr."),
    (validate_email, "a@b@example.fr", "email", "Enter a valid e-mail address, like name@example.fr."),
    (
        validate_phone,
        "01 23 45 67",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (
        validate_phone,
        "0 23 45 67 89",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (
        validate_phone,
        "+33 1 23 45 67",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (
        validate_phone,
        "+49 123",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (
        validate_phone,
        "+1234567890123456",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (
        validate_phone,
        "call me",
        "phone",
        "Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89.",
    ),
    (validate_postcode, "7500", "postal_code", "A French postcode has 5 digits, like 75008."),
    (validate_postcode, "750080", "postal_code", "A French postcode has 5 digits, like 75008."),
    (validate_postcode, "00100", "postal_code", "A French postcode has 5 digits, like 75008."),
    (validate_postcode, "SW1A 1AA", "postal_code", "A French postcode has 5 digits, like 75008."),
    (validate_url, "ftp://example.fr", "website", "Enter a web address, like https://www.example.fr."),
    (validate_url, "example", "website", "Enter a web address, like https://www.example.fr."),
    (validate_url, "www.exa mple.fr", "website", "Enter a web address, like https://www.example.fr."),
    (validate_url, "https://example.fr:port", "website", "Enter a web address, like https://www.example.fr."),
    (validate_url, "mailto:jean@example.fr", "website", "Enter a web address, like https://www.example.fr."),
]


@pytest.mark.parametrize(("func", "value", "field", "message"), BAD)
def test_bad_values(func, value, field, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        func(value)
    assert info.value.field == field
    assert info.value.message == message
    assert str(info.value) == message
    assert info.value.message_en == message
    assert info.value.message_fr and info.value.message_fr != message


def test_field_name_can_be_given() -> None:
    with pytest.raises(ValidationError) as info:
        validate_email("nope", field="contact_email")
    assert info.value.field == "contact_email"


# --- validators with options -------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["FR", "France", "", None, "france", "FRA"])
def test_postcode_france_spellings(country: str | None) -> None:
    assert validate_postcode("69001", country) == "69001"
    with pytest.raises(ValidationError):
        validate_postcode("6900", country)


def test_postcode_other_countries() -> None:
    assert validate_postcode(" sw1a  1aa ", "GB") == "SW1A 1AA"
    assert validate_postcode("1000", "Belgique") == "1000"
    with pytest.raises(ValidationError) as info:
        validate_postcode("1234567890123", "DE")
    assert info.value.message == "A postcode has at most 12 characters."


def test_phone_national_numbers_need_a_prefix_abroad() -> None:
    assert validate_phone("+32 2 123 45 67", country="BE") == "+32 21234567"
    assert validate_phone("01 23 45 67 89", country="France") == "+33 1 23 45 67 89"
    with pytest.raises(ValidationError) as info:
        validate_phone("02 123 45 67", country="BE")
    assert (
        info.value.message
        == "Enter the number in international format, starting with + and the country code."
    )


def test_choice() -> None:
    choices = ["prospect", "active", "à risque"]
    assert validate_choice("Active", choices, "status") == "active"
    assert validate_choice("A RISQUE", choices, "status") == "à risque"
    with pytest.raises(ValidationError) as info:
        validate_choice("gone", choices, "status")
    assert info.value.field == "status"
    assert info.value.message == "Choose one of: prospect, active, à risque."
    assert info.value.message_fr == "Choisissez parmi : prospect, active, à risque."


def test_require() -> None:
    assert require("  Acme  ", "name") == "Acme"
    assert require(0, "count") == 0
    for value in EMPTY:
        with pytest.raises(ValidationError) as info:
            require(value, "name")
        assert info.value.field == "name"
        assert info.value.message == "This field is required."
        assert info.value.message_fr == "Ce champ est obligatoire."


# --- languages ---------------------------------------------------------------------------------------

FRENCH = [
    (validate_email, "x", "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
    (validate_siren, "123", "Un SIREN comporte 9 chiffres."),
    (validate_siren, "732829321", "Ce SIREN n’est pas valide (clé de contrôle)."),
    (validate_siret, "123", "Un SIRET comporte 14 chiffres."),
    (validate_vat_fr, "FR45732829320", "Ce numéro de TVA ne correspond pas à son SIREN (clé de contrôle)."),
    (validate_postcode, "123", "Un code postal français comporte 5 chiffres, par exemple 75008."),
    (validate_url, "ftp://x.fr", "Saisissez une adresse web, par exemple https://www.exemple.fr."),
]


@pytest.mark.parametrize(("func", "value", "message_fr"), FRENCH)
def test_french_messages(func, value, message_fr) -> None:  # type: ignore[no-untyped-def]
    set_language("fr")
    with pytest.raises(ValidationError) as info:
        func(value)
    assert info.value.message == message_fr
    assert str(info.value) == message_fr
    assert info.value.message_fr == message_fr
    set_language("en")
    assert info.value.message == info.value.message_en  # the message follows the current language


def test_error_pickles() -> None:
    err = ValidationError("status", "Choose one of: {choices}.", choices="a, b")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.field, copy.message) == ("status", "Choose one of: a, b.")


# --- collecting several errors -------------------------------------------------------------------------


def test_validator_collects_all_errors() -> None:
    v = Validator()
    name = v.check("name", str.strip, "  Acme ", required=True)
    email = v.check("email", validate_email, "bad")
    siren = v.check("siren", validate_siren, "", required=True)
    postcode = v.check("postal_code", validate_postcode, "1000", "BE")
    phone = v.check("phone", validate_phone, None)
    v.add("email", "This field is required.")
    assert (name, email, siren, postcode, phone) == ("Acme", None, None, "1000", None)
    assert not v.ok
    with pytest.raises(ValidationErrors) as info:
        v.raise_if_errors()
    errors = info.value
    assert len(errors) == 3
    assert [e.field for e in errors] == ["email", "siren", "email"]
    assert errors.by_field() == {
        "email": "Enter a valid e-mail address, like name@example.fr.",
        "siren": "This field is required.",
    }
    set_language("fr")
    assert errors.by_field()["siren"] == "Ce champ est obligatoire."
    assert "siren: Ce champ est obligatoire." in str(errors)


def test_validator_renames_the_field() -> None:
    v = Validator()
    v.check("contact_email", validate_email, "nope")
    assert v.errors[0].field == "contact_email"


def test_validator_without_errors_does_not_raise() -> None:
    v = Validator()
    assert v.check("website", validate_url, "example.fr") == "https://example.fr"
    assert v.ok
    v.raise_if_errors()


def test_validate_fields() -> None:
    rules = {
        "email": validate_email,
        "siren": validate_siren,
        "amount": partial(parse_amount, decimal=","),
    }
    assert validate_fields({"email": "A@B.fr", "amount": "-3,5"}, rules) == {
        "email": "a@b.fr",
        "siren": None,
        "amount": Decimal("-3.5"),
    }
    with pytest.raises(ValidationErrors) as info:
        validate_fields({"email": "x", "siren": "1"}, rules)
    assert set(info.value.by_field()) == {"email", "siren"}
