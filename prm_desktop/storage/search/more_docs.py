"""Index entries of internal stakeholders, visit-report sections and action items.

Entries (column ``kind``), beside those of :mod:`prm_desktop.storage.search.index`:

- ``stakeholder``: a live internal person's name, business unit, role, e-mail, phone and manager
  (no partner);
- ``visit``: one written section of a live visit's report (its plain text; no partner: a visit may
  gather several);
- ``action``: a live action item's title, with its partner (an action of a deleted partner goes with
  it, like its contacts and notes; an action about no partner stays).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.search.entries import (
    BUILDERS,
    Doc,
    action_entries,
    section_entries,
    stakeholder_entries,
)

__all__ = ["MORE_KINDS", "action_docs", "loose_ids", "more_docs", "more_rows", "partner_action_docs",
           "partner_action_rows", "visit_section_ids"]

MORE_KINDS: tuple[str, ...] = ("stakeholder", "visit", "action")
_IDS = "IN (SELECT value FROM json_each(:ids))"


def _ids(values: Iterable[str]) -> dict[str, str]:
    return {"ids": json.dumps(list(values))}


def _tuples(session: Session, sql: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, read on the driver's cursor (a bulk fill reads a million: half the time)."""
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        return cursor.execute(sql, _ids(ids)).fetchall()
    finally:
        cursor.close()


def stakeholder_rows(session: Session, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of the live stakeholders among ``ids`` (see `entries.stakeholder_entries`)."""
    return _tuples(session, "SELECT id, name, business_unit, role, email, phone, manager FROM stakeholders "
                            f"WHERE id {_IDS} AND deleted_at IS NULL", ids)  # fmt: skip


def section_rows(session: Session, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of the live report sections of live visits among ``ids`` (see `entries.section_entries`)."""
    return _tuples(session, "SELECT s.id, s.body FROM visit_report_sections s JOIN visits v ON v.id = s.visit_id "
                            f"AND v.deleted_at IS NULL WHERE s.id {_IDS} AND s.deleted_at IS NULL", ids)  # fmt: skip


def action_rows(session: Session, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of the live actions among ``ids`` (of a live partner, or of none; see `entries.action_entries`)."""
    sql = ("SELECT a.id, a.partner_id, a.title FROM action_items a LEFT JOIN partners p ON p.id = a.partner_id "
           f"WHERE a.id {_IDS} AND a.deleted_at IS NULL AND (a.partner_id IS NULL OR p.deleted_at IS NULL)")
    return _tuples(session, sql, ids)


def partner_action_rows(session: Session, partner_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of the live actions of some (live) partners."""
    return _tuples(session, f"SELECT id, partner_id, title FROM action_items WHERE partner_id {_IDS} "
                            "AND deleted_at IS NULL", partner_ids)  # fmt: skip


def stakeholder_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live stakeholders among ``ids``."""
    return stakeholder_entries(stakeholder_rows(session, ids))


def section_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live, written report sections of live visits among ``ids``."""
    return section_entries(section_rows(session, ids))


def action_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live actions among ``ids`` (of a live partner, or of none)."""
    return action_entries(action_rows(session, ids))


def partner_action_docs(session: Session, partner_ids: Sequence[str]) -> list[Doc]:
    """Entries of the live actions of some (live) partners."""
    return action_entries(partner_action_rows(session, partner_ids))


def more_rows(session: Session, kind: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Rows of the rows ``ids`` of one of :data:`MORE_KINDS` (what `entries.BUILDERS[kind]` takes)."""
    if kind == "stakeholder":
        return stakeholder_rows(session, ids)
    if kind == "visit":
        return section_rows(session, ids)
    return action_rows(session, ids)


def more_docs(session: Session, kind: str, ids: Sequence[str]) -> list[Doc]:
    """Entries of the rows ``ids`` of one of :data:`MORE_KINDS`."""
    return BUILDERS[kind](more_rows(session, kind, ids))


def visit_section_ids(session: Session, visit_ids: Sequence[str]) -> list[str]:
    """Ids of every report section of some visits (live or not: their entries follow the visit)."""
    return list(session.scalars(text(f"SELECT id FROM visit_report_sections WHERE visit_id {_IDS}"),
                                _ids(visit_ids)))  # fmt: skip


def loose_ids(session: Session) -> dict[str, list[str]]:
    """What a rebuild indexes besides partners: live stakeholders, sections, actions about no partner."""
    return {
        "stakeholder": list(session.scalars(text("SELECT id FROM stakeholders WHERE deleted_at IS NULL ORDER BY id"))),
        "visit": list(session.scalars(text(
            "SELECT id FROM visit_report_sections WHERE deleted_at IS NULL ORDER BY id"))),  # fmt: skip
        "action": list(session.scalars(text(
            "SELECT id FROM action_items WHERE partner_id IS NULL AND deleted_at IS NULL ORDER BY id"))),  # fmt: skip
    }
