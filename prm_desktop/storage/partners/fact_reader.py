"""The engine's fact queries on a plain DB-API connection (no SQLAlchemy: a part's process starts faster).

`prm_desktop.storage.partners.facts` runs the same queries on a session's connection. Plain driver
cursors (rows as tuples) over whole tables (the whole portfolio: one sequential scan per table, a
partner's rows being scattered across the file), over a range of partner ids (one part of the
portfolio, still by sequential scans: several processes each read one part) or over chunks of ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["FACT_KINDS", "FULL_KINDS", "IdRange", "fact_rows", "live_partner_heads", "open_snapshot"]

#: Partner ids ``lo <= id < hi`` (None: no bound).
IdRange = tuple[str | None, str | None]

_FACTS = {
    "contacts": ("SELECT partner_id, id, name, left_on FROM contacts WHERE deleted_at IS NULL AND {scope}",
                 " AND (left_on IS NULL OR left_on > :on)"),
    "certifications": ("SELECT partner_id, contact_id, code, obtained_on, expires_on FROM certifications "
                       "WHERE deleted_at IS NULL AND {scope}",
                       # ``+``: the OR would otherwise read the table through the expiry-date index, a
                       # random lookup per row (6× the CPU of the scan at 100,000 partners).
                       " AND obtained_on <= :on AND (+expires_on IS NULL OR +expires_on >= :on)"),
    "references": ("SELECT partner_id, competency_id, customer, validated, ref_date FROM customer_references "
                   "WHERE deleted_at IS NULL AND {scope}",
                   " AND validated = 1 AND (ref_date IS NULL OR ref_date <= :on)"),
    "revenue": ("SELECT partner_id, period_start, motion, product_family, amount, currency FROM revenue_lines "
                "WHERE deleted_at IS NULL AND {scope} AND period_start >= :floor", ""),
    # The revenue lines not in the program's currency (``:currency``; no currency is EUR): what a refresh
    # whose results revenue cannot change still reads, to refuse those lines as a full read does.
    "revenue_other": ("SELECT partner_id, period_start, motion, product_family, amount, currency FROM revenue_lines "
                      "WHERE deleted_at IS NULL AND {scope} AND period_start >= :floor "
                      "AND coalesce(currency, 'EUR') <> :currency", ""),
    "metrics": ("SELECT partner_id, metric, period_start, period_end, value FROM partner_metrics "
                "WHERE deleted_at IS NULL AND {scope}", " AND period_start <= :on"),
    "flags": ("SELECT partner_id, fact, valid_from, valid_until FROM partner_yes_no_facts "
              "WHERE deleted_at IS NULL AND {scope}", ""),
}  # fmt: skip
#: Kinds of :func:`fact_rows`.
FACT_KINDS: tuple[str, ...] = tuple(_FACTS)
#: The kinds a full read of partners' facts runs (``revenue_other`` is a part of ``revenue``).
FULL_KINDS: tuple[str, ...] = tuple(k for k in _FACTS if k != "revenue_other")


def _range_sql(column: str, id_range: IdRange | None, params: dict[str, Any]) -> str:
    """`` AND lo <= column < hi`` for a range (the ``+`` keeps SQLite scanning the table, not the index)."""
    if id_range is None:
        return ""
    sql = ""
    if id_range[0] is not None:
        sql += f" AND +{column} >= :lo"
        params["lo"] = id_range[0]
    if id_range[1] is not None:
        sql += f" AND +{column} < :hi"
        params["hi"] = id_range[1]
    return sql


def live_partner_heads(conn: Any, partner_ids: Sequence[str] | None,
                       id_range: IdRange | None = None) -> list[Any]:
    """``(id, name, assigned_tier)`` of live partners, read on ``conn`` (a DB-API connection).

    All of them by name and id (``partner_ids`` None), those of ``id_range`` by name and id, or some
    (any order).
    """
    params: dict[str, Any] = {}
    if partner_ids is None:
        # One scan of the table: through the live-partners index it is one random row lookup per partner
        # (100,000 partners: 250 ms instead of 80 ms).
        sql = ("SELECT id, name, assigned_tier FROM partners NOT INDEXED WHERE deleted_at IS NULL"
               + _range_sql("id", id_range, params) + " ORDER BY name, id")
    else:
        # ``+deleted_at``: with the ids in a JSON list SQLite cannot count them and would otherwise walk the
        # live-partners index (every live partner) instead of looking each id up.
        sql = ("SELECT id, name, assigned_tier FROM partners WHERE id IN (SELECT value FROM json_each(:ids)) "
               "AND +deleted_at IS NULL")
        params["ids"] = json.dumps(list(partner_ids))
    return conn.cursor().execute(sql, params).fetchall()


def fact_rows(conn: Any, kind: str, scope: Sequence[str] | None, floor: str = "",
              on: date | None = None, id_range: IdRange | None = None,
              currency: str = "EUR") -> Iterator[Any]:  # fmt: skip
    """Live fact rows of one kind, as tuples.

    Args:
        conn: A DB-API connection to the portfolio (e.g. of `open_snapshot`).
        kind: ``contacts`` ``(partner_id, id, name, left_on)``, ``certifications`` ``(partner_id,
            contact_id, code, obtained_on, expires_on)``, ``references`` ``(partner_id, competency_id,
            customer, validated, ref_date)``, ``revenue`` ``(partner_id, period_start, motion,
            product_family, amount, currency)``, ``revenue_other`` (the same, only the lines not in
            ``currency``), ``metrics`` ``(partner_id, metric, period_start, period_end,
            value)`` or ``flags`` ``(partner_id, fact, valid_from, valid_until)``.
        scope: The partners whose rows are read (None: every row of the table).
        floor: First day (ISO) of the oldest revenue period read.
        on: When given, only the rows an evaluation on that day can use.
        id_range: When given (and ``scope`` is None), only the rows of the partners in that range.
        currency: The program's currency (``revenue_other``).
    """
    sql, on_day = _FACTS[kind]
    params: dict[str, Any] = {}
    if scope is not None:
        where = " AND partner_id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(list(scope))
    else:
        where = _range_sql("partner_id", id_range, params)
    sql = sql.replace(" AND {scope}", where)
    if on is not None:
        sql += on_day
        params["on"] = on.isoformat()
    if ":floor" in sql:
        params["floor"] = floor
    if ":currency" in sql:
        params["currency"] = currency
    return iter(conn.cursor().execute(sql, params))


@contextmanager
def open_snapshot(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the SQLite file ``path``, its reads in one snapshot (one transaction)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")
