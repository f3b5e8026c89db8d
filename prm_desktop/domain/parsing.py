"""One parser per value type, for every face of the app: forms, imports and the CLI.

- dates: :func:`parse_date` (``31/12/2026``, ``2026-12-31``; a time is refused, except midnight,
  which spreadsheets add to date cells);
- dates with a time: :func:`parse_datetime` (``31/12/2026 14:30``, ``2026-12-31T14:30``);
- amounts: :func:`parse_amount` with the decimal separator of a form (:func:`form_decimal`) or of an
  imported column (:func:`detect_decimal_separator`), see :mod:`prm_desktop.domain.parsing_amounts`;
- yes/no: :func:`parse_bool`;
- quarters: :func:`parse_quarter` (``2026-Q1``, ``T1 2026``…).

Each takes what a form, a CSV cell (text) or an XLSX cell (a number, a date) gives, returns the value
(None for an empty value, False for an empty yes/no) or raises
:class:`~prm_desktop.domain.validation.ValidationError`, whose message (English source, French in
``resources/locale/fr/LC_MESSAGES/parsing.po``) quotes the value and names the expected form. A form
shows it under the field (``Validator.check`` renames the field), an import prefixes the line and
the column, the CLI prints it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.normalize import normalize_header
from prm_desktop.domain.parsing_amounts import detect_decimal_separator, form_decimal, parse_amount
from prm_desktop.domain.quarters import parse_quarter
from prm_desktop.domain.validation import ValidationError, is_empty

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "detect_decimal_separator",
    "form_decimal",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_quarter",
]

#: Years a date may have (a typo such as 0226 or 20026 is refused rather than stored).
MIN_YEAR, MAX_YEAR = 1900, 2199

_TIME = r"(?P<hour>\d{1,2})(?:[:hH](?P<minute>\d{2})|[hH])(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
_ZONE = r"(?P<zone>Z|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:(?:T|\s+)(?:{_TIME}){_ZONE})?$")
_DMY = re.compile(
    rf"^(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}})(?:\s+(?:à\s+|at\s+)?(?:{_TIME}))?$",
    re.IGNORECASE,
)
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?:\s.*)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")

_NOT_A_DATE = N_('"{value}" is not a date (expected dd/mm/yyyy or yyyy-mm-dd)')
_NO_SUCH_DATE = N_('"{value}" is not a valid date (expected dd/mm/yyyy or yyyy-mm-dd, day first)')
_TWO_DIGIT_YEAR = N_('two-digit year in "{value}": write the date as dd/mm/yyyy')
_YEAR_RANGE = N_('"{value}": the year must be between {first} and {last}')
_TIME_IN_DATE = N_('"{value}" has a time, but this field takes a date only: write {date}')
_NOT_A_DATETIME = N_('"{value}" is not a date and time (expected e.g. 31/12/2026 14:30 or 2026-12-31 14:30)')
_NO_TIME = N_('"{value}" has no time: add it, e.g. {value} 14:30')
_NO_SUCH_TIME = N_('"{value}" is not a valid time (hours 0 to 23, minutes 00 to 59)')
_NOT_A_BOOLEAN = N_('"{value}" is not yes or no (expected yes/no, oui/non, true/false, 1/0 or x/empty)')

_TRUE = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "x"})
_FALSE = frozenset({"no", "n", "non", "false", "faux", "0"})


def _split(value: Any, field: str, with_time: bool) -> tuple[date, time | None, tzinfo | None]:
    """Read text as a date and an optional time (and zone); ValidationError when it is neither."""
    text = _SPACES.sub(" ", str(value).strip())
    if _SHORT_YEAR.match(text):
        raise ValidationError(field, _TWO_DIGIT_YEAR, value=text)
    match = _ISO.match(text) or _DMY.match(text)
    if match is None:
        raise ValidationError(field, _NOT_A_DATETIME if with_time else _NOT_A_DATE, value=text)
    year, month, day = (int(match.group(k)) for k in ("year", "month", "day"))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(field, _YEAR_RANGE, value=text, first=MIN_YEAR, last=MAX_YEAR)
    try:
        day_value = date(year, month, day)
    except ValueError:
        raise ValidationError(field, _NO_SUCH_DATE, value=text) from None
    if match.group("hour") is None:
        return day_value, None, None
    hour, minute, second = (int(match.group(k) or 0) for k in ("hour", "minute", "second"))
    if hour > 23 or minute > 59 or second > 59:
        raise ValidationError(field, _NO_SUCH_TIME, value=text)
    zone = match.groupdict().get("zone")
    return day_value, time(hour, minute, second), _zone(zone) if zone else None



def _zone(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _short(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def parse_date(value: Any, field: str = "date") -> date | None:
    """Parse a date: ``31/12/2026`` (also ``31.12.2026``, ``31-12-2026``), ISO ``2026-12-31``, a date.

    A date field takes no time: ``2026-01-05 10:30`` is refused with a message giving the date to
    write instead. A time at midnight (``2026-01-05 00:00:00``: how spreadsheets write date cells) is
    accepted, and so is an XLSX date cell (a ``datetime`` at midnight). Two-digit years (``31/12/26``)
    are refused as ambiguous, years outside :data:`MIN_YEAR`–:data:`MAX_YEAR` as typos.

    Args:
        value: Text typed, a CSV cell, or a ``date``/``datetime`` from an XLSX cell.
        field: The field named by the error (forms rename it).

    Returns:
        The date, or None when the value is empty.

    Raises:
        ValidationError: When the value is not a date, not a real date, or has a time.
    """
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        if value.time() != time(0) or value.tzinfo is not None:
            shown = value.strftime("%d/%m/%Y %H:%M")
            raise ValidationError(field, _TIME_IN_DATE, value=shown, date=_short(value.date()))
        return value.date()
    if isinstance(value, date):
        return value
    day, moment, zone = _split(value, field, with_time=False)
    if moment is not None and (moment != time(0) or zone is not None):
        raise ValidationError(field, _TIME_IN_DATE, value=str(value).strip(), date=_short(day))
    return day


def parse_datetime(value: Any, field: str = "datetime") -> datetime | None:
    """Parse a date with a time: ``31/12/2026 14:30`` (also ``14h30``), ISO ``2026-12-31T14:30:00``.

    The result is a naive datetime (wall-clock time, the caller knows the zone), or an aware one when
    the text gives an offset (``2026-12-31T14:30:00Z``, ``+01:00``). A date without a time is refused.

    Args:
        value: Text typed, a CSV cell, or a ``datetime`` from an XLSX cell.
        field: The field named by the error (forms rename it).

    Returns:
        The date and time, or None when the value is empty.

    Raises:
        ValidationError: When the value is not a date and time, not a real one, or has no time.
    """
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        raise ValidationError(field, _NO_TIME, value=_short(value))
    day, moment, zone = _split(value, field, with_time=True)
    if moment is None:
        raise ValidationError(field, _NO_TIME, value=str(value).strip())
    return datetime.combine(day, moment, tzinfo=zone)


def parse_bool(value: Any, field: str = "boolean") -> bool:
    """Parse yes/no: yes/no, oui/non, true/false, vrai/faux, 1/0, x/empty (case and accents ignored).

    Args:
        value: Text, a CSV cell, or a bool or number from an XLSX cell.
        field: The field named by the error.

    Returns:
        The boolean (False when the value is empty).

    Raises:
        ValidationError: For any other value.
    """
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = normalize_header(str(value).strip())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValidationError(field, _NOT_A_BOOLEAN, value=value)
