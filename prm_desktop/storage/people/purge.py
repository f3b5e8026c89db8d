"""Redaction of a purged person's values in the history: change log, batch labels, note bodies.

The change log is not a synced table: its entries are rewritten here in place (the purge is the one
case where history changes). ``secure_delete`` makes SQLite overwrite freed content with zeros, so
the old values do not linger in free pages of the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from prm_desktop.storage.models import Note

__all__ = ["REDACTED", "notes_containing", "redact_row_history", "replace_in_history", "secure_delete"]

#: What replaces a purged value in the history.
REDACTED = "(redacted)"


def secure_delete(session: Session) -> None:
    """Make SQLite zero the content it frees on this connection (deleted or rewritten values)."""
    session.execute(text("PRAGMA secure_delete = ON"))


def redact_row_history(session: Session, table: str, row_id: str, fields: Iterable[str]) -> int:
    """Blank ``fields`` in every change-log entry of one row (inserts, updates and deletes).

    Returns:
        How many entries were rewritten.
    """
    names = set(fields)
    rows = session.execute(
        text("SELECT seq, op, data FROM change_log WHERE table_name = :t AND row_id = :r"), {"t": table, "r": row_id}
    ).all()
    count = 0
    for seq, op, raw in rows:
        data = json.loads(raw)
        changed = False
        for name in names & set(data):
            if op == "update":
                old, new = data[name]
                data[name] = [None if old is None else REDACTED, None if new is None else REDACTED]
            elif data[name] is not None:
                data[name] = REDACTED
            changed = True
        if changed:
            session.execute(
                text("UPDATE change_log SET data = :d WHERE seq = :s"),
                {"d": json.dumps(data, ensure_ascii=False, default=str), "s": seq},
            )
            count += 1
    return count


def replace_in_history(session: Session, values: Sequence[str]) -> int:
    """Replace each value wherever the change log or a batch label holds it.

    Returns:
        How many change-log entries and batch labels were rewritten.
    """
    count = 0
    for value in values:
        for form in {value, json.dumps(value)[1:-1]}:
            bind = {"v": form, "r": REDACTED}
            count += (
                session.execute(
                    text("UPDATE change_log SET data = replace(data, :v, :r) WHERE instr(data, :v) > 0"), bind
                ).rowcount
                or 0
            )
            count += (
                session.execute(
                    text("UPDATE batches SET label = replace(label, :v, :r) WHERE instr(label, :v) > 0"), bind
                ).rowcount
                or 0
            )
    return count


def notes_containing(session: Session, values: Sequence[str]) -> list[Note]:
    """Live or removed notes whose body holds one of ``values``."""
    if not values:
        return []
    return list(session.scalars(select(Note).where(or_(*(Note.body.contains(v, autoescape=True) for v in values)))))
