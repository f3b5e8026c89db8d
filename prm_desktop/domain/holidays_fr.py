"""French public holidays (jours fériés, metropolitan France), computed without I/O."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

__all__ = ["easter_sunday", "french_holidays", "is_french_holiday"]


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
