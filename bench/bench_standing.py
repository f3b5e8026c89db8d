"""Competencies tab benchmarks (issue 14): each portfolio view, and one partner's full standing.

Figures, each the best of three:

- ``portfolio_view_ms``: the service call (`portfolio_view`) the tab's worker thread runs;
- ``portfolio_view_shown_ms``: what the user waits for, in the real tab (offscreen Qt): from choosing
  the view to its rows put in the table (service on the worker thread, rows handed to the GUI thread,
  sorted and shown) and the table painted;
- ``portfolio_view_floor_sqlite3_ms``: the bare floor: the same SQL statements the service ran, replayed
  on a plain ``sqlite3`` connection (rows fetched, no objects built);
- ``portfolio_view_cpu_ms`` and ``portfolio_view_shown_cpu_ms``: the CPU time of this process (every
  thread) for the first two, best of three: on a shared machine the wall times above include the
  time other processes held the cores, the CPU time does not (I/O waits are in neither).

And the median and p95 of `partner_standing`, `standing_line` (the list tooltip) and
`partner_revenue` over a sample of partners. Target (issue 14): 100 ms each once the summary is built.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import AppContext, open_app
from prm_desktop.services.portfolio import evaluations_stale, refresh_evaluations
from prm_desktop.services.standing import partner_standing, standing_line
from prm_desktop.services.standing_portfolio import VIEWS, portfolio_view
from prm_desktop.services.standing_revenue import partner_revenue

REPEATS = 3


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _best(call: Callable[[], Any]) -> tuple[float, float]:
    """Best wall time and best CPU time (this process, ms) of `REPEATS` calls."""
    walls, cpus = [], []
    for _ in range(REPEATS):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return round(min(walls), 1), round(min(cpus), 1)


def _statements(ctx: AppContext, call: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECT statements (and parameters) ``call`` runs."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(ctx.db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", record)
    return seen


def _floor_ms(path: Path, statements: list[tuple[str, Any]]) -> float:
    """Best time of the statements on a plain read-only sqlite3 connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        def replay() -> None:
            for sql, params in statements:
                conn.execute(sql, params).fetchall()

        return min(_timed(replay) for _ in range(REPEATS))
    finally:
        conn.close()


def _shown_ms(ctx: AppContext) -> dict[str, tuple[float, float]]:
    """Each view in the real Competencies tab: from choosing it to its rows shown and painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from prm_desktop.services.drafts import open_drafts
    from prm_desktop.ui.competencies.view import CompetenciesTab
    from prm_desktop.ui.context import AppSignals, UiContext
    from prm_desktop.ui.layout_memory import open_settings
    from prm_desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-standing-") as tmp:
        ui = UiContext(app=ctx, tasks=TaskRunner(), settings=open_settings(Path(tmp) / "settings.ini"),
                       signals=AppSignals(), drafts=open_drafts(Path(tmp) / "drafts.sqlite3"))  # fmt: skip
        tab = CompetenciesTab(ui)
        tab.resize(1366, 768)
        loop, guard = QEventLoop(), QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        tab.loaded.connect(loop.quit)

        def show(kind: str) -> None:
            tab.set_view(kind)
            guard.start(600_000)
            loop.exec()
            if not guard.isActive():
                raise RuntimeError(f"the {kind} view did not load")
            guard.stop()
            tab.table.viewport().repaint()

        try:
            tab.show()
            guard.start(600_000)
            loop.exec()  # the first load
            shown = {}
            for kind in VIEWS:
                walls, cpus = [], []
                for _ in range(REPEATS):
                    show("tiers" if kind != "tiers" else "at_risk")  # come from another view each time
                    wall, cpu = time.perf_counter(), time.process_time()
                    show(kind)
                    walls.append((time.perf_counter() - wall) * 1000)
                    cpus.append((time.process_time() - cpu) * 1000)
                shown[kind] = (round(min(walls), 1), round(min(cpus), 1))
        finally:
            tab.retire()
            tab.close()
            ui.tasks.cancel_all()
            ui.tasks.wait(30_000)
            app.processEvents()
            ui.drafts.close()
            tab.deleteLater()
            app.processEvents()
    return shown


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the views on the perf data set."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    figures: dict[str, Any] = {"budget_ms": 100}
    try:
        if evaluations_stale(ctx.uow):  # the views read the stored evaluations: never time empty columns
            figures["refresh_evaluations_s"] = round(_timed(lambda: refresh_evaluations(ctx.uow)) / 1000, 1)
        views, floors = {}, {}
        for kind in VIEWS:
            views[kind] = _best(lambda k=kind: portfolio_view(ctx.uow, k))
            floors[kind] = round(_floor_ms(ctx.db.path, _statements(ctx, lambda k=kind: portfolio_view(ctx.uow, k))), 1)
        shown = _shown_ms(ctx)
        figures["portfolio_view_ms"] = {kind: wall for kind, (wall, _cpu) in views.items()}
        figures["portfolio_view_shown_ms"] = {kind: wall for kind, (wall, _cpu) in shown.items()}
        figures["portfolio_view_floor_sqlite3_ms"] = floors
        figures["portfolio_view_cpu_ms"] = {kind: cpu for kind, (_wall, cpu) in views.items()}
        figures["portfolio_view_shown_cpu_ms"] = {kind: cpu for kind, (_wall, cpu) in shown.items()}
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
