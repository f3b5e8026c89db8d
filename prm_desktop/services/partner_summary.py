"""The ``partner_summary`` table: one row per live partner, kept in step with the facts.

Each row holds what the Partners tab lists, sorts and filters on (design §6: ≤ 100 ms over
100,000 partners), computed with set-based SQL:

- ``revenue_window`` / ``target_window``: sums over the active program's revenue window (its
  ``revenue_window_quarters`` ending with the fiscal quarter containing the day of computation,
  the program's fiscal start month respected); ``attainment`` = revenue / target (None when the
  target is zero or missing).
- ``last_visit_on``: day (UTC) of the last *done* visit of a counting kind (program
  ``counting_visit_kinds``).
- ``next_visit_due``: the rule of `prm_desktop.domain.visit_cadence` (design §2): when a visit of a
  counting kind is *planned* on or after the day of computation, its day (the partner is off the
  to-plan list); else, for statuses that expect visits (program ``visit_statuses``), last done visit
  (or the last-visit date given at import, when later) + the cadence of the assigned tier
  (``Program.cadence_days``); never visited: one cadence after the partner was added; other
  statuses (prospect, inactive by default): none.
- ``qualified_tier``, ``movement``, ``at_risk_on``: written by the program engine's service through
  :func:`update_evaluation_columns`; recomputing a row keeps them.

The commit hook recomputes the rows of the touched partners only, in the same transaction, in chunks
of at most 500 ids (one ``INSERT … SELECT … GROUP BY`` upsert per chunk; one statement for the whole
set above :data:`FULL_REFRESH_THRESHOLD` partners): an import of new partners inserts their rows and
leaves the others alone. A program change recomputes every row (they all depend on it); so does the
maintenance action :func:`refresh_all`. The SQL lives in `prm_desktop.storage.partners.summary`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.program import (
    DEFAULT_CADENCE_DAYS,
    DEFAULT_COUNTING_VISIT_KINDS,
    NO_TIER_CADENCE_DAYS,
    Program,
)
from prm_desktop.domain.program_calendar import window_quarters
from prm_desktop.domain.quarters import revenue_window
from prm_desktop.services import search_index
from prm_desktop.services.hooks import register
from prm_desktop.storage.partners import evaluation_write as bulk_evaluation
from prm_desktop.storage.partners import summary as store
from prm_desktop.storage.partners.summary import SummaryParams
from prm_desktop.storage.standing import consolidation
from prm_desktop.storage.sync.bulk import indexes_deferred, restore_indexes
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "CHUNK_SIZE",
    "FULL_REFRESH_THRESHOLD",
    "EvaluationColumns",
    "active_program",
    "ensure_derived",
    "evaluation_writer",
    "ensure_fresh",
    "is_stale",
    "rebuild_derived",
    "recompute_partners",
    "refresh_all",
    "refresh_in_session",
    "register_functions",
    "today",
    "update_evaluation_columns",
]

CHUNK_SIZE = store.CHUNK_SIZE
#: Above this many touched partners, their rows are recomputed in one statement instead of chunks.
FULL_REFRESH_THRESHOLD = 20_000
#: Tables whose rows feed the summary directly (their change-log entries carry the partner id).
_PARTNER_TABLES = frozenset({"partners", "revenue_lines", "targets", "visit_partners"})
_DEFAULT_WINDOW_QUARTERS = 4

EvaluationColumns = tuple[str, str | None, str | None, date | None]
"""``(partner_id, qualified_tier, movement, at_risk_on)``."""


def today() -> date:
    """The day summaries are computed for (a function so tests can replace it)."""
    return date.today()


def active_program(session: Session) -> Program | None:
    """The active program, read in ``session`` (None when the portfolio has none)."""
    from prm_desktop.services.programs import parse_cached

    source = store.active_program_source(session)
    return parse_cached(source) if source else None


def _params(session: Session, day: date) -> SummaryParams:
    program = active_program(session)
    if program is None:
        return SummaryParams([str(q) for q in revenue_window(day, _DEFAULT_WINDOW_QUARTERS)],
                             list(DEFAULT_COUNTING_VISIT_KINDS), dict(DEFAULT_CADENCE_DAYS), NO_TIER_CADENCE_DAYS,
                             day)  # fmt: skip
    window = window_quarters(program, day)
    return SummaryParams(
        [str(q) for q in window], list(program.counting_visit_kinds),
        {t.id: program.cadence_days(t.id) for t in program.tiers}, program.cadence_days(None), day,
        {t.id: t.rank for t in program.tiers}, list(program.visit_statuses), program.fiscal_year_start_month,
        _rates(program),
    )  # fmt: skip


def _rates(program: Program) -> dict[str, float]:
    """Program-currency units per stored currency: the window totals are in the program's currency."""
    extras = program.extras
    if extras is None or (extras.currency == "EUR" and not extras.rates):
        return {}
    return {**dict(extras.rates), extras.currency: 1.0}


#: Make ``prm_sort_key(text)`` callable from SQL on a session's connection.
register_functions = store.register_functions


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
    chunk = len(ids) if len(ids) >= FULL_REFRESH_THRESHOLD else CHUNK_SIZE
    store.recompute(session, ids, _params(session, day or today()), chunk)


def refresh_in_session(session: Session, day: date | None = None) -> None:
    """Recompute every summary row in the session's transaction (one statement)."""
    store.recompute_all(session, _params(session, day or today()))
    store.delete_orphans(session)


def refresh_all(uow: UnitOfWorkFactory, day: date | None = None) -> None:
    """Recompute the whole summary for ``day`` (at start when the date changed; after a program change).

    Args:
        uow: Unit-of-work factory.
        day: Day of computation (defaults to :func:`today`).
    """
    with uow(kind="maintenance", label=_("Refresh partner summaries")) as work:
        refresh_in_session(work.session, day)
        work.commit()


def rebuild_derived(uow: UnitOfWorkFactory, day: date | None = None) -> None:
    """Rebuild the search index, every summary row and the consolidations from the data (maintenance action).

    Nothing else does it wholesale: commits update only the rows they touched. Use it to repair the
    derived tables (``prm-desktop rebuild``); one transaction, which the change log does not record
    (derived tables are not synced).

    Args:
        uow: Unit-of-work factory.
        day: Day of computation of the summary (defaults to :func:`today`).
    """
    with uow(kind="maintenance", label=_("Rebuild the search index and partner summaries")) as work:
        search_index.rebuild_in_session(work.session)
        refresh_in_session(work.session, day)
        store.rebuild_labels(work.session)
        consolidation.rebuild(work.session)
        work.commit()


def is_stale(uow: UnitOfWorkFactory, day: date | None = None) -> bool:
    """Whether some summary row was computed before ``day`` or a live partner has no row."""
    day = day or today()
    with uow.read() as session:
        oldest, rows, live = store.summary_stats(session)
    return (oldest is not None and oldest < day) or rows != live


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
        oldest, rows, live = store.summary_stats(session)
        same_window = (
            oldest is not None and rows == live and _params(session, oldest).quarters == _params(session, day).quarters
        )
    if not same_window:
        refresh_all(uow, day)
        return True
    with uow(kind="maintenance", label=_("Refresh partner summaries")) as work:
        session = work.session
        recompute_partners(session, store.due_partner_ids(session, day), day)
        store.stamp_computed_on(session, day)
        work.commit()
    return True


def ensure_derived(uow: UnitOfWorkFactory, day: date | None = None) -> bool:
    """Bring the derived tables up to date at start (call it once the portfolio is open).

    Creates the indexes a first pull stopped before its last page left out (`bulk.restore_indexes`),
    fills the search index when it is empty while partners exist (after migration 0002, a restore, a
    stopped first pull) and brings the summary to ``day`` (:func:`ensure_fresh`).

    Returns:
        True when anything was rebuilt or recomputed.
    """
    with uow.read() as session:
        deferred = indexes_deferred(session)
    if deferred:  # a first pull stopped before its last page
        with uow(kind="maintenance", label=_("Create the indexes a stopped first sync left out")) as work:
            restore_indexes(work.session)
            work.commit()
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
    program = active_program(session)
    ranks = {t.id: t.rank for t in program.tiers} if program is not None else {}
    return store.update_evaluation_columns(session, rows, ranks)


@contextmanager
def evaluation_writer(session: Session) -> Iterator[Callable[[Sequence[EvaluationColumns]], int]]:
    """``write(rows)``: stores a whole-portfolio refresh part by part (as :func:`update_evaluation_columns`).

    When a part changes many rows (a program activation), the indexes on the evaluation columns are
    dropped for the writes and created again, once, when the block ends (same transaction).
    """
    program = active_program(session)
    ranks = {t.id: t.rank for t in program.tiers} if program is not None else {}
    with bulk_evaluation.evaluation_writer(session, ranks) as write:
        yield write


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
    if visits:
        ids.update(store.partners_of_visits(session, visits))
    if members:
        ids.update(store.partners_of_owners(session, members))
    return ids


@register(order=10)
def _on_commit(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    ids = _touched_partners(session, touched)
    if ids is None:
        refresh_in_session(session)
    else:
        recompute_partners(session, ids)
