"""Identifier and contact-detail validators: SIREN, SIRET, VAT, postcode, phone.

Split from `prm_desktop.domain.validation` (which still exposes them under the same names).
"""

from __future__ import annotations

import re
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.validation import _SPACES, ValidationError, _text, is_empty, is_france, luhn_valid

__all__ = [
    "EU_VAT_COUNTRIES",
    "validate_phone",
    "validate_postcode",
    "validate_siren",
    "validate_siret",
    "validate_vat_fr",
]


EU_VAT_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI".split()
)


def _digits_only(value: Any) -> str:
    return _SPACES.sub("", _text(value))


def validate_siren(value: Any, field: str = "siren") -> str | None:
    """Check a SIREN: 9 digits with a valid Luhn check digit; spaces are removed.

    Returns:
        The 9 digits.
    """
    if is_empty(value):
        return None
    text = _digits_only(value)
    if not re.fullmatch(r"\d{9}", text):
        raise ValidationError(field, N_("A SIREN has 9 digits."))
    if not luhn_valid(text):
        raise ValidationError(field, N_("This SIREN is not valid (check digit)."))
    return text


def validate_siret(value: Any, field: str = "siret") -> str | None:
    """Check a SIRET: 14 digits, Luhn (La Poste's 356000000… SIRETs: digit sum divisible by 5).

    Returns:
        The 14 digits.
    """
    if is_empty(value):
        return None
    text = _digits_only(value)
    if not re.fullmatch(r"\d{14}", text):
        raise ValidationError(field, N_("A SIRET has 14 digits."))
    if text.startswith("356000000"):
        valid = sum(int(c) for c in text) % 5 == 0
    else:
        valid = luhn_valid(text)
    if not valid:
        raise ValidationError(field, N_("This SIRET is not valid (check digit)."))
    return text


def validate_vat_fr(value: Any, field: str = "vat") -> str | None:
    """Check an intra-EU VAT number, fully for French ones (``FR`` + 2-character key + SIREN).

    Other EU numbers need their country code followed by 2 to 13 letters or digits.

    Returns:
        The number in capitals without spaces, dots or dashes.
    """
    if is_empty(value):
        return None
    text = re.sub(r"[\s\u00a0\u202f.\-]", "", _text(value)).upper()
    country, rest = text[:2], text[2:]
    if country == "FR":
        if not re.fullmatch(r"[0-9A-HJ-NP-Z]{2}\d{9}", rest):
            raise ValidationError(field, N_("A French VAT number is FR, a 2-character key and the 9-digit SIREN."))
        key, siren = rest[:2], rest[2:]
        if not luhn_valid(siren):
            raise ValidationError(field, N_("The SIREN in this VAT number is not valid."))
        if key.isdigit() and int(key) != (12 + 3 * (int(siren) % 97)) % 97:
            raise ValidationError(field, N_("This VAT number does not match its SIREN (check key)."))
        return text
    if country not in EU_VAT_COUNTRIES or not re.fullmatch(r"[0-9A-Z+*]{2,13}", rest):
        raise ValidationError(field, N_("Enter a VAT number starting with its country code, like FR44732829320."))
    return text


def validate_postcode(value: Any, country: str | None = "FR", field: str = "postal_code") -> str | None:
    """Check a postcode: 5 digits in France, free text of up to 12 characters elsewhere.

    Args:
        value: The raw postcode.
        country: ``"FR"``, ``"France"`` or empty for France; any other country name or code.
        field: The field's name.

    Returns:
        The postcode without spaces (France) or with single spaces, in capitals (elsewhere).
    """
    if is_empty(value):
        return None
    if is_france(country):
        text = _digits_only(value)
        if not re.fullmatch(r"\d{5}", text) or text.startswith("00"):
            raise ValidationError(field, N_("A French postcode has 5 digits, like 75008."))
        return text
    text = _SPACES.sub(" ", _text(value)).upper()
    if len(text) > 12:
        raise ValidationError(field, N_("A postcode has at most 12 characters."))
    return text


# Country calling codes are prefix-free: 1 and 7 have one digit, these two, all others three.
_TWO_DIGIT_CALLING_CODES = frozenset(
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split()
)


def _calling_code(digits: str) -> str:
    if digits[0] in "17":
        return digits[0]
    return digits[:2] if digits[:2] in _TWO_DIGIT_CALLING_CODES else digits[:3]


def validate_phone(value: Any, country: str | None = "FR", field: str = "phone") -> str | None:
    """Check a phone number: French national (``01 23 45 67 89``), ``+33`` or international form.

    Args:
        value: The raw number; spaces, dots, dashes, brackets and ``(0)`` are ignored; ``00`` means ``+``.
        country: The country of the number when it has no ``+`` prefix; national numbers are only
            understood for France.
        field: The field's name.

    Returns:
        ``+33 1 23 45 67 89`` for French numbers, ``+CC digits`` (e.g. ``+49 30123456``) otherwise.
    """
    if is_empty(value):
        return None
    error = ValidationError(field, N_("Enter a valid phone number, like 01 23 45 67 89 or +33 1 23 45 67 89."))
    text = re.sub(r"[\s\u00a0\u202f.\-/]|\(0\)", "", _text(value)).replace("(", "").replace(")", "")
    if text.startswith("00"):
        text = "+" + text[2:]
    international = text.startswith("+")
    digits = text[1:] if international else text
    if not digits.isdigit() or not digits.isascii():
        raise error
    if not international:
        if not is_france(country):
            raise ValidationError(
                field, N_("Enter the number in international format, starting with + and the country code.")
            )
        if not re.fullmatch(r"0[1-9]\d{8}", digits):
            raise error
        digits = "33" + digits[1:]
    if digits.startswith("33"):
        national = digits[2:]
        if len(national) == 10 and national.startswith("0"):
            national = national[1:]
        if not re.fullmatch(r"[1-9]\d{8}", national):
            raise error
        pairs = " ".join(national[i : i + 2] for i in range(1, 9, 2))
        return f"+33 {national[0]} {pairs}"
    if not 8 <= len(digits) <= 15 or digits[0] == "0":
        raise error
    code = _calling_code(digits)
    return f"+{code} {digits[len(code) :]}"
