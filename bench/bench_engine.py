"""Program engine benchmarks (issues 5 and 9): one partner, and the whole portfolio in the worker.

Figures: median and p95 time to evaluate one partner (facts already loaded), time to load the
facts of the whole portfolio, time to evaluate it (gap texts are built when read, so a JSON export
of every evaluation is timed too), `refresh_evaluations` end to end (after a program change or a
large import), and the next day's refresh, which re-evaluates only the partners whose facts crossed
a date.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta
from typing import Any

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.evaluation import evaluate
from prm_desktop.services import portfolio
from prm_desktop.services.evaluation import evaluate_partners, first_window_quarter, load_facts
from prm_desktop.services.programs import get_program


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the engine on the perf data set."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    try:
        program = get_program(ctx.uow)
        on = date.today()
        started = time.perf_counter()
        facts = load_facts(ctx.uow, None, first_window_quarter([program], on), on,
                           fiscal_start_month=program.fiscal_year_start_month)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        for partner in facts:
            evaluate(program, partner, on)
        evaluate_s = time.perf_counter() - started
        started = time.perf_counter()
        for partner in facts:
            evaluate(program, partner, on, with_gaps=False)
        evaluate_no_gaps_s = time.perf_counter() - started
        sample = facts[:: max(1, len(facts) // 2000)]
        single = []
        for partner in sample:
            t0 = time.perf_counter()
            evaluate(program, partner, on)
            single.append((time.perf_counter() - t0) * 1000)
        single.sort()
        started = time.perf_counter()
        portfolio_json = evaluate_partners(ctx.uow, on=on).to_json()
        evaluate_json_s = time.perf_counter() - started
        started = time.perf_counter()
        result = portfolio.refresh_evaluations(ctx.uow, on)
        refresh_s = time.perf_counter() - started
        next_day = on + timedelta(days=1)
        started = time.perf_counter()
        daily = portfolio.refresh_evaluations(ctx.uow, next_day, full=False)
        daily_s = time.perf_counter() - started
    finally:
        ctx.close()
    return {
        "partners": len(facts),
        "one_partner_ms_median": round(statistics.median(single), 3),
        "one_partner_ms_p95": round(single[int(len(single) * 0.95) - 1], 3),
        "one_partner_budget_ms": 5,
        "portfolio_load_facts_s": round(load_s, 2),
        "portfolio_evaluate_s": round(evaluate_s, 2),
        "portfolio_evaluate_without_gap_texts_s": round(evaluate_no_gaps_s, 2),
        "portfolio_load_and_evaluate_s": round(load_s + evaluate_s, 2),
        "portfolio_budget_s": 5,
        "evaluate_json_with_gap_texts_s": round(evaluate_json_s, 2),  # `evaluate --json`, whole portfolio
        "evaluate_json_partners": len(portfolio_json["partners"]),
        "refresh_evaluations_s": round(refresh_s, 2),  # after a program change or a large import
        "refresh_completed": result.completed,
        "daily_refresh_next_day_s": round(daily_s, 2),  # what the app runs once a day
        "daily_refresh_next_day_evaluated": daily.evaluated,
    }
