"""Visit calendar on the perf data set (issue 16 item 5): week and month views with ~200,000 visits.

The perf portfolio of ``--partners 102000`` has about 207,000 visits (the demo makes two per
partner, spread over the past year and the next 75 days). Figures (budget :data:`BUDGET_MS`, median
of :data:`REPEATS`), for the whole team and for one owner, in the week and the month holding today
(the busiest: planned visits are all in the next 75 days):

- ``query``: the storage queries (one indexed range per day, at most ``PER_DAY`` (week) or
  ``PER_DAY_MONTH`` (month) visits read a day, the others counted) with partner names;
- ``page``: the service call the calendar makes (query + local times + columns and flags);
- ``paint``: the Qt view given that page and painted once offscreen (``set_page`` + ``grab``).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.visit_calendar import month_days, week_days
from prm_desktop.services.visits.calendar import PER_DAY, PER_DAY_MONTH, month_page, week_page
from prm_desktop.storage.visits.calendar import calendar_day_rows

REPEATS = 5
BUDGET_MS = 100
PARTNERS = 102_000


def _median_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), result


def _paint(kind: str, page: Any, anchor: date) -> Callable[[], Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from prm_desktop.ui.visits.calendar_month import MonthView
    from prm_desktop.ui.visits.calendar_week import WeekView

    QApplication.instance() or QApplication([])
    view = WeekView() if kind == "week" else MonthView()
    view.resize(1366, 700)

    def run() -> Any:
        view.set_page(page) if kind == "week" else view.set_page(page, anchor)
        return view.grab()

    return run


def run(partners: int = PARTNERS) -> dict[str, Any]:
    """Time the calendar's week and month on the perf portfolio of ``partners`` partners."""
    app = open_app(ensure_perf_database(partners))
    try:
        uow, today = app.uow, date.today()
        zone = ZoneInfo("Europe/Paris")
        with uow.read() as session:
            visits = session.execute(text("SELECT count(*) FROM visits WHERE deleted_at IS NULL")).scalar()
            owner = session.execute(text(
                "SELECT owner_id FROM visits WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY count(*) DESC "
                "LIMIT 1")).scalar()  # fmt: skip
            plan = session.execute(text(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM visits x WHERE x.deleted_at IS NULL "
                "AND x.starts_at >= '2026-01-01' AND x.starts_at < '2026-01-02'")).all()  # fmt: skip
        figures: dict[str, Any] = {"budget_ms": BUDGET_MS, "visits_in_database": visits,
                                   "query_plan": " / ".join(str(r[-1]) for r in plan)}  # fmt: skip
        for kind, days, page_of in (("week", week_days(today), week_page), ("month", month_days(today), month_page)):
            for who, owner_id in (("team", None), ("owner", owner)):
                bounds = [(datetime.combine(d, clock(0), tzinfo=zone),
                           datetime.combine(d + timedelta(days=1), clock(0), tzinfo=zone)) for d in days]  # fmt: skip

                per_day = PER_DAY if kind == "week" else PER_DAY_MONTH

                def query(owner_id: str | None = owner_id, bounds: list = bounds, per_day: int = per_day) -> list:
                    with uow.read() as session:
                        return calendar_day_rows(session, bounds, owner_id, per_day)[0]

                query_ms, rows = _median_ms(query)
                page_ms, page = _median_ms(lambda owner_id=owner_id, page_of=page_of: page_of(uow, today,
                                                                                               owner_id=owner_id))
                paint_ms, _image = _median_ms(_paint(kind, page, today))
                figures[f"{kind}_{who}"] = {
                    "visits_in_range": len(page.visits) + sum(page.hidden), "visits_shown": len(page.visits),
                    "overlapping": sum(1 for v in page.visits if v.overlaps),
                    "query_ms": query_ms, "page_ms": page_ms, "paint_ms": paint_ms,
                    "within_budget": page_ms + paint_ms <= BUDGET_MS,
                }  # fmt: skip
        return figures
    finally:
        app.close()
