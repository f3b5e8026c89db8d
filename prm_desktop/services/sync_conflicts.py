"""The Conflicts view's use cases: list conflicts, resolve one, export and dismiss edits set aside.

Resolving is an ordinary edit: keeping the value that lost writes it to the row in an undoable,
logged unit of work (pushed at the next sync); keeping the current value only closes the record.
For an edit-versus-delete conflict the other value is the row itself: "Restore it" brings a deleted
row back with the edit that met the deletion, "Delete it" deletes a row whose deletion lost.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import _
from prm_desktop.storage.sync import review
from prm_desktop.storage.sync.review import SET_ASIDE_KINDS, ConflictRow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

KEEP_CURRENT, KEEP_OTHER = "current", "other"
#: Conflict kinds about a deletion: a row deleted while someone edited it (``edit_deleted``: it stays
#: deleted unless restored) or a deletion that lost to a later edit (``delete_lost``: the row stays).
DELETION_KINDS = ("edit_deleted", "delete_lost")


def list_conflicts(uow: UnitOfWorkFactory, partner_id: str | None = None) -> list[ConflictRow]:
    """Open conflicts (not the edits set aside), newest first; of one partner when given."""
    with uow.read() as session:
        return [c for c in review.conflict_rows(session, partner_id) if c.kind not in SET_ASIDE_KINDS]


def count_for_partner(uow: UnitOfWorkFactory, partner_id: str) -> int:
    """How many open conflicts (not set-aside edits) concern one partner."""
    with uow.read() as session:
        return review.open_conflict_count(session, partner_id)


def list_set_aside(uow: UnitOfWorkFactory) -> list[ConflictRow]:
    """Edits the server refused or that were set aside when their partner was no longer shared."""
    with uow.read() as session:
        return [c for c in review.conflict_rows(session) if c.kind in SET_ASIDE_KINDS]


def other_value(conflict: ConflictRow) -> Any:
    """The value that is not on the row now (the one “Keep the other value” writes)."""
    if conflict.current_value == conflict.kept_value:
        return conflict.lost_value
    return conflict.kept_value if conflict.current_value == conflict.lost_value else conflict.lost_value


def can_restore(conflict: ConflictRow) -> bool:
    """True when the other value can be written back: a field's, or the row's for a deletion conflict."""
    return (conflict.kind == "field" and conflict.field is not None) or conflict.kind in DELETION_KINDS


def resolve(uow: UnitOfWorkFactory, conflict: ConflictRow, keep: str) -> bool:
    """Close a conflict, keeping the current value or writing the other one (an ordinary edit).

    For ``edit_deleted``, the other value is the row restored with the edit that met the deletion;
    for ``delete_lost``, the row deleted.

    Returns:
        False when the row is gone (nothing changed).
    """
    other = keep == KEEP_OTHER and can_restore(conflict)
    name = conflict.partner_name or conflict.row_id
    if other and conflict.kind == "edit_deleted":
        label = _("Conflict resolved: {name} restored", name=name)
    elif other and conflict.kind == "delete_lost":
        label = _("Conflict resolved: {name} deleted", name=name)
    else:
        label = _("Conflict resolved: {field} of {name}", field=conflict.field or conflict.table, name=name)
    with uow(kind="edit", label=label) as work:
        if other and conflict.kind == "edit_deleted":
            done = review.restore_row(work.session, conflict.id, conflict.lost_value)
        elif other and conflict.kind == "delete_lost":
            done = review.delete_row(work.session, conflict.id)
        else:
            done = review.resolve(work.session, conflict.id, other_value(conflict), write=other)
        if done:
            work.commit()
    return done


def dismiss_set_aside(uow: UnitOfWorkFactory, conflict_ids: list[str]) -> int:
    """Take edits set aside off the list (after exporting them, say); returns how many.

    Nothing is deleted: the edits stay in the change log and their records are only marked dismissed.
    """
    with uow(kind="edit", label=_("Edits set aside dismissed")) as work:
        count = review.dismiss(work.session, list(conflict_ids))
        work.commit()
    return count


def describe_value(value: Any, label: Callable[[str], str] = str) -> str:
    """A stored value in words (a deleted row, an empty value, several fields named by ``label``)."""
    if value is None:
        return _("(empty)")
    if isinstance(value, dict):  # several fields; an edit's fields are [old, new] pairs
        return "; ".join(_("{field}: {value}", field=label(k),
                           value=describe_value(v[1] if isinstance(v, list) and len(v) == 2 else v))
                         for k, v in value.items())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def export_set_aside(uow: UnitOfWorkFactory, path: Path) -> int:
    """Write the edits set aside to a CSV file (UTF-8 with BOM, for Excel); returns how many."""
    from prm_desktop.services.sync_session import user_timezone

    rows, tz = list_set_aside(uow), user_timezone(uow)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([_("When"), _("Partner"), _("Table"), _("Row"), _("Reason"), _("Your edit")])
        for row in rows:
            writer.writerow([format_datetime(row.created_at, tz, style="short"),
                             row.partner_name or row.partner_id or "", row.table, row.row_id,
                             reason_text(row.kept_value),
                             json.dumps(row.lost_value, ensure_ascii=False, default=str)])
    return len(rows)


def reason_text(reason: Any) -> str:
    """Why an edit was set aside, in plain words."""
    if reason == "revoked":
        return _("The partner is no longer shared with you")
    if isinstance(reason, str) and "no access" in reason:
        return _("You no longer have access to this partner")
    return str(reason)
