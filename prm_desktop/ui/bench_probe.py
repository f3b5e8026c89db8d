"""Start-up bench probe: records when the main window is first painted, then (optionally) visits tabs.

Enabled only by ``PRM_BENCH_REPORT=FILE`` (see ``bench/bench_startup.py``). Writes a JSON file with
the wall-clock time of the first paint, of the end of the tab visit, and the peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from prm_desktop.ui.main_window import MainWindow

POLL_MS = 20
TAB_TIMEOUT_S = 120


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class BenchProbe(QObject):
    """Writes the bench figures and quits the application."""

    def __init__(self, report: Path, visit_tabs: bool = False) -> None:
        super().__init__()
        self.report, self.visit_tabs = report, visit_tabs
        self.figures: dict[str, float] = {}
        self.window: MainWindow | None = None
        self._tab = 0
        self._tab_started = 0.0

    def attach(self, window: MainWindow) -> None:
        """Listen for the window's first paint."""
        self.window = window
        window.first_painted.connect(self._painted)

    def _painted(self) -> None:
        self.figures["first_paint"] = time.time()
        self.figures["rss_first_paint_mb"] = peak_rss_mb()
        if self.visit_tabs:
            QTimer.singleShot(0, self._next_tab)
        else:
            QTimer.singleShot(0, self._finish)

    def _next_tab(self) -> None:
        assert self.window is not None
        if self._tab >= self.window.tabs.count():
            self.figures["tabs_done"] = time.time()
            self._finish()
            return
        self.window.tabs.setCurrentIndex(self._tab)
        self._tab_started = time.time()
        QTimer.singleShot(POLL_MS, self._wait_tab)

    def _wait_tab(self) -> None:
        assert self.window is not None
        widget = self.window.tabs.widget(self._tab)
        busy = bool(getattr(widget, "loading", False)) and time.time() - self._tab_started < TAB_TIMEOUT_S
        if busy:
            QTimer.singleShot(POLL_MS, self._wait_tab)
            return
        self.figures[f"tab_{self._tab}_s"] = time.time() - self._tab_started
        self._tab += 1
        QTimer.singleShot(POLL_MS, self._next_tab)

    def _finish(self) -> None:
        self.figures["peak_rss_mb"] = peak_rss_mb()
        self.report.write_text(json.dumps(self.figures), encoding="utf-8")
        QApplication.quit()
