"""The rules and scored benches still run, on a tiny portfolio (they are never timed here).

Each gives the budgeted figure (the whole portfolio refreshed the way the app does, with the CPU of
every process), the per-partner figures and the loader's bare-sqlite floor; the rules bench leaves
the perf portfolio on the program it found active.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_scored, perfdata
from prm_desktop.bootstrap import open_app
from prm_desktop.services.programs import DEFAULT_PROGRAM_ID, get_program

PARTNERS = 60
BUDGETED = {"refresh_evaluations_s", "refresh_evaluations_cpu_s", "refresh_evaluated", "load_average_1min"}


@pytest.fixture
def bench_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Perf data and results in a temporary folder."""
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_scored, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    return tmp_path / "results"


def test_rules_bench_refreshes_under_the_rich_program_and_puts_the_default_back(bench_dirs: Path) -> None:
    assert bench_main.main(["--only", "rules", "--partners", str(PARTNERS)]) == 0
    figures = json.loads((bench_dirs / "rules.json").read_text(encoding="utf-8"))["figures"]
    for name in ("default", "rich"):
        assert BUDGETED | {"one_partner_cpu_ms_p95", "load_floor_bare_sqlite_s"} <= set(figures[name])
        assert figures[name]["refresh_evaluated"] == PARTNERS
    ctx = open_app(perfdata.perf_data_dir(PARTNERS))
    try:
        assert get_program(ctx.uow).id == DEFAULT_PROGRAM_ID
    finally:
        ctx.close()


def test_scored_bench_refreshes_each_example_program(bench_dirs: Path) -> None:
    assert bench_main.main(["--only", "scored", "--partners", str(PARTNERS)]) == 0
    figures = json.loads((bench_dirs / "scored.json").read_text(encoding="utf-8"))["figures"]
    for name in bench_scored.PROGRAMS:
        assert BUDGETED | {"one_partner_with_gap_texts_cpu_ms_p95", "load_floor_bare_sqlite_s"} <= set(figures[name])
        assert figures[name]["refresh_evaluated"] == PARTNERS
