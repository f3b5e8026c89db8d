"""Revenue and targets are stored by the calendar date their period starts (issue 12 point 4).

Activating or comparing a program with another fiscal calendar never moves money between quarters.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from prm_desktop.domain.partner_facts import RevenueInput, TargetInput
from prm_desktop.domain.quarters import Quarter
from prm_desktop.services import standing_facts
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.partner_summary import refresh_all
from prm_desktop.services.programs import activate_program, default_program_text, import_program
from prm_desktop.services.standing_revenue import partner_revenue
from prm_desktop.storage.models import Partner

ON = date(2026, 6, 15)


def _program(program_id: str, fiscal_start_month: int) -> str:
    source = default_program_text()
    source = source.replace('id = "vendor-2026-v2"', f'id = "{program_id}"', 1)
    source = source.replace('requires = [{ competencies = 1, level = "principal" }]\n', "", 1)  # Silver: revenue only
    return source.replace("fiscal_year_start_month = 1", f"fiscal_year_start_month = {fiscal_start_month}", 1)


def _partner(uow) -> str:
    with uow(label="setup") as work:
        partner = Partner(name="Œuvre Numérique SAS")
        work.session.add(partner)
        work.session.flush()
        work.commit()
        return partner.id


def _quarter_totals(uow, partner_id: str) -> dict[Quarter, tuple[float, float | None]]:
    return {r.quarter: (r.total, r.target) for r in partner_revenue(uow, partner_id, ON) if r.total or r.target}


def test_activating_another_fiscal_calendar_keeps_each_euro_in_its_months(uow) -> None:
    import_program(uow, _program("calendar", 1))
    pid = _partner(uow)
    # April–June 2026 (2026-Q2 of calendar quarters) and January–March 2026.
    standing_facts.add_revenue(uow, pid, RevenueInput("2026-Q2", "resell", 120000))
    standing_facts.add_revenue(uow, pid, RevenueInput("2026-Q1", "resell", 30000))
    standing_facts.add_target(uow, pid, TargetInput("2026-Q2", 100000))
    assert _quarter_totals(uow, pid) == {Quarter(2026, 1): (30000.0, None), Quarter(2026, 2): (120000.0, 100000.0)}

    import_program(uow, _program("april", 4))  # fiscal years from April: April–June 2026 is 2026-Q1
    assert _quarter_totals(uow, pid) == {Quarter(2025, 4): (30000.0, None), Quarter(2026, 1): (120000.0, 100000.0)}
    refresh_all(uow, ON)
    with uow.read() as session:
        window = session.execute(text("SELECT revenue_window, target_window FROM partner_summary "
                                      "WHERE partner_id = :p"), {"p": pid}).one()
    assert tuple(window) == (150000.0, 100000.0)  # the four April-based quarters ending June 2026

    # Edited under the April calendar, shown back under the calendar one: still April–June.
    line = standing_facts.partner_facts(uow, pid).revenue
    assert {(r.quarter, r.amount) for r in line} == {("2026-Q1", 120000.0), ("2025-Q4", 30000.0)}
    activate_program(uow, "calendar")
    assert _quarter_totals(uow, pid) == {Quarter(2026, 1): (30000.0, None), Quarter(2026, 2): (120000.0, 100000.0)}


def test_compare_with_another_fiscal_calendar_sums_by_date(uow) -> None:
    import_program(uow, _program("calendar", 1))
    import_program(uow, _program("july", 7), activate=False)
    pid = _partner(uow)
    # 60,000 in each of January–March and April–June 2026: both windows on 15 June 2026 hold all of it.
    for label in ("2026-Q1", "2026-Q2"):
        standing_facts.add_revenue(uow, pid, RevenueInput(label, "resell", 60000))
    result = evaluate_partners(uow, [pid], on=ON, program_id="calendar", compare_id="july")
    assert result.evaluations[0].tier == "silver"  # 120,000 ≥ 100,000
    assert result.compare[pid]["tier"] == "silver"  # the same 120,000, July-based quarters
    alone = evaluate_partners(uow, [pid], on=ON, program_id="july")
    assert alone.evaluations[0].tier == "silver"
