"""What every per-kind planner shares: errors and warnings, staged rows, the program, partners.

A planner reads the file's records and *stages* rows: a stored row it names (``stage_existing``)
with the values the file gives, or a new row (``stage_new``). A second record naming the same row
merges into it (the later value wins). :meth:`PlanBuilder.finish` then compares each staged row with
what is stored: a create, an update with its changed fields, or unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.program import Program
from prm_desktop.services.imports.columns import ColumnMapping
from prm_desktop.services.imports.matching import PartnerIndex, PartnerMatch, PartnerRef
from prm_desktop.services.imports.plan_types import (
    ENTITIES,
    FieldChange,
    ImportPlan,
    PlannedCreate,
    PlannedDelete,
    PlannedUnchanged,
    PlannedUpdate,
)
from prm_desktop.services.imports.rows import ParseResult, RowIssue
from prm_desktop.storage.ids import new_id
from prm_desktop.storage.models import ChangeLogEntry, ProgramRecord

__all__ = ["PlanBuilder", "Staged"]

_PARTNER_REF_FIELDS = ("partner", "siren", "external_id", "partner_id")


@dataclass(slots=True)
class Staged:
    """A row as the file leaves it: ``current`` is the stored row (None for a new one)."""

    entity: str
    row_id: str
    label: str
    line: int | None
    current: dict[str, Any] | None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        """Whether the import creates this row."""
        return self.current is None

    def get(self, name: str) -> Any:
        """The value the row will have (the file's, else the stored one)."""
        if name in self.values:
            return self.values[name]
        return None if self.current is None else self.current.get(name)


class PlanBuilder:
    """Collects the outcome of planning one file."""

    def __init__(self, session: Session, kind: str, mapping: ColumnMapping, parsed: ParseResult,
                 header_line: int = 1) -> None:
        self.session = session
        self.header_line = header_line
        self.kind = kind
        self.mapping = mapping
        self.records = parsed.records
        self.errors: list[RowIssue] = list(parsed.errors)
        self.warnings: list[RowIssue] = list(parsed.warnings)
        self.deletes: list[PlannedDelete] = []
        self._staged: dict[tuple[str, str], Staged] = {}
        self._program: Program | None | bool = False
        self._partners: PartnerIndex | None = None
        self._resolved: dict[str, dict[str, str | None]] = {}
        self.change_seq = int(session.scalar(select(func.max(ChangeLogEntry.seq))) or 0)

    # -- messages -------------------------------------------------------------------------------
    def header(self, name: str) -> str:
        """The column (as written in the file) feeding a field, or the field's name."""
        return self.mapping.header_of(name) or name

    def error(self, line: int, name: str, message: str) -> None:
        """Add a row error about the column feeding field ``name``."""
        self.errors.append(RowIssue(line, self.header(name), message))

    def warn(self, line: int, name: str, message: str) -> None:
        """Add a warning about the column feeding field ``name``."""
        self.warnings.append(RowIssue(line, self.header(name), message))

    # -- shared look-ups --------------------------------------------------------------------------
    @property
    def partners(self) -> PartnerIndex:
        """Every live partner, loaded once."""
        if self._partners is None:
            self._partners = PartnerIndex.load(self.session)
        return self._partners

    def active_program_or_none(self) -> Program | None:
        """The active program, or None when there is none (no error)."""
        if self._program is False:
            from prm_desktop.services.programs import parse_cached

            source = self.session.scalar(select(ProgramRecord.source).where(
                ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)))
            self._program = parse_cached(source) if source else None
        return self._program  # type: ignore[return-value]

    def program(self, line: int, name: str) -> Program | None:
        """The active program, or None after a row error saying there is none."""
        if self.active_program_or_none() is None:
            self.error(line, name, _("there is no active program: import one first"))
            return None
        return self._program  # type: ignore[return-value]

    def resolve(self, line: int, name: str, value: str, resolver: Callable[[Program, str], str | None],
                accepted: Callable[[Program], list[str]]) -> str | None:
        """Resolve a tier, competency or certification against the active program.

        An unknown value is a row error listing the accepted values.
        """
        program = self.program(line, name)
        if program is None:
            return None
        memo = self._resolved.setdefault(name, {})
        found = memo[value] if value in memo else memo.setdefault(value, resolver(program, value))
        if found is None:
            self.error(line, name, _('unknown {field} "{value}"; accepted values: {accepted}',
                                     field=name, value=value, accepted=", ".join(accepted(program))))
        return found

    def partner_of(self, record: dict[str, Any]) -> PartnerRef | None:
        """The partner a child row names (partner name, SIREN and/or external id), or a row error."""
        line = record["_line"]
        by_id = self.partners.by_id.get(record.get("partner_id") or "")
        if by_id is not None:
            return by_id  # the app's own id, as exports write it, comes first (formats.md §4)
        found = self.partners.match(record.get("external_id"), record.get("siren"), record.get("partner"))
        if found.partner is not None:
            return found.partner
        column = next((f for f in _PARTNER_REF_FIELDS if record.get(f)), "partner")
        self.error(line, column, self.no_match_message(found, self.describe_ref(record)))
        return None

    @staticmethod
    def describe_ref(record: dict[str, Any]) -> str:
        """``"Acme" (SIREN 123456789, external id X)``: how the row named its partner."""
        parts = []
        if record.get("siren"):
            parts.append(_("SIREN {siren}", siren=record["siren"]))
        if record.get("external_id"):
            parts.append(_("external id {id}", id=record["external_id"]))
        if record.get("partner_id"):
            parts.append(_("partner id {id}", id=record["partner_id"]))
        if record.get("partner"):
            name = f'"{record["partner"]}"'
            return f"{name} ({', '.join(parts)})" if parts else name
        return ", ".join(parts)

    @staticmethod
    def no_match_message(found: PartnerMatch, value: str) -> str:
        """Row error text for a partner not found, or found twice or more."""
        if found.ambiguous:
            names = ", ".join(sorted(r.name for r in found.candidates)[:5])
            return _("{value} matches {count} partners ({names}); give its SIREN or external id",
                     value=value, count=len(found.candidates), names=names)
        return _("no partner matches {value}", value=value)

    # -- staging ----------------------------------------------------------------------------------
    def staged(self, entity: str, row_id: str) -> Staged | None:
        """The row already staged under this id, if any."""
        return self._staged.get((entity, row_id))

    def stage_existing(self, entity: str, current: dict[str, Any], label: str, line: int | None) -> Staged:
        """Stage a stored row the file names (the same row twice gives the same ``Staged``)."""
        key = (entity, current["id"])
        staged = self._staged.get(key)
        if staged is None:
            staged = self._staged[key] = Staged(entity, current["id"], label, line, current)
        return staged

    def stage_new(self, entity: str, label: str, line: int | None, values: dict[str, Any]) -> Staged:
        """Stage a row to create; its id is chosen now so other rows can point at it."""
        row_id = new_id()
        staged = self._staged[(entity, row_id)] = Staged(entity, row_id, label, line, None, dict(values))
        return staged

    def delete(self, entity: str, current: dict[str, Any], label: str, line: int | None) -> None:
        """Remove a stored row (soft delete)."""
        self.deletes.append(PlannedDelete(entity, label, line, current["id"], current))

    def finish(self, plan: ImportPlan) -> ImportPlan:
        """Turn the staged rows into creates, updates and unchanged rows of ``plan``."""
        plan.errors = sorted(self.errors, key=lambda e: e.line)
        plan.warnings = sorted(self.warnings, key=lambda w: w.line)
        plan.change_seq = self.change_seq
        order = {entity: i for i, entity in enumerate(ENTITIES)}
        for staged in sorted(self._staged.values(), key=lambda s: (order[s.entity], s.line or 0)):
            if staged.current is None:
                staged.values["id"] = staged.row_id
                plan.creates.append(PlannedCreate(staged.entity, staged.label, staged.line, staged.row_id,
                                                  staged.values))
                continue
            changes = [FieldChange(k, staged.current.get(k), v) for k, v in staged.values.items()
                       if staged.current.get(k) != v]
            if changes:
                plan.updates.append(PlannedUpdate(staged.entity, staged.label, staged.line, staged.row_id,
                                                  changes, staged.current))
            else:
                plan.unchanged_rows.append(PlannedUnchanged(staged.entity, staged.label, staged.line,
                                                            staged.row_id))
        plan.deletes = self.deletes
        return plan
