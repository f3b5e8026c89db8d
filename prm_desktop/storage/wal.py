"""The write-ahead log of the SQLite file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

__all__ = ["BackgroundCheckpoints", "checkpoint", "checkpoint_file", "checkpoint_later"]


def checkpoint(engine: Engine) -> None:
    """Copy what the WAL holds into the main file as far as readers allow (``PASSIVE``: never waits)."""
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(PASSIVE)"))


def checkpoint_file(path: Path | str) -> None:
    """`checkpoint` of the SQLite file ``path`` through a connection of its own (e.g. after a job's result is sent)."""
    with closing(sqlite3.connect(str(path))) as conn:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextmanager
def checkpoint_later(session: Session) -> Iterator[None]:
    """Commits on the session's connection inside the block leave the WAL as it is (no automatic checkpoint).

    A commit that puts thousands of pages in the WAL otherwise copies them into the main file and
    flushes it to disk before it returns (a fifth of a second after a whole-portfolio refresh): the
    caller runs `checkpoint_file` once its result is out (the next commit of any connection does it
    otherwise). The connection's own setting is restored when the block ends.
    """
    raw = session.connection().connection.driver_connection
    before = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    raw.execute("PRAGMA wal_autocheckpoint=0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA wal_autocheckpoint={int(before)}")


class BackgroundCheckpoints:
    """Checkpoints of one SQLite file run by a thread of their own, while a bulk writer goes on committing.

    A writer committing large transactions one after another (a first sync's pages) under
    `checkpoint_later` asks for a checkpoint after each commit (`after_commit`): the thread copies the
    WAL into the main file and flushes it while the writer prepares and writes its next transaction
    (SQLite releases the GIL while it works), instead of the writer doing it inside each commit. A
    request made while one runs is served by one more run after it. `close` waits for the thread;
    what is still in the WAL then goes in at the next commit of any connection (or `checkpoint_file`).

    Args:
        path: The SQLite file.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._wanted = threading.Condition()
        self._asked = False
        self._closing = False
        #: The error of the last checkpoint that failed (none is fatal: the WAL just stays longer).
        self.error: BaseException | None = None
        self.runs = 0
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)
        self._thread.start()

    def after_commit(self) -> None:
        """Ask for a checkpoint (returns at once)."""
        with self._wanted:
            self._asked = True
            self._wanted.notify()

    def _run(self) -> None:
        while True:
            with self._wanted:
                while not self._asked and not self._closing:
                    self._wanted.wait()
                if not self._asked:
                    return
                self._asked = False
            try:
                checkpoint_file(self.path)
                self.runs += 1
            except sqlite3.Error as exc:  # busy, or the file went away: the WAL stays for the next one
                self.error = exc

    def close(self) -> None:
        """Serve the requests made so far, then stop the thread."""
        with self._wanted:
            self._closing = True
            self._wanted.notify()
        self._thread.join()

    def __enter__(self) -> BackgroundCheckpoints:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
