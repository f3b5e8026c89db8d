"""The partner summary's columns under a scored program without people rules nor review (a portfolio refresh).

``summary_columns`` needs only the tier, the movement and the first at-risk date. For a program with
metric, yes/no fact or score rules (Microsoft's designations, AWS's tiers) the whole engine also builds
what the summary never reads: each partner's rule outcomes, counts, at-risk entries after the first,
and, for each day a yes/no fact ends, a trial evaluation measuring the metrics again. Here:

- the metric windows, the rules to decide and where each metric's value goes are worked out once per
  program and day (:class:`_Plan`); a partner's metrics are read in one pass;
- the rules' verdicts select the decided program index the engine itself uses (shared with
  `evaluation_metrics.specialise`, one per combination of verdicts);
- the at-risk walk over expiries stops at its first loss, and the trials of the yes/no facts change
  only the fact verdicts, from the first day a fact ends, until one loses something.

The results are those of ``evaluate(program, facts, on, with_gaps=False)`` (tests/domain/
test_evaluation_summary_scored.py compares them on generated partners).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.evaluation_index import ProgramIndex, program_index
from prm_desktop.domain.evaluation_metrics import (
    _ext_rules,
    _fixed_index,
    score_met,
    to_program_currency,
    window_start,
)
from prm_desktop.domain.evaluation_model import PartnerFacts
from prm_desktop.domain.evaluation_risk import NEVER
from prm_desktop.domain.program import Program

__all__ = ["applies", "scored_summary_columns"]

_DAY = timedelta(days=1)
_MAX_SHARED = 4096  # as `evaluation_metrics.specialise`: decided indexes kept per program
_MAX_PLANS = 64  # plans (one per day) kept per program index


def applies(program: Program) -> bool:
    """Whether :func:`scored_summary_columns` gives ``summary_columns`` for this program."""
    return program.extras is not None and program.people is None and program.review is None


class _Plan:
    """What deciding a program's metric, fact and score rules on one day takes, worked out once.

    Attributes:
        rules: The program's metric, fact and score rules, in the order of the decided-index key.
        slots: Per metric id, ``(slot, window start)`` of each (metric, window) a rule reads.
        aggregations: Each slot's aggregation (``sum``, ``last``, ``average``).
        checks: Per rule, how it is decided (see :meth:`met`).
        fact_rules: Positions of the fact rules and their fact ids (what a trial changes).
    """

    def __init__(self, index: ProgramIndex, rules: tuple[Any, ...], on: date) -> None:
        program = index.program
        extras = program.extras
        self.rules = rules
        self.on = on
        slot_of: dict[tuple[str, int | None], int] = {}
        self.slots: dict[str, list[tuple[int, date]]] = {}
        self.aggregations: list[str] = []

        def slot(metric_id: str, months: int | None) -> int:
            metric = extras.metric(metric_id)  # type: ignore[union-attr]
            window = months if months is not None else metric.window_months
            key = (metric.id, window)
            found = slot_of.get(key)
            if found is None:
                found = slot_of[key] = len(self.aggregations)
                self.aggregations.append(metric.aggregation)
                self.slots.setdefault(metric.id, []).append((found, window_start(program, on, window)))
            return found

        self.checks: list[tuple[Any, ...]] = []
        self.fact_rules: list[tuple[int, str]] = []
        for pos, rule in enumerate(rules):
            if rule.kind == "fact":
                self.checks.append(("fact", rule.target))
                self.fact_rules.append((pos, rule.target))
            elif rule.kind == "metric":
                self.checks.append(("metric", slot(rule.target, rule.window_months), rule.min, rule.max))
            else:
                score = extras.score(rule.target)  # type: ignore[union-attr]
                need = rule.min if rule.min is not None else score.min_total
                measures = {(m.metric, m.window_months): slot(m.metric, m.window_months)
                            for path in score.paths for m in path.measures}
                self.checks.append(("score", score, need, measures))

    def values(self, facts: PartnerFacts) -> list[float]:
        """Each slot's value for the partner (``evaluation_metrics.metric_value``, in one pass)."""
        on, slots = self.on, self.slots
        inside: list[list[Any]] = [[] for _ in self.aggregations]
        for row in facts.metrics:
            found = slots.get(row.metric)
            if found is None:
                continue
            start = row.start
            if start > on:
                continue
            for slot, first in found:
                if first <= start:
                    inside[slot].append(row)
        values = []
        for rows, aggregation in zip(inside, self.aggregations, strict=True):
            if not rows:
                values.append(0.0)
            elif aggregation == "last":
                values.append(max(rows, key=lambda r: (r.start, r.end)).value)
            else:
                total = math.fsum(r.value for r in rows)
                values.append(total / len(rows) if aggregation == "average" else total)
        return values

    def verdicts(self, facts: PartnerFacts, values: Sequence[float], held: Callable[[str], bool]) -> list[bool]:
        """Whether each rule is met, with ``held(fact id)`` saying whether a yes/no fact holds."""
        out = []
        for check in self.checks:
            kind = check[0]
            if kind == "metric":
                value = values[check[1]]
                low, high = check[2], check[3]
                out.append((low is None or value >= low) and (high is None or value <= high))
            elif kind == "fact":
                out.append(held(check[1]))
            else:
                slots = check[3]
                out.append(score_met(check[1], check[2], lambda metric, months, s=slots: values[s[(metric, months)]]))
        return out


def _plan(index: ProgramIndex, on: date) -> _Plan | None:
    """The index's plan for ``on`` (None when the program has no metric, fact nor score rule)."""
    rules = index.__dict__.get("_ext_rules")
    if rules is None:
        found: dict[Any, None] = {}
        for tier_rules in index.tier_rules:
            for rule in tier_rules:
                _ext_rules(rule, found)
        for levels in index.level_rules:
            for level_rules in levels:
                for rule in level_rules:
                    _ext_rules(rule, found)
        rules = index.__dict__["_ext_rules"] = tuple(found)
    if not rules:
        return None
    plans = index.__dict__.setdefault("_summary_plans", {})
    plan = plans.get(on)
    if plan is None:
        if len(plans) >= _MAX_PLANS:
            plans.clear()
        plan = plans[on] = _Plan(index, rules, on)
    return plan


def _decided(index: ProgramIndex, plan: _Plan, key: tuple[bool, ...]) -> ProgramIndex:
    """The program index with the rules decided as ``key`` says (the same as `specialise` without words)."""
    shared = index.__dict__.setdefault("_decided", {})
    spec = shared.get(key)
    if spec is None:
        met = dict(zip(plan.rules, key, strict=True))
        spec = _fixed_index(index, lambda rule: (met[rule], None))
        if len(shared) < _MAX_SHARED:
            shared[key] = spec
    return spec


def _held_on(facts: PartnerFacts, on: date) -> Callable[[str], bool]:
    flags = facts.flags
    if not flags:
        return lambda _fact: False
    held = {f.fact for f in flags if (f.valid_from is None or f.valid_from <= on)
            and (f.valid_until is None or on <= f.valid_until)}
    return held.__contains__


def _first_expiry_loss(index: ProgramIndex, cover: Sequence[dict[str, date]], references: Sequence[int],
                       revenues: Sequence[float], held: Sequence[int]) -> date | None:
    """The date of ``evaluation_risk.at_risk``'s first entry: the first day an expiry lowers a level held.

    Levels only go down as certifications expire, and the tier follows from the levels (its revenue
    is held as on d): the tier cannot be lost before a level, so the first entry is a level's.
    """
    events: dict[date, list[int]] = {}
    for comp, level in enumerate(held):
        if level < 0:
            continue
        for exp in cover[comp].values():
            if exp != NEVER:
                events.setdefault(exp + _DAY, []).append(comp)
    if not events:
        return None
    accredited = [len(c) for c in cover]
    for day in sorted(events):
        changed = events[day]
        for comp in changed:
            accredited[comp] -= 1
        if index.has_level_rules:
            current = index.levels_held(accredited, references, revenues)
            if any(now < level for now, level in zip(current, held, strict=True)):
                return day
        else:
            for comp in changed:
                if index.level_held(comp, accredited[comp], references[comp], revenues[comp]) < held[comp]:
                    return day
    return None


def _first_fact_loss(index: ProgramIndex, plan: _Plan, facts: PartnerFacts, on: date, verdicts: list[bool],
                     accredited: list[int], m: Any, held: Sequence[int], tier_pos: int,
                     until: date | None) -> date | None:
    """The first day before ``until`` a yes/no fact ending loses a level held or the tier (``fact_risks``)."""
    ends = sorted({f.valid_until for f in facts.flags if f.valid_until is not None and f.valid_until >= on})
    program = index.program
    comps = program.competencies
    tier_rank = program.tiers[tier_pos].rank if tier_pos >= 0 else None
    for end in ends:
        day = date.fromordinal(end.toordinal() + 1)
        if until is not None and day >= until:
            return None
        kept = {f.fact for f in facts.flags if (f.valid_from is None or f.valid_from <= day)
                and (f.valid_until is None or f.valid_until >= day)}
        key = list(verdicts)
        for pos, fact in plan.fact_rules:
            key[pos] = fact in kept
        spec = _decided(index, plan, tuple(key))
        now = spec.levels_held(accredited, m.references, m.revenues)
        for pos, level in enumerate(held):
            if level >= 0:
                levels = comps[pos].levels
                if (levels[now[pos]].rank if now[pos] >= 0 else 0) < levels[level].rank:
                    return day
        if tier_rank is not None:
            trial = spec.tier_held(m.tier_revenues, sum(1 for level in now if level >= 0), now)
            if (program.tiers[trial].rank if trial >= 0 else 0) < tier_rank:
                return day
    return None


def scored_summary_columns(program: Program, facts: PartnerFacts, on: date,
                           measure: Callable[[ProgramIndex, PartnerFacts, date], Any]
                           ) -> tuple[str | None, str | None, date | None]:
    """``(tier, movement, first at-risk date)`` of ``evaluate(program, facts, on, with_gaps=False)``.

    Args:
        program: A program for which :func:`applies` holds.
        facts: The partner's facts.
        on: The evaluation date.
        measure: The engine's measures of a partner (``evaluation._measure``).
    """
    facts = to_program_currency(program, facts)
    base = program_index(program)
    plan = _plan(base, on)
    verdicts: list[bool] = []
    if plan is None:
        index = base
    else:
        verdicts = plan.verdicts(facts, plan.values(facts), _held_on(facts, on))
        index = _decided(base, plan, tuple(verdicts))
    m = measure(base, facts, on)
    accredited = [len(c) for c in m.cover]
    held = index.levels_held(accredited, m.references, m.revenues)
    tier_pos = index.tier_held(m.tier_revenues, sum(1 for level in held if level >= 0), held)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    first = _first_expiry_loss(index, m.cover, m.references, m.revenues, held)
    if plan is not None and facts.flags and plan.fact_rules and (tier_pos >= 0 or any(lv >= 0 for lv in held)):
        day = _first_fact_loss(base, plan, facts, on, verdicts, accredited, m, held, tier_pos, first)
        if day is not None:
            first = day
    return tier_id, base.movement(facts.assigned_tier, tier_id), first
