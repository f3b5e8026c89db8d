"""Competencies tab benchmarks (issue 14): each portfolio view, and one partner's full standing.

Figures: the best of three reads of each portfolio view (from ``partner_summary``), and the median and
p95 of `partner_standing`, `standing_line` (the list tooltip) and `partner_revenue` over a sample of
partners. Target (issue 14): 100 ms each once the summary is built.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.services.portfolio import evaluations_stale, refresh_evaluations
from prm_desktop.services.standing import partner_standing, standing_line
from prm_desktop.services.standing_portfolio import VIEWS, portfolio_view
from prm_desktop.services.standing_revenue import partner_revenue


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the views on the perf data set."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    figures: dict[str, Any] = {"budget_ms": 100}
    try:
        if evaluations_stale(ctx.uow):  # the views read the stored evaluations: never time empty columns
            figures["refresh_evaluations_s"] = round(_timed(lambda: refresh_evaluations(ctx.uow)) / 1000, 1)
        views = {}
        for kind in VIEWS:
            views[kind] = round(min(_timed(lambda k=kind: portfolio_view(ctx.uow, k)) for _ in range(3)), 1)
        figures["portfolio_view_ms"] = views
        sample = [r.partner_id for r in portfolio_view(ctx.uow, "at_risk").rows[:: 25]][:40]
        for name, call in (("partner_standing", partner_standing), ("standing_line", standing_line),
                           ("partner_revenue", partner_revenue)):
            times = sorted(_timed(lambda p=pid, c=call: c(ctx.uow, p)) for pid in sample)
            if times:
                figures[f"{name}_ms_median"] = round(statistics.median(times), 2)
                figures[f"{name}_ms_p95"] = round(times[max(0, int(len(times) * 0.95) - 1)], 2)
    finally:
        ctx.close()
    return figures
