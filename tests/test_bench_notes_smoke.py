"""The notes bench still runs, on a tiny data set (never timed here): its figures are where a reader looks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import perfdata


def test_notes_bench_runs_on_a_tiny_data_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    assert bench_main.main(["--only", "notes", "--partners", "200"]) == 0
    figures = json.loads((tmp_path / "results" / "notes.json").read_text(encoding="utf-8"))["figures"]
    assert figures["busy_partner_notes"] == 500 and figures["notes"] >= 600
    assert {"median_ms", "p95_ms"} <= set(figures["open_partner_500_notes"]["notes_page"])
    assert {"median_ms", "p95_ms"} <= set(figures["note_history"])
    hits = figures["search_notes"]["hits_per_query"]
    assert hits["oeuvre"] > 0 and hits["zzz introuvable"] == 0  # "oeuvre" finds "œuvre"
