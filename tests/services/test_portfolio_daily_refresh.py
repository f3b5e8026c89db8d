"""The daily refresh re-evaluates only the partners whose facts crossed a date since the last one.

Checked against the engine itself: after each incremental refresh, the stored tier, movement and
at-risk date of every partner are those a full evaluation on that day gives.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from prm_desktop.domain.quarters import revenue_window
from prm_desktop.services import portfolio
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows

START = date(2026, 1, 5)  # early in a quarter of the seed program (calendar fiscal year)
PARTNERS = 120


def _stored(uow) -> dict[str, tuple]:
    rows = fetch_partner_rows(uow, PartnerFilter(), limit=10_000)
    return {r.id: (r.qualified_tier, r.movement, r.at_risk_on) for r in rows}


def _expected(uow, on: date) -> dict[str, tuple]:
    evaluations = evaluate_partners(uow, on=on).evaluations
    return {ev.partner_id: (ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None) for ev in evaluations}


@pytest.mark.parametrize("scan_from", [5_000, 1], ids=["rows-looked-up", "stored-values-scanned"])
def test_daily_refresh_evaluates_only_partners_with_a_crossed_date_and_matches_a_full_one(uow, monkeypatch,
                                                                                       scan_from) -> None:
    """Either way of finding the summary rows that change (looked up one by one, or one scan) stores the same."""
    monkeypatch.setattr("prm_desktop.storage.partners.summary._SCAN_FROM", scan_from)
    generate_demo(uow, partners=PARTNERS, seed=5, today=START)
    first = portfolio.refresh_evaluations(uow, on=START)
    assert first.completed and first.evaluated == PARTNERS
    day, evaluated = START, []
    for step in (1, 6, 20, 30, 25):  # up to 26 March: the same revenue window
        day += timedelta(days=step)
        assert revenue_window(day, 4) == revenue_window(START, 4)
        result = portfolio.refresh_evaluations(uow, on=day, full=False)
        assert result.completed
        assert not portfolio.evaluations_stale(uow, day)
        assert _stored(uow) == _expected(uow, day), day
        evaluated.append(result.evaluated)
    assert all(n < PARTNERS for n in evaluated), evaluated  # never the whole portfolio
    assert sum(evaluated) > 0, evaluated  # but dates did cross (certifications of the demo expire)


def test_same_day_refresh_evaluates_nobody(uow) -> None:
    generate_demo(uow, partners=10, seed=5, today=START)
    portfolio.refresh_evaluations(uow, on=START)
    result = portfolio.refresh_evaluations(uow, on=START, full=False)
    assert result.completed and result.evaluated == 0


def test_a_new_revenue_window_evaluates_everyone(uow) -> None:
    generate_demo(uow, partners=10, seed=5, today=START)
    portfolio.refresh_evaluations(uow, on=START)
    next_quarter = date(2026, 4, 2)
    result = portfolio.refresh_evaluations(uow, on=next_quarter, full=False)
    assert result.completed and result.evaluated == 10
    assert _stored(uow) == _expected(uow, next_quarter)


def test_a_stale_mark_evaluates_everyone(uow, samples) -> None:
    from prm_desktop.services import programs

    generate_demo(uow, partners=10, seed=5, today=START)
    portfolio.refresh_evaluations(uow, on=START)
    programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))
    result = portfolio.refresh_evaluations(uow, on=START + timedelta(days=1), full=False)
    assert result.completed and result.evaluated == 10
