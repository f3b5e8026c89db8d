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

__all__ = ["PERSON_FIELDS", "REDACTED", "identifying_values", "notes_containing", "redact_row_history",
           "replace_in_history", "secure_delete"]

#: What replaces a purged value in the history.
REDACTED = "(redacted)"
#: The personal fields of each table whose rows are people, blanked by a purge.
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "stakeholders": ("name", "business_unit", "role", "email", "phone", "manager"),
    "contacts": ("name", "role", "email", "phone", "left_on", "is_primary"),
}
#: Values shorter than this are not searched for in free text (too many false hits).
MIN_LENGTH = 3


def identifying_values(*values: str | None) -> list[str]:
    """The values that identify a person wherever they appear (name, e-mail, phone), longest first."""
    found = [v.strip() for v in values if v and len(v.strip()) >= MIN_LENGTH]
    return sorted(set(found), key=len, reverse=True)


def secure_delete(session: Session) -> None:
    """Make SQLite zero the content it frees on this connection (deleted or rewritten values)."""
    session.execute(text("PRAGMA secure_delete = ON"))


def _redact(value: object) -> object:
    """A logged value of a purged field, redacted (a yes/no or an empty value tells nothing of the person)."""
    return value if value is None or isinstance(value, bool) else REDACTED


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
                redacted = [_redact(value) for value in data[name]]
            else:
                redacted = _redact(data[name])
            changed = changed or redacted != data[name]
            data[name] = redacted
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
