"""Start-up of the desktop app on the perf data set: start to first painted main window, peak memory.

Each measure runs the real application in a fresh process (``python -m prm_desktop --data-dir …``,
offscreen) with ``PRM_BENCH_REPORT`` set: the app writes the wall-clock time of its first paint and
its peak resident memory (``VmHWM`` of the GUI process itself: ``ru_maxrss`` would carry this
bench's own peak across fork + exec; it is shown beside it for comparison), then quits. The start
time is taken just before the process is spawned, so interpreter start-up and imports count. A last
run also shows every tab (each loads its list) before measuring peak memory. Budgets (design §6):
first paint ≤ 1.5 s, peak memory ≤ 500 MB.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.services.profile import get_profile, mark_first_run_done

REPEATS = 5
TIMEOUT_S = 300
REPO = Path(__file__).resolve().parents[1]


def _ready(folder: Path) -> None:
    """Skip the first-run welcome so the main window opens directly."""
    app = open_app(folder)
    try:
        if not get_profile(app.uow).first_run_done:
            mark_first_run_done(app.uow)
    finally:
        app.close()


def launch(folder: Path, visit_tabs: bool = False) -> dict[str, float]:
    """Start the app once on ``folder``; returns its figures with ``start_to_paint_s``."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "startup.json"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PRM_BENCH_REPORT": str(report),
            "PRM_BENCH_TABS": "1" if visit_tabs else "0",
        }
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "prm_desktop", "--data-dir", str(folder), "--lang", "fr"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"the app did not report (exit {done.returncode}):\n{done.stderr[-3000:]}")
        figures = json.loads(report.read_text(encoding="utf-8"))
    figures["start_to_paint_s"] = figures["first_paint"] - started
    if "tabs_done" in figures:
        figures["start_to_all_tabs_s"] = figures["tabs_done"] - started
    return figures


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure start-up on the perf portfolio (built first if missing)."""
    folder = ensure_perf_database(partners)
    _ready(folder)
    launch(folder)  # warm-up: the first start after building reads a cold file cache
    runs = [launch(folder) for _ in range(REPEATS)]
    paints = [r["start_to_paint_s"] for r in runs]
    tabs = launch(folder, visit_tabs=True)
    return {
        "partners": partners,
        "start_to_first_paint_s_median": round(statistics.median(paints), 3),
        "start_to_first_paint_s_max": round(max(paints), 3),
        "start_to_first_paint_budget_s": 1.5,
        "peak_rss_at_first_paint_mb": round(max(r["rss_first_paint_mb"] for r in runs), 1),
        "peak_rss_after_every_tab_mb": round(tabs["peak_rss_mb"], 1),
        "ru_maxrss_after_every_tab_mb_inherited": round(tabs.get("ru_maxrss_mb", 0.0), 1),
        "peak_rss_budget_mb": 500,
        "start_to_every_tab_loaded_s": round(tabs["start_to_all_tabs_s"], 3),
        "tab_load_s": {k: round(v, 3) for k, v in tabs.items() if k.startswith("tab_")},
    }


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000), indent=2))
