"""The partner summary's columns under a scored program without people rules nor review (a portfolio refresh).

``summary_columns`` needs only the tier, the movement and the first at-risk date. For a program with
metric, yes/no fact or score rules (Microsoft's designations, AWS's tiers) the whole engine also builds
what the summary never reads: each partner's rule outcomes, counts, at-risk entries after the first,
and, for each day a yes/no fact ends, a trial evaluation measuring the metrics again. Here:

- what is the same for every partner on a day is worked out once (`evaluation_summary_plan.DayPlan`);
  a partner's metrics are read in one pass and its verdicts select the engine's decided program index;
- the levels and tier met are remembered per verdicts and measures (a portfolio has few combinations);
- the at-risk walk over expiries stops at its first loss, and the trials of the yes/no facts change
  only the fact verdicts, and only on the days a fact that counts stops holding.

The results are those of ``evaluate(program, facts, on, with_gaps=False)`` (tests/domain/
test_evaluation_summary_scored.py compares them on generated partners).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from prm_desktop.domain.evaluation_index import ProgramIndex, program_index
from prm_desktop.domain.evaluation_metrics import to_program_currency
from prm_desktop.domain.evaluation_model import PartnerFacts
from prm_desktop.domain.evaluation_risk import NEVER, expiry_events
from prm_desktop.domain.evaluation_summary_plan import DayPlan, day_plan, decided
from prm_desktop.domain.evaluation_sums import accredited_cover, reference_counts, window_revenue
from prm_desktop.domain.program import Program

__all__ = ["applies", "scored_summary_columns"]

_DAY = timedelta(days=1)
_MAX_STANDINGS = 1 << 14  # levels and tier remembered per program, by verdicts and measures
Measures = tuple[list[dict[str, date]], Sequence[int], Sequence[float], Sequence[float]]


def applies(program: Program) -> bool:
    """Whether :func:`scored_summary_columns` gives ``summary_columns`` for this program."""
    return program.extras is not None and program.people is None and program.review is None


def _measure(index: ProgramIndex, plan: DayPlan, facts: PartnerFacts) -> Measures:
    """``evaluation._measure``'s cover, references, revenues and tier revenues (not the total)."""
    on = plan.on
    if facts.revenue:
        _total, tier_revenues, revenues = window_revenue(index, facts.revenue, plan.window)
    else:
        tier_revenues, revenues = plan.no_tier_revenue, plan.no_revenue
    n_comps = len(index.families)
    references = reference_counts(index, facts.references, on, plan.oldest) if facts.references else [0] * n_comps
    cover = (accredited_cover(index, facts.contacts, facts.certifications, on) if facts.certifications
             else [{} for _ in range(n_comps)])
    return cover, references, revenues, tier_revenues


def _standing(base: ProgramIndex, plan: DayPlan, verdicts: tuple[bool, ...], accredited: list[int],
              m: Measures) -> tuple[tuple[int, ...], int]:
    """Level position held per competency and tier position (-1: none) under the decided index ``verdicts``."""
    _cover, references, revenues, tier_revenues = m
    memo = base.__dict__.setdefault("_summary_standings", {})
    key = (verdicts, tuple(accredited), tuple(references), tuple(revenues), tuple(tier_revenues))
    found = memo.get(key)
    if found is None:
        index = decided(base, plan, verdicts) if plan.rules else base
        held = index.levels_held(accredited, references, revenues)
        tier_pos = index.tier_held(tier_revenues, sum(1 for level in held if level >= 0), held)
        if len(memo) >= _MAX_STANDINGS:
            memo.clear()
        found = memo[key] = (tuple(held), tier_pos)
    return found


def _first_expiry_loss(index: ProgramIndex, m: Measures, held: Sequence[int]) -> date | None:
    """The date of ``evaluation_risk.at_risk``'s first entry: the first day an expiry lowers a level held.

    Levels only go down as certifications expire, and the tier follows from the levels (its revenue
    is held as on d): the tier cannot be lost before a level, so the first entry is a level's. Without
    level rules, a level held stays held while its competency keeps its minimum of accredited people
    (references and revenue are held as on d): it goes the day after the expiry that takes the count
    under it.
    """
    cover, references, revenues, _tier_revenues = m
    if not index.has_level_rules:
        first = None
        comps = index.program.competencies
        for comp, level in enumerate(held):
            if level < 0:
                continue
            people = cover[comp]
            # The count goes under the minimum at its (len - minimum + 1)-th expiry.
            nth = len(people) - comps[comp].levels[level].min_accredited
            if nth < 0:
                continue
            expiries = sorted([exp for exp in people.values() if exp != NEVER])
            if nth < len(expiries) and (first is None or expiries[nth] < first):
                first = expiries[nth]
        return first + _DAY if first is not None else None
    events = expiry_events(cover, held)
    if not events:
        return None
    accredited = [len(c) for c in cover]
    for day in sorted(events):
        for comp in events[day]:
            accredited[comp] -= 1
        current = index.levels_held(accredited, references, revenues)
        if any(now < level for now, level in zip(current, held, strict=True)):
            return day
    return None


def _first_fact_loss(base: ProgramIndex, plan: DayPlan, facts: PartnerFacts, verdicts: tuple[bool, ...],
                     accredited: list[int], m: Measures, held: Sequence[int], tier_pos: int,
                     until: date | None) -> date | None:
    """The first day before ``until`` a yes/no fact ending loses a level held or the tier (``fact_risks``).

    Rules only ever ask for facts to hold (never not to): a day on which every fact rule met on d is
    still met loses nothing, and is not tried.
    """
    counted = {fact for pos, fact in plan.fact_rules if verdicts[pos]}
    if not counted:
        return None
    on = plan.on
    ends = sorted({f.valid_until for f in facts.flags if f.valid_until is not None and f.valid_until >= on})
    program = base.program
    comps = program.competencies
    tier_rank = program.tiers[tier_pos].rank if tier_pos >= 0 else None
    for end in ends:
        day = date.fromordinal(end.toordinal() + 1)
        if until is not None and day >= until:
            return None
        kept = {f.fact for f in facts.flags if (f.valid_from is None or f.valid_from <= day)
                and (f.valid_until is None or f.valid_until >= day)}
        if counted <= kept:
            continue
        key = list(verdicts)
        for pos, fact in plan.fact_rules:
            key[pos] = fact in kept
        now, trial = _standing(base, plan, tuple(key), accredited, m)
        for pos, level in enumerate(held):
            if level >= 0:
                levels = comps[pos].levels
                if (levels[now[pos]].rank if now[pos] >= 0 else 0) < levels[level].rank:
                    return day
        if tier_rank is not None and (program.tiers[trial].rank if trial >= 0 else 0) < tier_rank:
            return day
    return None


def scored_summary_columns(program: Program, facts: PartnerFacts, on: date) -> tuple[str | None, str | None,
                                                                                       date | None]:
    """``(tier, movement, first at-risk date)`` of ``evaluate(program, facts, on, with_gaps=False)``.

    Args:
        program: A program for which :func:`applies` holds.
        facts: The partner's facts.
        on: The evaluation date.
    """
    facts = to_program_currency(program, facts)
    base = program_index(program)
    plan = day_plan(base, on)
    verdicts: tuple[bool, ...] = ()
    if plan.rules:
        flags = facts.flags
        held_facts = {f.fact for f in flags if (f.valid_from is None or f.valid_from <= on)
                      and (f.valid_until is None or on <= f.valid_until)} if flags else frozenset()
        verdicts = tuple(plan.verdicts(facts, plan.values(facts), held_facts.__contains__))
    m = _measure(base, plan, facts)
    accredited = [len(c) for c in m[0]]
    held, tier_pos = _standing(base, plan, verdicts, accredited, m)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    index = decided(base, plan, verdicts) if plan.rules else base
    first = _first_expiry_loss(index, m, held)
    if facts.flags and plan.fact_rules and (tier_pos >= 0 or any(level >= 0 for level in held)):
        day = _first_fact_loss(base, plan, facts, verdicts, accredited, m, held, tier_pos, first)
        if day is not None:
            first = day
    return tier_id, base.movement(facts.assigned_tier, tier_id), first
