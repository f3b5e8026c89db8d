"""Fiscal quarters: parsing, date arithmetic and revenue windows.

Naming convention for fiscal years: a fiscal year is named after the calendar year in which it
**starts**. With ``fiscal_start_month=4``, fiscal year 2026 runs from 2026-04-01 to 2027-03-31, so
``2026-Q1`` is April–June 2026 and ``2026-Q4`` is January–March 2027. With the default start month 1
fiscal quarters are calendar quarters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.validation import ValidationError

__all__ = ["Quarter", "parse_quarter", "quarter_of", "revenue_window"]

_YEAR_FIRST = re.compile(r"^(\d{4})-?[QT]([1-4])$")
_QUARTER_FIRST = re.compile(r"^[QT]([1-4])-?(\d{4})$")
_SPACES = re.compile(r"\s+")


def _check_start_month(fiscal_start_month: int) -> None:
    if not 1 <= fiscal_start_month <= 12:
        raise ValueError(f"fiscal_start_month must be between 1 and 12, got {fiscal_start_month}")


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """A fiscal quarter ``q`` (1–4) of fiscal year ``year``.

    Quarters order chronologically (by year, then quarter). ``str()`` gives ``"2026-Q1"``.
    """

    year: int
    q: int

    def __post_init__(self) -> None:
        if not 1 <= self.q <= 4:
            raise ValueError(f"quarter number must be between 1 and 4, got {self.q}")

    def __str__(self) -> str:
        return f"{self.year}-Q{self.q}"

    @property
    def index(self) -> int:
        """Absolute quarter number (``year * 4 + q - 1``), handy for arithmetic."""
        return self.year * 4 + self.q - 1

    def shift(self, n: int) -> Quarter:
        """Return the quarter ``n`` quarters later (earlier when ``n`` is negative)."""
        year, q0 = divmod(self.index + n, 4)
        return Quarter(year, q0 + 1)

    def start_date(self, fiscal_start_month: int = 1) -> date:
        """First day of the quarter for fiscal years starting in ``fiscal_start_month``."""
        _check_start_month(fiscal_start_month)
        months = self.year * 12 + (fiscal_start_month - 1) + (self.q - 1) * 3
        year, month0 = divmod(months, 12)
        return date(year, month0 + 1, 1)

    def end_date(self, fiscal_start_month: int = 1) -> date:
        """Last day of the quarter for fiscal years starting in ``fiscal_start_month``."""
        return self.shift(1).start_date(fiscal_start_month) - timedelta(days=1)

    def contains(self, d: date, fiscal_start_month: int = 1) -> bool:
        """Whether ``d`` falls in this quarter."""
        return quarter_of(d, fiscal_start_month) == self


_NOT_A_QUARTER = N_('"{value}" is not a quarter (expected e.g. 2026-Q1, 2026Q1, T1 2026 or Q1 2026)')


def parse_quarter(text: Any, field: str = "quarter") -> Quarter:
    """Parse a quarter written as ``2026-Q1``, ``2026Q1``, ``T1 2026``, ``Q1 2026`` or ``2026 T1``.

    The one quarter parser of forms, imports and the CLI. Case and spaces are ignored (``t1 2026``
    and ``2026 - q1`` are accepted too).

    Args:
        text: The text to parse.
        field: The field named by the error.

    Returns:
        The quarter.

    Raises:
        ValidationError: (a ``ValueError``) When the text is not a quarter in one of the accepted
            forms; the message is translated and names them.
    """
    compact = _SPACES.sub("", str(text)).upper()
    match = _YEAR_FIRST.match(compact)
    if match:
        return Quarter(int(match.group(1)), int(match.group(2)))
    match = _QUARTER_FIRST.match(compact)
    if match:
        return Quarter(int(match.group(2)), int(match.group(1)))
    raise ValidationError(field, _NOT_A_QUARTER, value=str(text).strip())


def quarter_of(d: date, fiscal_start_month: int = 1) -> Quarter:
    """Return the fiscal quarter containing ``d``.

    The fiscal year is named after the calendar year in which it starts: with
    ``fiscal_start_month=4``, 2027-02-10 is in ``2026-Q4`` and 2026-04-01 in ``2026-Q1``.

    Args:
        d: The date.
        fiscal_start_month: Month (1–12) in which fiscal years start.

    Returns:
        The quarter containing ``d``.
    """
    _check_start_month(fiscal_start_month)
    offset = (d.month - fiscal_start_month) % 12
    year = d.year if d.month >= fiscal_start_month else d.year - 1
    return Quarter(year, offset // 3 + 1)


def revenue_window(d: date, quarters: int, fiscal_start_month: int = 1) -> list[Quarter]:
    """Return the ``quarters`` fiscal quarters ending with the one containing ``d``, oldest first.

    Args:
        d: The evaluation date.
        quarters: Number of quarters in the window (≥ 1).
        fiscal_start_month: Month (1–12) in which fiscal years start.

    Returns:
        The quarters of the window in chronological order.

    Raises:
        ValueError: When ``quarters`` is less than 1.
    """
    if quarters < 1:
        raise ValueError(f"a revenue window needs at least one quarter, got {quarters}")
    last = quarter_of(d, fiscal_start_month)
    return [last.shift(-i) for i in range(quarters - 1, -1, -1)]
