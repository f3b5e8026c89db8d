"""Core figures: demo generation of the perf data set, database open + schema check, database size."""

from __future__ import annotations

import resource
import sqlite3
import statistics
import time
from contextlib import closing
from typing import Any

from bench.perfdata import build_perf_database, database_file
from prm_desktop.storage.database import open_database
from prm_desktop.storage.integrity import quick_check

OPEN_REPEATS = 20


def _open_ms(path: Any) -> list[float]:
    timings = []
    for _ in range(OPEN_REPEATS):
        started = time.perf_counter()
        db = open_database(path)
        db.close()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _quick_check_ms(path: Any, repeats: int = 3) -> list[float]:
    """The integrity check the GUI runs after the first paint and before every backup."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        problems = quick_check(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert not problems, problems
    return timings


def run(partners: int = 100_000) -> dict[str, Any]:
    """Generate the perf data set (kept for other benches), then time opening it and measure it."""
    build = build_perf_database(partners)
    rows = build.result.total
    path = database_file(build.data_dir)
    opens = _open_ms(path)
    checks = _quick_check_ms(path)
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        logged = conn.execute(
            "SELECT count(*) FROM change_log WHERE batch_id = ?", (build.result.batch_id,)
        ).fetchone()[0]
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    return {
        "demo_partners": partners,
        "demo_rows": rows,
        "demo_change_log_rows": logged,
        "demo_seconds": round(build.seconds, 2),
        "demo_cpu_seconds": round(build.cpu_seconds, 2),
        "demo_rows_per_second": round(rows / build.seconds),
        "demo_budget_seconds": 60,
        "demo_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "open_schema_check_ms_median": round(statistics.median(opens), 2),
        "open_schema_check_ms_max": round(max(opens), 2),
        "integrity_quick_check_ms_median": round(statistics.median(checks), 1),
        "database_bytes": size,
        "database_mb": round(size / 1_000_000, 1),
        "wal_bytes_after_close": wal.stat().st_size if wal.exists() else 0,
        "rows_by_table": build.result.counts,
    }
