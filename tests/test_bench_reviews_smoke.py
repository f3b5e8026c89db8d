"""The review pack bench still runs, on a tiny portfolio (it is never timed here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_reviews, perfdata


def test_the_review_pack_bench_runs_on_a_tiny_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(bench_reviews, "SAMPLE", 2)
    monkeypatch.setattr(bench_reviews, "MANY", 3)
    assert bench_main.main(["--only", "reviews", "--partners", "30"]) == 0
    figures = json.loads((tmp_path / "results" / "reviews.json").read_text(encoding="utf-8"))["figures"]
    for audience in ("partner", "internal"):
        one = figures[f"one_{audience}"]
        assert one["pages_median"] >= 3 and one["ratio_layout_to_bare"] > 0
        many = figures[f"many_{audience}"]
        assert many["partners"] == 3 and many["bare_reportlab_s"] > 0
    assert figures["many_internal"]["files"] == 1 and figures["many_partner"]["files"] == 3
