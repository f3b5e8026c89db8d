"""The GUI and start-up benches still run, on a tiny portfolio (they are never timed here).

``python -m bench`` is not part of the test suite; this only keeps its entry points from rotting:
the real app is started and driven in its own process as the bench does, and the figures a reader
looks for are in the JSON it writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bench_gui, bench_startup, perfdata

PARTNERS = 50


@pytest.fixture
def bench_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Perf data and results in a temporary folder; the shortest settings of each bench."""
    monkeypatch.setattr(perfdata, "PERF_DIR", tmp_path / "perf-data")
    monkeypatch.setattr(bench_main, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(bench_startup, "REPEATS", 1)
    monkeypatch.setattr(bench_gui, "START_SETTLE_S", 0.0)
    return tmp_path / "results"


def test_gui_and_startup_benches_run_on_a_tiny_portfolio(bench_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main.main(["--only", "gui", "--only", "startup", "--sizes", str(PARTNERS)]) == 0

    gui = json.loads((bench_dirs / f"gui-{PARTNERS}.json").read_text(encoding="utf-8"))["figures"]
    typed = gui["search_by_keystroke"]
    assert any(not text.isascii() for text in typed)  # accented queries are typed as they are
    assert "zqxjkw" in typed and typed["zqxjkw"].endswith(" 0 rows")  # the no-hit query finds nothing
    assert any(" " in text and text.replace(" ", "").isdigit() for text in typed)  # a SIREN with spaces
    assert {"p50", "p95", "max"} <= set(gui["search_keystroke_ms"])
    assert {"p50", "p95", "max"} <= set(gui["search_floor_sqlite3_ms"])
    # Keystrokes that changed the rows are charged the repaint they caused; Qt's own drawing beside it.
    assert gui["search_keystroke_with_repaint_ms"]["n"] >= 1
    assert any(text.endswith("repainted") for text in typed.values())
    assert {"p50", "p95", "max"} <= set(gui["search_paint_only_ms"]) and gui["search_paint_bare_qt_ms"]["n"] >= 1
    assert {"p50", "p95", "max"} <= set(gui["sort_ms"]) and {"p50", "p95", "max"} <= set(gui["filter_ms"])
    stalls = set(gui["gui_stall_max_gap_ms"])
    assert {"start_after_first_paint", "search", "sort", "filter", "open_editor", "save"} <= stalls
    assert {"import_check", "import_write", "refresh"} <= stalls, gui.get("import_error")
    assert set(gui["gui_stall_gui_thread_cpu_ms"]) == stalls  # the app's own share of each stall
    assert {"p50", "p95", "max"} <= set(gui["search_gui_thread_cpu_ms"]) and "filter_gui_thread_cpu_ms" in gui
    assert gui["gui_vmhwm_mb"]["at_end"] > 0 and gui["worker_vmhwm_mb"] > 0

    startup = json.loads((bench_dirs / f"startup-{PARTNERS}.json").read_text(encoding="utf-8"))["figures"]
    assert startup["peak_rss_at_first_paint_mb"] > 0
    out = capsys.readouterr().out
    assert "== growth: gui" in out and f"{PARTNERS:,}" in out
