"""Unit of work: one short transaction per service call, logged to the change log.

Usage (cosmicpython style)::

    with uow_factory(kind="edit", label="Edit partner Acme") as uow:
        partner = uow.session.get(Partner, pid)
        partner.city = "Lyon"
        uow.commit()

Leaving the block without `commit` rolls back.

Transactions are ours, not the driver's (SQLAlchemy's SQLite recipe: pysqlite's own lazy ``BEGIN``
is turned off in `prm_desktop.storage.database.make_engine` and `begin_transaction` emits ours).
A unit of work starts with ``BEGIN IMMEDIATE``: it holds the write lock from its first read, so
what it checks cannot change before it writes (another writer waits, up to the busy timeout). A
read session (`UnitOfWorkFactory.read`) is one deferred transaction on a read-only connection: all
its queries see the same snapshot, and any write raises.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from prm_desktop.domain.hlc import HybridClock
from prm_desktop.storage.change_log import FLUSHING, READ_ONLY, ChangeRecorder
from prm_desktop.storage.models import Base

CommitHook = Callable[[Session, set[tuple[str, str, str | None]]], None]

#: Execution option naming how a connection begins: `WRITE`, `READ` or absent (plain deferred BEGIN).
TRANSACTION = "prm_transaction"
WRITE = "write"
READ = "read"


def begin_transaction(conn: Connection) -> None:
    """Engine ``begin`` listener: emit our own BEGIN (the driver's is off).

    ``BEGIN IMMEDIATE`` for units of work, a deferred ``BEGIN`` with ``PRAGMA query_only`` for read
    sessions, a plain deferred ``BEGIN`` otherwise (start-up, maintenance).
    """
    mode = conn.get_execution_options().get(TRANSACTION)
    info = conn.info  # the DBAPI connection's: it lives as long as the pooled connection
    info.pop(FLUSHING, None)
    read_only = mode == READ
    if info.get(READ_ONLY, False) != read_only:  # a connection setting, changed only when it must
        conn.connection.driver_connection.execute(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
        info[READ_ONLY] = read_only
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == WRITE else "BEGIN")


def control_transactions(engine: Engine) -> None:
    """Make ``engine`` begin its transactions with `begin_transaction`."""
    event.listen(engine, "begin", begin_transaction)


def session_factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """Session factories for units of work (``BEGIN IMMEDIATE``) and for reads (read-only snapshot)."""
    write = sessionmaker(engine.execution_options(**{TRANSACTION: WRITE}), expire_on_commit=False)
    read = sessionmaker(engine.execution_options(**{TRANSACTION: READ}), expire_on_commit=False)
    return write, read


class UnitOfWork:
    """A session in one transaction whose writes are all recorded in the change log."""

    def __init__(self, session_factory: sessionmaker[Session], clock: HybridClock,
                 hooks: list[CommitHook], kind: str = "edit", label: str = "") -> None:
        self._session_factory = session_factory
        self._hooks = hooks
        self.recorder = ChangeRecorder(clock=clock, kind=kind, label=label)
        self.session: Session
        self.committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.session.info["recorder"] = self.recorder
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self.session.rollback()
        self.session.close()

    @property
    def batch_id(self) -> str:
        """Id of the batch this unit of work writes (valid once something changed)."""
        return self.recorder.batch_id

    def describe(self, kind: str, label: str) -> None:
        """Set what this batch is, as Edit > Undo and the batch list show it."""
        self.recorder.kind, self.recorder.label = kind, label

    def bulk_insert(self, model: type[Base], rows: list[dict[str, Any]]) -> list[str]:
        """Insert many rows at once, logged (see `ChangeRecorder.bulk_insert`)."""
        return self.recorder.bulk_insert(self.session, model, rows)

    def bulk_update(self, model: type[Base], changes: list[tuple[dict[str, Any], dict[str, Any]]]) -> int:
        """Update many rows at once, logged (see `ChangeRecorder.bulk_update`)."""
        return self.recorder.bulk_update(self.session, model, changes)

    def commit(self, hooks: bool = True) -> None:
        """Flush, run the commit hooks (search index, summaries), record the batch and commit.

        Args:
            hooks: False leaves the derived tables behind: only for a caller that brings them whole
                again itself (a sync's initial pull fills them once, after its last page).
        """
        self.session.flush()
        if self.recorder.touched and hooks:
            for hook in self._hooks:
                hook(self.session, self.recorder.touched)
        self.recorder.finish(self.session)
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        """Abandon every change of this unit of work."""
        self.session.rollback()


class UnitOfWorkFactory:
    """Makes units of work on one database; holds the clock and commit hooks."""

    def __init__(self, session_factory: sessionmaker[Session], clock: HybridClock,
                 read_factory: sessionmaker[Session] | None = None) -> None:
        self.session_factory = session_factory
        self.read_factory = read_factory or session_factory
        self.clock = clock
        self.hooks: list[CommitHook] = []

    def __call__(self, kind: str = "edit", label: str = "") -> UnitOfWork:
        """Return a new unit of work (use it as a context manager)."""
        return UnitOfWork(self.session_factory, self.clock, self.hooks, kind=kind, label=label)

    def read(self) -> Session:
        """A session for reads only (close it, or use it as a context manager).

        Its queries share one snapshot of the database (one deferred transaction, ended by closing
        the session); any write through it raises `UnloggedWriteError` (SQLite's "attempt to
        write a readonly database" for a raw driver cursor). Keep it short: an open snapshot holds
        the WAL from being checkpointed.
        """
        return self.read_factory()
