"""Quarters written with fiscal-year labels (``FY27 Q1``) in revenue and target files.

The active program says how its fiscal years are named (``fiscal_year_named_by``, domain/program_calendar.py);
each label is read as the quarter it names, and a warning per label shows the conversion (so does
``--dry-run``). Without that key, a label is a row error naming it.
"""

from __future__ import annotations

from sqlalchemy import select

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.domain.program_calendar import FiscalLabel, resolve_fiscal_label
from prm_desktop.services.imports.builder import PlanBuilder
from prm_desktop.storage.models import ProgramRecord

__all__ = ["resolve_fiscal_labels"]


def resolve_fiscal_labels(b: PlanBuilder) -> None:
    """Replace each record's ``FY27 Q1`` by the quarter it names under the active program."""
    labelled = [r for r in b.records if isinstance(r.get("quarter"), FiscalLabel)]
    if not labelled:
        return
    from prm_desktop.services.programs import parse_cached

    source = b.session.scalar(select(ProgramRecord.source).where(
        ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)))
    program = parse_cached(source) if source else None
    shown: set[str] = set()
    for record in labelled:
        label: FiscalLabel = record["quarter"]
        quarter = resolve_fiscal_label(label, program) if program is not None else None
        if quarter is None:
            b.error(record["_line"], "quarter", _(
                "{value} names a fiscal year, but the active program does not say whether its fiscal years "
                "are named after the year they start or end (fiscal_year_named_by)", value=label.text))
            record["quarter"] = label.text
            continue
        record["quarter"] = quarter
        if label.text not in shown:
            shown.add(label.text)
            fsm = program.fiscal_year_start_month  # type: ignore[union-attr]
            b.warn(record["_line"], "quarter", _(
                "{label} read as {quarter} ({start} to {end})", label=label.text, quarter=str(quarter),
                start=format_date(quarter.start_date(fsm)), end=format_date(quarter.end_date(fsm))))
