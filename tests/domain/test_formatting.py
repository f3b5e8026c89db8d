from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.formatting import (
    babel_locale,
    format_date,
    format_datetime,
    format_money,
    format_number,
)
from prm_desktop.domain.i18n import set_language

NNBSP = "\u202f"  # NARROW NO-BREAK SPACE: French digit groups
NBSP = "\u00a0"  # NO-BREAK SPACE: before € in French


def test_code_points_are_what_we_think() -> None:
    assert NNBSP == "\N{NARROW NO-BREAK SPACE}"
    assert NBSP == "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("amount", "decimals", "fr", "en"),
    [
        (Decimal("1234567.89"), 2, "1\u202f234\u202f567,89\u00a0€", "€1,234,567.89"),
        (1234567.89, 2, "1\u202f234\u202f567,89\u00a0€", "€1,234,567.89"),
        (190000, 0, "190\u202f000\u00a0€", "€190,000"),
        (190000, 2, "190\u202f000,00\u00a0€", "€190,000.00"),
        (Decimal("999.5"), 0, "1\u202f000\u00a0€", "€1,000"),  # half up
        (Decimal("0.005"), 2, "0,01\u00a0€", "€0.01"),
        (0, 2, "0,00\u00a0€", "€0.00"),
        (Decimal("-1234.5"), 2, "-1\u202f234,50\u00a0€", "-€1,234.50"),
    ],
)
def test_format_money(amount: Decimal, decimals: int, fr: str, en: str) -> None:
    assert format_money(amount, "fr", decimals=decimals) == fr
    assert format_money(amount, "en", decimals=decimals) == en


def test_format_money_uses_the_current_language() -> None:
    assert format_money(Decimal("1234567.89")) == "€1,234,567.89"
    set_language("fr")
    assert format_money(Decimal("1234567.89")) == "1\u202f234\u202f567,89\u00a0€"
    assert format_money(None) == ""


def test_french_money_has_no_plain_spaces() -> None:
    text = format_money(Decimal("1234567.89"), "fr")
    assert [hex(ord(c)) for c in text if not c.isdigit()] == ["0x202f", "0x202f", "0x2c", "0xa0", "0x20ac"]


@pytest.mark.parametrize(
    ("x", "decimals", "fr", "en"),
    [
        (Decimal("1234567.89"), None, "1\u202f234\u202f567,89", "1,234,567.89"),
        (1234567, None, "1\u202f234\u202f567", "1,234,567"),
        (1234567, 2, "1\u202f234\u202f567,00", "1,234,567.00"),
        (Decimal("2.5"), 0, "3", "3"),
        (0.125, 2, "0,13", "0.13"),
        (1234.5678, 1, "1\u202f234,6", "1,234.6"),
        (-1234, None, "-1\u202f234", "-1,234"),
        (12, None, "12", "12"),
    ],
)
def test_format_number(x: Decimal | int | float, decimals: int | None, fr: str, en: str) -> None:
    assert format_number(x, "fr", decimals=decimals) == fr
    assert format_number(x, "en", decimals=decimals) == en


def test_format_number_none() -> None:
    assert format_number(None) == ""


def test_format_date() -> None:
    d = date(2026, 6, 15)
    assert format_date(d, "fr") == "15 juin 2026"
    assert format_date(d, "en") == "15 Jun 2026"
    assert format_date(d, "fr", style="short") == "15/06/2026"
    assert format_date(d, "en", style="short") == "15/06/2026"
    assert format_date(d, "fr", style="long") == "15 juin 2026"
    assert format_date(d, "en", style="full") == "Monday, 15 June 2026"
    assert format_date(d, "fr", style="full") == "lundi 15 juin 2026"
    assert format_date(datetime(2026, 6, 15, 23, 0), "fr") == "15 juin 2026"
    assert format_date(None) == ""
    set_language("fr")
    assert format_date(d) == "15 juin 2026"


def test_format_datetime_in_a_zone() -> None:
    moment = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    assert format_datetime(moment, "Europe/Paris", "fr") == "15 juin 2026, 14:00"
    assert format_datetime(moment, "Europe/Paris", "en") == "15 Jun 2026, 14:00"
    assert format_datetime(moment, ZoneInfo("America/New_York"), "en") == "15 Jun 2026, 08:00"
    assert format_datetime(moment, "Europe/Paris", "fr", style="short") == "15/06/2026 14:00"
    assert format_datetime(moment, "Europe/Paris", "fr", seconds=True) == "15 juin 2026, 14:00:00"


def test_format_datetime_naive_is_utc_and_zone_changes_the_day() -> None:
    assert format_datetime(datetime(2026, 1, 1, 23, 30), "Europe/Paris", "fr") == "2 janv. 2026, 00:30"
    assert format_datetime(datetime(2026, 1, 1, 23, 30), None, "en") == "1 Jan 2026, 23:30"
    plus_two = timezone(timedelta(hours=2))
    assert format_datetime(datetime(2026, 1, 1, 23, 30, tzinfo=plus_two), "UTC", "en") == "1 Jan 2026, 21:30"
    assert format_datetime(None, "Europe/Paris") == ""


def test_babel_locale() -> None:
    assert babel_locale("fr") == "fr_FR"
    assert babel_locale("en") == "en_GB"
    assert babel_locale("xx") == "en_GB"
    set_language("fr")
    assert babel_locale() == "fr_FR"


@given(st.integers(min_value=-10**3, max_value=10**13) | st.floats(min_value=-1e6, max_value=1e12),
       st.sampled_from(["fr", "en"]))  # fmt: skip
def test_whole_amounts_are_formatted_exactly_as_babel_does(amount: float, lang: str) -> None:
    """The quick path for whole euros and whole numbers gives Babel's text, character for character."""
    from prm_desktop.domain import formatting

    name = formatting.babel_locale(lang)
    rounded = formatting._round(amount, 0)
    assert format_money(amount, lang, decimals=0) == formatting._babel_money(rounded, name, 0)
    if isinstance(amount, int):
        expected = formatting.format_decimal(Decimal(amount), format="#,##0", locale=formatting._locale(name))
        assert format_number(amount, lang, decimals=0) == formatting._finish(expected, lang)
