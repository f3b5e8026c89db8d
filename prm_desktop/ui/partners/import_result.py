"""Texts of the import wizard: issues as ``line N: column: message``, results, read errors."""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.imports.plan_types import ENTITIES, entity_count
from prm_desktop.services.imports.tabular import TableError

__all__ = ["describe_result", "issue_text", "read_error_text"]


def issue_text(issue: Any) -> str:
    """A row error or warning as ``line N: column: message`` in the current language."""
    return _("line {line}: {column}: {text}", line=issue.line, column=issue.column, text=issue.message)


def _detail(plan: Any, action: str) -> str:
    counts = plan.counts()[action]
    return ", ".join(entity_count(e, counts[e]) for e in ENTITIES if counts[e])


def describe_result(result: Any, plan: Any = None) -> str:
    """What an import wrote (per kind of row when the plan is known), and how to revert it."""
    created = _n("{count} created", "{count} created", result.created, count=format_number(result.created))
    if plan is not None and not getattr(result, "replanned", False) and result.created:
        created = _("{count} ({detail})", count=created, detail=_detail(plan, "create"))
    parts = [
        created,
        _n("{count} updated", "{count} updated", result.updated, count=format_number(result.updated)),
        _n("{count} unchanged", "{count} unchanged", result.unchanged, count=format_number(result.unchanged)),
    ]
    if result.deleted:
        parts.append(_n("{count} removed", "{count} removed", result.deleted, count=format_number(result.deleted)))
    text = _("Rows: {counts}.", counts=", ".join(parts))
    if result.batch_id:
        text += "\n" + _("The import is one step in Edit › Undo: undo it there to remove everything it wrote.")
    if getattr(result, "replanned", False):
        text += "\n" + _("The data changed after the check, so the file was checked again just before writing.")
    return text


def read_error_text(exc: BaseException) -> str:
    """Why a file could not be read, for the user."""
    if isinstance(exc, TableError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return _("This file does not exist.")
    if isinstance(exc, PermissionError):
        return _("This file cannot be opened (permission denied).")
    return _("This file cannot be read: {error}", error=exc)
