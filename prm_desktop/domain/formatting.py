"""Dates, numbers and euros formatted with Babel (CLDR) in the current or a given language.

French output uses U+202F NARROW NO-BREAK SPACE to group digits and U+00A0 NO-BREAK SPACE before
``€`` (``1 234 567,89 €``); English output is ``€1,234,567.89``. These are display strings: exports
write plain numbers.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.dates import format_time as _babel_format_time
from babel.dates import get_datetime_format
from babel.numbers import NumberPattern, format_currency, format_decimal, parse_pattern

from prm_desktop.domain.i18n import get_language, normalize_language

__all__ = [
    "BABEL_LOCALES",
    "babel_locale",
    "format_date",
    "format_datetime",
    "format_money",
    "format_number",
]

#: The CLDR locale used for each language of the app.
BABEL_LOCALES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}

NNBSP = "\u202f"
NBSP = "\u00a0"

Number = Decimal | int | float


def babel_locale(lang: str | None = None) -> str:
    """Return the CLDR locale name for ``lang`` (default: the current language)."""
    return BABEL_LOCALES[normalize_language(lang or get_language())]


# Formatting runs for every cell painted: CLDR locales and number patterns are parsed once each.
@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def _babel(lang: str | None) -> Locale:
    return _locale(babel_locale(lang))


@lru_cache(maxsize=64)
def _number_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


@lru_cache(maxsize=16)
def _money_pattern(name: str, decimals: int) -> NumberPattern:
    standard = _locale(name).currency_formats["standard"].pattern
    fraction = "." + "0" * decimals if decimals > 0 else ""
    return parse_pattern(re.sub(r"0(?:\.0+)?(?=[^0#.,]|$)", "0" + fraction, standard))


_DIGIT_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d)")
_BEFORE_EURO = re.compile(r"[ \u202f\u00a0]€")


def _normalise_fr(text: str) -> str:
    # Digit groups: narrow no-break space whatever space the CLDR data uses; before €: no-break space.
    text = _DIGIT_GROUP.sub(NNBSP, text)
    return _BEFORE_EURO.sub(NBSP + "€", text)


def _finish(text: str, lang: str | None) -> str:
    return _normalise_fr(text) if normalize_language(lang or get_language()) == "fr" else text


def format_date(d: date | datetime | None, lang: str | None = None, style: str = "medium") -> str:
    """Format a date.

    Args:
        d: The date (for a datetime, its own date part); None gives an empty string.
        lang: ``"fr"`` or ``"en"``; default the current language.
        style: ``"short"``, ``"medium"``, ``"long"``, ``"full"`` or a CLDR pattern.

    Returns:
        E.g. ``15 juin 2026`` / ``15 Jun 2026`` (medium), ``15/06/2026`` (short).
    """
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.date()
    return _cached_date(d, babel_locale(lang), style)


@lru_cache(maxsize=4096)
def _cached_date(d: date, name: str, style: str) -> str:
    # A list repaints the same few thousand dates over and over: each is formatted by Babel once.
    return _babel_format_date(d, style, locale=_locale(name))


def _zone(tz: tzinfo | str | None) -> tzinfo:
    if tz is None:
        return UTC
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def format_datetime(
    dt: datetime | None,
    tz: tzinfo | str | None,
    lang: str | None = None,
    style: str = "medium",
    seconds: bool = False,
) -> str:
    """Format a moment in a time zone.

    Args:
        dt: The moment; a naive datetime is taken as UTC. None gives an empty string.
        tz: The IANA zone name (``"Europe/Paris"``) or tzinfo to show it in; None means UTC.
        lang: ``"fr"`` or ``"en"``; default the current language.
        style: The date style (``"short"``, ``"medium"``, ``"long"``, ``"full"``).
        seconds: Show seconds.

    Returns:
        E.g. ``15 juin 2026, 14:00`` / ``15 Jun 2026, 14:00``.
    """
    if dt is None:
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    local = dt.astimezone(_zone(tz))
    loc = _babel(lang)
    time_text = _babel_format_time(local, "medium" if seconds else "short", tzinfo=local.tzinfo, locale=loc)
    date_text = _babel_format_date(local.date(), style, locale=loc)
    pattern = str(get_datetime_format(style, locale=loc))
    return pattern.replace("'", "").replace("{0}", time_text).replace("{1}", date_text)


def _to_decimal(x: Number) -> Decimal:
    return Decimal(str(x)) if isinstance(x, float) else Decimal(x)


def _round(x: Number, decimals: int) -> Decimal:
    return _to_decimal(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(x: Number | None, lang: str | None = None, decimals: int | None = None) -> str:
    """Format a number with the language's separators.

    Args:
        x: The number; None gives an empty string.
        lang: ``"fr"`` or ``"en"``; default the current language.
        decimals: Exact number of decimals (rounded half up); None: as needed, at most 3.

    Returns:
        E.g. ``1 234 567,89`` (U+202F groups) / ``1,234,567.89``.
    """
    if x is None:
        return ""
    if decimals == 0 and type(x) is int and x >= 0:
        return _whole(x, _whole_shape(babel_locale(lang), None))
    loc = _babel(lang)
    if decimals is None:
        text = format_decimal(_to_decimal(x), locale=loc)
    else:
        pattern = _number_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))
        text = format_decimal(_round(x, decimals), format=pattern, locale=loc)
    return _finish(text, lang)


def format_money(amount: Number | None, lang: str | None = None, decimals: int = 2, currency: str = "EUR") -> str:
    """Format an amount of money (in euros unless ``currency`` says otherwise).

    Args:
        amount: The amount; None gives an empty string.
        lang: ``"fr"`` or ``"en"``; default the current language.
        decimals: Number of decimals shown, 0 or 2 (rounded half up).
        currency: ISO code of the amount's currency (its symbol is shown).

    Returns:
        E.g. ``1 234 567,89 €`` (U+202F groups, U+00A0 before €) / ``€1,234,567.89``;
        ``190 000 €`` / ``€190,000`` with ``decimals=0``; ``190 000 $US`` / ``$190,000`` in USD.
    """
    if amount is None:
        return ""
    name = babel_locale(lang)
    rounded = _round(amount, decimals)
    if decimals == 0 and not rounded.is_signed():
        return _whole(int(rounded), _whole_shape(name, currency))
    return _babel_money(rounded, name, decimals, currency)


def _babel_money(rounded: Decimal, name: str, decimals: int, currency: str = "EUR") -> str:
    loc, pattern = _locale(name), _money_pattern(name, decimals)
    text = format_currency(rounded, currency, format=pattern, locale=loc, currency_digits=False)
    return _finish(text, name.split("_")[0])


@lru_cache(maxsize=8)
def _whole_shape(name: str, currency: str | None) -> tuple[str, str, str]:
    """(prefix, digit group separator, suffix) of a whole number in ``name``, read off Babel's output once.

    Both locales group digits by three: ``1 234 567 €`` gives ``("", NNBSP, NBSP + "€")``.
    """
    sample = (_babel_money(Decimal(1234567), name, 0, currency) if currency
              else _finish(format_decimal(1234567, format=_number_pattern("#,##0"), locale=_locale(name)),
                           name.split("_")[0]))  # fmt: skip
    first = sample.index("1")
    last = sample.rindex("7")
    return sample[:first], sample[first + 1], sample[last + 1:]


def _whole(n: int, shape: tuple[str, str, str]) -> str:
    """A non-negative whole number in a shape of `_whole_shape` (what Babel gives, without Babel per call)."""
    prefix, group, suffix = shape
    return prefix + (f"{n:,}".replace(",", group) if n >= 1000 else str(n)) + suffix
