"""Application wiring: the one place that picks concrete adapters and opens a portfolio."""

from __future__ import annotations

import os
from dataclasses import dataclass

from prm_desktop.config import Paths, resolve_paths
from prm_desktop.storage.database import Database, DatabaseError, open_database

__all__ = ["AppContext", "DatabaseError", "open_app"]
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory


@dataclass
class AppContext:
    """An open portfolio: its paths and database."""

    paths: Paths
    db: Database

    @property
    def uow(self) -> UnitOfWorkFactory:
        """The unit-of-work factory every service takes."""
        return self.db.uow

    def close(self) -> None:
        """Close the database."""
        self.db.close()


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
        DatabaseError: Too new, damaged or foreign database; nothing was written.
    """
    paths = resolve_paths(data_dir).ensure()
    db = open_database(paths.database, paths.backup_dir)
    install_hooks(db)
    if seed_program:
        from prm_desktop.services.programs import ensure_default_program

        ensure_default_program(db.uow)
    if refresh_derived:
        from prm_desktop.services import partner_summary

        partner_summary.ensure_derived(db.uow)
    return AppContext(paths, db)


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
