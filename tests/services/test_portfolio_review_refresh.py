"""Under a program with a review date and grace, the daily refresh re-evaluates everyone and stays exact."""

from __future__ import annotations

from datetime import date, timedelta

from prm_desktop.services import portfolio
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows
from prm_desktop.services.programs import default_program_text, import_program

START = date(2026, 1, 5)
PARTNERS = 20


def _stored(uow) -> dict[str, tuple]:
    rows = fetch_partner_rows(uow, PartnerFilter(), limit=10_000)
    return {r.id: (r.qualified_tier, r.movement, r.at_risk_on) for r in rows}


def _expected(uow, on: date) -> dict[str, tuple]:
    evaluations = evaluate_partners(uow, on=on).evaluations
    return {ev.partner_id: (ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None) for ev in evaluations}


def test_review_program_refresh_matches_a_full_evaluation(uow) -> None:
    generate_demo(uow, partners=PARTNERS, seed=5, today=START)
    text = default_program_text().replace('id = "vendor-2026-v2"', 'id = "reviewed"', 1)
    import_program(uow, text + '\nreview_date = "01-31"\ngrace_months = 2\n')
    assert portfolio.refresh_evaluations(uow, on=START).evaluated == PARTNERS
    day = START
    for step in (1, 26, 1, 30):  # across the review of 31 January
        day += timedelta(days=step)
        result = portfolio.refresh_evaluations(uow, on=day, full=False)
        assert result.completed and result.evaluated == PARTNERS  # a review or a grace end moves no fact
        assert _stored(uow) == _expected(uow, day), day
