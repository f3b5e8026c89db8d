"""The program engine over the portfolio: qualified tier, movement and at-risk date per partner.

Results go into the ``partner_summary`` columns ``qualified_tier``, ``movement`` and ``at_risk_on``
so the Partners list sorts and filters on them in SQL ("promotion candidate", "demotion candidate",
"at risk within N days").

- A commit that touches the facts of partners (an edit, an import of any size) re-evaluates those
  partners, and only those, in the same transaction (commit hook). Large commits run in a worker
  process (imports, demo data), never on the GUI thread.
- A commit that changes the program marks the evaluation stale; the app then runs
  `refresh_evaluations` in a worker process with progress, as it does once a day (evaluations depend
  on the date). A large commit on evaluations already stale leaves its partners to that refresh.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prm_desktop.domain.evaluation import ENGINE_VERSION, summary_columns
from prm_desktop.domain.i18n import _
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_calendar import window_quarters
from prm_desktop.services.evaluation import facts_day, first_window_quarter, load_facts_in, partners_crossing
from prm_desktop.services.evaluation_parts import (
    Part,
    PartProcess,
    counting,
    evaluate_in_parts,
    partners_evaluated,
    parts_for,
    processes_for,
    start_part_processes,
    stop_part_processes,
)
from prm_desktop.services.hooks import register
from prm_desktop.services.partner_summary import evaluation_writer, update_evaluation_columns
from prm_desktop.services.programs import get_program, parse_cached
from prm_desktop.storage.models import Partner, ProgramRecord, UserProfile
from prm_desktop.storage.partners.facts import live_partner_count
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.wal import checkpoint_later

#: This process's share of the partners when the portfolio is evaluated in parts, by number of parts: a
#: little more than the other process's, which first starts (100,000 partners, two parts: 0.50 → 0.53
#: took 0.05–0.1 s off the refresh, whether standings change or not; 0.55 was slower again).
FIRST_SHARE: dict[int, float] = {2: 0.53}
#: The same when every kind of fact is read whole (people by role, a review: `summary_fact_kinds`): this
#: process also frees its part's million fact objects before it writes (0.3 s at 100,000 partners), the
#: other process starts 0.5 s later. Richest bench program, 100,000 partners, three runs each way: 0.53 →
#: 0.50 took 0.3–0.8 s off the refresh (9.09/9.54/8.25 s → 8.60/8.70/7.95 s).
FIRST_SHARE_WHOLE_FACTS: dict[int, float] = {2: 0.50}
#: Above this many touched partners, a commit on stale evaluations leaves them to the pending refresh.
INLINE_LIMIT = 2000
CHUNK = 2000
_FACT_TABLES = frozenset({"partners", "contacts", "certifications", "customer_references", "revenue_lines",
                          "partner_metrics", "partner_yes_no_facts"})
ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RefreshResult:
    """What a portfolio re-evaluation did."""

    evaluated: int
    on: date
    completed: bool


def _state(session: Session) -> tuple[UserProfile | None, dict]:
    profile = session.get(UserProfile, 1)
    extra = json.loads(profile.extra or "{}") if profile else {}
    return profile, extra


def _save_state(session: Session, **values: object) -> None:
    profile, extra = _state(session)
    if profile is not None:
        extra.update(values)
        profile.extra = json.dumps(extra)


def _stale(extra: dict) -> bool:
    """Whether every stored evaluation is due again: marked stale, never made, or made by an older engine."""
    return (bool(extra.get("evaluation_stale", True)) or not extra.get("evaluated_on")
            or extra.get("evaluated_by") != ENGINE_VERSION)


def evaluations_stale(uow: UnitOfWorkFactory, on: date | None = None) -> bool:
    """True when the stored evaluations are not those of ``on`` (today), were marked stale or are an older engine's."""
    on = on or date.today()
    with uow.read() as session:
        _profile, extra = _state(session)
    return _stale(extra) or extra.get("evaluated_on") != on.isoformat()


def _evaluate_into(session: Session, partner_ids: list[str] | None, on: date,
                   progress: ProgressFn | None = None, cancelled: Callable[[], bool] | None = None,
                   processes: int | None = None, started: list[PartProcess] | None = None) -> int:
    record = session.scalar(select(ProgramRecord).where(ProgramRecord.is_active.is_(True),
                                                        ProgramRecord.deleted_at.is_(None)))
    if record is None:
        return 0
    program = parse_cached(record.source)
    since = first_window_quarter([program], on)
    day = facts_day([program], on)
    if progress:
        progress(0, 0, "")  # the task's label says what runs; how far it is comes next
    if partner_ids is None:
        # The whole portfolio: in parts over several processes when it is large, each part read with
        # sequential scans; every result is written at the end, in the caller's transaction.
        live = session.scalar(select(func.count()).select_from(Partner).where(Partner.deleted_at.is_(None))) or 0
        template = Part(record.source, on, since, day, (None, None), columns=True)
        count = processes_for(live, processes)
        whole = program.people is not None or program.review is not None  # as `summary_fact_kinds` reads
        shares = FIRST_SHARE_WHOLE_FACTS if whole else FIRST_SHARE
        parts = parts_for(session, count, template, shares.get(count))
        # Each part's results are stored as soon as they are here: this process writes its own part
        # while the other processes are still evaluating (the stored values compared in one scan).
        with evaluation_writer(session) as write:
            results = evaluate_in_parts(session, parts, program, progress and counting(progress, live), cancelled,
                                        on_part=write, started=started)
        if results is None:
            return 0
        return sum(len(part) for part in results)
    batches = [partner_ids[i:i + CHUNK] for i in range(0, len(partner_ids), CHUNK)]
    total = len(partner_ids)
    done = 0
    for batch in batches:
        if cancelled and cancelled():
            return done
        rows = []
        for partner in load_facts_in(session, batch, since, day, fiscal_start_month=program.fiscal_year_start_month):
            rows.append((partner.partner_id, *summary_columns(program, partner, on)))
        update_evaluation_columns(session, rows)
        done += len(rows)
        if progress:
            progress(done, total, partners_evaluated(done, total))
    return done


def _partners_to_refresh(session: Session, program: object, on: date) -> list[str] | None:
    """The partners whose stored evaluations may differ on ``on``; None for every partner.

    Everyone when the evaluations were marked stale (program change, large import), were never made or
    made by an older engine (`ENGINE_VERSION`), are of a later day, or when ``on`` falls in another
    revenue window than the stored day; else only the partners with a fact that starts or stops
    counting in between (`partners_crossing`).
    """
    _profile, extra = _state(session)
    if _stale(extra):
        return None
    stored = extra["evaluated_on"]
    before = date.fromisoformat(stored)
    if before > on:
        return None
    if window_quarters(program, before) != window_quarters(program, on):
        return None
    if before == on:
        return []
    if getattr(program, "review", None) is not None:
        return None  # a review day or the end of a grace period changes tiers without any fact changing
    if getattr(program, "extras", None) is not None:
        return None  # metric windows in months and yes/no fact dates move every day: everyone
    return sorted(partners_crossing(session, before, on, program.reference_max_age_months))  # type: ignore[attr-defined]


def refresh_evaluations(uow: UnitOfWorkFactory, on: date | None = None, progress: ProgressFn | None = None,
                        cancelled: Callable[[], bool] | None = None, full: bool = True,
                        processes: int | None = None) -> RefreshResult:
    """Evaluate the partners on ``on`` (today) and store the results in the partner summary.

    Runs in a worker process (through the task runner); cancelling leaves the previous results and
    the stale mark, so the next start tries again.

    Args:
        uow: Unit-of-work factory.
        on: The evaluation day (today by default).
        progress: Called with ``(done, total, message)``.
        cancelled: Polled between chunks; True stops the refresh (nothing is stored).
        full: Evaluate every partner. When False (the daily refresh), only the partners whose
            evaluation can have changed since the stored day are evaluated (see
            `_partners_to_refresh`), or everyone when that cannot be known.
        processes: How many processes evaluate the whole portfolio (default: two from
            `PARALLEL_MIN` partners, where the machine has two cores, else one).

    Returns:
        How many partners were evaluated, the day, and whether the refresh completed.
    """
    on = on or date.today()
    program = get_program(uow)  # a clear error when no program is active
    started: list[PartProcess] = []
    if full:  # the other parts' processes start first, while this one splits the partners
        with uow.read() as session:
            started = start_part_processes(processes_for(live_partner_count(session), processes) - 1, program)
    try:
        return _refresh(uow, on, progress, cancelled, full, processes, started, program)
    finally:
        stop_part_processes(started)


def _refresh(uow: UnitOfWorkFactory, on: date, progress: ProgressFn | None, cancelled: Callable[[], bool] | None,
             full: bool, processes: int | None, started: list[PartProcess], program: Program) -> RefreshResult:
    with uow(kind="evaluation", label=_("Evaluate the portfolio")) as work:
        session = work.session
        ids = None if full else _partners_to_refresh(session, program, on)
        if ids is None:
            total = session.scalar(select(func.count()).select_from(Partner)
                                   .where(Partner.deleted_at.is_(None))) or 0  # fmt: skip
        else:
            total = len(ids)
        done = _evaluate_into(session, ids, on, progress=progress, cancelled=cancelled,
                              processes=processes, started=started) if total else 0
        completed = done >= total and not (cancelled and cancelled())
        if completed:
            _save_state(session, evaluation_stale=False, evaluated_on=on.isoformat(), evaluated_by=ENGINE_VERSION)
        if ids is None:
            # Every partner's standing may have moved: the WAL is copied into the file after the result
            # is out (the worker does it once it has sent it, see `worker.jobs.refresh`), not before.
            with checkpoint_later(session):
                work.commit()
        else:
            work.commit()
    return RefreshResult(done, on, completed)


@register(order=50)
def _on_commit(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    if any(table == "programs" for table, _row, _pid in touched):
        _save_state(session, evaluation_stale=True)
        return
    ids = {pid for table, _row, pid in touched if table in _FACT_TABLES and pid}
    if not ids:
        return
    today = date.today()
    if len(ids) > INLINE_LIMIT:
        _profile, extra = _state(session)
        if _stale(extra) or extra.get("evaluated_on") != today.isoformat():
            return  # the whole portfolio is due for a refresh anyway: not evaluated twice
    _evaluate_into(session, sorted(ids), today)
