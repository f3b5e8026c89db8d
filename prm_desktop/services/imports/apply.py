"""Writing an import plan in one unit of work, one batch that "undo last import" reverts.

:func:`apply_import` writes every row of a plan without errors with the unit of work's
``bulk_insert`` / ``bulk_update`` (logged in the change log, like every write), in chunks, reporting
progress and checking for cancellation between chunks: a cancel raises
:class:`~prm_desktop.services.imports.plan_types.ImportCancelledError`, the transaction is rolled back
and nothing is written. :func:`import_file` reads, plans and (unless ``dry_run``) applies a file.

The GUI calls both off the GUI thread (the background-task helper); they return plain dataclasses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from prm_desktop.domain.i18n import _
from prm_desktop.services.imports.columns import ColumnMapping, match_columns
from prm_desktop.services.imports.plan import plan_import, plan_in_session
from prm_desktop.services.imports.plan_types import (
    ENTITIES,
    ImportCancelledError,
    ImportPlan,
    ImportPlanError,
    ImportResult,
    entity_count,
)
from prm_desktop.services.imports.tabular import read_table
from prm_desktop.storage.models import (
    Base,
    Certification,
    ChangeLogEntry,
    Contact,
    CustomerReference,
    Partner,
    PartnerDistributor,
    PartnerMetricValue,
    PartnerYesNoFact,
    RevenueLine,
    Stakeholder,
    Target,
    TeamMember,
    utcnow,
)
from prm_desktop.storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = [
    "ImportCancelledError",
    "ImportPlan",
    "ImportPlanError",
    "ImportResult",
    "Progress",
    "apply_import",
    "batch_label",
    "import_file",
    "plan_import",
]

#: ``progress(done, total, message)``: rows written so far, rows to write, what is being done.
Progress = Callable[[int, int, str], None]

CHUNK_SIZE = 5_000

_MODELS: dict[str, type[Base]] = {
    "team_member": TeamMember,
    "partner": Partner,
    "partner_distributor": PartnerDistributor,
    "contact": Contact,
    "certification": Certification,
    "reference": CustomerReference,
    "revenue_line": RevenueLine,
    "target": Target,
    "stakeholder": Stakeholder,
    "metric_value": PartnerMetricValue,
    "yes_no_fact": PartnerYesNoFact,
}


def batch_label(kind: str, source: str) -> str:
    """The batch's label as Edit › Undo and ``batches`` show it: ``"Import partners from x.csv"``."""
    labels = {
        "partners": _("Import partners from {file}", file=source),
        "contacts": _("Import contacts from {file}", file=source),
        "certifications": _("Import certifications from {file}", file=source),
        "references": _("Import customer references from {file}", file=source),
        "revenue": _("Import revenue from {file}", file=source),
        "targets": _("Import targets from {file}", file=source),
        "stakeholders": _("Import stakeholders from {file}", file=source),
        "metrics": _("Import metrics from {file}", file=source),
        "facts": _("Import yes/no facts from {file}", file=source),
    }
    return labels.get(kind, _("Import {kind} from {file}", kind=kind, file=source))


class _Writer:
    """Writes chunks, counting rows, reporting progress and honouring cancellation."""

    def __init__(self, work: UnitOfWork, total: int, progress: Progress | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.work, self.total, self.done = work, total, 0
        self.progress, self.cancelled = progress, cancelled

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelledError(_("import cancelled; nothing was written"))

    def report(self, message: str) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total, message)

    def run(self, items: list[Any], message: str, write: Callable[[list[Any]], None]) -> None:
        for start in range(0, len(items), CHUNK_SIZE):
            self.check()
            chunk = items[start : start + CHUNK_SIZE]
            write(chunk)
            self.done += len(chunk)
            self.report(message)


def _write(work: UnitOfWork, plan: ImportPlan, writer: _Writer) -> None:
    now = utcnow()
    for entity in ENTITIES:
        model = _MODELS[entity]
        creates = [c.values for c in plan.creates if c.entity == entity]
        writer.run(creates, _("Creating {what}", what=entity_count(entity, len(creates))),
                   lambda chunk, m=model: work.bulk_insert(m, chunk))
        updates = [(u.current, {c.field: c.new for c in u.changes}) for u in plan.updates if u.entity == entity]
        writer.run(updates, _("Updating {what}", what=entity_count(entity, len(updates))),
                   lambda chunk, m=model: work.bulk_update(m, chunk))
        deletes = [(d.current, {"deleted_at": now}) for d in plan.deletes if d.entity == entity]
        writer.run(deletes, _("Removing {what}", what=entity_count(entity, len(deletes))),
                   lambda chunk, m=model: work.bulk_update(m, chunk))


def apply_import(uow: UnitOfWorkFactory, plan: ImportPlan, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Write a plan in one unit of work: one batch, undone by ``undo_batch``.

    When something was written since the plan was made, the file is planned again inside the write
    transaction (so the preview never writes stale values); if it now has errors, nothing is written.

    Args:
        uow: Unit-of-work factory of the portfolio.
        plan: A plan from :func:`plan_import` without errors.
        progress: Called as ``progress(done, total, message)`` after each chunk.
        cancelled: Called between chunks; returning True cancels (nothing is written).

    Returns:
        The batch id (None when there was nothing to write) and the counts.

    Raises:
        ImportPlanError: The plan (or the plan made again) has errors; nothing was written.
        ImportCancelledError: ``cancelled()`` returned True; nothing was written.
    """
    if not plan.ok:
        raise ImportPlanError(plan.errors)
    with uow(kind="import", label=batch_label(plan.kind, plan.source)) as work:
        replanned = False
        seq = int(work.session.scalar(select(func.max(ChangeLogEntry.seq))) or 0)
        if seq != plan.change_seq and plan.table is not None:
            plan = plan_in_session(work.session, plan.kind, plan.table, plan.mapping, plan.source)
            replanned = True
            if not plan.ok:
                raise ImportPlanError(plan.errors)
        total = len(plan.creates) + len(plan.updates) + len(plan.deletes)
        writer = _Writer(work, total, progress, cancelled)
        writer.check()
        _write(work, plan, writer)
        writer.check()
        writer.report(_("Updating the search index and partner summaries"))
        work.commit()
        batch_id = work.batch_id if plan.has_changes else None
    return ImportResult(batch_id, len(plan.creates), len(plan.updates), plan.unchanged, len(plan.deletes),
                        replanned)


def _override(mapping: ColumnMapping, overrides: Mapping[int | str, str | None]) -> ColumnMapping:
    for column, field_name in overrides.items():
        if isinstance(column, str):
            if column not in mapping.headers:
                raise ValueError(_("no column {header} in the file", header=column))
            column = mapping.headers.index(column)
        mapping = mapping.with_override(column, field_name)
    return mapping


def import_file(uow: UnitOfWorkFactory, kind: str, path: str | os.PathLike[str], dry_run: bool = False,
                mapping_overrides: Mapping[int | str, str | None] | None = None,
                progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> tuple[ImportPlan, ImportResult | None]:
    """Read, plan and (unless ``dry_run`` or the file has errors) write a spreadsheet.

    Args:
        uow: Unit-of-work factory of the portfolio.
        kind: The import kind (``partners``, ``contacts``…).
        path: A ``.csv``/``.txt``/``.tsv`` or ``.xlsx`` file.
        dry_run: Only plan; write nothing.
        mapping_overrides: Column (index, or header as written) → field (None: ignore the column),
            applied over the matched headers.
        progress: See :func:`apply_import`.
        cancelled: See :func:`apply_import`.

    Returns:
        ``(plan, result)``; ``result`` is None for a dry run or a file with errors (nothing written).

    Raises:
        TableError: The file cannot be read as a table.
        ImportCancelledError: Cancelled while writing; nothing was written.
    """
    path = Path(path)
    table = read_table(path)
    mapping = match_columns(kind, table.headers)
    if mapping_overrides:
        mapping = _override(mapping, mapping_overrides)
    plan = plan_import(uow, kind, table, mapping, source=path.name)
    if dry_run or not plan.ok:
        return plan, None
    return plan, apply_import(uow, plan, progress=progress, cancelled=cancelled)
