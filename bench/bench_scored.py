"""Program engine under the scored example programs (issue 13): metrics, yes/no facts, scores, currency.

For each example program (Microsoft Security: a score with two paths; AWS Services Path: metric rules,
a yes/no fact, amounts in USD), a portfolio under it is made once from a copy of the perf portfolio
(`scored_data`: a few minutes, kept in ``results/perf-data/scored-<program>-<N>``; ``data_set_made``
says how long it took), then: the budgeted figure, the whole portfolio refreshed end to end the way
the app does (``refresh_evaluations``: facts read, partners evaluated in two processes from 20,000
partners, results written) with the CPU time of every process; the floor (the refresh's queries, the
kinds of facts its results depend on, with the bare sqlite3 module), and the floor of every kind of
fact; time to load the refresh's facts, and every fact, of every partner and to evaluate them all in
one process; and per partner (median and p95, wall and CPU). Budgets: 5 ms per partner, 5 s for the
portfolio.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.bench_engine import bare_fact_scan_s
from bench.bench_rules import load_floor_s, refresh_figures
from bench.perfdata import PERF_DIR
from bench.scored_data import derive_scored_portfolio
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.evaluation import evaluate
from prm_desktop.services.evaluation import (
    facts_day,
    first_window_quarter,
    load_facts,
    load_facts_in,
    summary_fact_kinds,
)
from prm_desktop.services.programs import get_program

EXAMPLES = Path(__file__).resolve().parents[1] / "resources" / "programs" / "examples"
PROGRAMS = ("microsoft_security", "aws_services_path")
SEED = 13


def _portfolio(name: str, partners: int) -> tuple[Path, dict[str, Any]]:
    """The scored portfolio's folder and how it was made (derived from a copy of the perf portfolio)."""
    folder = PERF_DIR / f"scored-{name}-{partners}"
    done = folder / ".complete"
    if done.exists():
        return folder, json.loads(done.read_text(encoding="utf-8") or "{}")
    made = derive_scored_portfolio(folder, (EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"), partners, SEED)
    done.write_text(json.dumps(made) + "\n", encoding="utf-8")
    return folder, made


def _measure(folder: Path) -> dict[str, Any]:
    ctx = open_app(folder)
    try:
        program = get_program(ctx.uow)
        on = date.today()
        refresh = refresh_figures(ctx, on)
        floor_s = load_floor_s(str(ctx.db.path), program, on)
        floor = first_window_quarter([program], on).start_date(program.fiscal_year_start_month).isoformat()
        full_floor_s = bare_fact_scan_s(str(ctx.db.path), floor, on, by_day=facts_day([program], on) is not None)
        started = time.perf_counter()
        with ctx.uow.read() as session:
            load_facts_in(session, None, first_window_quarter([program], on), facts_day([program], on),
                          fiscal_start_month=program.fiscal_year_start_month, kinds=summary_fact_kinds(program))
        refresh_load_s = time.perf_counter() - started
        started = time.perf_counter()
        facts = load_facts(ctx.uow, None, first_window_quarter([program], on), facts_day([program], on),
                           fiscal_start_month=program.fiscal_year_start_month)
        load_s = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        tiers: dict[str, int] = {}
        for partner in facts:
            tier = evaluate(program, partner, on, with_gaps=False).tier or "none"
            tiers[tier] = tiers.get(tier, 0) + 1
        evaluate_s, evaluate_cpu = time.perf_counter() - started, time.process_time() - cpu
        single, single_cpu = [], []
        for partner in facts[:: max(1, len(facts) // 2000)]:
            t0, c0 = time.perf_counter(), time.process_time()
            ev = evaluate(program, partner, on)
            _texts = [g.text_fr for g in ev.gaps]
            single.append((time.perf_counter() - t0) * 1000)
            single_cpu.append((time.process_time() - c0) * 1000)
        single.sort()
        single_cpu.sort()
    finally:
        ctx.close()
    p95 = max(0, int(len(single) * 0.95) - 1)
    return {
        "partners": len(facts),
        **refresh,
        "portfolio_budget_s": 5,
        "load_floor_bare_sqlite_s": round(floor_s, 2),
        "load_floor_every_kind_of_fact_s": round(full_floor_s, 2),
        "portfolio_load_refresh_facts_one_process_s": round(refresh_load_s, 2),
        "tiers": tiers,
        "metric_rows": sum(len(f.metrics) for f in facts),
        "one_partner_with_gap_texts_ms_median": round(statistics.median(single), 3),
        "one_partner_with_gap_texts_ms_p95": round(single[p95], 3),
        "one_partner_with_gap_texts_cpu_ms_median": round(statistics.median(single_cpu), 3),
        "one_partner_with_gap_texts_cpu_ms_p95": round(single_cpu[p95], 3),
        "one_partner_budget_ms": 5,
        "portfolio_load_facts_one_process_s": round(load_s, 2),
        "portfolio_evaluate_one_process_s": round(evaluate_s, 2),
        "portfolio_evaluate_one_process_cpu_s": round(evaluate_cpu, 2),
    }


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the engine under each scored example program."""
    figures = {}
    for name in PROGRAMS:
        folder, made = _portfolio(name, partners)
        figures[name] = {**_measure(folder), "data_set_made": made}
    return figures
