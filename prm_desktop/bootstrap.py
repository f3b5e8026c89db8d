"""Application wiring: the one place that picks concrete adapters and opens a portfolio."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from prm_desktop.config import Paths, resolve_paths
from prm_desktop.services.maintenance import IntegrityState
from prm_desktop.storage.database import Database, DatabaseCorruptError, DatabaseError, open_database
from prm_desktop.storage.faults import as_fault, install_fault_messages
from prm_desktop.storage.integrity import install_write_gate
from prm_desktop.storage.portfolio_lock import PortfolioLock, hold_open

__all__ = ["AppContext", "DatabaseCorruptError", "DatabaseError", "explain_fault", "open_app"]
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory


@dataclass
class AppContext:
    """An open portfolio: its paths and database."""

    paths: Paths
    db: Database
    #: Held shared while the portfolio is open: a restore from another process is refused.
    lock: PortfolioLock | None = None
    #: Whether writes may go ahead (the GUI checks integrity after the first paint).
    integrity: IntegrityState = field(default_factory=IntegrityState)

    @property
    def uow(self) -> UnitOfWorkFactory:
        """The unit-of-work factory every service takes."""
        return self.db.uow

    def close(self) -> None:
        """Close the database and let the "portfolio open" lock go."""
        self.db.close()
        if self.lock is not None:
            self.lock.release()


def install_hooks(db: Database) -> None:
    """Register the commit hooks that keep derived tables (search, summaries) in step."""
    from prm_desktop.services import hooks

    for hook in hooks.commit_hooks():
        if hook not in db.uow.hooks:
            db.uow.hooks.append(hook)


def open_app(data_dir: str | os.PathLike[str] | None = None, seed_program: bool = True,
             refresh_derived: bool = True) -> AppContext:
    """Open (creating or upgrading) the portfolio in ``data_dir``.

    Args:
        data_dir: The portfolio folder (see `resolve_paths`).
        seed_program: Import the shipped program when the database has none.
        refresh_derived: Bring the partner summary and search index up to date now (cheap when
            they are current: only rows whose date-dependent values changed are recomputed). The
            GUI passes False and runs `refresh_derived_data` off its thread after the window shows;
            program evaluations are only refreshed there (the CLI `evaluate` computes its own).

    Raises:
        DatabaseError: Too new, damaged or foreign database, read-only folder, full disk, a
            restore under way...: a clear message; nothing was written.
    """
    paths = resolve_paths(data_dir)
    try:
        paths.ensure()
    except OSError as exc:
        raise (as_fault(exc, paths.database) or exc) from exc
    lock = hold_open(paths.database)
    try:
        db = _open_database(paths)
    except BaseException:
        lock.release()
        raise
    app = AppContext(paths, db, lock)
    install_fault_messages(db.engine, db.path)
    install_write_gate(db.engine, app.integrity.wait_writable)
    try:
        install_hooks(db)
        if seed_program:
            from prm_desktop.services.programs import ensure_default_program

            ensure_default_program(db.uow)
        if refresh_derived:
            from prm_desktop.services import partner_summary

            partner_summary.ensure_derived(db.uow)
    except BaseException:
        app.close()
        raise
    return app


def explain_fault(exc: BaseException, data_dir: str | os.PathLike[str] | None) -> str:
    """The plain message for an error met while opening the portfolio in ``data_dir``.

    A `DatabaseError` already says it; an ``OSError`` (read-only folder, full disk) gets the
    message of its fault instead of the system's wording.
    """
    if isinstance(exc, DatabaseError):
        return str(exc)
    fault = as_fault(exc, resolve_paths(data_dir).database)
    return str(fault) if fault is not None else str(exc)


def _open_database(paths: Paths) -> Database:
    """`open_database`, with faults met on the way (full disk...) turned into clear errors."""
    try:
        return open_database(paths.database, paths.backup_dir)
    except DatabaseError:
        raise
    except Exception as exc:
        fault = as_fault(exc, paths.database)
        if fault is None:
            raise
        raise fault from exc


def derived_data_stale(uow: UnitOfWorkFactory) -> bool:
    """Whether the summary, the search index or the program evaluations need a refresh."""
    from prm_desktop.services import partner_summary, portfolio, search_index

    return (partner_summary.is_stale(uow) or search_index.is_empty_but_needed(uow)
            or portfolio.evaluations_stale(uow))


def refresh_derived_data(uow: UnitOfWorkFactory, progress: object = None, cancelled: object = None) -> bool:
    """Rebuild what depends on the date or was never built: summary, search index, evaluations.

    Returns:
        True when anything was recomputed.
    """
    from prm_desktop.services import partner_summary, portfolio

    changed = partner_summary.ensure_derived(uow)
    if portfolio.evaluations_stale(uow):
        portfolio.refresh_evaluations(uow, progress=progress, cancelled=cancelled,  # type: ignore[arg-type]
                                      full=False)  # only where a date crossed a boundary
        changed = True
    return changed
