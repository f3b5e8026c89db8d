"""The ``partner_summary`` table: one row per live partner, kept in step with the facts.

Each row holds what the Partners tab lists, sorts and filters on (design §6: ≤ 100 ms over
100,000 partners), computed with set-based SQL:

- ``revenue_window`` / ``target_window``: sums over the active program's revenue window (its
  ``revenue_window_quarters`` ending with the fiscal quarter containing the day of computation,
  the program's fiscal start month respected); ``attainment`` = revenue / target (None when the
  target is zero or missing).
- ``last_visit_on``: day (UTC) of the last *done* visit of a counting kind (program
  ``counting_visit_kinds``).
- ``next_visit_due``: when a visit of a counting kind is *planned* on or after the day of
  computation, its day (the partner is off the to-plan list); else last done visit + the cadence
  of the assigned tier (``Program.cadence_days``); never visited: the day of computation (due now).
- ``qualified_tier``, ``movement``, ``at_risk_on``: written by the program engine's service through
  :func:`update_evaluation_columns`; recomputing a row keeps them.

The commit hook recomputes the rows of the touched partners in the same transaction, in chunks of
at most 500 ids (one ``INSERT … SELECT … GROUP BY`` upsert per chunk); very large touched sets
(imports, demo data) and program changes recompute the whole table in one statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.partner_rules import PartnerStatus
from prm_desktop.domain.program import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_COUNTING_VISIT_KINDS,
    NO_TIER_CADENCE_DAYS,
    Program,
)
from prm_desktop.domain.quarters import revenue_window
from prm_desktop.services import search_index
from prm_desktop.services.hooks import register
from prm_desktop.services.search_index import bulk_cache
from prm_desktop.storage.models import Partner, PartnerSummary, ProgramRecord
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "CHUNK_SIZE",
    "FULL_REFRESH_THRESHOLD",
    "EvaluationColumns",
    "ensure_derived",
    "ensure_fresh",
    "is_stale",
    "recompute_partners",
    "refresh_all",
    "refresh_in_session",
    "today",
    "update_evaluation_columns",
]

CHUNK_SIZE = 500
#: Above this many touched partners, recomputing the whole table at once is faster than chunks.
FULL_REFRESH_THRESHOLD = 20_000
#: Tables whose rows feed the summary directly (their change-log entries carry the partner id).
_PARTNER_TABLES = frozenset({"partners", "revenue_lines", "targets", "visit_partners"})
_DEFAULT_WINDOW_QUARTERS = 4

EvaluationColumns = tuple[str, str | None, str | None, date | None]
"""``(partner_id, qualified_tier, movement, at_risk_on)``."""


def today() -> date:
    """The day summaries are computed for (a function so tests can replace it)."""
    return date.today()


@dataclass(frozen=True)
class _Params:
    quarters: list[str]
    counting_kinds: list[str]
    cadence_sql: str
    cadence_params: dict[str, str]
    today: date
    tier_rank_sql: str = "NULL"


def _active_program(session: Session) -> Program | None:
    from prm_desktop.services.programs import parse_cached

    source = session.scalar(
        select(ProgramRecord.source)
        .where(ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None))
        .limit(1)
    )
    return parse_cached(source) if source else None


def _params(session: Session, day: date) -> _Params:
    program = _active_program(session)
    if program is None:
        window = revenue_window(day, _DEFAULT_WINDOW_QUARTERS)
        kinds = list(DEFAULT_COUNTING_VISIT_KINDS)
        cadences = dict(DEFAULT_CADENCE_DAYS)
        default = NO_TIER_CADENCE_DAYS
    else:
        window = revenue_window(day, program.revenue_window_quarters, program.fiscal_year_start_month)
        kinds = list(program.counting_visit_kinds)
        cadences = {t.id: program.cadence_days(t.id) for t in program.tiers}
        default = program.cadence_days(None)
    whens, params = [], {}
    for i, (tier_id, days) in enumerate(cadences.items()):
        whens.append(f"WHEN :tier{i} THEN {int(days)}")
        params[f"tier{i}"] = tier_id
    cadence = str(int(default))
    if whens:
        cadence = f"CASE p.assigned_tier {' '.join(whens)} ELSE {int(default)} END"
    ranks = {t.id: t.rank for t in program.tiers} if program is not None else {}
    return _Params([str(q) for q in window], kinds, cadence, params, day, _rank_sql("p.assigned_tier", ranks))


def _rank_sql(column: str, ranks: dict[str, int]) -> str:
    """``CASE column WHEN 'value' THEN rank … END`` (NULL for other values); values are quoted literals."""
    if not ranks:
        return "NULL"
    whens = " ".join(f"WHEN '{_quote(value)}' THEN {int(rank)}" for value, rank in ranks.items())
    return f"CASE {column} {whens} END"


def _quote(value: str) -> str:
    return value.replace("'", "''")


STATUS_RANK_SQL = _rank_sql("p.status", {status.value: i for i, status in enumerate(PartnerStatus)})


def register_functions(session: Session) -> None:
    """Make ``prm_sort_key(text)`` (= `normalize_text`) callable from SQL on this connection.

    The summary's ``name_key`` is ``partners.name_key`` (`normalize_partner_name`, kept by the model);
    ``prm_sort_key`` is the fallback for rows written without it, and the deleted view's text filter.
    """
    raw = session.connection().connection.driver_connection
    raw.create_function("prm_sort_key", 1, normalize_text, deterministic=True)


def _upsert_sql(params: _Params, filtered: bool) -> str:
    only = "AND {col} IN (SELECT value FROM json_each(:ids))" if filtered else ""
    visits = """
        SELECT vp.partner_id AS partner_id, {agg}(date(v.starts_at)) AS day
        FROM visit_partners vp JOIN visits v ON v.id = vp.visit_id
        WHERE vp.deleted_at IS NULL AND v.deleted_at IS NULL AND v.status = '{status}' {cond}
          AND v.kind IN (SELECT value FROM json_each(:kinds)) {only}
        GROUP BY vp.partner_id"""
    amounts = """
        SELECT partner_id, SUM(amount) AS total FROM {table}
        WHERE deleted_at IS NULL AND quarter IN (SELECT value FROM json_each(:quarters)) {only}
        GROUP BY partner_id"""
    columns = (
        "name, name_key, type, status, status_rank, assigned_tier, tier_rank, city, region, owner_id, "
        "owner_name, tags, motions, last_visit_on, next_visit_due, revenue_window, target_window, attainment, "
        "contract_end, computed_on"
    )
    ranks = f"{STATUS_RANK_SQL}, p.assigned_tier, {params.tier_rank_sql}"
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", "))
    return f"""
    INSERT INTO partner_summary (partner_id, {columns})
    SELECT p.id, p.name, COALESCE(NULLIF(p.name_key, ''), prm_sort_key(p.name)), p.type, p.status,
           {ranks}, p.city, p.region, p.owner_id, tm.name, COALESCE(p.tags, ''),
           COALESCE(p.motions, ''), lv.day,
           COALESCE(pv.day, CASE WHEN lv.day IS NULL THEN :today
                                 ELSE date(lv.day, '+' || ({params.cadence_sql}) || ' days') END),
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
    LEFT JOIN ({
        visits.format(
            agg="MIN",
            status="planned",
            cond="AND date(v.starts_at) >= :today",
            only=only.format(col="vp.partner_id"),
        )
    }) pv
           ON pv.partner_id = p.id
    WHERE {"+" if filtered else ""}p.deleted_at IS NULL {only.format(col="p.id")}
    ON CONFLICT (partner_id) DO UPDATE SET {updates}
    """


def _bind(params: _Params) -> dict[str, object]:
    return {
        "quarters": json.dumps(params.quarters),
        "kinds": json.dumps(params.counting_kinds),
        "today": params.today.isoformat(),
        **params.cadence_params,
    }


def recompute_partners(session: Session, partner_ids: Iterable[str], day: date | None = None) -> None:
    """Recompute the summary rows of some partners in the session's transaction.

    Rows of partners that are deleted (or gone) are removed. Evaluation columns are kept.

    Args:
        session: A session inside a unit of work (or any session that will be committed).
        partner_ids: The partners to recompute.
        day: Day of computation (defaults to :func:`today`).
    """
    ids = sorted(set(partner_ids))
    if not ids:
        return
    if len(ids) >= FULL_REFRESH_THRESHOLD:
        refresh_in_session(session, day)
        return
    params = _params(session, day or today())
    register_functions(session)
    sql = text(_upsert_sql(params, filtered=True))
    delete = text("""
        DELETE FROM partner_summary WHERE partner_id IN (SELECT value FROM json_each(:ids))
        AND NOT EXISTS (SELECT 1 FROM partners p WHERE p.id = partner_summary.partner_id
                        AND p.deleted_at IS NULL)""")
    bound = _bind(params)
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = json.dumps(ids[start : start + CHUNK_SIZE])
        session.execute(sql, {**bound, "ids": chunk})
        session.execute(delete, {"ids": chunk})


def refresh_in_session(session: Session, day: date | None = None) -> None:
    """Recompute every summary row in the session's transaction (one statement)."""
    params = _params(session, day or today())
    register_functions(session)
    with bulk_cache(session):
        session.execute(text(_upsert_sql(params, filtered=False)), _bind(params))
    session.execute(
        text("""
        DELETE FROM partner_summary WHERE NOT EXISTS (
            SELECT 1 FROM partners p WHERE p.id = partner_summary.partner_id AND p.deleted_at IS NULL)""")
    )


def refresh_all(uow: UnitOfWorkFactory, day: date | None = None) -> None:
    """Recompute the whole summary for ``day`` (at start when the date changed; after a program change).

    Args:
        uow: Unit-of-work factory.
        day: Day of computation (defaults to :func:`today`).
    """
    with uow(kind="maintenance", label=_("Refresh partner summaries")) as work:
        refresh_in_session(work.session, day)
        work.commit()


def is_stale(uow: UnitOfWorkFactory, day: date | None = None) -> bool:
    """Whether some summary row was computed before ``day`` or a live partner has no row."""
    day = day or today()
    with uow.read() as session:
        oldest = session.scalar(select(func.min(PartnerSummary.computed_on)))
        if oldest is not None and oldest < day:
            return True
        rows = session.scalar(select(func.count()).select_from(PartnerSummary))
        live = session.scalar(select(func.count()).select_from(Partner).where(Partner.deleted_at.is_(None)))
        return rows != live


def ensure_fresh(uow: UnitOfWorkFactory, day: date | None = None) -> bool:
    """Bring the summary to ``day`` when it is stale (see :func:`is_stale`); run it at start.

    When the revenue window is the same as on the day the rows were computed, only the rows whose
    ``next_visit_due`` is before ``day`` can change (never visited: due "today"; a planned visit now
    past): those are recomputed and the others just get the new ``computed_on``. Otherwise (new
    quarter, rows missing) everything is recomputed.

    Returns:
        True when something was recomputed.
    """
    day = day or today()
    if not is_stale(uow, day):
        return False
    with uow.read() as session:
        oldest = session.scalar(select(func.min(PartnerSummary.computed_on)))
        rows = session.scalar(select(func.count()).select_from(PartnerSummary))
        live = session.scalar(select(func.count()).select_from(Partner).where(Partner.deleted_at.is_(None)))
        same_window = (
            oldest is not None and rows == live and _params(session, oldest).quarters == _params(session, day).quarters
        )
    if not same_window:
        refresh_all(uow, day)
        return True
    with uow(kind="maintenance", label=_("Refresh partner summaries")) as work:
        session = work.session
        due = list(session.scalars(select(PartnerSummary.partner_id).where(PartnerSummary.next_visit_due < day)))
        recompute_partners(session, due, day)
        session.execute(
            update(PartnerSummary.__table__).where(PartnerSummary.computed_on < day).values(computed_on=day)
        )
        work.commit()
    return True


def ensure_derived(uow: UnitOfWorkFactory, day: date | None = None) -> bool:
    """Bring the derived tables up to date at start (call it once the portfolio is open).

    Fills the search index when it is empty while partners exist (after migration 0002, a restore)
    and brings the summary to ``day`` (:func:`ensure_fresh`).

    Returns:
        True when anything was rebuilt or recomputed.
    """
    rebuilt = search_index.is_empty_but_needed(uow)
    if rebuilt:
        search_index.rebuild_all(uow)
    return ensure_fresh(uow, day) or rebuilt


def update_evaluation_columns(session: Session, rows: Sequence[EvaluationColumns]) -> int:
    """Store the program engine's results in the summary (same transaction as the caller).

    Args:
        session: The caller's session (e.g. inside a commit hook registered with the default order,
            which runs after this module's hook, so new partners already have a row).
        rows: ``(partner_id, qualified_tier, movement, at_risk_on)``; ``movement`` is
            ``"promotion"``, ``"demotion"`` or None.

    Returns:
        The number of summary rows updated (partners without a row are skipped).
    """
    if not rows:
        return 0
    program = _active_program(session)
    ranks = {t.id: t.rank for t in program.tiers} if program is not None else {}
    table = PartnerSummary.__table__
    stmt = (
        update(table)
        .where(table.c.partner_id == bindparam("pid"))
        .values(qualified_tier=bindparam("qt"), qualified_rank=bindparam("qr"), movement=bindparam("mv"),
                at_risk_on=bindparam("ar"))
    )  # fmt: skip
    values = [{"pid": pid, "qt": qt, "qr": ranks.get(qt or ""), "mv": mv, "ar": ar} for pid, qt, mv, ar in rows]
    result = session.connection().execute(stmt, values)
    return int(result.rowcount or 0)


def _touched_partners(session: Session, touched: set[tuple[str, str, str | None]]) -> set[str] | None:
    """Partner ids whose summary may have changed; None means every partner."""
    ids: set[str] = set()
    visits: list[str] = []
    members: list[str] = []
    for table, row_id, partner_id in touched:
        if table == "programs":
            return None
        if table in _PARTNER_TABLES and partner_id:
            ids.add(partner_id)
        elif table == "visits":
            visits.append(row_id)
        elif table == "team_members":
            members.append(row_id)
    for column, table, values in (("visit_id", "visit_partners", visits), ("owner_id", "partners", members)):
        for start in range(0, len(values), CHUNK_SIZE):
            chunk = json.dumps(values[start : start + CHUNK_SIZE])
            key = "partner_id" if table == "visit_partners" else "id"
            ids.update(
                session.scalars(
                    text(f"SELECT {key} FROM {table} WHERE {column} IN (SELECT value FROM json_each(:ids))"),
                    {"ids": chunk},
                )
            )
    return ids


@register(order=10)
def _on_commit(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    ids = _touched_partners(session, touched)
    if ids is None:
        refresh_in_session(session)
    else:
        recompute_partners(session, ids)
