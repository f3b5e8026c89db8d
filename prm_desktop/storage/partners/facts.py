"""Rows the program engine reads: live partners and their contacts, certifications, references, revenue.

Plain cursors over whole tables (the whole portfolio: one sequential scan per table, a partner's rows
being scattered across the file) or over chunks of partner ids.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

__all__ = ["FACT_KINDS", "fact_rows", "live_partner_heads"]

_FACTS = {
    "contacts": ("SELECT partner_id, id, name, left_on FROM contacts WHERE deleted_at IS NULL AND {scope}",
                 " AND (left_on IS NULL OR left_on > :on)"),
    "certifications": ("SELECT partner_id, contact_id, code, obtained_on, expires_on FROM certifications "
                       "WHERE deleted_at IS NULL AND {scope}",
                       " AND obtained_on <= :on AND (expires_on IS NULL OR expires_on >= :on)"),
    "references": ("SELECT partner_id, competency_id, customer, validated, ref_date FROM customer_references "
                   "WHERE deleted_at IS NULL AND {scope}",
                   " AND validated = 1 AND (ref_date IS NULL OR ref_date <= :on)"),
    "revenue": ("SELECT partner_id, period_start, motion, product_family, amount, currency FROM revenue_lines "
                "WHERE deleted_at IS NULL AND {scope} AND period_start >= :floor", ""),
    "metrics": ("SELECT partner_id, metric, period_start, period_end, value FROM partner_metrics "
                "WHERE deleted_at IS NULL AND {scope}", " AND period_start <= :on"),
    "flags": ("SELECT partner_id, fact, valid_from, valid_until FROM partner_yes_no_facts "
              "WHERE deleted_at IS NULL AND {scope}", ""),
}  # fmt: skip
#: Kinds of :func:`fact_rows`.
FACT_KINDS: tuple[str, ...] = tuple(_FACTS)


def live_partner_heads(session: Session, partner_ids: Sequence[str] | None) -> list[Any]:
    """``(id, name, assigned_tier)`` of live partners: all of them by name and id (None), or some (any order)."""
    if partner_ids is None:
        sql = "SELECT id, name, assigned_tier FROM partners WHERE deleted_at IS NULL ORDER BY name, id"
        return list(session.execute(text(sql)).all())
    return list(session.execute(text(
        "SELECT id, name, assigned_tier FROM partners WHERE id IN :ids AND deleted_at IS NULL")
        .bindparams(bindparam("ids", expanding=True)), {"ids": list(partner_ids)}).all())  # fmt: skip


def fact_rows(session: Session, kind: str, scope: Sequence[str] | None, floor: str = "",
              on: date | None = None) -> Iterator[Any]:  # fmt: skip
    """Live fact rows of one kind, as tuples.

    Args:
        session: An open session.
        kind: ``contacts`` ``(partner_id, id, name, left_on)``, ``certifications`` ``(partner_id,
            contact_id, code, obtained_on, expires_on)``, ``references`` ``(partner_id, competency_id,
            customer, validated, ref_date)``, ``revenue`` ``(partner_id, period_start, motion,
            product_family, amount, currency)``, ``metrics`` ``(partner_id, metric, period_start, period_end,
            value)`` or ``flags`` ``(partner_id, fact, valid_from, valid_until)``.
        scope: The partners whose rows are read (None: every row of the table).
        floor: First day (ISO) of the oldest revenue period read.
        on: When given, only the rows an evaluation on that day can use.
    """
    sql, on_day = _FACTS[kind]
    sql = sql.replace(" AND {scope}", " AND partner_id IN :ids" if scope is not None else "")
    if on is not None:
        sql += on_day
    stmt = text(sql)
    if scope is not None:
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
    params = {"ids": list(scope) if scope is not None else None, "floor": floor,
              "on": on.isoformat() if on else None}  # fmt: skip
    used = {k: v for k, v in params.items() if f":{k}" in sql}
    return iter(session.execute(stmt, used))


def partners_with_facts_changing(session: Session, after: date, until: date,
                                 old: tuple[date, date] | None = None) -> set[str]:
    """Partners with a certification, departure or reference that starts or stops counting in ``(after, until]``.

    Args:
        session: An open session.
        after: First day (excluded).
        until: Last day (included).
        old: ``(after, until)`` shifted back by the program's maximum reference age, when references age.
    """
    params = {"a": after.isoformat(), "u": until.isoformat()}
    sql = [
        "SELECT partner_id FROM certifications WHERE deleted_at IS NULL AND "
        "((obtained_on > :a AND obtained_on <= :u) OR (expires_on >= :a AND expires_on < :u))",
        "SELECT partner_id FROM contacts WHERE deleted_at IS NULL AND left_on > :a AND left_on <= :u",
        "SELECT partner_id FROM customer_references WHERE deleted_at IS NULL AND validated = 1 "
        "AND ref_date > :a AND ref_date <= :u",
    ]
    if old is not None:
        params["old_a"], params["old_u"] = old[0].isoformat(), old[1].isoformat()
        sql.append("SELECT partner_id FROM customer_references WHERE deleted_at IS NULL AND validated = 1 "
                   "AND ref_date >= :old_a AND ref_date < :old_u")
    return {row[0] for row in session.execute(text(" UNION ".join(sql)), params)}
