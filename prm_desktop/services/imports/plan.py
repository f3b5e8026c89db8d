"""Planning an import: parse the whole file and resolve it against the database, read-only.

:func:`plan_import` is the first half of every import (formats.md §4, design §4): it parses every
row (:func:`~prm_desktop.services.imports.rows.parse_rows`), then matches partners, people and
program values with indexes loaded in bulk (one query per table, no query per row), and returns an
:class:`~prm_desktop.services.imports.plan_types.ImportPlan`: what would be created, updated, left
unchanged or deleted, and every error and warning as ``line N: column: message``. Nothing is
written; :func:`~prm_desktop.services.imports.apply.apply_import` writes a plan without errors.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from prm_desktop.services.imports.builder import PlanBuilder
from prm_desktop.services.imports.columns import KINDS, ColumnMapping, match_columns
from prm_desktop.services.imports.plan_facts import plan_references, plan_revenue, plan_targets
from prm_desktop.services.imports.plan_metrics import plan_metrics, plan_yes_no_facts
from prm_desktop.services.imports.plan_partners import plan_partners
from prm_desktop.services.imports.plan_people import plan_certifications, plan_contacts, plan_stakeholders
from prm_desktop.services.imports.plan_types import ImportPlan
from prm_desktop.services.imports.rows import parse_rows
from prm_desktop.services.imports.tabular import Table
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["KINDS", "plan_import", "plan_in_session"]

_PLANNERS: dict[str, Callable[[PlanBuilder], None]] = {
    "partners": plan_partners,
    "contacts": plan_contacts,
    "certifications": plan_certifications,
    "references": plan_references,
    "revenue": plan_revenue,
    "targets": plan_targets,
    "stakeholders": plan_stakeholders,
    "metrics": plan_metrics,
    "facts": plan_yes_no_facts,
}


def plan_in_session(session: Session, kind: str, table: Table, mapping: ColumnMapping | None = None,
                    source: str = "") -> ImportPlan:
    """Plan an import with an open session (reads only); see :func:`plan_import`."""
    if kind not in _PLANNERS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    mapping = mapping or match_columns(kind, table.headers)
    parsed = parse_rows(kind, table, mapping)
    builder = PlanBuilder(session, kind, mapping, parsed, table.header_line)
    if parsed.records:
        _PLANNERS[kind](builder)
    plan = ImportPlan(kind=kind, source=source, rows_read=len(table.rows), table=table, mapping=mapping)
    return builder.finish(plan)


def plan_import(uow: UnitOfWorkFactory, kind: str, table: Table, mapping: ColumnMapping | None = None,
                source: str = "") -> ImportPlan:
    """Validate a whole file and work out what importing it would do; nothing is written.

    Args:
        uow: Unit-of-work factory of the portfolio.
        kind: ``partners``, ``contacts``, ``certifications``, ``references``, ``revenue``, ``targets``
            or ``stakeholders``.
        table: The file, read by :func:`~prm_desktop.services.imports.tabular.read_table`.
        mapping: The columns (default: matched from the headers); the import wizard passes the one
            the user corrected with :meth:`ColumnMapping.with_override`.
        source: The file's name, used in the batch label ("Import partners from FILE").

    Returns:
        The plan: creates, updates (per-field old/new), unchanged rows, deletes, errors, warnings.
        ``plan.ok`` is False when any row has an error; such a plan cannot be applied.

    Raises:
        ValueError: For an unknown kind, or a mapping made for another kind.
    """
    with uow.read() as session:
        return plan_in_session(session, kind, table, mapping, source)
