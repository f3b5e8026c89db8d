"""The GUI side of ``bench_gui``: the real app in this process, driven as a user would, measured.

Run as ``python -m bench.gui_session PLAN.json REPORT.json`` (``bench_gui`` does it in a fresh
process, so every memory figure is this GUI process's own ``VmHWM``). The plan names the portfolio
folder, the queries to type, the CSV to import. Each action is timed from the user's input to the
painted rows: the model no longer busy, then the app's own pending work done (the layout and the
repaint it asked for, counted by a paint watcher on the list's viewport), then the first visible rows'
cells read; one shot each (no best-of), while `StallProbe` records the largest gap of a 10 ms timer on
the GUI thread. The worker processes' peak memory is sampled from ``/proc`` while they run.

A keystroke that leaves the rows as they were asks for no repaint and is charged none; one that
changes them is charged the repaint it caused. (Until December 2026 the session forced a repaint
after every action, on top of the app's own: 5–9 ms charged to keystrokes that changed nothing, and
the three back-to-back repaints of the paint-only measure were counted as one search stall.) The
paint-only measure (the rows shown painted again, nothing else done) runs with the stall probe
paused; beside it, the same visible texts in a bare ``QTableView`` over a ``QStandardItemModel`` of
the same size: Qt's own drawing, the floor of any keystroke that changes the rows.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QTableView, QWidget  # noqa: E402

from prm_desktop.ui.app import Shell  # noqa: E402
from prm_desktop.ui.bench_probe import StallProbe, vmhwm_mb  # noqa: E402
from prm_desktop.ui.partners.list_columns import COL_CITY, COL_NAME, COL_REVENUE, COL_TIER, COLUMNS  # noqa: E402

TIMEOUT_S = 600
#: Sort actions: (column, descending).
SORTS: tuple[tuple[int, bool], ...] = (
    (COL_NAME, True), (COL_CITY, False), (COL_REVENUE, True), (COL_TIER, False), (COL_NAME, False),
)  # fmt: skip
#: How long after the first paint the start-up work (integrity check, refresh, backup) is probed.
START_SETTLE_S = 6.0
#: Visible rows whose cells are read after each paint.
VISIBLE_ROWS = 30
#: Passes of the event loop after an action's model is ready: its layout, then the repaint it posts.
SETTLE_PASSES = 3


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                found.update(int(p) for p in fh.read().split())
    except OSError:
        pass
    return found


def type_key(widget: QWidget, ch: str) -> None:
    """Press and release one key typing ``ch`` (any character: QTest only knows ASCII keys)."""
    key = ord(ch.upper()) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
    if ch == " ":
        key = Qt.Key.Key_Space
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


class PaintWatch(QObject):
    """Counts the paint events of a widget (the list's viewport)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Count paints; never filter anything out."""
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def bare_view_like(view: QTableView, rows: int) -> QTableView:
    """A plain ``QTableView`` over a ``QStandardItemModel`` with ``view``'s visible texts and geometry."""
    model = view.model()
    bare = QStandardItemModel(rows, model.columnCount())
    for row in range(min(rows, model.rowCount())):
        for column in range(model.columnCount()):
            bare.setItem(row, column, QStandardItem(str(model.data(model.index(row, column)) or "")))
    table = QTableView()
    table.setModel(bare)
    table.setWordWrap(False)
    table.setAlternatingRowColors(view.alternatingRowColors())
    table.verticalHeader().setVisible(view.verticalHeader().isVisible())
    table.verticalHeader().setDefaultSectionSize(view.verticalHeader().defaultSectionSize())
    for column in range(model.columnCount()):
        table.setColumnWidth(column, view.columnWidth(column))
        table.setColumnHidden(column, view.isColumnHidden(column))
    table.resize(view.size())
    table.show()
    for _ in range(SETTLE_PASSES):
        QApplication.processEvents()
    return table


class Session:
    """The running app and the measures taken on it."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.figures: dict[str, Any] = {"stall_ms": {}, "stall_cpu_ms": {}, "gui_cpu_ms": {}}
        #: The GUI thread's processor time of each measured action of the current step.
        self.cpu_log: list[float] = []
        self.worker_peak_mb = 0.0
        self.last_paints = 0
        self._ticks = 0
        started = time.perf_counter()
        self.shell = Shell(plan["data_dir"], "fr", install_hooks=False)
        self.probe = StallProbe(on_tick=self._sample_workers)
        painted: list[float] = []

        def on_paint() -> None:
            if not painted:
                painted.append(time.perf_counter())
                self.probe.start()

        self.shell.window_listeners.append(lambda window: window.first_painted.connect(on_paint))
        self.shell.start()
        if self.shell.window is None:
            raise RuntimeError("the welcome was shown: the bench portfolio must have its first run done")
        self.window = self.shell.window
        self.wait(lambda: bool(painted))
        self.figures["start_to_first_paint_ms"] = round((painted[0] - started) * 1000, 1)
        self.tab = self.window.show_tab("partners")
        self.paints = PaintWatch(self.tab.table.viewport())
        self.wait(lambda: not self.tab.list.model.busy())
        self.painted()
        self.figures["start_to_list_ms"] = round((time.perf_counter() - started) * 1000, 1)
        self.wait(self.idle)
        self.figures["start_to_idle_ms"] = round((time.perf_counter() - started) * 1000, 1)
        # what the app does after its first paint: integrity check, list, refresh and backup if due
        settle_s = float(plan.get("settle_s", START_SETTLE_S))
        self.wait(lambda: time.perf_counter() - painted[0] > settle_s and self.idle())
        self._stalled("start_after_first_paint")
        self.figures["gui_vmhwm_after_start_mb"] = vmhwm_mb()

    # --- helpers -------------------------------------------------------------------------------

    def _sample_workers(self) -> None:
        self._ticks += 1
        if self._ticks % 5:
            return
        for pid in _children(os.getpid()):
            peak = vmhwm_mb(pid)
            if peak is not None:
                self.worker_peak_mb = max(self.worker_peak_mb, peak)

    def wait(self, cond: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> None:
        """Run the event loop until ``cond()`` holds (checked every millisecond)."""
        if cond():
            return
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: loop.quit() if cond() or time.monotonic() > deadline else None)
        timer.start()
        try:
            # ``cond`` can hold for a moment and stop holding before the loop returns (a finished task
            # makes the list reload): wait again until it holds when checked here, or the deadline.
            while True:
                loop.exec()
                if cond():
                    return
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the app did not settle within {timeout_s} s")
        finally:
            timer.stop()

    def idle(self) -> bool:
        """No task, write or list query running."""
        tasks = self.shell.ctx.tasks
        return not tasks.running() and not tasks.writes_pending() and not self.tab.list.busy()

    def settle(self) -> None:
        """Let the app finish what its last action posted (layout, the repaint it asked for)."""
        for _ in range(SETTLE_PASSES):
            QApplication.processEvents()

    def paint_only(self, times: int = 3) -> tuple[list[float], list[float]]:
        """The list's rows repainted, nothing else done, then the same texts in a bare Qt view (ms each).

        The stall probe is paused meanwhile: this is the bench's own measure, not something the app does.
        """

        def repaint(view: QTableView) -> float:
            started = time.perf_counter()
            view.viewport().repaint()
            return round((time.perf_counter() - started) * 1000, 2)

        self.probe.pause()
        try:
            app = [repaint(self.tab.table) for _ in range(times)]
            bare = bare_view_like(self.tab.table, VISIBLE_ROWS)
            plain = [repaint(bare) for _ in range(times)]
            bare.close()
            bare.deleteLater()
            self.settle()
            return app, plain
        finally:
            self.probe.resume()

    def painted(self) -> int:
        """Finish the app's pending paint and read the first visible rows (as the view does); returns the rows."""
        view = self.tab.table
        model = view.model()
        self.settle()
        rows = model.rowCount()
        for row in range(min(rows, VISIBLE_ROWS)):
            for column in range(model.columnCount()):
                if not view.isColumnHidden(column):
                    model.data(model.index(row, column))
        return rows

    def measure(self, action: Callable[[], None], done: Callable[[], bool] | None = None) -> tuple[float, int]:
        """Time ``action`` to painted rows (``done``: default the list model no longer busy).

        :attr:`last_paints` is then the number of times the list's viewport was painted meanwhile.
        """
        model = self.tab.list.model
        before = self.paints.count
        started, cpu = time.perf_counter(), time.thread_time()
        action()
        self.wait(done or (lambda: not model.busy()))
        rows = self.painted()
        self.cpu_log.append(round((time.thread_time() - cpu) * 1000, 2))  # the GUI thread's own share
        self.last_paints = self.paints.count - before
        return (time.perf_counter() - started) * 1000, rows

    def _stalled(self, name: str) -> None:
        """Stop the stall probe: the largest gap of ``name`` and the GUI thread's own CPU time in it.

        The GUI thread's processor time of the actions measured since the probe started is kept too.
        """
        self.figures["stall_ms"][name] = round(self.probe.stop(), 1)
        self.figures["stall_cpu_ms"][name] = round(self.probe.max_gap_cpu_ms, 1)
        if self.cpu_log:
            self.figures["gui_cpu_ms"][name] = self.cpu_log
        self.cpu_log = []

    def probed(self, name: str, action: Callable[[], None], done: Callable[[], bool]) -> float:
        """Run ``action`` until ``done()`` under the stall probe; returns the wall time in ms."""
        self.wait(self.idle)
        self.probe.start()
        started = time.perf_counter()
        action()
        self.wait(done)
        took = (time.perf_counter() - started) * 1000
        self._stalled(name)
        return took

    # --- actions -------------------------------------------------------------------------------

    def clear_search(self) -> None:
        """Empty the search box and wait for the full list (not timed)."""
        self.tab.bar.search.clear()
        self.tab.bar.flush()
        self.wait(self.idle)
        self.settle()  # the full list's repaint too: not charged to the first keystroke of the next query

    def search(self) -> None:
        """Type every query one character at a time; each keystroke timed to painted rows."""
        bar = self.tab.bar
        keystrokes: list[dict[str, Any]] = []
        paints: list[float] = []
        bare_paints: list[float] = []
        self.wait(self.idle)
        self.probe.start()
        self.cpu_log = []
        for query in self.plan["queries"]:
            self.clear_search()
            for end in range(1, len(query) + 1):

                def type_one(ch: str = query[end - 1]) -> None:
                    bar.search.end(False)  # the caret after the text (the tab selects it all when shown)
                    type_key(bar.search, ch)
                    bar.flush()  # the debounce is a deliberate pause, not work: skipped

                took, rows = self.measure(type_one)
                if bar.search.text() != query[:end]:
                    raise RuntimeError(f"typed {query[:end]!r}, the box shows {bar.search.text()!r}")
                keystrokes.append({"text": query[:end], "ms": round(took, 2), "rows": rows,
                                   "paints": self.last_paints})  # fmt: skip
            # The same rows painted again, nothing else done: the part of a keystroke that is drawing.
            app, plain = self.paint_only()
            paints.extend(app)
            bare_paints.extend(plain)
        self._stalled("search")
        self.figures["search_paint_only_ms"] = paints
        self.figures["search_paint_bare_qt_ms"] = bare_paints
        self.clear_search()
        self.figures["search_keystrokes"] = keystrokes

    def sort(self) -> None:
        """Click the sort of a few columns (through the header, as a click does)."""
        timings: dict[str, float] = {}
        self.wait(self.idle)
        self.probe.start()
        for column, descending in SORTS:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            took, _rows = self.measure(lambda c=column, o=order: self.tab.list.sort(c, o))
            timings[f"{COLUMNS[column].attr}{' desc' if descending else ''}"] = round(took, 2)
        self._stalled("sort")
        self.figures["sort_ms"] = timings

    def filter(self) -> None:
        """Choose the middle value of every filter combo of the filter bar, then go back to all."""
        timings: dict[str, str] = {}
        values: list[float] = []
        self.wait(self.idle)
        self.probe.start()
        for combo in self.tab.bar.findChildren(QComboBox):
            if combo.count() < 2 or not combo.isEnabled():
                continue
            name = combo.objectName() or combo.accessibleName()
            took, rows = self.measure(lambda c=combo: c.setCurrentIndex(max(1, c.count() // 2)))
            values.append(took)
            timings[name] = f"{took:.1f} ms ({rows} partners)"
            took, _rows = self.measure(lambda c=combo: c.setCurrentIndex(0))
            values.append(took)
        self._stalled("filter")
        self.figures["filter_ms"] = values
        self.figures["filter_by_combo"] = timings

    def editor(self) -> None:
        """Open the first partner in the editor, change its phone, save."""
        model = self.tab.list.model
        partner_id = model.partner_id(0)
        if partner_id is None:
            return
        editor = self.tab.editor
        self.figures["open_editor_ms"] = round(
            self.probed("open_editor", lambda: self.tab.open_partner(partner_id),
                        lambda: editor.partner_id == partner_id and self.idle()), 1)  # fmt: skip
        editor.form.edit("phone").setText("01 23 45 67 89" if editor.form.edit("phone").text() != "01 23 45 67 89"
                                          else "01 98 76 54 32")  # fmt: skip
        saved: list[bool] = []
        self.figures["save_ms"] = round(
            self.probed("save", lambda: saved.append(self.tab.save()),
                        lambda: not editor.saving() and not editor.is_dirty() and self.idle()), 1)  # fmt: skip
        self.figures["save_started"] = bool(saved and saved[0])

    def import_csv(self) -> None:
        """Import the plan's CSV through the wizard (read and check in the worker, then write there)."""
        path = self.plan.get("import_csv")
        if not path:
            return
        steps: list[str] = []
        wizard_box: list[Any] = []

        def open_wizard() -> None:
            wizard = self.tab.import_file()
            wizard.step_done.connect(steps.append)
            wizard_box.append(wizard)
            wizard.set_file(path)

        def checked() -> bool:
            return "failed" in steps or ("checked" in steps and self.idle())

        self.figures["import_check_ms"] = round(self.probed("import_check", open_wizard, checked), 1)
        wizard = wizard_box[0]
        if "failed" in steps or wizard.plan is None or not wizard.plan.ok:
            self.figures["import_error"] = wizard.summary.text()
            return
        self.figures["import_write_ms"] = round(self.probed(
            "import_write", wizard.start_import,
            lambda: steps[-1] in ("imported", "failed") and self.idle()), 1)  # fmt: skip
        self.wait(self.idle)
        self.figures["import_result"] = steps[-1]
        wizard.close()

    def refresh(self) -> None:
        """The background refresh of the derived data (forced), in the worker."""
        maintenance = self.shell.controller.maintenance
        self.figures["refresh_ms"] = round(self.probed(
            "refresh", lambda: maintenance.refresh_evaluations(force=True),
            lambda: not maintenance._evaluating and self.idle()), 1)  # fmt: skip

    def close(self) -> None:
        """Record the memory peaks and stop the app."""
        self.figures["gui_vmhwm_at_end_mb"] = vmhwm_mb()
        self.figures["worker_vmhwm_mb"] = round(self.worker_peak_mb, 1) or None
        self.window.close()
        self.shell.shutdown()


def main(argv: list[str]) -> int:
    """Run the plan ``argv[0]`` and write the figures to ``argv[1]``."""
    plan = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    session = Session(plan)
    try:
        for step in ("search", "sort", "filter", "editor", "import_csv", "refresh"):
            getattr(session, step)()
            session.figures[f"gui_vmhwm_after_{step}_mb"] = vmhwm_mb()
    finally:
        session.close()
    Path(argv[1]).write_text(json.dumps(session.figures, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
