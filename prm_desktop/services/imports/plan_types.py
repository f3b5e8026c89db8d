"""Plain data of an import plan and of its result (formats.md §4).

An :class:`ImportPlan` says what importing a file would do: rows to create, rows to update (with
per-field old and new values), rows left unchanged and rows to delete (revenue lines a file
replaces), plus the errors and warnings as ``line N: column: message``. It is built read-only by
:func:`~prm_desktop.services.imports.plan.plan_import` and written by
:func:`~prm_desktop.services.imports.apply.apply_import`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.imports.columns import ColumnMapping
from prm_desktop.services.imports.rows import RowIssue
from prm_desktop.services.imports.tabular import Table

__all__ = [
    "ENTITIES",
    "FieldChange",
    "ImportCancelledError",
    "ImportPlan",
    "ImportPlanError",
    "ImportResult",
    "PlannedCreate",
    "PlannedDelete",
    "PlannedUnchanged",
    "PlannedUpdate",
    "entity_count",
    "entity_name",
]

#: What a planned row can be (its table), in the order they are written and listed.
ENTITIES: tuple[str, ...] = (
    "partner",
    "contact",
    "certification",
    "reference",
    "revenue_line",
    "target",
    "stakeholder",
    "team_member",
    "partner_distributor",
    "metric_value",
    "yes_no_fact",
)


def entity_name(entity: str) -> str:
    """The translated name of one row of an entity (``"partner"``, ``"team member"``…)."""
    names = {
        "partner": _("partner"),
        "contact": _("contact"),
        "certification": _("certification"),
        "reference": _("customer reference"),
        "revenue_line": _("revenue line"),
        "target": _("target"),
        "stakeholder": _("stakeholder"),
        "team_member": _("team member"),
        "partner_distributor": _("distributor link"),
        "metric_value": _("metric value"),
        "yes_no_fact": _("yes/no fact"),
    }
    return names.get(entity, entity)


def entity_count(entity: str, n: int) -> str:
    """``"3 partners"``, ``"1 contact"``… translated, for summaries."""
    if entity == "team_member":
        return _n("{n} team member", "{n} team members", n)
    if entity == "partner":
        return _n("{n} partner", "{n} partners", n)
    if entity == "partner_distributor":
        return _n("{n} distributor link", "{n} distributor links", n)
    if entity == "contact":
        return _n("{n} contact", "{n} contacts", n)
    if entity == "certification":
        return _n("{n} certification", "{n} certifications", n)
    if entity == "reference":
        return _n("{n} customer reference", "{n} customer references", n)
    if entity == "revenue_line":
        return _n("{n} revenue line", "{n} revenue lines", n)
    if entity == "target":
        return _n("{n} target", "{n} targets", n)
    if entity == "metric_value":
        return _n("{n} metric value", "{n} metric values", n)
    if entity == "yes_no_fact":
        return _n("{n} yes/no fact", "{n} yes/no facts", n)
    return _n("{n} stakeholder", "{n} stakeholders", n)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an updated row: its stored value and the file's value."""

    field: str
    old: Any
    new: Any


@dataclass(slots=True)
class PlannedCreate:
    """A row the import inserts.

    Attributes:
        entity: What it is (one of :data:`ENTITIES`).
        label: A readable name (``"Armorique Logiciels"``, ``"Yann Kerjean — Armorique Logiciels"``).
        line: The file line it comes from (None for rows the import adds on its own).
        row_id: The id it will have.
        values: Its column values.
    """

    entity: str
    label: str
    line: int | None
    row_id: str
    values: dict[str, Any]


@dataclass(slots=True)
class PlannedUpdate:
    """A stored row the import changes; ``changes`` lists each changed field's old and new value."""

    entity: str
    label: str
    line: int | None
    row_id: str
    changes: list[FieldChange]
    current: dict[str, Any] = field(repr=False)


@dataclass(slots=True)
class PlannedDelete:
    """A stored row the import removes (soft delete): revenue lines a file replaces."""

    entity: str
    label: str
    line: int | None
    row_id: str
    current: dict[str, Any] = field(repr=False)


@dataclass(slots=True)
class PlannedUnchanged:
    """A stored row the file names and leaves as it is."""

    entity: str
    label: str
    line: int | None
    row_id: str


@dataclass
class ImportPlan:
    """What importing a file would do; nothing is written until it is applied.

    Attributes:
        kind: The import kind (``partners``, ``contacts``…).
        source: The file's name (for the batch label), or ``""``.
        errors: Row errors (``line N: column: message``); any error means nothing may be written.
        warnings: Warnings (unknown columns, fixed postcodes, new team members…).
        creates: Rows to insert, in write order.
        updates: Rows to change.
        unchanged_rows: Rows the file names that stay as they are.
        deletes: Rows to remove (revenue lines of the (partner, quarter) pairs a file replaces).
        rows_read: Data rows in the file.
        change_seq: The last change-log entry when the plan was made (to notice later writes).
        table: The file's table and ``mapping`` its columns, kept to plan again if the data changed.
    """

    kind: str
    source: str = ""
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    creates: list[PlannedCreate] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    unchanged_rows: list[PlannedUnchanged] = field(default_factory=list)
    deletes: list[PlannedDelete] = field(default_factory=list)
    rows_read: int = 0
    change_seq: int = 0
    table: Table | None = field(default=None, repr=False)
    mapping: ColumnMapping | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the file has no error (then the plan may be applied)."""
        return not self.errors

    @property
    def unchanged(self) -> int:
        """How many stored rows the file names and leaves as they are."""
        return len(self.unchanged_rows)

    @property
    def has_changes(self) -> bool:
        """Whether applying would write anything."""
        return bool(self.creates or self.updates or self.deletes)

    def counts(self) -> dict[str, Counter[str]]:
        """Rows per entity for ``create``, ``update``, ``unchanged`` and ``delete``."""
        return {
            "create": Counter(c.entity for c in self.creates),
            "update": Counter(u.entity for u in self.updates),
            "unchanged": Counter(u.entity for u in self.unchanged_rows),
            "delete": Counter(d.entity for d in self.deletes),
        }

    def summary(self) -> str:
        """One line: ``"12 to create, 3 to update, 40 unchanged"`` (plus deletions and errors).

        When several kinds of rows are created (partners and their new team members), the creation
        count is broken down: ``"12 to create (10 partners, 2 team members), …"``.
        """
        counts = self.counts()
        created = _n("{n} to create", "{n} to create", len(self.creates))
        if len(counts["create"]) > 1:
            detail = ", ".join(entity_count(e, counts["create"][e]) for e in ENTITIES if counts["create"][e])
            created = _("{count} ({detail})", count=created, detail=detail)
        parts = [
            created,
            _n("{n} to update", "{n} to update", len(self.updates)),
            _n("{n} unchanged", "{n} unchanged", self.unchanged),
        ]
        if self.deletes:
            parts.append(_n("{n} to delete", "{n} to delete", len(self.deletes)))
        if self.errors:
            parts.append(_n("{n} error", "{n} errors", len(self.errors)))
        return ", ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    """What applying a plan wrote.

    Attributes:
        batch_id: The batch to undo the import with (None when nothing changed).
        created: Rows inserted.
        updated: Rows changed.
        unchanged: Rows left as they were.
        deleted: Rows removed (soft delete).
        replanned: Whether the data changed after the plan was made, so the file was planned again
            just before writing (the counts are those of the new plan).
    """

    batch_id: str | None
    created: int
    updated: int
    unchanged: int
    deleted: int
    replanned: bool = False


class ImportPlanError(ValueError):
    """A plan with errors cannot be applied; ``errors`` holds them as ``RowIssue``."""

    def __init__(self, errors: list[RowIssue]) -> None:
        self.errors = list(errors)
        head = "; ".join(str(e) for e in self.errors[:3])
        super().__init__(_n("the file has {n} error; nothing was written: {errors}",
                            "the file has {n} errors; nothing was written: {errors}", len(self.errors), errors=head))


class ImportCancelledError(Exception):
    """The user cancelled the import while it was being written; nothing was written."""
