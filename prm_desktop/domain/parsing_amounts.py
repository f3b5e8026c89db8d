"""The one amount parser of the app: forms, imports and the CLI read euros through it.

Which character separates decimals is decided by the caller, never guessed per value:

- a form reads numbers in the interface language: :func:`form_decimal` (``","`` in French, where
  ``1,5`` is 1.5 and ``1 234,5`` is 1234.5; ``"."`` in English, where ``1,234.5`` is 1234.5);
- an import decides per column, from all the column's values (formats.md §4):
  :func:`detect_decimal_separator`.

Spaces (also no-break U+00A0, narrow no-break U+202F and thin U+2009) and apostrophes group thousands;
the other separator than the decimal one may group thousands too, by three. Errors are
:class:`~prm_desktop.domain.validation.ValidationError` for the field ``"amount"`` (the import adds
the line and the column, a form shows the message under its field); every message names the
expected form in the separator's style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_decimal_symbol

from prm_desktop.domain.formatting import babel_locale
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.validation import ValidationError, is_empty

__all__ = [
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "detect_decimal_separator",
    "form_decimal",
    "parse_amount",
]

#: Digits an amount may have before its decimal separator (up to 999 999 999 999 999).
MAX_INTEGER_DIGITS = 15
#: Digits an amount written as text may have after its decimal separator.
MAX_DECIMALS = 10

# Group separators people and spreadsheets write between thousands: space, no-break space (U+00A0),
# narrow no-break space (U+202F), thin space (U+2009), apostrophe (Swiss).
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009'’]+")
_CURRENCY = re.compile(r"^(?:€|eur|euros?)\s*|\s*(?:€|eur|euros?)$", re.IGNORECASE)
_NUMBER_CHARS = re.compile(r"^\d[\d.,_]*$|^[.,]\d+$")

_FIELD = "amount"
_NOT_AN_AMOUNT = N_('"{value}" is not an amount (expected e.g. {example})')
_AMBIGUOUS = N_(
    '"{value}" is ambiguous: the column does not show whether {sep} separates decimals or thousands; '
    "write e.g. 1234.00 or 1 234,00"
)
_WRONG_SEPARATOR = N_('"{value}" does not fit the decimal separator ({sep}); write e.g. {example}')
_BAD_GROUPS = N_('"{value}": thousands must be grouped by three digits; write e.g. {example}')
_TOO_LARGE = N_('"{value}" is too large for an amount (at most {digits} digits before the decimal separator)')
_TOO_PRECISE = N_('"{value}" has too many decimals (at most {digits})')
_NEGATIVE = N_("The amount cannot be negative.")
_EXAMPLES = {",": "1 234,50", ".": "1,234.50", None: N_("1234.50 or 1 234,50 €")}


def form_decimal(lang: str | None = None) -> str:
    """The decimal separator forms read numbers with: the interface language's (CLDR).

    Args:
        lang: ``"fr"`` or ``"en"`` (default: the current language).

    Returns:
        ``","`` in French, ``"."`` in English.
    """
    return get_decimal_symbol(babel_locale(lang))


def _error(message: str, value: Any, decimal: str | None, **params: Any) -> ValidationError:
    example = _EXAMPLES[decimal] if decimal else _(_EXAMPLES[None])  # the message is read at once
    return ValidationError(_FIELD, message, value=value, example=example, **params)


def _strip_amount(text: str) -> tuple[bool, str]:
    """Split an amount into (negative, digits and separators with space groupings written ``_``)."""
    s = text.strip().replace("\u2212", "-")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s, currencies = _CURRENCY.subn("", s, count=1)
    s = s.strip()
    if s.startswith(("-", "+")):
        negative, s = negative or s[0] == "-", s[1:].strip()
        if not currencies:
            s = _CURRENCY.sub("", s, count=1).strip()
    return negative, _GROUP_SPACES.sub("_", s)


def _vote(text: str) -> str | None:
    """The decimal separator a single value shows, or None when it shows none or is ambiguous."""
    _neg, s = _strip_amount(text)
    if not _NUMBER_CHARS.match(s):
        return None
    spaced, s = "_" in s, s.replace("_", "")
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        return "." if s.rfind(".") > s.rfind(",") else ","
    if not (has_dot or has_comma):
        return None
    sep = "." if has_dot else ","
    other = "," if sep == "." else "."
    if s.count(sep) > 1:
        return other  # "1,234,567": the separator groups thousands
    if spaced:
        return sep  # "1 234,5": spaces group thousands, so the comma is the decimal separator
    return None if len(s) - s.index(sep) - 1 == 3 else sep  # "1,234" says nothing


def detect_decimal_separator(values: Iterable[Any]) -> str | None:
    """Decide the decimal separator of an imported amount column from all its values.

    Values that show their separator vote (``1 234,50``, ``1234.5``, ``1,234,567.00``); values such as
    ``1,234`` or ``1.234`` (one separator followed by three digits) and whole numbers do not. Numbers
    read from an XLSX file (not strings) are ignored.

    Args:
        values: The cells of the column.

    Returns:
        ``"."`` or ``","`` (the majority of the votes), or None when the values do not tell (no votes
        or a tie): then :func:`parse_amount` refuses values like ``1,234`` as ambiguous.
    """
    votes = {".": 0, ",": 0}
    for value in values:
        if isinstance(value, str):
            vote = _vote(value)
            if vote:
                votes[vote] += 1
    if votes["."] == votes[","]:
        return None
    return "." if votes["."] > votes[","] else ","


def _grouped(integer_part: str, group: str) -> str | None:
    """Remove ``group`` separators from an integer part if they group by three, else None."""
    if group not in integer_part and "_" not in integer_part:
        return integer_part
    head, *tail = re.split(f"[_{re.escape(group)}]", integer_part)
    if not head or len(head) > 3 or any(len(t) != 3 for t in tail):
        return None
    return head + "".join(tail)


def _checked(amount: Decimal, value: Any, decimal: str | None, allow_negative: bool) -> Decimal:
    """Refuse an amount that is not finite, too large or (when not allowed) negative."""
    if not amount.is_finite():
        raise _error(_NOT_AN_AMOUNT, value, decimal)
    if abs(amount) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise _error(_TOO_LARGE, value, decimal, digits=MAX_INTEGER_DIGITS)
    if amount < 0 and not allow_negative:
        raise ValidationError(_FIELD, _NEGATIVE)
    return amount


def parse_amount(value: Any, decimal: str | None, *, allow_negative: bool = True) -> Decimal | None:
    """Parse an amount in euros: ``1234.5``, ``1 234,50``, ``1 234,50 €``, ``-1 234,50``, ``(1 234,50)``.

    ``€``/``EUR`` may come before or after; a minus sign (also U+2212) or parentheses make it
    negative (credit notes). A number (from an XLSX cell) is taken as it is.

    Args:
        value: The text typed or read from the cell, or a number.
        decimal: The decimal separator: :func:`form_decimal` in a form,
            :func:`detect_decimal_separator` of the column in an import (None when the column does not
            tell; a value with one separator followed by three digits is then ambiguous).
        allow_negative: Whether a negative amount is accepted (revenue lines: yes; targets: no).

    Returns:
        The amount, or None when the value is empty.

    Raises:
        ValidationError: When the value is unreadable, ambiguous, written with the other decimal
            separator, not finite (``inf``, ``nan``), too large (more than
            :data:`MAX_INTEGER_DIGITS` digits before the separator), with more than
            :data:`MAX_DECIMALS` decimals, or negative when not allowed.
    """
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise _error(_NOT_AN_AMOUNT, value, decimal)
    if isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - str() of a number always parses
            raise _error(_NOT_AN_AMOUNT, value, decimal) from None
        return _checked(amount, value, decimal, allow_negative)
    text = str(value).strip()
    negative, s = _strip_amount(text)
    if not _NUMBER_CHARS.match(s):
        raise _error(_NOT_AN_AMOUNT, text, decimal)
    sep = decimal
    if sep is None:
        sep = _vote(text)
        if sep is None and re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
            raise ValidationError(_FIELD, _AMBIGUOUS, value=text, sep=s[-4])
        sep = sep or "."
    group = "," if sep == "." else "."
    integer_part, _sep, fraction = s.partition(sep)
    if fraction and not fraction.isdigit():
        raise _error(_WRONG_SEPARATOR, text, decimal, sep=sep)
    integer = _grouped(integer_part, group) if integer_part else "0"
    if integer is None:
        wrong = group in integer_part and re.search(rf"\{group}\d{{1,2}}$|\{group}\d{{4,}}$", integer_part)
        raise _error(_WRONG_SEPARATOR if wrong else _BAD_GROUPS, text, decimal, sep=sep)
    if len(integer.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise _error(_TOO_LARGE, text, decimal, digits=MAX_INTEGER_DIGITS)
    if len(fraction) > MAX_DECIMALS:
        raise _error(_TOO_PRECISE, text, decimal, digits=MAX_DECIMALS)
    amount = Decimal(f"{integer}.{fraction}" if fraction else integer)
    return _checked(-amount if negative else amount, text, decimal, allow_negative)
