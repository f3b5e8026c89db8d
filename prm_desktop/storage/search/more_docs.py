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

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.notes_markdown import to_plain_text

__all__ = ["MORE_KINDS", "action_docs", "loose_ids", "more_docs", "partner_action_docs", "visit_section_ids"]

MORE_KINDS: tuple[str, ...] = ("stakeholder", "visit", "action")
_IDS = "IN (SELECT value FROM json_each(:ids))"

Doc = tuple[str, str, str | None, str]


def _join(*parts: str | None) -> str:
    return " ".join(filter(None, (normalize_text(p) for p in parts if p)))


def _ids(values: Iterable[str]) -> dict[str, str]:
    return {"ids": json.dumps(list(values))}


def stakeholder_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live stakeholders among ``ids``."""
    rows = session.execute(text(
        "SELECT id, name, business_unit, role, email, phone, manager FROM stakeholders "
        f"WHERE id {_IDS} AND deleted_at IS NULL"), _ids(ids)).all()  # fmt: skip
    return [("stakeholder", sid, None, _join(*fields)) for sid, *fields in rows]


def section_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live, written report sections of live visits among ``ids``."""
    rows = session.execute(text(
        "SELECT s.id, s.body FROM visit_report_sections s JOIN visits v ON v.id = s.visit_id "
        f"AND v.deleted_at IS NULL WHERE s.id {_IDS} AND s.deleted_at IS NULL"), _ids(ids)).all()  # fmt: skip
    docs = [("visit", sid, None, _join(to_plain_text(body))) for sid, body in rows]
    return [doc for doc in docs if doc[3]]


def action_docs(session: Session, ids: Sequence[str]) -> list[Doc]:
    """Entries of the live actions among ``ids`` (of a live partner, or of none)."""
    rows = session.execute(text(
        "SELECT a.id, a.partner_id, a.title FROM action_items a LEFT JOIN partners p ON p.id = a.partner_id "
        f"WHERE a.id {_IDS} AND a.deleted_at IS NULL AND (a.partner_id IS NULL OR p.deleted_at IS NULL)"),
        _ids(ids)).all()  # fmt: skip
    return [("action", aid, pid, _join(title)) for aid, pid, title in rows]


def partner_action_docs(session: Session, partner_ids: Sequence[str]) -> list[Doc]:
    """Entries of the live actions of some (live) partners."""
    rows = session.execute(text(
        f"SELECT id, partner_id, title FROM action_items WHERE partner_id {_IDS} AND deleted_at IS NULL"),
        _ids(partner_ids)).all()  # fmt: skip
    return [("action", aid, pid, _join(title)) for aid, pid, title in rows]


def more_docs(session: Session, kind: str, ids: Sequence[str]) -> list[Doc]:
    """Entries of the rows ``ids`` of one of :data:`MORE_KINDS`."""
    if kind == "stakeholder":
        return stakeholder_docs(session, ids)
    if kind == "visit":
        return section_docs(session, ids)
    return action_docs(session, ids)


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
