"""The jobs a worker process runs: refresh, demo, import read/check/write, program import/activation, probe.

Each job is ``job(progress, *args)`` with picklable arguments (the portfolio folder, the job's
parameters), opens its own connection with :func:`prm_desktop.bootstrap.open_app`, and returns a small
picklable result: the GUI process never receives a portfolio-sized structure. An import plan stays on
disk (a pickle file in the temporary folder) between the check and the write.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from prm_desktop.worker.child import JobProgress, TaskCancelled

__all__ = [
    "MAX_ISSUES_SHOWN",
    "CheckedImport",
    "TablePreview",
    "demo",
    "discard_plan",
    "import_apply",
    "import_check",
    "import_read",
    "probe",
    "program_activate",
    "program_import",
    "refresh",
]

#: Rows of a file sent back to the GUI for the import preview.
PREVIEW_ROWS = 20


@contextmanager
def _portfolio(data_dir: str) -> Iterator[Any]:
    """The portfolio in ``data_dir``, opened for this process only and closed afterwards."""
    from prm_desktop.bootstrap import open_app

    app = open_app(data_dir, seed_program=False, refresh_derived=False)
    try:
        yield app
    finally:
        app.close()


def probe(progress: JobProgress, sleep_s: float = 0.0) -> dict[str, Any]:
    """Report the worker's process id and whether Qt got loaded; with ``sleep_s``, wait cancellably.

    Used to check the mechanism (tests, problem reports).
    """
    import time

    deadline = time.monotonic() + sleep_s
    while time.monotonic() < deadline:
        progress.check()
        time.sleep(0.02)
    return {"pid": os.getpid(), "qt_loaded": any(m.startswith("PySide6") for m in sys.modules),
            "niceness": os.nice(0) if hasattr(os, "nice") else None}


def refresh(progress: JobProgress, data_dir: str, force: bool = False, processes: int | None = None) -> dict[str, Any]:
    """Bring the date-dependent data up to date (summary, search index, program evaluations).

    Args:
        progress: Progress and cancellation.
        data_dir: The portfolio folder.
        force: Evaluate every partner again even when the evaluations look current.
        processes: How many processes evaluate the whole portfolio when forced (default: two for a
            large portfolio, see `evaluation_parts`).

    Returns:
        ``changed`` (anything recomputed), ``stale`` (evaluations still stale, e.g. cancelled) and
        ``pid``.
    """
    from prm_desktop.bootstrap import refresh_derived_data
    from prm_desktop.services import portfolio
    from prm_desktop.storage.wal import checkpoint_file

    def cancelled() -> bool:
        return progress.cancelled

    with _portfolio(data_dir) as app:
        changed = False
        if force:
            portfolio.refresh_evaluations(app.uow, progress=progress, cancelled=cancelled, processes=processes)
            changed = True
            # Its commit left the WAL for later (`checkpoint_later`): copied into the file once the window has
            # the outcome.
            progress.after_outcome(partial(checkpoint_file, app.db.path))
        changed = refresh_derived_data(app.uow, progress=progress, cancelled=cancelled) or changed
        stale = portfolio.evaluations_stale(app.uow)
    if progress.cancelled:
        raise TaskCancelled
    return {"changed": changed, "stale": stale, "pid": os.getpid()}


def demo(progress: JobProgress, data_dir: str, partners: int, seed: int = 1) -> Any:
    """Write the demo portfolio (one undoable batch); returns its `DemoResult`."""
    from prm_desktop.services.demo import DemoCancelled, generate_demo

    with _portfolio(data_dir) as app:
        try:
            return generate_demo(app.uow, partners=partners, seed=seed, progress=progress,
                                 cancelled=lambda: progress.cancelled)  # fmt: skip
        except DemoCancelled as exc:
            raise TaskCancelled from exc


def program_import(progress: JobProgress, data_dir: str, text: str) -> Any:
    """Import (and activate) a program file; returns its `ProgramSummary`.

    Activation re-evaluates the portfolio in the commit, hence a worker. An invalid file raises
    `ProgramError`, which reaches the window whole (its problems and texts survive pickling).
    """
    from prm_desktop.services.programs import import_program

    progress(0, 0, "")
    with _portfolio(data_dir) as app:
        return import_program(app.uow, text, activate=True)


def program_activate(progress: JobProgress, data_dir: str, program_id: str) -> Any:
    """Make a program the active one (the portfolio is re-evaluated); returns its `ProgramSummary`."""
    from prm_desktop.services.programs import activate_program

    progress(0, 0, "")
    with _portfolio(data_dir) as app:
        return activate_program(app.uow, program_id)


@dataclass
class TablePreview:
    """What the import wizard shows of a file: its headers and first rows (not the whole file).

    Attributes:
        headers: Header cells as written.
        rows: The first :data:`PREVIEW_ROWS` data rows (``line`` and ``values``).
        row_count: Data rows in the whole file.
        header_line: The header's line number.
    """

    headers: list[str]
    rows: list[Any]
    row_count: int
    header_line: int = 1


def import_read(progress: JobProgress, path: str) -> TablePreview:
    """Read a spreadsheet and return its preview (raises `TableError` when it cannot be read)."""
    from prm_desktop.services.imports.tabular import read_table

    progress(0, 0, "")
    table = read_table(Path(path))
    return TablePreview(list(table.headers), list(table.rows[:PREVIEW_ROWS]), len(table.rows), table.header_line)


#: Errors (and warnings) of a checked file sent back to the window: a file with thousands of bad rows
#: shows the first ones and how many more, not a list of thousands of lines.
MAX_ISSUES_SHOWN = 200


@dataclass
class CheckedImport:
    """The outcome of checking a file, as the wizard shows it; the plan itself stays in ``plan_file``.

    Attributes:
        kind: The import kind.
        source: The file's name.
        errors: Row errors (``line``, ``column``, ``message``).
        warnings: Warnings.
        has_changes: Whether importing would write anything.
        summary_text: The plan's one-line summary, translated in the worker.
        counts_by_action: Rows per entity for ``create``, ``update``, ``unchanged``, ``delete``.
        plan_file: The pickled plan, handed to :func:`import_apply`.
        pid: The worker's process id.
        error_count: How many errors the file has (``errors`` holds the first `MAX_ISSUES_SHOWN`).
        warning_count: How many warnings (``warnings`` holds the first `MAX_ISSUES_SHOWN`).
    """

    kind: str
    source: str
    errors: list[Any] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    has_changes: bool = False
    summary_text: str = ""
    counts_by_action: dict[str, Counter[str]] = field(default_factory=dict)
    plan_file: str = ""
    pid: int = 0
    error_count: int = 0
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        """Whether the file has no error."""
        return not self.errors

    def summary(self) -> str:
        """``"12 to create, 3 to update, 40 unchanged"``."""
        return self.summary_text

    def counts(self) -> dict[str, Counter[str]]:
        """Rows per entity and action (see ``ImportPlan.counts``)."""
        return self.counts_by_action


def import_check(progress: JobProgress, data_dir: str, path: str, kind: str, mapping: Any,
                 source: str) -> CheckedImport:
    """Read and plan an import (nothing is written); the plan is kept in a temporary file.

    Args:
        progress: Progress and cancellation.
        data_dir: The portfolio folder.
        path: The file.
        kind: The import kind.
        mapping: The column mapping the user checked.
        source: The file's name, for the batch label.
    """
    from prm_desktop.services.imports.plan import plan_import
    from prm_desktop.services.imports.tabular import read_table

    progress(0, 0, "")
    table = read_table(Path(path))
    progress.check()
    with _portfolio(data_dir) as app:
        plan = plan_import(app.uow, kind, table, mapping, source=source)
    progress.check()
    plan_file = ""
    if plan.ok and plan.has_changes:
        handle, plan_file = tempfile.mkstemp(prefix="prm-import-", suffix=".plan")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(plan, out, protocol=pickle.HIGHEST_PROTOCOL)
    return CheckedImport(kind, source, list(plan.errors[:MAX_ISSUES_SHOWN]), list(plan.warnings[:MAX_ISSUES_SHOWN]),
                         plan.has_changes, plan.summary(), plan.counts(), plan_file, os.getpid(),
                         len(plan.errors), len(plan.warnings))  # fmt: skip


def import_apply(progress: JobProgress, data_dir: str, plan_file: str) -> Any:
    """Write a checked plan (one batch); returns the `ImportResult`. The plan file is removed."""
    from prm_desktop.services.imports.apply import ImportCancelledError, apply_import

    try:
        with open(plan_file, "rb") as handle:
            plan = pickle.load(handle)  # noqa: S301 - written by import_check of this application
        with _portfolio(data_dir) as app:
            try:
                return apply_import(app.uow, plan, progress=progress, cancelled=lambda: progress.cancelled)
            except ImportCancelledError as exc:
                raise TaskCancelled from exc
    finally:
        discard_plan(None, plan_file)


def discard_plan(_progress: Any, plan_file: str | None) -> None:
    """Remove a plan file that will not be imported (no error when it is gone)."""
    if plan_file:
        Path(plan_file).unlink(missing_ok=True)


def tier_changes(progress: JobProgress, data_dir: str, partner_ids: list[str]) -> Any:
    """`qualified_tier_changes` of many partners (the tier review's question): a list of `TierChange`."""
    from prm_desktop.services.tier_review import qualified_tier_changes

    with _portfolio(data_dir) as app:
        return qualified_tier_changes(app.uow, partner_ids, progress=progress)


def tier_assign(progress: JobProgress, data_dir: str, partner_ids: list[str]) -> Any:
    """`assign_qualified_tiers` of many partners: the `TierChange` list of what was written."""
    from prm_desktop.services.tier_review import assign_qualified_tiers

    with _portfolio(data_dir) as app:
        return assign_qualified_tiers(app.uow, partner_ids, progress=progress)
