"""French public holidays (jours fériés, metropolitan France), computed without I/O."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from prm_desktop.domain.i18n import N_

__all__ = ["easter_sunday", "french_holiday_name", "french_holiday_names", "french_holidays", "is_french_holiday"]

#: (month, day) of the fixed holidays → name (English source, translated where shown).
_FIXED_NAMES = {(1, 1): N_("New Year's Day"), (5, 1): N_("Labour Day"), (5, 8): N_("Victory in Europe Day"),
                (7, 14): N_("Bastille Day"), (8, 15): N_("Assumption Day"), (11, 1): N_("All Saints' Day"),
                (11, 11): N_("Armistice Day"), (12, 25): N_("Christmas Day")}  # fmt: skip
#: Days after Easter Sunday → name.
_EASTER_NAMES = {1: N_("Easter Monday"), 39: N_("Ascension Day"), 50: N_("Whit Monday")}


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def french_holidays(year: int) -> frozenset[date]:
    """The eleven public holidays of metropolitan France in ``year``.

    Fixed: 1 January, 1 May, 8 May, 14 July, 15 August, 1 November, 11 November, 25 December;
    from Easter: Easter Monday, Ascension (Easter + 39 days), Whit Monday (Easter + 50 days).
    """
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    days = {date(year, m, d) for m, d in fixed}
    days.update(easter + timedelta(days=n) for n in (1, 39, 50))
    return frozenset(days)


def is_french_holiday(day: date) -> bool:
    """Whether ``day`` is a French public holiday."""
    return day in french_holidays(day.year)


@lru_cache(maxsize=64)
def french_holiday_names(year: int) -> dict[date, str]:
    """The public holidays of ``year`` with their names (English source strings; translate them to show)."""
    easter = easter_sunday(year)
    names = {date(year, m, d): name for (m, d), name in _FIXED_NAMES.items()}
    names.update({easter + timedelta(days=n): name for n, name in _EASTER_NAMES.items()})
    return names


def french_holiday_name(day: date) -> str | None:
    """The name of the public holiday on ``day`` (English source string), or None."""
    return french_holiday_names(day.year).get(day)
