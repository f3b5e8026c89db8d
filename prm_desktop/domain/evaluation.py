"""The evaluation engine (formats.md §2): tier, levels, gaps and at-risk dates of a partner on a date.

Conventions beyond formats.md:

- A contact with ``left_on <= d`` has left on d: a contact leaving on d no longer counts on d.
- Certifications of a contact not listed in ``PartnerFacts.contacts`` are ignored; a certification code
  may also be a catalogue name or alias.
- An undated validated reference always counts (it cannot be in the future nor too old).
- ``Evaluation.revenue`` is the window's revenue over all motions; each tier is checked (and its gap
  measured) against the revenue of its own ``revenue_motions``.
- Euro sums are rounded to the cent before comparing them with minimums.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any

from prm_desktop.domain.evaluation_ceiling import Ceiling, may_meet_more
from prm_desktop.domain.evaluation_gaps import level_gaps, tier_gaps
from prm_desktop.domain.evaluation_index import ProgramIndex, add_months, money, program_index
from prm_desktop.domain.evaluation_metrics import extras_summary, fact_risks, specialise, to_program_currency
from prm_desktop.domain.evaluation_model import (
    AtRisk,
    CertFact,
    ContactFact,
    Counts,
    Evaluation,
    Gap,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
)
from prm_desktop.domain.evaluation_people import people_engine
from prm_desktop.domain.evaluation_people_eval import evaluate_people
from prm_desktop.domain.evaluation_review import add_rule_keys, apply_review
from prm_desktop.domain.evaluation_risk import at_risk
from prm_desktop.domain.evaluation_summary_people import applies as people_applies
from prm_desktop.domain.evaluation_summary_people import people_summary_columns
from prm_desktop.domain.evaluation_summary_scored import applies as scored_applies
from prm_desktop.domain.evaluation_summary_scored import scored_summary_columns
from prm_desktop.domain.evaluation_sums import (
    accredited_cover,
    reference_counts,
    revenue_sums,
    rounded_sums,
    window_revenue,
)
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_calendar import month_window_gaps, window_quarters
from prm_desktop.domain.quarters import revenue_window

__all__ = [
    "ENGINE_VERSION",
    "AtRisk",
    "CertFact",
    "ContactFact",
    "Counts",
    "Evaluation",
    "Gap",
    "PartnerFacts",
    "ReferenceFact",
    "RevenueFact",
    "compare_summary",
    "evaluate",
    "evaluate_many",
    "evaluate_with_compare",
    "evaluation_to_json",
    "summary_columns",
]


#: Raised with every change of the engine that can give other results (tier, movement, at-risk date) for
#: the same facts: evaluations stored by an older engine are then made again in full (`services.portfolio`).
#: 2: a tier the program does not have, assigned to a partner qualifying for none, is a demotion.
ENGINE_VERSION = 2


@dataclass(slots=True)
class _Measures:
    """What the partner's facts add up to on d, per competency (program order) and per tier."""

    total_revenue: float
    tier_revenues: list[float]
    revenues: list[float]
    references: list[int]
    cover: list[dict[str, date]]


@lru_cache(maxsize=64)
def _window(on: date, quarters: int, fiscal_start_month: int) -> frozenset:
    return frozenset(revenue_window(on, quarters, fiscal_start_month))


@lru_cache(maxsize=64)
def _months_before(on: date, months: int) -> date:
    return add_months(on, -months)


def _program_window(program: Program, on: date) -> frozenset:
    if program.calendar is None:
        return _window(on, program.revenue_window_quarters, program.fiscal_year_start_month)
    return frozenset(window_quarters(program, on))


def _window_keys(index: ProgramIndex, on: date) -> frozenset[int]:
    """The quarters of the revenue window on ``on`` as ``year * 4 + q`` (ints hash in C), remembered per index."""
    memo = index.__dict__.setdefault("_window_keys", {})
    keys = memo.get(on)
    if keys is None:
        if len(memo) >= 4096:
            memo.clear()
        keys = memo[on] = frozenset(q.year * 4 + q.q for q in _program_window(index.program, on))
    return keys


def _measure(index: ProgramIndex, facts: PartnerFacts, on: date, with_cover: bool = True) -> _Measures:
    """The measures on ``on``; without ``with_cover``, ``cover`` is left empty (people rules gather their own)."""
    program = index.program
    # Quarters compared as ``year * 4 + q`` (ints hash in C; a Quarter's hash and equality are Python calls).
    keys = _window_keys(index, on)
    total, tier_revenues, revenues = window_revenue(index, facts.revenue, keys)
    max_age = program.reference_max_age_months
    oldest = _months_before(on, max_age) if max_age is not None else None
    references = reference_counts(index, facts.references, on, oldest)
    cover = accredited_cover(index, facts.contacts, facts.certifications, on) if with_cover else []
    return _Measures(money(total), tier_revenues, revenues, references, cover)


def _measure_and_ceiling(index: ProgramIndex, facts: PartnerFacts,
                         on: date) -> tuple[Callable[[], _Measures], Ceiling]:
    """The ceiling's measures (`evaluation_ceiling`), and `_measure` without the accredited cover, in one pass.

    The measures are finished when asked for (``finish()``): a partner whose ceiling reaches nothing
    (most of a portfolio) never needs them rounded nor its references counted within their age.
    """
    program = index.program
    keys = _window_keys(index, on)
    total, by_motion, by_family, all_motion, all_family = revenue_sums(index, facts.revenue, keys)
    top_tiers, top_revenues = rounded_sums(index, all_motion, all_family)
    top_references = reference_counts(index, facts.references, on, None)

    def finish() -> _Measures:
        tier_revenues, revenues = rounded_sums(index, by_motion, by_family)
        max_age = program.reference_max_age_months
        # No reference ages out: the ceiling counted the same ones.
        references = (top_references if max_age is None
                      else reference_counts(index, facts.references, on, _months_before(on, max_age)))
        return _Measures(money(total), tier_revenues, revenues, references, [])

    return finish, (top_references, top_revenues, top_tiers)


def evaluate(program: Program, facts: PartnerFacts, on: date, with_gaps: bool = True) -> Evaluation:
    """Evaluate one partner on a date under a program (formats.md §2).

    Args:
        program: The program.
        facts: The partner's contacts, certifications, references and revenue lines.
        on: The evaluation date d; facts dated after it are ignored.
        with_gaps: Also work out the gaps and their texts, and the at-risk entries' reasons (a
            portfolio refresh that only stores the tier, movement and at-risk date skips them; they
            are most of the cost; without, each at-risk reason is ``""``).

    Returns:
        The tier qualified for, levels held, counts, gaps, at-risk entries and tier movement.
    """
    return _evaluate(program, facts, on, with_gaps)


def _evaluate(program: Program, facts: PartnerFacts, on: date, with_gaps: bool, summary: bool = False) -> Evaluation:
    """`evaluate`; with ``summary``, under people rules only what `summary_columns` reads is sure to be filled."""
    facts = to_program_currency(program, facts)
    index = specialise(program_index(program), facts, on, with_gaps)
    m = _measure(index, facts, on)
    names = {c.id: c.name for c in facts.contacts}
    people = people_engine(index)
    if people is not None:
        ev = evaluate_people(people, facts, on, m.references, m.revenues, m.tier_revenues, m.total_revenue, names,
                             with_gaps, summary)
    else:
        ev = _evaluate_counts(index, facts, on, m, names, with_gaps)
    if program.extras is not None:
        if with_gaps:
            ev.extras = extras_summary(program, facts, on)
        if facts.flags:
            # Each trial (the yes/no facts held some later day) changes only the fact rules: without
            # people rules or a review, its tier and levels follow from this day's measures.
            trial = evaluate if people is not None or program.review is not None else _standing_trial(m)
            risks = fact_risks(program, facts, on, ev, trial)
            if risks:
                ev.at_risk = sorted([r for r in ev.at_risk if r.lost not in {x.lost for x in risks}] + risks,
                                    key=lambda r: r.date)
    if program.review is not None:
        # Under people rules, days no higher than d are not looked back at (the reference engine,
        # memo=False, looks at every one: tests/domain/test_people_memo.py compares the two).
        more = partial(may_meet_more, people, facts, on) if people is not None and people.memo else None
        apply_review(index, facts, ev, lambda day: _standing_on(index, facts, day), more)
    if program.calendar is not None and ev.gaps:
        ev.gaps = month_window_gaps(program, ev.gaps)
    return ev


def summary_columns(program: Program, facts: PartnerFacts, on: date) -> tuple[str | None, str | None, date | None]:
    """``(tier, movement, first at-risk date)`` of the partner: what the partner summary stores.

    The same as ``evaluate(program, facts, on, with_gaps=False)`` reduced to those three values; for a
    program with none of the newer rules (people by role, metrics, review) it skips what they do not
    need (counts per competency, at-risk reasons), which is most of a portfolio refresh's time.
    """
    if scored_applies(program):
        return scored_summary_columns(program, facts, on)
    if people_applies(program):
        found = people_summary_columns(program, facts, on, _measure_and_ceiling, _standing_on)
        if found is not None:
            return found
    if program.people is not None or program.extras is not None or program.review is not None:
        ev = _evaluate(program, facts, on, with_gaps=False, summary=True)
        return ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None
    facts = to_program_currency(program, facts)
    index = program_index(program)
    m = _measure(index, facts, on)
    accredited = [len(c) for c in m.cover]
    held = index.levels_held(accredited, m.references, m.revenues)
    tier_pos = index.tier_held(m.tier_revenues, sum(1 for level in held if level >= 0), held)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    risks = at_risk(index, on, m.cover, m.references, m.revenues, m.tier_revenues, held, tier_pos,
                    facts.certifications, {}, reasons=False)
    return tier_id, index.movement(facts.assigned_tier, tier_id), risks[0].date if risks else None


@dataclass(slots=True)
class _Standing:
    """The tier and levels met (what `fact_risks` reads of a trial evaluation)."""

    tier: str | None
    levels: dict[str, str]


def _standing_trial(m: _Measures) -> Any:
    """``evaluate``'s stand-in for `fact_risks`: tier and levels of other yes/no facts on the same measures.

    The same as ``evaluate(program, facts, on, with_gaps=False)`` for a program without people rules
    nor review, when ``facts`` differ from those ``m`` was measured on only in their yes/no facts.
    """

    def trial(program: Program, facts: PartnerFacts, on: date, with_gaps: bool = False) -> _Standing:
        index = specialise(program_index(program), facts, on, False)
        held = index.levels_held([len(c) for c in m.cover], m.references, m.revenues)
        tier_pos = index.tier_held(m.tier_revenues, sum(1 for level in held if level >= 0), held)
        return _Standing(program.tiers[tier_pos].id if tier_pos >= 0 else None, index.level_ids(held))

    return trial


def _standing_on(index: ProgramIndex, facts: PartnerFacts, on: date,
                 unless_above: tuple[int, Sequence[int]] | None = None) -> tuple[int, list[int]]:
    """Position of the tier met on ``on`` (-1 = none) and of each level, without gaps nor at-risk dates.

    ``unless_above``: under people rules, `PeopleEngine.held_on`'s (a look-back asking whether ``on``
    met more than those).
    """
    people = people_engine(index)
    m = _measure(index, facts, on, people is None)
    if people is not None:
        held, tier_pos = people.held_on(facts, on, m.references, m.revenues, m.tier_revenues,
                                        unless_above=unless_above)
        return tier_pos, held
    held = index.levels_held([len(c) for c in m.cover], m.references, m.revenues)
    return index.tier_held(m.tier_revenues, sum(1 for level in held if level >= 0), held), held


def _evaluate_counts(
    index: ProgramIndex, facts: PartnerFacts, on: date, m: _Measures, names: dict[str, str], with_gaps: bool
) -> Evaluation:
    program = index.program
    accredited = [len(c) for c in m.cover]
    held = index.levels_held(accredited, m.references, m.revenues)
    n_held = sum(1 for level in held if level >= 0)
    tier_pos = index.tier_held(m.tier_revenues, n_held, held)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    comps = program.competencies
    return Evaluation(
        partner_id=facts.partner_id,
        name=facts.name,
        date=on,
        program_id=program.id,
        assigned_tier=facts.assigned_tier,
        tier=tier_id,
        revenue=m.total_revenue,
        levels=index.level_ids(held),
        counts={comp.id: Counts(accredited[pos], m.references[pos], m.revenues[pos]) for pos, comp in enumerate(comps)},
        gaps=tier_gaps(index, tier_pos, m.tier_revenues, n_held, held)
        + level_gaps(index, held, accredited, m.references, m.revenues)
        if with_gaps
        else [],
        at_risk=at_risk(
            index,
            on,
            m.cover,
            m.references,
            m.revenues,
            m.tier_revenues,
            held,
            tier_pos,
            facts.certifications,
            names,
            reasons=with_gaps,
        ),
        movement=index.movement(facts.assigned_tier, tier_id),
    )


def compare_summary(ev: Evaluation) -> dict[str, Any]:
    """The ``compare`` object of formats.md §3: ``{"tier": …, "levels": {…}}``."""
    return {"tier": ev.tier, "levels": dict(ev.levels)}


def evaluate_with_compare(
    program: Program, other: Program, facts: PartnerFacts, on: date
) -> tuple[Evaluation, dict[str, Any]]:
    """Evaluate under ``program`` and summarise the result under ``other`` on the same date.

    Returns:
        The evaluation under ``program`` and the ``compare`` object under ``other``.
    """
    return evaluate(program, facts, on), compare_summary(evaluate(other, facts, on))


def _gap_json(gap: Gap) -> dict[str, Any]:
    return {
        "kind": gap.kind,
        "target": gap.target,
        "missing": gap.missing,
        "amount": float(gap.amount),
        "text_fr": gap.text_fr,
        "text_en": gap.text_en,
    }


def evaluation_to_json(ev: Evaluation, compare: dict[str, Any] | None = None) -> dict[str, Any]:
    """The per-partner object of ``prm-desktop evaluate --json`` (formats.md §3).

    Args:
        ev: The evaluation.
        compare: Optional ``compare`` object (see :func:`compare_summary`), added under ``"compare"``.

    Returns:
        A JSON-ready dict: ``id, name, assigned_tier, tier, revenue, levels, counts, gaps, at_risk``.
    """
    result: dict[str, Any] = {
        "id": ev.partner_id,
        "name": ev.name,
        "assigned_tier": ev.assigned_tier,
        "tier": ev.tier,
        "revenue": float(ev.revenue),
        "levels": dict(ev.levels),
        "counts": {
            comp_id: {"accredited": c.accredited, "references": c.references, "revenue": float(c.revenue)}
            for comp_id, c in ev.counts.items()
        },
        "gaps": [_gap_json(g) for g in ev.gaps],
        "at_risk": [{"date": r.date.isoformat(), "lost": r.lost, "reason": r.reason} for r in ev.at_risk],
    }
    add_rule_keys(result, ev)
    if ev.extras is not None:
        result.update(ev.extras)
    if compare is not None:
        result["compare"] = compare
    return result


def evaluate_many(program: Program, partners: Sequence[PartnerFacts], on: date) -> list[Evaluation]:
    """Evaluate several partners on the same date (the program index is built once)."""
    return [evaluate(program, facts, on) for facts in partners]
