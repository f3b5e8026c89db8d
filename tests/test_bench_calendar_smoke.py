"""The calendar bench still runs, on a tiny portfolio (never timed here): week and month, team and owner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_calendar, perfdata

PARTNERS = 40


def test_calendar_bench_runs_on_a_tiny_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(bench_calendar, "REPEATS", 1)
    assert bench_main.main(["--only", "calendar", "--partners", str(PARTNERS)]) == 0
    figures = json.loads((tmp_path / "results" / "calendar.json").read_text(encoding="utf-8"))["figures"]
    assert figures["visits_in_database"] > 0 and "ix_visits_live_starts_at" in figures["query_plan"]
    for view in ("week_team", "week_owner", "month_team", "month_owner"):
        assert {"query_ms", "page_ms", "paint_ms", "visits_in_range", "visits_shown"} <= set(figures[view])
