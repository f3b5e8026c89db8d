"""Vendor calendars: window kinds, fiscal years named after their start or end, month windows by quarter."""

from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.evaluation import PartnerFacts, RevenueFact, evaluate
from prm_desktop.domain.program import ProgramError, load_program
from prm_desktop.domain.program_calendar import (
    calendar_warnings,
    fiscal_label,
    parse_fiscal_label,
    resolve_fiscal_label,
    window_quarters,
)
from prm_desktop.domain.quarters import Quarter

BASE = """
[program]
id = "cal"
name = "Cal"
valid_from = 2026-01-01
fiscal_year_start_month = {month}
{extra}

[[tiers]]
id = "gold"
name = "Gold"
rank = 1
min_revenue = 100000
"""


def program(extra: str, month: int = 1):
    return load_program(BASE.format(month=month, extra=extra))


@pytest.mark.parametrize(
    ("extra", "month", "on", "expected"),
    [
        ("revenue_window_quarters = 4", 1, date(2026, 5, 10), ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]),
        ('revenue_window_quarters = 4\nrevenue_window = "trailing_complete"', 1, date(2026, 5, 10),
         ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]),
        ('revenue_window = "previous_fiscal_year"', 7, date(2026, 6, 30),
         ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]),  # FY2025 runs July 2025 – June 2026
        ('revenue_window = "previous_fiscal_year"', 7, date(2026, 7, 1),
         ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),  # first day of FY2026
        ('revenue_window = "trailing_months"\nrevenue_window_months = 6', 1, date(2026, 5, 10),
         ["2026-Q1", "2026-Q2"]),  # quarters starting in December–May
        ('revenue_window = "trailing_months"\nrevenue_window_months = 6', 1, date(2026, 6, 30),
         ["2026-Q1", "2026-Q2"]),
        ('revenue_window = "trailing_months"\nrevenue_window_months = 9', 1, date(2026, 6, 30),
         ["2025-Q4", "2026-Q1", "2026-Q2"]),  # October–June
    ],
)
def test_windows(extra: str, month: int, on: date, expected: list[str]) -> None:
    assert [str(q) for q in window_quarters(program(extra, month), on)] == expected


def test_window_decides_the_tier() -> None:
    facts = PartnerFacts("p", "P", revenue=[RevenueFact(Quarter(2026, 2), "resell", None, 150000.0)])
    on = date(2026, 5, 10)
    assert evaluate(program("revenue_window_quarters = 4"), facts, on).tier == "gold"
    complete = program('revenue_window_quarters = 4\nrevenue_window = "trailing_complete"')
    ev = evaluate(complete, facts, on)  # the current quarter does not count yet
    assert ev.tier is None and ev.revenue == 0


def test_month_window_warns_and_its_gap_says_so() -> None:
    months = program('revenue_window = "trailing_months"\nrevenue_window_months = 12')
    assert months.revenue_window_quarters == 4
    assert calendar_warnings(months) == [
        ("revenue is recorded by quarter: the {months}-month window counts the quarters that start within its "
         "months", {"months": 12})]
    ev = evaluate(months, PartnerFacts("p", "P"), date(2026, 5, 10))
    assert ev.gaps[0].text_en == "€100,000 more revenue for Gold (12-month window, revenue counted by quarter)"
    assert ev.gaps[0].text_fr.endswith("(fenêtre de 12\u00a0mois, CA compté par trimestre)")


@pytest.mark.parametrize(
    ("naming", "month", "label", "quarter", "start"),
    [
        ("end", 7, "FY27 Q1", Quarter(2026, 1), date(2026, 7, 1)),   # Microsoft: FY27 starts July 2026
        ("end", 7, "FY27 Q4", Quarter(2026, 4), date(2027, 4, 1)),
        ("start", 7, "FY27 Q1", Quarter(2027, 1), date(2027, 7, 1)),
        ("end", 1, "FY2027-Q1", Quarter(2027, 1), date(2027, 1, 1)),  # calendar years: start = end
        ("end", 8, "q2 fy26", Quarter(2025, 2), date(2025, 11, 1)),   # Cisco: FY26 starts August 2025
    ],
)
def test_fiscal_year_naming(naming: str, month: int, label: str, quarter: Quarter, start: date) -> None:
    prog = program(f'revenue_window_quarters = 4\nfiscal_year_named_by = "{naming}"', month)
    parsed = parse_fiscal_label(label)
    assert parsed is not None
    assert resolve_fiscal_label(parsed, prog) == quarter
    assert quarter.start_date(month) == start
    assert parse_fiscal_label(fiscal_label(quarter, prog)) is not None
    assert resolve_fiscal_label(parse_fiscal_label(fiscal_label(quarter, prog)), prog) == quarter


def test_fiscal_label_needs_the_program_to_say() -> None:
    label = parse_fiscal_label("FY27 Q1")
    assert label is not None and resolve_fiscal_label(label, program("revenue_window_quarters = 4")) is None
    assert parse_fiscal_label("2026-Q1") is None and parse_fiscal_label("FY27 Q5") is None


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('revenue_window_quarters = 4\nrevenue_window = "rolling"',
         "program.revenue_window: must be one of: trailing, trailing_complete, previous_fiscal_year, trailing_months"),
        ('revenue_window = "trailing_months"', "program.revenue_window_months: is required"),
        ('revenue_window = "trailing_months"\nrevenue_window_months = 121',
         "program.revenue_window_months: must be an integer from 1 to 120"),
        ("revenue_window_quarters = 4\nrevenue_window_months = 6",
         'program.revenue_window_months: only with revenue_window = "trailing_months"'),
        ('revenue_window_quarters = 4\nfiscal_year_named_by = "middle"',
         "program.fiscal_year_named_by: must be one of: start, end"),
        ('revenue_window = "trailing_complete"', "program.revenue_window_quarters: is required"),
        ("revenue_window_quarters = 4\nrevenue_windows = 2", "program.revenue_windows: unknown key; did you mean "
         "revenue_window?"),
    ],
)
def test_loader_errors(extra: str, expected: str) -> None:
    with pytest.raises(ProgramError) as err:
        program(extra)
    assert any(e.split(": ", 1)[1] == expected for e in err.value.errors), err.value.errors
