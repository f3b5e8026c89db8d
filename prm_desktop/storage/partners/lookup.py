"""Finding live partners by id or name, and reading them for exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["contact_export_rows", "distributor_names", "live_by_id", "live_by_name_key", "live_name_like",
           "partner_export_rows"]  # fmt: skip

_IDS = "IN (SELECT value FROM json_each(:ids))"


def live_by_id(session: Session, partner_id: str) -> str | None:
    """The id itself when it is a live partner's, else None."""
    return session.scalar(text("SELECT id FROM partners WHERE id = :v AND deleted_at IS NULL"), {"v": partner_id})


def live_by_name_key(session: Session, key: str) -> list[Any]:
    """``(id, name)`` of the live partners whose ``name_key`` is ``key``."""
    return list(session.execute(text("SELECT id, name FROM partners WHERE name_key = :k AND deleted_at IS NULL"),
                                {"k": key}).all())  # fmt: skip


def live_name_like(session: Session, value: str) -> list[Any]:
    """``(id, name)`` of the live partners whose name contains ``value`` (SQL ``LIKE``, ASCII case folded)."""
    return list(session.execute(text("SELECT id, name FROM partners WHERE deleted_at IS NULL AND name LIKE :n"),
                                {"n": f"%{value}%"}).all())  # fmt: skip


def distributor_names(session: Session, ids_json: str) -> list[Any]:
    """``(partner_id, distributor name)`` for partners given as a JSON array, distributors by name."""
    sql = text(
        "SELECT pd.partner_id, d.name FROM partner_distributors pd JOIN partners d ON d.id = pd.distributor_id "
        f"WHERE pd.partner_id {_IDS} AND pd.deleted_at IS NULL ORDER BY d.name_key, d.id")  # fmt: skip
    return list(session.execute(sql, {"ids": ids_json}))


def partner_export_rows(session: Session, ids_json: str) -> list[Any]:
    """Export columns of partners given as a JSON array.

    Returns:
        Rows of the id, then the export's partner columns without ``distributor`` (owner and parent as names).
    """
    return list(session.execute(text(
        "SELECT p.id, p.name, p.legal_name, p.type, p.siren, p.siret, p.vat, p.address, p.postal_code, "
        "p.city, p.country, p.region, p.website, p.phone, p.email, tm.name, p.assigned_tier, p.status, "
        "p.partner_since, p.contract_end, parent.name, p.tags, p.external_id FROM partners p "
        "LEFT JOIN team_members tm ON tm.id = p.owner_id LEFT JOIN partners parent ON parent.id = p.parent_id "
        f"WHERE p.id {_IDS}"), {"ids": ids_json}).all())  # fmt: skip


def contact_export_rows(session: Session, ids_json: str) -> list[Any]:
    """Live contacts of partners given as a JSON array, primary first then by name.

    Returns:
        ``(partner_id, partner name, SIREN, name, role, email, phone, is_primary, left_on)`` rows.
    """
    return list(session.execute(text(
        "SELECT c.partner_id, p.name, p.siren, c.name, c.role, c.email, c.phone, c.is_primary, c.left_on, c.id "
        f"FROM contacts c JOIN partners p ON p.id = c.partner_id WHERE c.partner_id {_IDS} "
        "AND c.deleted_at IS NULL ORDER BY c.is_primary DESC, c.name, c.id"), {"ids": ids_json}).all())  # fmt: skip


#: Summary columns an export may add, by the export's column name.
SUMMARY_EXPORT_COLUMNS = {
    "qualified_tier": "s.qualified_tier", "revenue": "s.revenue_window", "attainment": "s.attainment",
    "next_visit": "s.next_visit_due", "at_risk_on": "s.at_risk_on",
}  # fmt: skip


def summary_export_values(session: Session, ids_json: str, columns: Sequence[str]) -> list[Any]:
    """``(partner_id, *values)`` of the summary columns named (keys of `SUMMARY_EXPORT_COLUMNS`)."""
    selected = ", ".join(SUMMARY_EXPORT_COLUMNS[c] for c in columns)
    return list(session.execute(
        text(f"SELECT s.partner_id, {selected} FROM partner_summary s WHERE s.partner_id {_IDS}"),
        {"ids": ids_json}).all())  # fmt: skip
