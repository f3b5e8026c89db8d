"""The process side of a worker job: run it, report progress, honour cancellation, send the outcome.

:func:`child_main` is the target of every worker process. It imports the job by its dotted path,
calls ``job(progress, *args)`` and sends messages through the write end of a pipe:

- ``("progress", done, total, message)`` (at most every 50 ms, and always the last one);
- ``("done", result, pid)`` with the job's (picklable) result;
- ``("cancelled", pid)`` when the job stopped because the user cancelled;
- ``("failed", exception, traceback_text, pid)``; an exception that cannot be pickled is sent as a
  :class:`WorkerError` with the same text.

Cancellation is a ``multiprocessing.Event`` the GUI sets; the job sees it through
``progress.cancelled`` / ``progress.check()``, the same API as a thread task.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["JobProgress", "TaskCancelled", "WorkerError", "child_main", "lower_priority", "resolve_job", "spare_main"]

#: Modules a spare worker imports while it waits, so that the job it gets starts warm.
PRELOAD = ("prm_desktop.worker.jobs", "prm_desktop.bootstrap", "prm_desktop.services.portfolio",
           "prm_desktop.services.imports.apply", "prm_desktop.services.demo")

#: Smallest interval between two progress messages (the last one is always sent).
PROGRESS_INTERVAL_S = 0.05
#: Niceness added to a worker process: on a busy machine the window's thread gets the CPU first.
WORKER_NICENESS = 10
_lowered = False


def lower_priority() -> None:
    """Run this (worker) process below the window's CPU priority, once.

    Heavy work must never make the window wait for the processor: POSIX ``nice``, and the
    below-normal priority class on Windows. Nothing changes on an idle machine.
    """
    global _lowered  # noqa: PLW0603 - once per process
    if _lowered:
        return
    _lowered = True
    try:
        if hasattr(os, "nice"):
            os.nice(WORKER_NICENESS)
        elif sys.platform == "win32":
            import ctypes

            below_normal = 0x4000
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), below_normal)
    except (OSError, AttributeError):
        pass  # not allowed here: the worker runs at the window's priority


class TaskCancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class WorkerError(RuntimeError):
    """A worker failed with an exception that could not be sent back as it was; holds its text."""


class JobProgress:
    """Handed to a job in a worker process: report progress and learn about cancellation.

    Args:
        send: Sends one message to the GUI process.
        cancel_event: Set by the GUI process when the user cancels (anything with ``is_set()``).
    """

    def __init__(self, send: Callable[[tuple[Any, ...]], None], cancel_event: Any) -> None:
        self._send = send
        self._cancel = cancel_event
        self._last = 0.0
        #: Called once the outcome is sent (`after_outcome`).
        self.afterwards: list[Callable[[], None]] = []

    def after_outcome(self, work: Callable[[], None]) -> None:
        """Run ``work`` once the job's outcome has been sent (the window no longer waits for it)."""
        self.afterwards.append(work)

    @property
    def cancelled(self) -> bool:
        """True once the user asked to cancel."""
        return bool(self._cancel.is_set())

    def check(self) -> None:
        """Raise `TaskCancelled` if the user cancelled."""
        if self.cancelled:
            raise TaskCancelled

    def __call__(self, done: int, total: int, message: str = "") -> None:
        """Report ``done`` out of ``total`` steps with a short message (throttled)."""
        now = time.monotonic()
        if now - self._last < PROGRESS_INTERVAL_S and not (total and done >= total):
            return
        self._last = now
        self._send(("progress", int(done), int(total), str(message)))


def resolve_job(path: str) -> Callable[..., Any]:
    """Import the job named ``"package.module:function"``."""
    module_name, _sep, name = path.partition(":")
    if not name:
        raise ValueError(f"a job is named 'module:function', not {path!r}")
    return getattr(importlib.import_module(module_name), name)


def _sendable(exc: BaseException, trace: str) -> BaseException:
    """The exception itself when it survives pickling, else a `WorkerError` with its text."""
    exc.__traceback__ = None
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any pickling problem: send the text instead
        return WorkerError(f"{type(exc).__name__}: {exc}")
    return exc


def child_main(conn: Any, cancel_event: Any, job: str, args: tuple[Any, ...], language: str | None) -> None:
    """Body of a worker process: run ``job(progress, *args)`` and send its outcome through ``conn``.

    Args:
        conn: Write end of the pipe to the GUI process.
        cancel_event: The ``multiprocessing.Event`` the GUI sets to cancel.
        job: The job's dotted path, ``"module:function"``.
        args: Its (picklable) arguments after ``progress``.
        language: The GUI's language (messages and results are translated in it).
    """
    pid = os.getpid()
    lower_priority()
    try:
        if language:
            from prm_desktop.domain.i18n import set_language

            set_language(language)
        progress = JobProgress(conn.send, cancel_event)
        result = resolve_job(job)(progress, *args)
        if progress.cancelled and result is None:
            conn.send(("cancelled", pid))
        else:
            conn.send(("done", result, pid))
        conn.close()
        _afterwards(progress.afterwards)
    except TaskCancelled:
        conn.send(("cancelled", pid))
    except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
        trace = traceback.format_exc()
        conn.send(("failed", _sendable(exc, trace), trace, pid))
    finally:
        conn.close()


def _afterwards(works: list[Callable[[], None]]) -> None:
    """Run what a job left for after its outcome (housekeeping: a failure is logged, the outcome stands)."""
    for work in works:
        try:
            work()
        except Exception:  # noqa: BLE001 - the outcome is out; nothing to report it to
            logging.getLogger(__name__).exception("Work after the outcome of a job failed")


def spare_main(jobs: Any, conn: Any, cancel_event: Any) -> None:
    """Body of a spare worker: import the usual modules, wait for one job, run it as `child_main`.

    Args:
        jobs: Read end of the pipe the GUI sends ``(job, args, language)`` through (EOF: not needed).
        conn: Write end of the pipe to the GUI process.
        cancel_event: The ``multiprocessing.Event`` the GUI sets to cancel.
    """
    lower_priority()
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # e.g. a version without the demo: the job will say so
            pass
    try:
        job, args, language = jobs.recv()
    except (EOFError, OSError):
        conn.close()
        return
    finally:
        jobs.close()
    child_main(conn, cancel_event, job, args, language)
