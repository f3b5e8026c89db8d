"""Program evaluation use cases: load partner facts from the database and run the domain engine.

The engine itself (formats.md §2) is `prm_desktop.domain.evaluation.evaluate`; this module only
reads facts in a few set-based queries (chunks of partners) so that a whole portfolio is evaluated
off the GUI thread in seconds.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from prm_desktop.domain.evaluation import evaluate, evaluation_to_json
from prm_desktop.domain.evaluation_index import add_months
from prm_desktop.domain.evaluation_model import (
    CertFact,
    ContactFact,
    Evaluation,
    FlagFact,
    MetricFact,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
)
from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_partner_name
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_calendar import window_quarters
from prm_desktop.domain.program_review import earliest_day
from prm_desktop.domain.quarters import Quarter, quarter_of
from prm_desktop.services.evaluation_part import FactKinds, gc_paused, summary_fact_kinds  # noqa: F401 - also here
from prm_desktop.services.programs import get_program, get_program_source
from prm_desktop.storage.partners import lookup
from prm_desktop.storage.partners.facts import (
    FULL_KINDS,
    IdRange,
    fact_rows,
    live_partner_count,
    live_partner_heads,
    partners_with_facts_changing,
)
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

CHUNK = 900
ProgressFn = Callable[[int, int, str], None]


class PartnerNotFoundError(LookupError):
    """A partner named on the command line matches none, or several."""


@dataclass(frozen=True)
class PortfolioEvaluation:
    """Every partner evaluated on one date under one program (and optionally a second one)."""

    date: date
    program_id: str
    evaluations: list[Evaluation]
    compare: dict[str, dict] | None = None

    def to_json(self) -> dict:
        """The object of ``prm-desktop evaluate --json`` (formats.md §3)."""
        partners = []
        for ev in self.evaluations:
            extra = self.compare.get(ev.partner_id) if self.compare is not None else None
            partners.append(evaluation_to_json(ev, extra))
        return {"date": self.date.isoformat(), "program_id": self.program_id, "partners": partners}


def _chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def first_window_quarter(programs: Sequence[Program], on: date) -> Quarter:
    """Oldest quarter any of the programs' revenue windows needs on ``on``."""
    firsts = [window_quarters(p, earliest_day(p, on))[0] for p in programs]
    return min(firsts)


def facts_day(programs: Sequence[Program | None], on: date) -> date | None:
    """The day to filter facts by when loading them for an evaluation on ``on``.

    None (no filter) when a program keeps tiers by review or grace: it also looks at earlier days, when
    certifications since expired and contacts since gone still counted.
    """
    return None if any(p is not None and p.review is not None for p in programs) else on


def resolve_partners(uow: UnitOfWorkFactory, names_or_ids: Sequence[str]) -> list[str]:
    """Partner ids for ids or names (matched like imports: case, accents, legal forms ignored).

    Raises:
        PartnerNotFoundError: A value matches no live partner, or several.
    """
    ids = []
    with uow.read() as session:
        for value in names_or_ids:
            found = lookup.live_by_id(session, value)
            if found:
                ids.append(found)
                continue
            key = normalize_partner_name(value)
            hits = lookup.live_by_name_key(session, key)
            if not hits:
                hits = lookup.live_name_like(session, value)
                hits = [r for r in hits if normalize_partner_name(r[1]) == key] or hits
            if len(hits) != 1:
                names = ", ".join(sorted(r[1] for r in hits[:5]))
                raise PartnerNotFoundError(
                    _("No partner matches {value}.", value=value) if not hits
                    else _("{value} matches several partners: {names}.", value=value, names=names))
            ids.append(hits[0][0])
    return ids


def load_facts(uow: UnitOfWorkFactory, partner_ids: Sequence[str] | None, since: Quarter | None = None,
               on: date | None = None, *, fiscal_start_month: int = 1) -> list[PartnerFacts]:
    """Read the facts the engine needs for some partners (all live partners when None).

    Args:
        uow: Unit-of-work factory.
        partner_ids: Partners to load, or None for every live partner (sorted by name).
        since: Oldest quarter of revenue needed (older lines are not read).
        on: When given, only the facts an evaluation on that date can use are read (formats.md §2:
            contacts present on it, certifications valid on it, validated references dated up to
            it); the result is then only fit for evaluations on that date.
        fiscal_start_month: The fiscal calendar of the program the facts are for: revenue is stored by
            the day its period starts, and its quarters (and ``since``) are this calendar's.
    """
    with uow.read() as session:
        return load_facts_in(session, partner_ids, since, on, fiscal_start_month=fiscal_start_month)


def load_facts_in(session: Session, partner_ids: Sequence[str] | None, since: Quarter | None = None,
                  on: date | None = None, *, fiscal_start_month: int = 1,
                  id_range: IdRange | None = None, kinds: FactKinds | None = None) -> list[PartnerFacts]:
    """Like `load_facts`, on an open session (e.g. inside a commit hook, to see uncommitted rows).

    With ``id_range`` (and ``partner_ids`` None), only the live partners of that range of ids, by name
    and id: one part of the portfolio (`evaluation_parts`). With ``kinds`` (see `summary_fact_kinds`),
    only those kinds of facts are read (the others are left empty).
    """
    if partner_ids is None:
        rows = live_partner_heads(session, None, id_range)
    else:
        rows = []
        for chunk in _chunks(list(partner_ids)):
            rows += live_partner_heads(session, chunk)
        order = {pid: i for i, pid in enumerate(partner_ids)}
        rows.sort(key=lambda r: order[r[0]])
    facts = {r[0]: PartnerFacts(r[0], r[1], r[2]) for r in rows}
    quarter_floor = since.start_date(fiscal_start_month).isoformat() if since else ""
    # The whole portfolio is read with one sequential scan per table (a partner's rows are scattered
    # across the file, so looking them up by partner is several times slower); a subset by chunks.
    scopes: list[list[str] | None] = [None] if partner_ids is None else [list(c) for c in _chunks(list(facts))]
    with gc_paused():
        for scope in scopes:
            _read_facts(session, facts, scope, quarter_floor, on, fiscal_start_month, id_range, kinds)
    return list(facts.values())


def _read_facts(session: Session, facts: dict[str, PartnerFacts], scope: list[str] | None, quarter_floor: str,
                on: date | None, fiscal_start_month: int, id_range: IdRange | None,
                kinds: FactKinds | None) -> None:  # fmt: skip
    """Add the fact rows of ``scope`` (None: every partner, or those of ``id_range``) to ``facts``.

    The hot path of a portfolio refresh (a million rows). Dates, ids and short codes repeat across a
    portfolio: sharing one object each keeps a whole-portfolio read hundreds of megabytes smaller. Each
    row is first read with plain dict lookups (the value seen before, the partner loaded); the rare row
    with a new value, or of a partner not loaded, takes the slow path, which learns the new values.
    """
    days: dict[object, date | None] = {None: None}
    words: dict[object, str | None] = {None: None}
    quarters: dict[object, Quarter] = {}
    word = words.setdefault

    def day(value: object) -> date | None:
        found = days.get(value, days)
        if found is days:
            found = days[value] = _d(value)
        return found  # type: ignore[return-value]

    def quarter(value: object) -> Quarter:
        found = quarters.get(value)
        if found is None:
            found = quarters[value] = quarter_of(_d(value), fiscal_start_month)  # type: ignore[arg-type]
        return found

    wanted = kinds.kinds if kinds is not None else frozenset(FULL_KINDS)
    currency = kinds.currency if kinds is not None else "EUR"

    def query(kind: str) -> Iterator:
        if kind == "revenue" and kind not in wanted:
            kind = "revenue_other"
        if kind not in wanted:
            return iter(())
        return fact_rows(session, kind, scope, quarter_floor, on, id_range=id_range, currency=currency)

    get = facts.get
    for pid, cid, name, left in query("contacts"):
        try:
            facts[pid].contacts.append(ContactFact(word(cid, cid), name, days[left]))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.contacts.append(ContactFact(word(cid, cid), name, day(left)))  # type: ignore[arg-type]
    for pid, cid, code, obtained, expires in query("certifications"):
        try:
            facts[pid].certifications.append(CertFact(words[cid], words[code], days[obtained], days[expires]))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.certifications.append(CertFact(word(cid, cid), word(code, code), day(obtained), day(expires)))  # type: ignore[arg-type]
    for pid, comp, customer, validated, ref_on in query("references"):
        try:
            facts[pid].references.append(ReferenceFact(words[comp], customer, bool(validated), days[ref_on]))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.references.append(ReferenceFact(word(comp, comp), customer, bool(validated), day(ref_on)))  # type: ignore[arg-type]
    for pid, period_start, motion, family, amount, currency in query("revenue"):
        try:
            facts[pid].revenue.append(RevenueFact(quarters[period_start], words[motion], words[family],
                                                  float(amount), words[currency]))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.revenue.append(RevenueFact(quarter(period_start), word(motion, motion), word(family, family),
                                             float(amount), word(currency, currency)))  # type: ignore[arg-type]
    for pid, metric, start, end, value in query("metrics"):
        try:
            facts[pid].metrics.append(MetricFact(words[metric], days[start], days[end], float(value)))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.metrics.append(MetricFact(word(metric, metric), day(start), day(end), float(value)))  # type: ignore[arg-type]
    for pid, fact, valid_from, valid_until in query("flags"):
        try:
            facts[pid].flags.append(FlagFact(words[fact], days[valid_from], days[valid_until]))  # type: ignore[arg-type]
        except KeyError:
            if (f := get(pid)) is not None:
                f.flags.append(FlagFact(word(fact, fact), day(valid_from), day(valid_until)))  # type: ignore[arg-type]


def partners_crossing(session: Session, after: date, until: date,
                      reference_max_age_months: int | None) -> set[str]:
    """Partners with a fact that starts or stops counting on a day in ``(after, until]``.

    Within one revenue window, a partner's evaluation (tier, levels, at-risk date) changes from day
    ``after`` to day ``until`` only through such a fact (formats.md §2): a certification obtained or
    expired, a contact who left, a reference that became dated in the past or too old. The daily
    refresh re-evaluates only these partners.

    Args:
        session: An open session.
        after: The day the stored evaluations are of.
        until: The new evaluation day (later than ``after``).
        reference_max_age_months: The program's maximum reference age (None: references never age).
    """
    old = None
    if reference_max_age_months is not None:
        old = (add_months(after, -reference_max_age_months), add_months(until, -reference_max_age_months))
    return partners_with_facts_changing(session, after, until, old)


def _d(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def evaluate_partners(uow: UnitOfWorkFactory, partner_ids: Sequence[str] | None = None,
                      on: date | None = None, program_id: str | None = None,
                      compare_id: str | None = None, progress: ProgressFn | None = None,
                      cancelled: Callable[[], bool] | None = None,
                      processes: int | None = None) -> PortfolioEvaluation:
    """Evaluate partners (all when None) on a date under the active program or ``program_id``.

    Args:
        uow: Unit-of-work factory.
        partner_ids: Partners to evaluate, or None for the whole portfolio.
        on: Evaluation date (today by default).
        program_id: Program to use (the active one by default).
        compare_id: A second program to summarise each partner under (``compare``).
        progress: Called with (done, total, message) every few hundred partners.
        cancelled: Returns True when the user cancelled; evaluation stops early.
        processes: How many processes evaluate the whole portfolio when there is no ``compare_id``
            (default one: whole evaluations cost more to send between processes than to make).
    """
    from prm_desktop.services.evaluation_parts import partners_evaluated

    on = on or date.today()
    program = get_program(uow, program_id)
    other = get_program(uow, compare_id) if compare_id else None
    if partner_ids is None and other is None:
        return _evaluate_portfolio(uow, program, on, progress, cancelled, processes)
    needed = [program, other] if other else [program]
    day = facts_day(needed, on)
    facts = load_facts(uow, partner_ids, since=first_window_quarter([program], on), on=day,
                       fiscal_start_month=program.fiscal_year_start_month)
    other_facts: dict[str, PartnerFacts] = {}
    if other is not None and other.fiscal_year_start_month != program.fiscal_year_start_month:
        # Revenue is stored by the day its period starts: under another fiscal calendar it falls in
        # other quarters, so the second program reads it again in its own.
        other_facts = {f.partner_id: f for f in load_facts(
            uow, partner_ids, since=first_window_quarter([other], on), on=day,
            fiscal_start_month=other.fiscal_year_start_month)}
    total = len(facts)
    results, compare = [], ({} if other else None)
    for done, partner in enumerate(facts, start=1):
        results.append(evaluate(program, partner, on))
        if other is not None and compare is not None:
            ev = evaluate(other, other_facts.get(partner.partner_id, partner), on)
            compare[partner.partner_id] = {"tier": ev.tier, "levels": dict(ev.levels)}
        if done % 500 == 0 or done == total:
            if progress:
                progress(done, total, partners_evaluated(done, total))
            if cancelled and cancelled():
                break
    return PortfolioEvaluation(on, program.id, results, compare)


def _evaluate_portfolio(uow: UnitOfWorkFactory, program: Program, on: date, progress: ProgressFn | None,
                        cancelled: Callable[[], bool] | None, processes: int | None) -> PortfolioEvaluation:
    """Every live partner by name and id, evaluated in parts (`evaluation_parts`), by default one."""
    from prm_desktop.services.evaluation_parts import Part, counting, evaluate_in_parts, parts_for, processes_for

    source = get_program_source(uow, program.id)
    with uow.read() as session:
        template = Part(source, on, first_window_quarter([program], on), facts_day([program], on), (None, None),
                        columns=False)  # fmt: skip
        # One process unless asked: sending whole evaluations (~40 gaps each) back from another process
        # costs more than evaluating them (measured at 100,000 partners: 65 s of CPU against 40).
        live = live_partner_count(session)
        parts = parts_for(session, processes_for(live, processes or 1), template)
        results = evaluate_in_parts(session, parts, program, progress and counting(progress, live), cancelled)
    # Each part is in name and id order, and holds one range of ids: merged into the portfolio's order.
    merged = list(heapq.merge(*results, key=lambda ev: (ev.name, ev.partner_id))) if results else []
    return PortfolioEvaluation(on, program.id, merged, None)


def evaluation_counts(evaluations: Sequence[Evaluation]) -> dict[str, int]:
    """How many partners qualify for each tier (``"none"`` for no tier)."""
    counts: dict[str, int] = defaultdict(int)
    for ev in evaluations:
        counts[ev.tier or "none"] += 1
    return dict(counts)
