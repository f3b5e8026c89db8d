"""Visits tab on the perf data set (issue 15 item 10): the to-plan list and the Actions view.

Figures (budget: :data:`BUDGET_MS` each, design §6):

- to plan: the whole team's list (all rows, and the tab's first page of 1,000) and one owner's
  page (services `to_plan`: candidates from the partner summary in one query, the domain rule per
  partner, most overdue first), median of :data:`REPEATS`;
- actions: the Actions view (mine, overdue, all open), first page;
- visit lists: upcoming and to close, first page.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import text

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.services.visits.due import to_plan
from prm_desktop.services.visits.lists import list_visits
from prm_desktop.services.visits.report import list_actions

REPEATS = 5
BUDGET_MS = 100


def _median_ms(call: Callable[[], Any]) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
        size = len(result)
    return round(statistics.median(times), 1), size


def run(partners: int = 100_000) -> dict[str, Any]:
    """Time the Visits lists on the perf portfolio of ``partners`` partners."""
    app = open_app(ensure_perf_database(partners))
    try:
        uow, today = app.uow, date.today()
        with uow.read() as session:
            owner = session.execute(text("SELECT owner_id FROM partners WHERE owner_id IS NOT NULL LIMIT 1")).scalar()
        figures: dict[str, Any] = {"budget_ms": BUDGET_MS}
        calls = {
            "to_plan_team_all": lambda: to_plan(uow, today),
            "to_plan_team_page": lambda: to_plan(uow, today, limit=1000),
            "to_plan_owner_page": lambda: to_plan(uow, today, owner_id=owner, limit=1000),
            "actions_mine": lambda: list_actions(uow, "mine", member_id=owner, limit=1000),
            "actions_overdue": lambda: list_actions(uow, "overdue", today=today, limit=1000),
            "actions_all_open": lambda: list_actions(uow, "all", limit=1000),
            "visits_upcoming": lambda: list_visits(uow, "upcoming", limit=1000),
            "visits_to_close": lambda: list_visits(uow, "to_close", limit=1000),
        }
        for name, call in calls.items():
            ms, rows = _median_ms(call)
            figures[name] = {"median_ms": ms, "rows": rows, "within_budget": ms <= BUDGET_MS}
        return figures
    finally:
        app.close()
