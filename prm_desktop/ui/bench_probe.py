"""Bench probes: the start-up report, the GUI-thread stall probe and the process's own peak memory.

`BenchProbe` is enabled only by ``PRM_BENCH_REPORT=FILE`` (see ``bench/bench_startup.py``): it writes a
JSON file with the wall-clock time of the first paint, of the end of the tab visit, and the peak
resident memory of the GUI process itself (``VmHWM``). `StallProbe` measures the largest gap of a
10 ms timer on the GUI thread while an action runs (``bench/gui_session.py``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from prm_desktop.ui.main_window import MainWindow

POLL_MS = 20
TAB_TIMEOUT_S = 120


def vmhwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory (``VmHWM`` of ``/proc/PID/status``) in MB; None where there is no /proc.

    Unlike ``getrusage``'s ``ru_maxrss``, ``VmHWM`` belongs to the process image: a process started
    by a large parent (fork + exec) does not report the parent's peak.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def ru_maxrss_mb() -> float:
    """``getrusage``'s peak resident memory in MB (for comparison only).

    On Linux it carries the peak of the process that started this one (kept across fork + exec), so
    it is reported beside `peak_rss_mb`, never for it.
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (``VmHWM``; ``ru_maxrss`` where there is no /proc)."""
    own = vmhwm_mb()
    return own if own is not None else ru_maxrss_mb()


class StallProbe(QObject):
    """The largest gap between two ticks of a 10 ms timer on the GUI thread (design §6).

    A gap far above the interval means the GUI thread did not run its event loop for that long.
    :attr:`max_gap_cpu_ms` is the processor time the GUI thread itself used during that gap: close
    to the gap, the app kept the thread busy; far below it, the thread waited (for the processor on
    a loaded machine, or for the GIL held by another thread).

    Args:
        interval_ms: The timer's interval.
        on_tick: Called on every tick (e.g. to sample a worker's memory); keep it cheap.
    """

    def __init__(self, interval_ms: int = 10, on_tick: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._on_tick = on_tick
        self._last = 0.0
        self._last_cpu = 0.0
        self.max_gap_ms = 0.0
        #: The GUI thread's own processor time during the largest gap.
        self.max_gap_cpu_ms = 0.0

    def start(self) -> None:
        """Start measuring (the gap before the first tick counts)."""
        self.max_gap_ms = self.max_gap_cpu_ms = 0.0
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._timer.start()

    def pause(self) -> None:
        """Stop the timer without ending the measure (the bench's own work in between is not counted)."""
        self._tick()
        self._timer.stop()

    def resume(self) -> None:
        """Go on measuring after :meth:`pause` (the largest gap so far kept)."""
        self._last, self._last_cpu = time.perf_counter(), time.thread_time()
        self._timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        gap = (now - self._last) * 1000
        if gap > self.max_gap_ms:
            self.max_gap_ms, self.max_gap_cpu_ms = gap, (cpu - self._last_cpu) * 1000
        self._last, self._last_cpu = now, cpu
        if self._on_tick is not None:
            self._on_tick()

    def stop(self) -> float:
        """Stop measuring; returns the largest gap in ms (the time since the last tick counts)."""
        self._tick()
        self._timer.stop()
        return self.max_gap_ms


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
        self.figures["ru_maxrss_mb"] = ru_maxrss_mb()
        self.report.write_text(json.dumps(self.figures), encoding="utf-8")
        QApplication.quit()
