"""Visits tab on the perf data set (issue 15 item 10): the to-plan list and the Actions view.

Figures (budget: :data:`BUDGET_MS` each, design §6):

- to plan: the whole team's list (all rows, and the tab's first page of 1,000) and one owner's
  page (services `to_plan`: candidates from the partner summary in one query, the domain rule per
  partner, most overdue first), median of :data:`REPEATS`;
- actions: the Actions view (mine, overdue, all open), first page; one stakeholder's (Stakeholders tab);
- visit lists: upcoming and to close, first page;
- the partner editor's Visits and Actions pages of the partner with the most visits (actions).

Each figure has its floor: the SELECTs the call ran, run again with the standard ``sqlite3`` module
on the same file (median of :data:`REPEATS`): what is left above it is Python (rows, domain rules).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date
from typing import Any

from sqlalchemy import event, text

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.services.visits.due import to_plan
from prm_desktop.services.visits.lists import list_visits
from prm_desktop.services.visits.report import list_actions
from prm_desktop.ui.partners.visits_page import partner_visits

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


def _selects(engine: Any, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECT statements (with their parameters) that ``call`` runs."""
    seen: list[tuple[str, Any]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return seen


def _floor_ms(db: Any, statements: list[tuple[str, Any]]) -> float:
    """Median bare ``sqlite3`` time of running ``statements`` (all their rows fetched)."""
    with closing(sqlite3.connect(db)) as con:
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            for sql, params in statements:
                con.execute(sql, params).fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def run(partners: int = 100_000) -> dict[str, Any]:
    """Time the Visits lists on the perf portfolio of ``partners`` partners."""
    app = open_app(ensure_perf_database(partners))
    try:
        uow, today = app.uow, date.today()
        with uow.read() as session:
            owner = session.execute(text("SELECT owner_id FROM partners WHERE owner_id IS NOT NULL LIMIT 1")).scalar()
            busiest = session.execute(text("SELECT partner_id FROM visit_partners GROUP BY partner_id "
                                           "ORDER BY count(*) DESC LIMIT 1")).scalar()  # fmt: skip
            person = session.execute(text("SELECT owner_stakeholder_id FROM action_items WHERE "
                                          "owner_stakeholder_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
                                          "LIMIT 1")).scalar()  # fmt: skip
            acting = session.execute(text("SELECT partner_id FROM action_items WHERE partner_id IS NOT NULL "
                                          "GROUP BY partner_id ORDER BY count(*) DESC LIMIT 1")).scalar()  # fmt: skip
        figures: dict[str, Any] = {"budget_ms": BUDGET_MS}
        calls = {
            "to_plan_team_all": lambda: to_plan(uow, today),
            "to_plan_team_page": lambda: to_plan(uow, today, limit=1000),
            "to_plan_owner_page": lambda: to_plan(uow, today, owner_id=owner, limit=1000),
            "actions_mine": lambda: list_actions(uow, "mine", member_id=owner, limit=1000),
            "actions_overdue": lambda: list_actions(uow, "overdue", today=today, limit=1000),
            "actions_all_open": lambda: list_actions(uow, "all", limit=1000),
            "actions_stakeholder": lambda: list_actions(uow, "stakeholder", stakeholder_id=person),
            "visits_upcoming": lambda: list_visits(uow, "upcoming", limit=1000),
            "visits_to_close": lambda: list_visits(uow, "to_close", limit=1000),
            "partner_visits_page": lambda: partner_visits(uow, busiest, limit=1001),
            "partner_actions_page": lambda: list_actions(uow, "partner", partner_id=acting, limit=1001),
        }
        for name, call in calls.items():
            ms, rows = _median_ms(call)
            floor = _floor_ms(app.db.path, _selects(app.db.engine, call))
            figures[name] = {"median_ms": ms, "floor_sqlite3_ms": floor, "rows": rows, "within_budget": ms <= BUDGET_MS}
        return figures
    finally:
        app.close()
