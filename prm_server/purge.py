"""Personal-data purges on the server: nothing of the person is kept in its rows or conflict records.

A laptop's purge (a contact's or a stakeholder's personal data) arrives as ordinary entries flagged
``purge``. Each is written over any other value, with no conflict record (the purge wins). For the
person's own row, the server also

- collects the person's values it holds (the row's purged fields, and those fields in conflict
  records about the row), then replaces them with ``(redacted)`` wherever they occur in any row of
  the team: notes, conflict records, tombstones, rows of other tables;
- redacts every value of the conflict records about the row;
- remembers the purge (``purges``): a later edit of those fields, from a laptop that edited offline
  before it heard of the purge, is dropped and the redacted row sent to it again.

Every row rewritten takes a new change number: each laptop receives the redacted version.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Text, cast, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from prm_server.schema import purges, rows

if TYPE_CHECKING:
    from prm_server.merge import Merger

#: What replaces a purged value (as on the laptop).
REDACTED = "(redacted)"
#: Tables whose rows are people: a purge of one of their rows erases the person's values.
PERSON_TABLES = frozenset({"contacts", "stakeholders"})
#: Fields whose values identify a person wherever they appear (a role or a date does not: those are
#: blanked in the person's row and conflict records only).
IDENTIFYING = frozenset({"name", "email", "phone"})
#: Values shorter than this are not searched for in free text (as on the laptop).
MIN_LENGTH = 3


def purged_fields(merger: Merger, table: str, row_id: str) -> set[str]:
    """The fields of a row whose personal values were purged (empty: none)."""
    if merger.purged is None:
        merger.purged = {(t, r): set(f) for t, r, f in merger.conn.execute(
            select(purges.c.table_name, purges.c.row_id, purges.c.fields).where(
                purges.c.team_id == merger.user.team_id))}
    return merger.purged.get((table, row_id), set())


def apply_purge(merger: Merger, entry: dict[str, Any]) -> None:
    """Write a purge entry over the server's row and erase the person's values everywhere."""
    table, row_id, op, data, hlc = entry["table"], entry["row_id"], entry["op"], entry["data"], entry["hlc"]
    now = merger.current(table, row_id)
    if now is None or op == "insert":
        merger.apply({**entry, "purge": False})  # a row the server never had: an ordinary insert
        return
    new = {k: (v[1] if op == "update" else v) for k, v in data.items()} if op != "delete" else {}
    fields = set(new)
    values, stamps = dict(now.data), dict(now.field_hlc)
    found = _person_values(values, fields) if table in PERSON_TABLES else set()
    for name, value in new.items():
        values[name], stamps[name] = value, max(stamps.get(name, now.hlc), hlc)
    merger._write(table, row_id, values, stamps, max(hlc, now.hlc), gone=now.gone or op == "delete")
    if table not in PERSON_TABLES:
        return
    merger.flush()
    found |= _redact_conflicts(merger, table, row_id, fields)
    _scrub(merger, sorted(found, key=len, reverse=True))
    personal = sorted(fields - {"deleted_at"})
    merger.conn.execute(pg_insert(purges).values(
        team_id=merger.user.team_id, table_name=table, row_id=row_id, fields=personal,
        purged_at=datetime.now(UTC)).on_conflict_do_update(
        index_elements=[purges.c.team_id, purges.c.table_name, purges.c.row_id],
        set_={"fields": personal, "purged_at": datetime.now(UTC)}))
    if merger.purged is not None:
        merger.purged[(table, row_id)] = set(personal)


def drop_purged(merger: Merger, entry: dict[str, Any], fields: set[str]) -> dict[str, Any] | None:
    """``entry`` without its values of purged fields; None when nothing else is left to merge.

    A dropped value is never stored (nor kept as a conflict): the row is sent again as it is.
    """
    if entry["op"] == "delete":
        return entry
    data = {k: v for k, v in entry["data"].items() if k not in fields or k == "id"}
    if len(data) == len(entry["data"]):
        return entry
    now = merger.current(entry["table"], entry["row_id"])
    merger._write(entry["table"], entry["row_id"], dict(now.data), dict(now.field_hlc), now.hlc, gone=now.gone)
    return {**entry, "data": data} if set(data) - {"id"} else None


def _strings(value: Any) -> set[str]:
    """Every text of a JSON value worth searching for."""
    if isinstance(value, str):
        return {value.strip()} if len(value.strip()) >= MIN_LENGTH and value != REDACTED else set()
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _person_values(values: dict[str, Any], fields: set[str]) -> set[str]:
    """The values that identify the person (searched for in every row, as the laptop does)."""
    return set().union(*(_strings(values.get(name)) for name in fields & IDENTIFYING)) if fields else set()


def _redact_all(value: Any) -> Any:
    if isinstance(value, str):
        return REDACTED
    if isinstance(value, dict):
        return {k: _redact_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_all(v) for v in value]
    return value


def _redact_conflicts(merger: Merger, table: str, row_id: str, fields: set[str]) -> set[str]:
    """Blank every value of the conflict records about the row; returns the person's values they held."""
    found: set[str] = set()
    keys = merger.conn.execute(select(rows.c.row_id).where(
        rows.c.team_id == merger.user.team_id, rows.c.table_name == "sync_conflicts",
        rows.c.data["table_name"].astext == table, rows.c.data["row_id"].astext == row_id)).scalars().all()
    for key in keys:
        now = merger.current("sync_conflicts", key)
        record = dict(now.data)
        for side in ("kept_value", "lost_value"):
            try:
                value = json.loads(record.get(side) or "null")
            except ValueError:
                value = record.get(side)
            if record.get("field") in fields & IDENTIFYING:
                found |= _strings(value)
            elif isinstance(value, dict) and value:
                found |= set().union(*(_strings(v) for k, v in value.items() if k in fields & IDENTIFYING))
            record[side] = json.dumps(_redact_all(value), ensure_ascii=False)
        merger._write("sync_conflicts", key, record, dict(now.field_hlc), now.hlc, gone=now.gone)
    merger.flush()
    return found


def _replace(value: Any, found: list[str]) -> Any:
    if isinstance(value, str):
        for text_ in found:
            value = value.replace(text_, REDACTED)
        return value
    if isinstance(value, dict):
        return {k: _replace(v, found) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, found) for v in value]
    return value


def _scrub(merger: Merger, found: list[str]) -> None:
    """Replace the person's values wherever a row of the team holds them (notes, conflicts, tombstones...)."""
    if not found:
        return
    like = or_(*(cast(rows.c.data, Text).contains(_json_form(v), autoescape=True) for v in found))
    keys = merger.conn.execute(select(rows.c.table_name, rows.c.row_id).where(
        rows.c.team_id == merger.user.team_id, like)).all()
    for table, row_id in keys:
        now = merger.current(table, row_id)
        data = _replace(now.data, found)
        if data != now.data:
            merger._write(table, row_id, data, dict(now.field_hlc), now.hlc, gone=now.gone)
    merger.flush()


def _json_form(value: str) -> str:
    """How ``value`` appears inside the text of a JSONB document."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


__all__ = ["PERSON_TABLES", "REDACTED", "apply_purge", "drop_purged", "purged_fields"]
