"""Unit of work: one short transaction per service call, logged to the change log.

Usage (cosmicpython style)::

    with uow_factory(kind="edit", label="Edit partner Acme") as uow:
        partner = uow.session.get(Partner, pid)
        partner.city = "Lyon"
        uow.commit()

Leaving the block without `commit` rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from prm_desktop.domain.hlc import HybridClock
from prm_desktop.storage.change_log import ChangeRecorder
from prm_desktop.storage.models import Base

CommitHook = Callable[[Session, set[tuple[str, str, str | None]]], None]


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

    def commit(self) -> None:
        """Flush, run the commit hooks (search index, summaries), record the batch and commit."""
        self.session.flush()
        if self.recorder.touched:
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

    def __init__(self, session_factory: sessionmaker[Session], clock: HybridClock) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.hooks: list[CommitHook] = []

    def __call__(self, kind: str = "edit", label: str = "") -> UnitOfWork:
        """Return a new unit of work (use it as a context manager)."""
        return UnitOfWork(self.session_factory, self.clock, self.hooks, kind=kind, label=label)

    def read(self) -> Session:
        """A session for reads only (close it, or use it as a context manager)."""
        return self.session_factory()
