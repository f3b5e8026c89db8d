"""Vendor calendars: revenue windows as vendors define them, and fiscal years named after their start or end.

Syntax (``[program]``, docs/program-format.md "Calendars and windows")::

    revenue_window = "trailing"              # N trailing quarters including the current one (default)
    revenue_window = "trailing_complete"     # N trailing quarters before the current one
    revenue_window = "previous_fiscal_year"  # the last complete fiscal year
    revenue_window = "trailing_months"       # with revenue_window_months = 12
    fiscal_year_named_by = "end"             # "FY27 Q1" is the first quarter of the year ending in 2027

Revenue is recorded by quarter, so a month window counts the quarters that start within its months
(a load warning says so, and so does the revenue gap's text).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from prm_desktop.domain.evaluation_model import Gap
from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program_validate import Checker
from prm_desktop.domain.quarters import Quarter, quarter_of, revenue_window

__all__ = [
    "WINDOWS",
    "CalendarRules",
    "FiscalLabel",
    "calendar_warnings",
    "month_window_gaps",
    "fiscal_label",
    "parse_calendar",
    "parse_fiscal_label",
    "resolve_fiscal_label",
    "window_quarters",
]

WINDOWS = ("trailing", "trailing_complete", "previous_fiscal_year", "trailing_months")
_NAMING = ("start", "end")
_FY_FIRST = re.compile(r"^FY'?(\d{2}|\d{4})[-/]?[QT]([1-4])$")
_QUARTER_FIRST = re.compile(r"^[QT]([1-4])[-/]?FY'?(\d{2}|\d{4})$")


@dataclass(frozen=True, slots=True)
class CalendarRules:
    """How the revenue window is cut and how fiscal years are named (``fy_named_by`` None = not said)."""

    window: str = "trailing"
    months: int | None = None
    fy_named_by: str | None = None


def parse_calendar(raw: dict[str, Any], line: int, check: Checker) -> CalendarRules | None:
    """The ``revenue_window``, ``revenue_window_months`` and ``fiscal_year_named_by`` keys of ``[program]``."""
    if not any(k in raw for k in ("revenue_window", "revenue_window_months", "fiscal_year_named_by")):
        return None
    window = raw.get("revenue_window", "trailing")
    if window not in WINDOWS:
        check.add(line, "program.revenue_window", N_("must be one of: {allowed}"), allowed=", ".join(WINDOWS))
        window = "trailing"
    months = None
    if window == "trailing_months":
        months = check.integer(raw, "revenue_window_months", "program", line, minimum=1, maximum=120, ranged=True)
    elif "revenue_window_months" in raw:
        check.add(line, "program.revenue_window_months",
                  N_('only with revenue_window = "trailing_months"'))
    naming = raw.get("fiscal_year_named_by")
    if naming is not None and naming not in _NAMING:
        check.add(line, "program.fiscal_year_named_by", N_("must be one of: {allowed}"), allowed=", ".join(_NAMING))
        naming = None
    return CalendarRules(window, months, naming)


def default_window_quarters(rules: CalendarRules | None) -> int | None:
    """``revenue_window_quarters`` implied by a window that does not need it (None when it is required)."""
    if rules is None or rules.window in ("trailing", "trailing_complete"):
        return None
    if rules.window == "previous_fiscal_year":
        return 4
    return max(1, math.ceil((rules.months or 3) / 3))


def window_quarters(program: Any, on: date) -> list[Quarter]:
    """The fiscal quarters whose revenue counts on ``on`` under the program's window, oldest first."""
    fsm = program.fiscal_year_start_month
    rules: CalendarRules | None = getattr(program, "calendar", None)
    if rules is None or rules.window == "trailing":
        return revenue_window(on, program.revenue_window_quarters, fsm)
    current = quarter_of(on, fsm)
    if rules.window == "trailing_complete":
        n = program.revenue_window_quarters
        return [current.shift(-i) for i in range(n, 0, -1)]
    if rules.window == "previous_fiscal_year":
        return [Quarter(current.year - 1, q) for q in range(1, 5)]
    # trailing_months: the quarters starting in the months (on included) that end on ``on``.
    months = rules.months or 3
    first_month = on.year * 12 + on.month - 1 - (months - 1)
    found = []
    q = current
    while True:
        start = q.start_date(fsm)
        if start.year * 12 + start.month - 1 < first_month:
            break
        found.append(q)
        q = q.shift(-1)
    return found[::-1]


def calendar_warnings(program: Any) -> list[tuple[str, dict[str, Any]]]:
    """Load warnings (English source text, parameters) about the program's calendar."""
    rules: CalendarRules | None = getattr(program, "calendar", None)
    if rules is not None and rules.window == "trailing_months":
        return [(N_("revenue is recorded by quarter: the {months}-month window counts the quarters that start "
                    "within its months"), {"months": rules.months})]
    return []


_MONTH_NOTE = {
    "fr": " (fenêtre de {months}\u00a0mois, CA compté par trimestre)",
    "en": " ({months}-month window, revenue counted by quarter)",
}


def month_window_gaps(program: Any, gaps: list[Gap]) -> list[Gap]:
    """Revenue gaps that say the month window is counted by quarter (other gaps unchanged)."""
    rules: CalendarRules | None = getattr(program, "calendar", None)
    if rules is None or rules.window != "trailing_months":
        return gaps
    return [replace(g, texts=(g.text_fr + _MONTH_NOTE["fr"].format(months=rules.months),
                              g.text_en + _MONTH_NOTE["en"].format(months=rules.months)))
            if g.missing == "revenue" else g for g in gaps]


@dataclass(frozen=True, slots=True)
class FiscalLabel:
    """A quarter written with a fiscal-year label (``FY27 Q1``), before the program says how to read it."""

    text: str
    year: int
    q: int


def parse_fiscal_label(text: str) -> FiscalLabel | None:
    """``FY27 Q1``, ``FY2027-Q1``, ``Q1 FY27`` (case and spaces ignored), or None."""
    compact = re.sub(r"\s+", "", str(text)).upper()
    match = _FY_FIRST.match(compact)
    if match:
        year, q = match.group(1), match.group(2)
    else:
        match = _QUARTER_FIRST.match(compact)
        if not match:
            return None
        q, year = match.group(1), match.group(2)
    value = int(year)
    return FiscalLabel(str(text).strip(), value + 2000 if value < 100 else value, int(q))


def resolve_fiscal_label(label: FiscalLabel, program: Any) -> Quarter | None:
    """The quarter a fiscal label names under the program (None when the program does not say).

    Quarters are stored with fiscal years named after their start: ``FY27 Q1`` of a program whose
    years are named after their end and start in July is ``2026-Q1`` (July–September 2026).
    """
    rules: CalendarRules | None = getattr(program, "calendar", None)
    if rules is None or rules.fy_named_by is None:
        return None
    year = label.year
    if rules.fy_named_by == "end" and program.fiscal_year_start_month != 1:
        year -= 1
    return Quarter(year, label.q)


def fiscal_label(quarter: Quarter, program: Any) -> str:
    """``FY27 Q1`` as the program names it (``2026-Q1`` when it does not say)."""
    rules: CalendarRules | None = getattr(program, "calendar", None)
    if rules is None or rules.fy_named_by is None:
        return str(quarter)
    year = quarter.year
    if rules.fy_named_by == "end" and program.fiscal_year_start_month != 1:
        year += 1
    return f"FY{year % 100:02d} Q{quarter.q}"
