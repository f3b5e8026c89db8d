"""Periods of metric values: a month, a fiscal quarter or a fiscal year, as calendar dates.

Accepted forms (case and spaces ignored): ``2026-03`` or ``03/2026`` (a month); ``2026-Q1``,
``Q1 2026``, ``T1 2026`` (a fiscal quarter of the program); ``FY2026``, ``FY26``, ``EX2026`` (a fiscal
year of the program, named after the calendar year it **starts** in, like quarters). The period is
stored with the calendar dates it covers, so a program with another fiscal calendar reads the same
days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.evaluation_index import add_months
from prm_desktop.domain.i18n import N_
from prm_desktop.domain.quarters import parse_quarter
from prm_desktop.domain.validation import ValidationError

__all__ = ["Period", "parse_period"]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_FIRST = re.compile(r"^(\d{1,2})/(\d{4})$")
_FISCAL_YEAR = re.compile(r"^(?:FY|EX|AF)-?(\d{2}|\d{4})$")
_NOT_A_PERIOD = N_('"{value}" is not a period (expected a month such as 2026-03, a quarter such as 2026-Q1 '
                   "or a fiscal year such as FY2026)")


@dataclass(frozen=True, slots=True)
class Period:
    """A period as stored: its label (``2026-03``, ``2026-Q1``, ``FY2026``) and its first and last days."""

    label: str
    start: date
    end: date


def parse_period(text: Any, fiscal_start_month: int = 1, field: str = "period") -> Period:
    """Read a period; quarters and fiscal years follow the program's fiscal calendar.

    Raises:
        ValidationError: (a ``ValueError``) With a translated message naming the accepted forms.
    """
    if isinstance(text, date):
        return Period(f"{text.year}-{text.month:02d}", date(text.year, text.month, 1),
                      add_months(date(text.year, text.month, 1), 1) - timedelta(days=1))
    compact = re.sub(r"\s+", "", str(text)).upper()
    match = _MONTH.match(compact) or _MONTH_FIRST.match(compact)
    if match:
        year, month = (int(match.group(1)), int(match.group(2))) if match.re is _MONTH else (
            int(match.group(2)), int(match.group(1)))
        if 1 <= month <= 12:
            start = date(year, month, 1)
            return Period(f"{year}-{month:02d}", start, add_months(start, 1) - timedelta(days=1))
    match = _FISCAL_YEAR.match(compact)
    if match:
        year = int(match.group(1))
        year = year + 2000 if year < 100 else year
        start = date(year, fiscal_start_month, 1)
        return Period(f"FY{year}", start, add_months(start, 12) - timedelta(days=1))
    try:
        quarter = parse_quarter(compact, field)
    except ValueError:
        raise ValidationError(field, _NOT_A_PERIOD, value=str(text).strip()[:40]) from None
    return Period(str(quarter), quarter.start_date(fiscal_start_month), quarter.end_date(fiscal_start_month))
