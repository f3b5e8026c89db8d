"""SQL of the ``partner_summary`` table (one row per live partner; what the Partners tab lists).

Rows are computed with set-based SQL from the facts (``INSERT … SELECT … GROUP BY`` upserts, in
chunks of touched partners, or the whole table when the program changed); what the columns mean is
described in `prm_desktop.services.partner_summary`. Evaluation columns (``qualified_tier``,
``movement``, ``at_risk_on``) are written by :func:`update_evaluation_columns` and kept by
recomputation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.partner_rules import PartnerStatus
from prm_desktop.domain.quarters import Quarter, parse_quarter
from prm_desktop.storage.models import Partner, PartnerSummary, ProgramRecord
from prm_desktop.storage.partners.bulk_derived import paused_qualified_triggers, paused_triggers
from prm_desktop.storage.search.index import bulk_cache

__all__ = [
    "BULK_MIN_PARTNERS",
    "CHUNK_SIZE",
    "SummaryParams",
    "active_program_source",
    "delete_orphans",
    "due_partner_ids",
    "partners_of_owners",
    "partners_of_visits",
    "rebuild_labels",
    "recompute",
    "recompute_all",
    "register_functions",
    "stamp_computed_on",
    "summary_stats",
    "update_evaluation_columns",
]

CHUNK_SIZE = 500
#: From this many partners in one statement, the label and consolidation triggers are paused and their
#: work done set-based (`prm_desktop.storage.partners.bulk_derived`).
BULK_MIN_PARTNERS = 100


@dataclass(frozen=True)
class SummaryParams:
    """What a computation of summary rows needs from the active program (or the defaults).

    Attributes:
        quarters: The revenue window (fiscal-quarter labels of ``fiscal_start_month``).
        counting_kinds: Visit kinds that count.
        cadences: Days between visits for each tier id.
        default_cadence: Days for partners without a (known) tier.
        today: Day of computation.
        tier_ranks: Rank of each tier id (sort order of the tier columns).
        visit_statuses: Partner statuses that expect visits (others have no due date).
        fiscal_start_month: The program's fiscal calendar: revenue and targets count when the day
            their period starts falls in one of its ``quarters``.
        rates: Program-currency units per unit of each stored currency (``EUR`` also for amounts
            without one), when the program counts in another currency or declares rates; empty:
            amounts are summed as stored (all in euros).
    """

    quarters: list[str]
    counting_kinds: list[str]
    cadences: dict[str, int]
    default_cadence: int
    today: date
    tier_ranks: dict[str, int] = field(default_factory=dict)
    visit_statuses: list[str] = field(default_factory=lambda: ["active", "at_risk", "onboarding"])
    fiscal_start_month: int = 1
    rates: dict[str, float] = field(default_factory=dict)


def _quote(value: str) -> str:
    return value.replace("'", "''")


def _rank_sql(column: str, ranks: dict[str, int]) -> str:
    """``CASE column WHEN 'value' THEN rank … END`` (NULL for other values); values are quoted literals."""
    if not ranks:
        return "NULL"
    whens = " ".join(f"WHEN '{_quote(value)}' THEN {int(rank)}" for value, rank in ranks.items())
    return f"CASE {column} {whens} END"


_STATUS_RANK_SQL = _rank_sql("p.status", {status.value: i for i, status in enumerate(PartnerStatus)})


#: `normalize_text` for SQL: a summary write keys the city, region and owner of every row, mostly the same few.
_sort_key = lru_cache(maxsize=4096)(normalize_text)


def register_functions(session: Session) -> None:
    """Make ``prm_sort_key(text)`` (= `normalize_text`) callable from SQL on this connection.

    The summary's ``name_key`` is ``partners.name_key`` (`normalize_partner_name`, kept by the model);
    ``prm_sort_key`` is the fallback for rows written without it, and the deleted view's text filter.
    """
    connection = session.connection()
    if connection.info.get("prm_sort_key"):
        return  # redefining it while a statement of the connection is active fails ("Error creating function")
    connection.connection.driver_connection.create_function("prm_sort_key", 1, _sort_key, deterministic=True)
    connection.info["prm_sort_key"] = True


def _cadence(params: SummaryParams, bind: dict[str, Any]) -> str:
    whens = []
    for i, (tier_id, days) in enumerate(params.cadences.items()):
        whens.append(f"WHEN :tier{i} THEN {int(days)}")
        bind[f"tier{i}"] = tier_id
    if not whens:
        return str(int(params.default_cadence))
    return f"CASE p.assigned_tier {' '.join(whens)} ELSE {int(params.default_cadence)} END"


def _amount_sql(params: SummaryParams, bind: dict[str, Any]) -> str:
    """``amount`` in the program's currency (the window totals are shown with its symbol)."""
    if not params.rates:
        return "amount"
    whens = []
    for i, (code, rate) in enumerate(sorted(params.rates.items())):
        bind[f"cur{i}"] = code
        whens.append(f"WHEN :cur{i} THEN {float(rate)!r}")
    return f"amount * CASE COALESCE(currency, 'EUR') {' '.join(whens)} ELSE 1.0 END"


def _window_sql(params: SummaryParams, bind: dict[str, Any]) -> str:
    """``period_start`` within the window's quarters: one range of days per run of consecutive quarters."""
    quarters = sorted({parse_quarter(q) for q in params.quarters})
    runs: list[list[Quarter]] = []
    for quarter in quarters:
        if runs and runs[-1][-1].shift(1) == quarter:
            runs[-1].append(quarter)
        else:
            runs.append([quarter])
    ranges = []
    for i, run in enumerate(runs):
        bind[f"from{i}"] = run[0].start_date(params.fiscal_start_month).isoformat()
        bind[f"until{i}"] = run[-1].shift(1).start_date(params.fiscal_start_month).isoformat()
        ranges.append(f"(period_start >= :from{i} AND period_start < :until{i})")
    return f"({' OR '.join(ranges)})" if ranges else "0"


def _upsert(params: SummaryParams, filtered: bool) -> tuple[str, dict[str, Any]]:
    bind: dict[str, Any] = {
        "kinds": json.dumps(params.counting_kinds),
        "today": params.today.isoformat(),
        "statuses": json.dumps(params.visit_statuses),
    }
    cadence = _cadence(params, bind)
    window = _window_sql(params, bind)
    only = "AND {col} IN (SELECT value FROM json_each(:ids))" if filtered else ""
    # Some partners (an edit's commit): from their own visit links (CROSS JOIN keeps SQLite from starting
    # at the visits' status index, i.e. every done or planned visit: 0.86 s per edit at 100,000 partners).
    links = "visit_partners vp CROSS JOIN visits v" if filtered else "visit_partners vp JOIN visits v"
    visits = """
        SELECT vp.partner_id AS partner_id, {agg}(date(v.starts_at)) AS day
        FROM """ + links + """ ON v.id = vp.visit_id
        WHERE vp.deleted_at IS NULL AND v.deleted_at IS NULL AND v.status = '{status}' {cond}
          AND v.kind IN (SELECT value FROM json_each(:kinds)) {only}
        GROUP BY vp.partner_id"""
    amounts = """
        SELECT partner_id, SUM({amount}) AS total FROM {table}
        WHERE deleted_at IS NULL AND {window} {only}
        GROUP BY partner_id""".replace("{window}", window).replace("{amount}", _amount_sql(params, bind))
    columns = (
        "name, name_key, type, status, status_rank, assigned_tier, tier_rank, city, region, owner_id, "
        "owner_name, city_key, region_key, owner_key, tags, motions, last_visit_on, next_visit_due, "
        "revenue_window, target_window, attainment, contract_end, computed_on"
    )
    ranks = f"{_STATUS_RANK_SQL}, p.assigned_tier, {_rank_sql('p.assigned_tier', params.tier_ranks)}"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", "))
    planned = visits.format(agg="MIN", status="planned", cond="AND date(v.starts_at) >= :today",
                            only=only.format(col="vp.partner_id"))  # fmt: skip
    sql = f"""
    INSERT INTO partner_summary (partner_id, {columns})
    SELECT p.id, p.name, COALESCE(NULLIF(p.name_key, ''), prm_sort_key(p.name)), p.type, p.status,
           {ranks}, p.city, p.region, p.owner_id, tm.name, NULLIF(prm_sort_key(p.city), ''),
           NULLIF(prm_sort_key(p.region), ''), NULLIF(prm_sort_key(tm.name), ''), COALESCE(p.tags, ''),
           COALESCE(p.motions, ''), lv.day,
           COALESCE(pv.day, CASE WHEN p.status IN (SELECT value FROM json_each(:statuses)) THEN date(
               COALESCE(MAX(COALESCE(lv.day, p.imported_last_visit_on), COALESCE(p.imported_last_visit_on, lv.day)),
                        date(p.created_at)), '+' || ({cadence}) || ' days') END),
           COALESCE(rv.total, 0.0), COALESCE(tg.total, 0.0),
           CASE WHEN tg.total > 0 THEN COALESCE(rv.total, 0.0) / tg.total END,
           p.contract_end, :today
    FROM partners p
    LEFT JOIN team_members tm ON tm.id = p.owner_id
    LEFT JOIN ({amounts.format(table="revenue_lines", only=only.format(col="partner_id"))}) rv
           ON rv.partner_id = p.id
    LEFT JOIN ({amounts.format(table="targets", only=only.format(col="partner_id"))}) tg
           ON tg.partner_id = p.id
    LEFT JOIN ({visits.format(agg="MAX", status="done", cond="", only=only.format(col="vp.partner_id"))}) lv
           ON lv.partner_id = p.id
    LEFT JOIN ({planned}) pv
           ON pv.partner_id = p.id
    WHERE {"+" if filtered else ""}p.deleted_at IS NULL {only.format(col="p.id")}
    ON CONFLICT (partner_id) DO UPDATE SET {updates}
    """
    return sql, bind


def recompute(session: Session, partner_ids: Sequence[str], params: SummaryParams,
              chunk_size: int = CHUNK_SIZE) -> None:  # fmt: skip
    """Upsert the rows of some partners (one statement per chunk) and remove those of gone partners.

    Args:
        session: A session inside a transaction.
        partner_ids: The partners (sorted, without duplicates).
        params: See :class:`SummaryParams`.
        chunk_size: Partners per statement.
    """
    register_functions(session)
    sql, bind = _upsert(params, filtered=True)
    statement = text(sql)
    gone = text("""
        SELECT s.partner_id FROM partner_summary s WHERE s.partner_id IN (SELECT value FROM json_each(:ids))
        AND NOT EXISTS (SELECT 1 FROM partners p WHERE p.id = s.partner_id AND p.deleted_at IS NULL)""")
    delete = text("DELETE FROM partner_summary WHERE partner_id IN (SELECT value FROM json_each(:ids))")
    for start in range(0, len(partner_ids), chunk_size):
        ids = partner_ids[start : start + chunk_size]
        chunk = json.dumps(list(ids))
        if len(ids) >= BULK_MIN_PARTNERS:  # labels and consolidation set-based, not one trigger run per row
            with paused_triggers(session, ids):
                session.execute(statement, {**bind, "ids": chunk})
        else:
            session.execute(statement, {**bind, "ids": chunk})
        # Rows of deleted partners go; new partners' rows were only inserted (nothing else is deleted).
        removed = list(session.scalars(gone, {"ids": chunk}))
        if removed:
            session.execute(delete, {"ids": json.dumps(removed)})


def recompute_all(session: Session, params: SummaryParams) -> None:
    """Upsert every live partner's row in one statement (a program change, a new quarter, a repair)."""
    register_functions(session)
    sql, bind = _upsert(params, filtered=False)
    with bulk_cache(session):
        session.execute(text(sql), bind)


def delete_orphans(session: Session) -> None:
    """Remove the rows of partners that are deleted or gone."""
    session.execute(text("""
        DELETE FROM partner_summary WHERE NOT EXISTS (
            SELECT 1 FROM partners p WHERE p.id = partner_summary.partner_id AND p.deleted_at IS NULL)"""))


def active_program_source(session: Session) -> str | None:
    """The source text of the active program (None when no program is active)."""
    return session.scalar(
        select(ProgramRecord.source)
        .where(ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None))
        .limit(1)
    )


def summary_stats(session: Session) -> tuple[date | None, int, int]:
    """``(oldest computed_on, summary rows, live partners)``."""
    oldest = session.scalar(select(func.min(PartnerSummary.computed_on)))
    rows = session.scalar(select(func.count()).select_from(PartnerSummary)) or 0
    live = session.scalar(select(func.count()).select_from(Partner).where(Partner.deleted_at.is_(None))) or 0
    return oldest, int(rows), int(live)


def due_partner_ids(session: Session, day: date) -> list[str]:
    """Partners whose ``next_visit_due`` is before ``day``."""
    return list(session.scalars(select(PartnerSummary.partner_id).where(PartnerSummary.next_visit_due < day)))


def stamp_computed_on(session: Session, day: date) -> None:
    """Set ``computed_on`` to ``day`` on every row computed before it."""
    session.execute(update(PartnerSummary.__table__).where(PartnerSummary.computed_on < day).values(computed_on=day))


def _ids_where(session: Session, sql: str, values: Iterable[str]) -> set[str]:
    ordered = sorted(set(values))
    found: set[str] = set()
    for start in range(0, len(ordered), CHUNK_SIZE):
        found.update(session.scalars(text(sql), {"ids": json.dumps(ordered[start : start + CHUNK_SIZE])}))
    return found


def partners_of_visits(session: Session, visit_ids: Iterable[str]) -> set[str]:
    """Partners linked to some visits."""
    return _ids_where(session, "SELECT partner_id FROM visit_partners WHERE visit_id IN "
                      "(SELECT value FROM json_each(:ids))", visit_ids)  # fmt: skip


def partners_of_owners(session: Session, member_ids: Iterable[str]) -> set[str]:
    """Partners owned by some team members."""
    return _ids_where(session, "SELECT id FROM partners WHERE owner_id IN (SELECT value FROM json_each(:ids))",
                      member_ids)  # fmt: skip


#: From this many results, the stored values are read in one scan to find the rows that change.
_SCAN_FROM = 5_000
_UPDATE_EVALUATION = (
    "UPDATE partner_summary SET qualified_tier = ?1, qualified_rank = ?2, movement = ?3, at_risk_on = ?4 "
    "WHERE partner_id = ?5 AND (qualified_tier IS NOT ?1 OR qualified_rank IS NOT ?2 OR movement IS NOT ?3 "
    "OR at_risk_on IS NOT ?4)")


def update_evaluation_columns(session: Session, rows: Sequence[tuple[str, str | None, str | None, date | None]],
                              ranks: dict[str, int], many_from: int = 0,
                              before_many: Callable[[], None] | None = None,
                              stored: dict[str, tuple] | None = None) -> int:  # fmt: skip
    """Store evaluation results in the summary (see `services.partner_summary.update_evaluation_columns`).

    Only the rows whose values change are written (a refresh of the whole portfolio mostly finds the
    same results), with a driver cursor (no statement object per row). For many rows the stored values
    are read in one scan and compared here: looking each row up to compare it costs more than the scan.

    Args:
        session: A session inside a unit of work.
        rows: ``(partner_id, qualified_tier, movement, at_risk_on)``.
        ranks: Tier id → rank.
        many_from: With ``before_many``: how many rows must change for it to be called.
        before_many: Called before writing when at least ``many_from`` rows change (see `evaluation_write`).
        stored: The stored values read by the scan, kept for the next call (an empty dict is filled): the
            parts of one refresh are compared with one scan. The calls sharing it must write different partners.

    Returns:
        How many summary rows changed.
    """
    if not rows:
        return 0
    values = [(qt, ranks.get(qt or ""), mv, ar.isoformat() if ar is not None else None, pid)
              for pid, qt, mv, ar in rows]  # fmt: skip
    cursor = session.connection().connection.cursor()
    if len(values) >= _SCAN_FROM:
        if stored is None:
            stored = {}
        if not stored:
            stored.update((row[4], row) for row in cursor.execute(
                "SELECT qualified_tier, qualified_rank, movement, at_risk_on, partner_id, revenue_window, "
                "target_window FROM partner_summary"))
        values = [v for v in values if (stored.get(v[4]) or v)[:5] != v]
        if not values:
            return 0
    if before_many is not None and len(values) >= max(many_from, 1):
        before_many()
    if len(values) >= _SCAN_FROM:  # many changed (a program activated): in key order, with a larger page cache
        values.sort(key=lambda v: v[4])
        # The consolidation triggers paused: the qualified tiers' groups worked out once for all the rows.
        moves = [(row[0], v[0], row[5], row[6]) for v in values for row in (stored[v[4]],)]
        with bulk_cache(session), paused_qualified_triggers(session, moves):
            cursor.executemany(_UPDATE_EVALUATION, values)
            return int(cursor.rowcount or 0)
    cursor.executemany(_UPDATE_EVALUATION, values)
    return int(cursor.rowcount or 0)


#: One row per item of a comma-separated list column of the summary (as the triggers of migration 0015 write them).
_LABEL_ITEMS = (
    "INSERT OR IGNORE INTO partner_summary_labels (kind, label, name_key, partner_id) "
    "SELECT '{kind}', lower(j.value), s.name_key, s.partner_id FROM partner_summary s, "
    "json_each('[' || replace(json_quote(s.{column}), ',', '\",\"') || ']') j WHERE j.value <> ''"
)


def rebuild_labels(session: Session) -> None:
    """Fill ``partner_summary_labels`` (the Motion and Tag filters) again from the summary (maintenance).

    Triggers keep it in step with every summary write; this repairs it when it was damaged on its own.
    """
    session.execute(text("DELETE FROM partner_summary_labels"))
    for kind, column in (("m", "motions"), ("t", "tags")):
        session.execute(text(_LABEL_ITEMS.format(kind=kind, column=column)))
