"""The Competencies tab bench still runs, on a tiny portfolio (never timed here): each view's service
call, the same view shown in the real tab, and the bare sqlite3 floor of the same statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_standing, perfdata
from prm_desktop.services.standing_portfolio import VIEWS

PARTNERS = 50


def test_standing_bench_runs_on_a_tiny_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp) -> None:
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(bench_standing, "REPEATS", 1)
    assert bench_main.main(["--only", "standing", "--sizes", str(PARTNERS)]) == 0
    figures = json.loads((tmp_path / "results" / f"standing-{PARTNERS}.json").read_text(encoding="utf-8"))["figures"]
    for key in ("portfolio_view_ms", "portfolio_view_shown_ms", "portfolio_view_floor_sqlite3_ms",
                "portfolio_view_cpu_ms", "portfolio_view_shown_cpu_ms"):
        assert set(figures[key]) == set(VIEWS), key
        assert all(value >= 0 for value in figures[key].values()), key
