"""A large index fill's entries built in a process of their own, while this one does other work.

A first pull fills the partner summary and then the search index in its last transaction; building
the entries' text (normalising it) is most of the index's cost, in Python. `start` reads the rows
the rebuild indexes (`index.fill_chunks`, in the caller's transaction: its uncommitted writes
included) and sends them to a process started with "spawn" (no PySide6 imported), which builds
each chunk's entries with the same builders (`entries.BUILDERS`), gives them the row ids the
rebuild gives (`index.with_rowids`) and writes the whole index into a file of its own (`index_file`:
the text tokenised there too); meanwhile this process goes on (the summary). `index.rebuild` then
copies that index in: it is the one a rebuild in this process makes.

The rows go out through a file and the index comes back as one (see `PreparedFill`). A failure of the
other process (an error, or stopped) raises `SearchFillError` where the index is asked for: the
caller's transaction then writes nothing.

When the caller's transaction wrote nothing to the indexed tables (a first pull's last step, which
only fills the derived tables: it says so with :data:`SOURCE_COMMITTED` in ``session.info``), the
other process reads the rows from the database file itself, in a snapshot of its own: the caller
does not read and send them (`start_reading_file`), and goes on at once.
"""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import sqlite3
import tempfile
import traceback
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.storage.processes import start_spawned
from prm_desktop.storage.search.entries import Doc
from prm_desktop.storage.search.index import Entry, fill_chunks, with_rowids

__all__ = ["PARALLEL_MIN", "SOURCE_COMMITTED", "PreparedFill", "SearchFillError", "start", "start_if_large",
           "start_reading_file"]

#: From this many live partners a fill's entries are built in another process (starting it costs about a second).
PARALLEL_MIN = 20_000
#: Entries per piece `PreparedFill.__iter__` gives.
PIECE_ROWS = 50_000
#: ``session.info`` key: True when the session's transaction wrote nothing to the indexed tables (yet
#: must fill the index): the other process may read them from the file (`start_if_large`).
SOURCE_COMMITTED = "search_fill.source_committed"
_END, _FAILED = b"E", b"F"
_ROWS, _INDEX = "rows.pickle", "index.sqlite3"


class SearchFillError(RuntimeError):
    """The process building the search entries failed or stopped."""


def _read_file(database: str) -> list[list[Doc]]:
    """The entries of every chunk `index.fill_chunks` reads from the database file (one read transaction)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session as OrmSession

    from prm_desktop.storage.search.entries import BUILDERS

    engine = create_engine(f"sqlite:///file:{database}?mode=ro&uri=true")
    try:
        with OrmSession(engine) as session:
            session.connection().exec_driver_sql("BEGIN")  # one snapshot for every read
            return [BUILDERS[name](chunk) for name, chunk in fill_chunks(session)]
    finally:
        engine.dispose()


def _main(inbox: Any, outbox: Any, folder: str, database: str | None = None) -> None:
    """The other process: build each chunk announced, then the whole index in a file of its own (`index_file`).

    With ``database``: the chunks are read from that file here instead. Says ``E`` + how many chunks
    it built, or ``F`` + the error.
    """
    try:
        from prm_desktop.storage.search.entries import BUILDERS
        from prm_desktop.storage.search.index import FILL_HASH_BYTES
        from prm_desktop.storage.search.index_file import build_file

        received: list[list[Doc]] = []
        if database is not None:
            received = _read_file(database)
        else:
            with open(Path(folder) / _ROWS, "rb") as rows:
                while size := inbox.recv_bytes():
                    name, chunk = pickle.loads(rows.read(int.from_bytes(size, "little")))  # noqa: S301 - ours
                    received.append(BUILDERS[name](chunk))
        build_file(with_rowids(received), Path(folder) / _INDEX, FILL_HASH_BYTES)
        outbox.send_bytes(_END + len(received).to_bytes(8, "little"))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
        details = traceback.format_exc()
        try:
            payload = pickle.dumps((exc, details))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled: its text
            payload = pickle.dumps((SearchFillError(str(exc)), details))
        try:
            outbox.send_bytes(_FAILED + payload)
        except OSError:
            pass
    finally:
        outbox.close()


def _spawn(inbox: Any, outbox: Any, folder: str, database: str | None) -> Any:
    return start_spawned(_main, (inbox, outbox, folder, database), "prm-search-fill")


def _stop(process: Any, folder: str) -> None:
    if process.is_alive():
        process.kill()
    process.join(5)
    shutil.rmtree(folder, ignore_errors=True)


class PreparedFill:
    """The index of a fill being built by another process (`index_file`; or iterate it once for its entries).

    The rows go to the other process, and the index comes back, through two files in a temporary
    folder (removed at the end); the pipes only say how much there is, so neither process ever
    waits for the other while it works.
    """

    def __init__(self, database: str | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        #: The database file the other process reads the rows from (None: they are sent, `send`).
        self.database = database
        self._folder = tempfile.mkdtemp(prefix="prm-search-fill-")
        self._rows = open(Path(self._folder) / _ROWS, "wb")  # noqa: SIM115 - closed by `finish`
        their_inbox, self._to = context.Pipe(duplex=False)
        self._from, their_outbox = context.Pipe(duplex=False)
        try:
            self.process = _spawn(their_inbox, their_outbox, self._folder, database)
        except BaseException:
            self._rows.close()
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        finally:
            their_inbox.close()
            their_outbox.close()
        self._finalizer = weakref.finalize(self, _stop, self.process, self._folder)
        self.chunks = 0
        self._broken = False

    def send(self, name: str, rows: Any) -> None:
        """Hand one chunk of `index.fill_chunks` to the other process (before `finish`)."""
        if self._rows.closed:
            raise RuntimeError("PreparedFill.send after finish")
        blob = pickle.dumps((name, rows), protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks += 1
        if self._broken:
            return
        self._rows.write(blob)
        self._rows.flush()
        try:
            self._to.send_bytes(len(blob).to_bytes(8, "little"))
        except OSError:  # the other process is gone: `__iter__` says so
            self._broken = True

    def finish(self) -> None:
        """Say every chunk was sent."""
        if not self._rows.closed:
            self._rows.close()
            try:
                if self.database is None:  # the other process reads no rows from us otherwise
                    self._to.send_bytes(b"")
            except OSError:
                self._broken = True
            self._to.close()

    def close(self) -> None:
        """Stop the other process and remove the files (when the entries are no longer wanted)."""
        self.finish()
        self._from.close()
        self._finalizer()

    def index_file(self) -> Path:
        """The file holding the whole index (`index_file.build_file`), once the other process built it (and ended).

        The file stays until `close`.

        Raises:
            SearchFillError: The other process stopped before building it.
            Exception: The error the other process raised.
        """
        self.finish()
        try:
            message = self._from.recv_bytes()
        except (EOFError, OSError):
            message = b""
        self.process.join(5)  # it ends once it has said so
        if message[:1] == _FAILED:
            self.close()
            error, _details = pickle.loads(message[1:])  # noqa: S301 - from our own process
            raise error
        counted = self.database is not None or int.from_bytes(message[1:9], "little") == self.chunks
        if message[:1] != _END or not counted or self._broken:
            self.close()
            raise SearchFillError(_("The process preparing the search index stopped unexpectedly "
                                    "(exit code {code}).", code=self.process.exitcode))
        return Path(self._folder) / _INDEX

    def __iter__(self) -> Iterator[list[Entry]]:
        """The entries of the chunks sent, with their row ids, in pieces (`index.with_rowids`; read from `index_file`).

        Raises:
            SearchFillError: The other process stopped before building them all.
            Exception: The error the other process raised.
        """
        try:
            connection = sqlite3.connect(self.index_file())
            try:
                cursor = connection.execute("SELECT rowid, kind, entity_id, partner_id, body FROM search_index "
                                            "ORDER BY rowid")
                while piece := cursor.fetchmany(PIECE_ROWS):
                    yield piece
            finally:
                connection.close()
        finally:
            self.close()


def start(session: Session) -> PreparedFill:
    """Send what `index.rebuild` would index now to another process, which builds the entries.

    The rows are read here, in ``session``'s transaction, before this returns; the caller must not
    write to the indexed tables until the entries are passed to `index.rebuild`.
    """
    prepared = PreparedFill()
    try:
        for name, rows in fill_chunks(session):
            prepared.send(name, rows)
    except BaseException:
        prepared.close()
        raise
    prepared.finish()
    return prepared


def start_reading_file(session: Session) -> PreparedFill:
    """Start another process that reads what `index.rebuild` would index from the database file itself.

    Only for a transaction that wrote nothing to the indexed tables (see :data:`SOURCE_COMMITTED`) and
    holds the write lock (no other connection can commit meanwhile): the other process's snapshot then
    holds what this transaction sees.
    """
    database = session.get_bind().url.database
    if not database:
        raise ValueError("start_reading_file needs a database file")
    prepared = PreparedFill(str(Path(database).resolve()))
    prepared.finish()
    return prepared


def start_if_large(session: Session) -> PreparedFill | None:
    """`start` when at least :data:`PARALLEL_MIN` partners are live, else None (built in this process).

    `start_reading_file` instead when ``session.info`` says its transaction wrote nothing to the indexed
    tables (:data:`SOURCE_COMMITTED`) and the database is a file.
    """
    live = session.scalar(text("SELECT COUNT(*) FROM partners WHERE deleted_at IS NULL")) or 0
    if live < PARALLEL_MIN:
        return None
    if session.info.get(SOURCE_COMMITTED) and session.get_bind().url.database not in (None, "", ":memory:"):
        return start_reading_file(session)
    return start(session)
