"""The one background-task helper: long work runs off the GUI thread, results come back by signal.

Modelled on Anki's ``CollectionOp``: a task is a plain function ``work(progress) -> result`` that
never touches widgets. It reports progress through ``progress(done, total, message)`` and checks
``progress.cancelled`` (raising `TaskCancelled` or returning early). The runner emits Qt signals on
the GUI thread: ``started``, ``progressed``, ``finished`` and ``failed``; the status bar listens to
them and offers Cancel.

Three ways to run work:

- `TaskRunner.run`: a thread of a small pool (short reads, exports, backups);
- `TaskRunner.run_in_process`: heavy work (imports, the portfolio refresh, demo data, review packs,
  sync pulls) in a worker process started with ``spawn`` (see `prm_desktop.worker`), so its memory
  and garbage collection never touch the GUI process; progress, cancel and errors come back the same
  way;
- `TaskRunner.submit_write`: GUI writes (editor saves, settings), one at a time in submission order on
  one thread; `TaskRunner.wait_writes` lets the window wait for them before it closes.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from prm_desktop.worker.child import TaskCancelled, WorkerError
from prm_desktop.worker.launcher import WorkerProcess

__all__ = ["Progress", "Task", "TaskCancelled", "TaskRunner", "WorkerError"]

log = logging.getLogger(__name__)


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
        if self.on_cancel is not None:
            self.on_cancel()

    #: Called by `cancel` (a worker process task sets its process's cancel event there).
    on_cancel: Callable[[], None] | None = None

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
    #: The process id the work ran in (set for worker-process tasks once it reported).
    worker_pid: int | None = None
    #: Whether it is a GUI write of the serial write queue.
    write: bool = False
    #: The worker process of a `TaskRunner.run_in_process` task.
    process: WorkerProcess | None = None


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
    handled = Signal(int)  # task id: it failed and its ``on_error`` took the failure (no ``failed``)
    idle = Signal()  # no task left
    writes_done = Signal()  # the write queue is empty again
    worker_reported = Signal(int, int)  # task id, process id of the worker it ran in (before its outcome)

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
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # one write at a time, in submission order
        #: One thread per worker process job: it starts the process, then waits for its outcome.
        self._launches = QThreadPool(self)
        self._launches.setMaxThreadCount(16)

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
        task = self._new_task(label, on_done, on_error, quiet)
        if not quiet:
            self.started.emit(task.id, label)
        self._pool.start(functools.partial(_run_task, task, work, self._signals))
        return task

    def _new_task(self, label: str, on_done: Callable[[Any], None] | None,
                  on_error: Callable[[BaseException, str], None] | None, quiet: bool) -> Task:
        task_id = self._next
        self._next += 1
        progress = Progress(lambda d, t, m: self._signals.progressed.emit(task_id, d, t, m))
        task = Task(task_id, label, progress, on_done, on_error, quiet)
        self._tasks[task_id] = task
        return task

    def run_in_process(
        self,
        label: str,
        job: str,
        args: tuple[Any, ...] = (),
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
        quiet: bool = False,
    ) -> Task:
        """Run a heavy job in a worker process (``spawn``); it reports back like `run`.

        The job is a function ``job(progress, *args)`` of a module that imports no PySide6 (see
        `prm_desktop.worker.jobs`); its arguments and result must be picklable and small (a folder
        path and parameters in, a summary out). ``progress`` has the same API as here: calling it
        reports progress, ``check()`` raises `TaskCancelled` once the user cancelled. A cancelled
        job that does not stop within a few seconds is terminated (its transaction is rolled back).

        Args:
            label: What the status bar says while it runs.
            job: The job's dotted path, ``"module:function"``.
            args: Its arguments after ``progress``.
            on_done: Called on the GUI thread with the result.
            on_error: Called on the GUI thread with the exception and traceback text (see `run`).
            quiet: Do not show it in the status bar.

        Returns:
            The task; ``task.worker_pid`` is the worker's process id once it reported.
        """
        from prm_desktop.domain.i18n import get_language

        task = self._new_task(label, on_done, on_error, quiet)
        signals = self._signals

        def progressed(done: int, total: int, message: str) -> None:
            signals.progressed.emit(task.id, done, total, message)

        def finished(result: Any, pid: int) -> None:
            task.result, task.worker_pid = result, pid
            signals.finished.emit(task.id, result)

        def failed(exc: BaseException, trace: str, pid: int | None) -> None:
            task.error, task.worker_pid = exc, pid
            signals.failed.emit(task.id, exc, trace)

        if not quiet:
            self.started.emit(task.id, label)
        language = get_language()

        def launch() -> None:
            # Starting a process (or handing the job to the spare one) and the threads that read it
            # takes milliseconds to tens of them on a loaded machine: never on the GUI thread.
            try:
                task.process = WorkerProcess(job, tuple(args), language, progressed, finished, failed)
            except Exception as exc:  # noqa: BLE001 - no process could be started: reported like a failure
                failed(exc, traceback.format_exc(), None)
                task.done.set()
                return
            task.progress.on_cancel = task.process.cancel
            if task.progress.cancelled:  # cancelled while it was being started
                task.process.cancel()
            task.process.wait()
            task.done.set()

        self._launches.start(launch)
        return task

    def submit_write(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException, str], None] | None = None,
    ) -> Task:
        """Queue a short GUI write (an editor save, the settings): writes run one at a time, in order.

        Writes are never cancelled by `cancel_all`; `wait_writes` waits for them (the window does
        before it closes).

        Args:
            label: What it writes (shown while the window waits for it at closing).
            work: ``work(progress)``; it must not touch widgets.
            on_done: Called on the GUI thread with the result.
            on_error: Called on the GUI thread with the exception and traceback text.
        """
        task = self._new_task(label, on_done, on_error, quiet=True)
        task.write = True
        self._writes.start(functools.partial(_run_task, task, work, self._signals))
        return task

    def writes_pending(self) -> list[Task]:
        """GUI writes submitted whose outcome has not been handled yet, oldest first."""
        return [t for t in self._tasks.values() if t.write]

    def wait_writes(self, timeout_ms: int = 30000) -> bool:
        """Block until every submitted write was committed or failed (not their GUI callbacks)."""
        return self._writes.waitForDone(timeout_ms)

    def cancel(self, task_id: int) -> None:
        """Ask a task to stop."""
        task = self._tasks.get(task_id)
        if task is not None:
            task.progress.cancel()

    def cancel_all(self) -> None:
        """Ask every running task to stop (GUI writes are not cancelled: they finish)."""
        for task in list(self._tasks.values()):
            if not task.write:
                task.progress.cancel()

    def running(self) -> list[Task]:
        """Tasks not finished yet."""
        return [t for t in self._tasks.values() if not t.done.is_set()]

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every task, worker process and write ended (tests, shutdown). False on timeout."""
        deadline = time.monotonic() + timeout_ms / 1000
        if not self._launches.waitForDone(timeout_ms):
            return False
        remaining = int(max(0.0, deadline - time.monotonic()) * 1000)
        return self._pool.waitForDone(remaining) and self._writes.waitForDone(remaining)

    def is_quiet(self, task_id: int) -> bool:
        """True for a quiet task still known to the runner."""
        task = self._tasks.get(task_id)
        return task is not None and task.quiet

    def _on_finished(self, task_id: int, result: object) -> None:
        task = self._tasks.pop(task_id, None)
        self._report_worker(task)
        if task and task.progress.cancelled and result is None:
            self.cancelled.emit(task_id)
        else:
            self.finished.emit(task_id, result)
            if task and task.on_done:
                task.on_done(result)
        self._maybe_idle(task)

    def _on_failed(self, task_id: int, exc: object, trace: str) -> None:
        task = self._tasks.pop(task_id, None)
        self._report_worker(task)
        if isinstance(exc, TaskCancelled):
            self.cancelled.emit(task_id)
        elif task and task.on_error:
            self.handled.emit(task_id)
            task.on_error(exc, trace)  # type: ignore[arg-type]
        else:
            log.error("Background task failed: %s", trace)
            self.failed.emit(task_id, exc, trace)
        self._maybe_idle(task)

    def _report_worker(self, task: Task | None) -> None:
        if task is not None and task.worker_pid is not None:
            log.debug("Task %r ran in worker process %s", task.label, task.worker_pid)
            self.worker_reported.emit(task.id, task.worker_pid)

    def _maybe_idle(self, task: Task | None) -> None:
        if task is not None and task.write and not self.writes_pending():
            self.writes_done.emit()
        if not self._tasks:
            self.idle.emit()
