"""The GUI process's side of a worker: start it with ``spawn``, read its messages on a thread, cancel it.

`WorkerProcess` hands the job to the spare worker (a process started after the previous job, its
usual modules already imported, so a job does not wait for Python, SQLAlchemy and the services to
load) or starts :func:`prm_desktop.worker.child.child_main` in a new process, and reads the
messages it sends on a daemon thread, handing each to callbacks (the task runner turns them into Qt
signals). If the process ends without a word (killed, crashed, terminated after a cancel), the reader
reports it: as cancelled when a cancel was asked, else as a `WorkerError`. A process that does not
stop within ``grace_s`` of a cancel is terminated; SQLite then rolls its open transaction back.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Callable
from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.worker.child import TaskCancelled, WorkerError, child_main, spare_main

__all__ = ["CANCEL_GRACE_S", "WorkerProcess", "stop_spare"]

log = logging.getLogger(__name__)

#: Seconds a worker has to stop by itself after a cancel before it is terminated.
CANCEL_GRACE_S = 5.0


class _Spare:
    """A worker process started ahead, its modules imported, waiting for the next job."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.cancel = context.Event()
        jobs_reader, self._jobs = context.Pipe(duplex=False)
        self.results, results_writer = context.Pipe(duplex=False)
        self.process = context.Process(target=spare_main, args=(jobs_reader, results_writer, self.cancel),
                                       name="prm-worker:spare", daemon=True)  # fmt: skip
        self.process.start()
        jobs_reader.close()
        results_writer.close()

    def give(self, job: str, args: tuple[Any, ...], language: str | None) -> bool:
        """Hand it a job; False when it is gone (then it is discarded)."""
        if not self.process.is_alive():
            self.stop()
            return False
        try:
            self._jobs.send((job, args, language))
        except (OSError, EOFError):
            self.stop()
            return False
        except Exception:
            self.stop()  # arguments that cannot be sent: the same error as for a new process
            raise
        finally:
            self._jobs.close()
        return True

    def stop(self) -> None:
        """End it without a job."""
        self._jobs.close()
        self.results.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)


#: The spare worker of this process (one at most), started after the first job.
_spare: _Spare | None = None
_spare_lock = threading.Lock()


def _take_spare() -> _Spare | None:
    global _spare  # noqa: PLW0603 - one spare per GUI process
    with _spare_lock:
        spare, _spare = _spare, None
    return spare


def _start_spare() -> None:
    global _spare  # noqa: PLW0603
    with _spare_lock:
        if _spare is None:
            try:
                _spare = _Spare()
            except Exception:  # noqa: BLE001 - no spare: the next job starts its own process
                log.warning("Could not start a spare worker process", exc_info=True)


def stop_spare() -> None:
    """End the spare worker, if any (at shutdown; it is a daemon process anyway)."""
    spare = _take_spare()
    if spare is not None:
        spare.stop()


class WorkerProcess:
    """One job in one worker process.

    Args:
        job: The job's dotted path, ``"module:function"``.
        args: Its picklable arguments (after ``progress``).
        language: The language the worker translates its messages into.
        on_progress: Called with ``(done, total, message)`` (on the reader thread).
        on_done: Called with ``(result, pid)`` (on the reader thread).
        on_failed: Called with ``(exception, traceback_text, pid)`` (on the reader thread); a cancelled
            job reports a `TaskCancelled`.
        grace_s: Seconds given to stop after a cancel before the process is terminated.
    """

    def __init__(self, job: str, args: tuple[Any, ...], language: str | None,
                 on_progress: Callable[[int, int, str], None], on_done: Callable[[Any, int], None],
                 on_failed: Callable[[BaseException, str, int | None], None],
                 grace_s: float = CANCEL_GRACE_S) -> None:
        self.job, self.grace_s = job, grace_s
        self._on_progress, self._on_done, self._on_failed = on_progress, on_done, on_failed
        self._cancel_at: float | None = None
        spare = _take_spare()
        if spare is not None and spare.give(job, tuple(args), language):
            self.process, self._cancel, self._conn = spare.process, spare.cancel, spare.results
        else:
            context = multiprocessing.get_context("spawn")
            self._cancel = context.Event()
            reader, writer = context.Pipe(duplex=False)
            self._conn = reader
            self.process = context.Process(target=child_main, args=(writer, self._cancel, job, tuple(args), language),
                                           name=f"prm-worker:{job}", daemon=True)  # fmt: skip
            self.process.start()
            writer.close()  # the child holds the only write end: EOF when it ends
        # Starting a process forks this one: done on a thread, the GUI thread does not wait for it.
        threading.Thread(target=_start_spare, name="prm-worker-spare", daemon=True).start()
        self.finished = threading.Event()
        self._thread = threading.Thread(target=self._read, name=f"prm-worker-reader:{job}", daemon=True)
        self._thread.start()

    @property
    def pid(self) -> int | None:
        """The worker's process id."""
        return self.process.pid

    def cancel(self) -> None:
        """Ask the job to stop; it is terminated if still running ``grace_s`` later."""
        if self._cancel_at is None:
            self._cancel_at = time.monotonic()
            self._cancel.set()
            threading.Thread(target=self._terminate_late, name="prm-worker-cancel", daemon=True).start()

    def _terminate_late(self) -> None:
        if not self.finished.wait(self.grace_s) and self.process.is_alive():
            log.warning("Worker %s did not stop within %.1f s of a cancel: terminated", self.job, self.grace_s)
            self.process.terminate()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the outcome was reported; False on timeout."""
        return self.finished.wait(timeout_s)

    def _read(self) -> None:
        reported = False
        try:
            while True:
                try:
                    message = self._conn.recv()
                except (EOFError, OSError):
                    break
                except Exception as exc:  # noqa: BLE001 - a result that cannot be unpickled here
                    self._on_failed(WorkerError(str(exc)), repr(exc), self.pid)
                    reported = True
                    break
                kind = message[0]
                if kind == "progress":
                    self._on_progress(message[1], message[2], message[3])
                elif kind == "done":
                    self._on_done(message[1], message[2])
                    reported = True
                elif kind == "cancelled":
                    self._on_failed(TaskCancelled(), "", message[1])
                    reported = True
                elif kind == "failed":
                    self._on_failed(message[1], message[2], message[3])
                    reported = True
            self.process.join()
            if not reported:
                if self._cancel_at is not None:
                    self._on_failed(TaskCancelled(), "", self.pid)
                else:
                    code = self.process.exitcode
                    error = WorkerError(_("the background process stopped unexpectedly (exit code {code})",
                                          code=code))  # fmt: skip
                    self._on_failed(error, str(error), self.pid)
        finally:
            self._conn.close()
            self.finished.set()
