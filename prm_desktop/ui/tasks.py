"""The one background-task helper: long work runs off the GUI thread, results come back by signal.

Modelled on Anki's ``CollectionOp``: a task is a plain function ``work(progress) -> result`` that
never touches widgets. It reports progress through ``progress(done, total, message)`` and checks
``progress.cancelled`` (raising `TaskCancelled` or returning early). The runner emits Qt signals on
the GUI thread: ``started``, ``progressed``, ``finished`` and ``failed``; the status bar listens to
them and offers Cancel.
"""

from __future__ import annotations

import functools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Progress:
    """Handed to a task: report progress and learn about cancellation (thread-safe)."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        """True once the user asked to cancel."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the task to stop (it stops at its next check)."""
        self._cancel.set()

    def check(self) -> None:
        """Raise `TaskCancelled` if the user cancelled."""
        if self._cancel.is_set():
            raise TaskCancelled

    def __call__(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` out of ``total`` steps with a short message."""
        self._emit(done, total, message)


@dataclass
class Task:
    """A running or finished task, as the status bar shows it."""

    id: int
    label: str
    progress: Progress
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException, str], None] | None = None
    quiet: bool = False
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)


class _Signals(QObject):
    progressed = Signal(int, int, int, str)  # task id, done, total, message
    finished = Signal(int, object)  # task id, result
    failed = Signal(int, object, str)  # task id, exception, traceback text


def _without_tracebacks(exc: BaseException) -> BaseException:
    """Drop the tracebacks (already formatted) so no worker frame outlives the task."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return exc


def _run_task(task: Task, work: Callable[[Progress], Any], signals: _Signals) -> None:
    """Body of a worker: run ``work`` and report the outcome by (queued) signal."""
    try:
        task.result = work(task.progress)
    except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread, never lost
        trace = traceback.format_exc()
        task.error = _without_tracebacks(exc)
        signals.failed.emit(task.id, task.error, trace)
    else:
        signals.finished.emit(task.id, task.result)
    finally:
        task.done.set()


class TaskRunner(QObject):
    """Runs tasks on a thread pool and relays their progress and outcome on the GUI thread."""

    started = Signal(int, str)  # task id, label
    progressed = Signal(int, int, int, str)  # task id, done, total, message
    finished = Signal(int, object)  # task id, result
    failed = Signal(int, object, str)  # task id, exception, traceback text
    cancelled = Signal(int)  # task id
    idle = Signal()  # no task left

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._signals = _Signals()
        self._signals.progressed.connect(self.progressed)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._tasks: dict[int, Task] = {}
        self._next = 1

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        quiet: bool = False,
    ) -> Task:
        """Start ``work(progress)`` off the GUI thread.

        Args:
            label: What the status bar says while it runs.
            work: The function to run; it must not touch widgets.
            on_done: Called on the GUI thread with the result.
            on_error: Called on the GUI thread with the exception and traceback text (a
                `TaskCancelled` is reported through ``cancelled`` instead). Without it, the
                ``failed`` signal reaches the application's error handler.
            quiet: A short read (a tab loading its rows): the status bar does not show it, and
                ``started`` is not emitted.

        Returns:
            The task (its ``progress.cancel()`` asks it to stop).
        """
        task_id = self._next
        self._next += 1
        progress = Progress(lambda d, t, m: self._signals.progressed.emit(task_id, d, t, m))
        task = Task(task_id, label, progress, on_done, on_error, quiet)
        self._tasks[task_id] = task
        if not quiet:
            self.started.emit(task_id, label)
        self._pool.start(functools.partial(_run_task, task, work, self._signals))
        return task

    def cancel(self, task_id: int) -> None:
        """Ask a task to stop."""
        task = self._tasks.get(task_id)
        if task is not None:
            task.progress.cancel()

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for task in self._tasks.values():
            task.progress.cancel()

    def running(self) -> list[Task]:
        """Tasks not finished yet."""
        return [t for t in self._tasks.values() if not t.done.is_set()]

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every task ended (tests, shutdown). Returns False on timeout."""
        return self._pool.waitForDone(timeout_ms)

    def is_quiet(self, task_id: int) -> bool:
        """True for a quiet task still known to the runner."""
        task = self._tasks.get(task_id)
        return task is not None and task.quiet

    def _on_finished(self, task_id: int, result: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task and task.progress.cancelled and result is None:
            self.cancelled.emit(task_id)
        else:
            self.finished.emit(task_id, result)
            if task and task.on_done:
                task.on_done(result)
        self._maybe_idle()

    def _on_failed(self, task_id: int, exc: object, trace: str) -> None:
        task = self._tasks.pop(task_id, None)
        if isinstance(exc, TaskCancelled):
            self.cancelled.emit(task_id)
        elif task and task.on_error:
            task.on_error(exc, trace)  # type: ignore[arg-type]
        else:
            log.error("Background task failed: %s", trace)
            self.failed.emit(task_id, exc, trace)
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self._tasks:
            self.idle.emit()
