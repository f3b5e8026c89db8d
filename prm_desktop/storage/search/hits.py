"""What a search hit shows: the rows behind some index entries of one kind, read for display.

Each function takes entity ids found in the index and returns one dict per live row, keyed by id,
with the fields a hit is titled and quoted from (the original text, not the normalised one).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["hit_rows"]

_IDS = "IN (SELECT value FROM json_each(:ids))"

_SQL = {
    "partner": "SELECT id, name, legal_name, siren, city, postal_code FROM partners p WHERE p.id {ids}",
    "contact": (
        "SELECT c.id, c.name, c.email, c.role, c.phone, c.partner_id, p.name AS partner_name "
        "FROM contacts c JOIN partners p ON p.id = c.partner_id WHERE c.id {ids}"
    ),
    "note": (
        "SELECT n.id, n.body, n.tags, n.internal_only, n.partner_id, n.stakeholder_id, n.created_at, "
        "p.name AS partner_name, s.name AS stakeholder_name FROM notes n "
        "LEFT JOIN partners p ON p.id = n.partner_id LEFT JOIN stakeholders s ON s.id = n.stakeholder_id "
        "WHERE n.id {ids}"
    ),
    "stakeholder": (
        "SELECT id, name, business_unit, role, email, phone, manager FROM stakeholders WHERE id {ids}"
    ),
    "visit": (
        "SELECT s.id, s.visit_id, s.title, s.body, s.internal_only, v.starts_at, "
        "(SELECT group_concat(name, ', ') FROM (SELECT p.name FROM visit_partners vp "
        "JOIN partners p ON p.id = vp.partner_id WHERE vp.visit_id = s.visit_id AND vp.deleted_at IS NULL "
        "ORDER BY p.name)) AS partner_names, "
        "(SELECT vp.partner_id FROM visit_partners vp WHERE vp.visit_id = s.visit_id "
        "AND vp.deleted_at IS NULL LIMIT 1) AS partner_id "
        "FROM visit_report_sections s JOIN visits v ON v.id = s.visit_id WHERE s.id {ids}"
    ),
    "action": (
        "SELECT a.id, a.title, a.internal_only, a.partner_id, a.visit_id, a.due_on, a.status, "
        "p.name AS partner_name FROM action_items a LEFT JOIN partners p ON p.id = a.partner_id WHERE a.id {ids}"
    ),
}


def hit_rows(session: Session, kind: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The rows of ``kind`` behind some index entries, by id (rows gone meanwhile are left out).

    Args:
        session: An open session.
        kind: An index kind (``partner``, ``contact``, ``note``, ``stakeholder``, ``visit``, ``action``).
        ids: Entity ids from the index.

    Returns:
        ``{id: {column: value}}``.
    """
    if not ids:
        return {}
    alias = {"partner": "p", "contact": "c", "note": "n", "visit": "s", "action": "a"}.get(kind)
    # "+": never start from the deleted_at index (every live partner), always from the few ids.
    live = f" AND +{alias + '.' if alias else ''}deleted_at IS NULL"
    sql = _SQL[kind].format(ids=_IDS) + live
    rows = session.execute(text(sql), {"ids": json.dumps(list(ids))}).mappings().all()
    return {row["id"]: dict(row) for row in rows}
