"""Per program and day, what the summary of a partner under a scored program takes (`evaluation_summary_scored`).

A :class:`DayPlan` holds what is the same for every partner of a refresh: the revenue window, the
oldest reference counted, the metric, fact and score rules to decide, each (metric, window) a rule
reads with its first day. A partner's metrics are then aggregated in one pass over its rows
(``evaluation_metrics.metric_value``'s results), and its verdicts select the decided program index
the engine itself uses (`decided`, shared with ``evaluation_metrics.specialise``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any

from prm_desktop.domain.evaluation_index import ProgramIndex, add_months
from prm_desktop.domain.evaluation_metrics import _fixed_index, ext_rules, score_met, window_start
from prm_desktop.domain.evaluation_model import PartnerFacts
from prm_desktop.domain.program_calendar import window_quarters

__all__ = ["DayPlan", "day_plan", "decided"]

_MAX_SHARED = 4096  # as `evaluation_metrics.specialise`: decided indexes kept per program
_MAX_PLANS = 64  # plans (one per day) kept per program index
_PERIOD = attrgetter("start", "end")  # the latest period of a "last" metric: the greatest (start, end)


class DayPlan:
    """What a partner's summary on one day takes under a program, worked out once for every partner.

    Attributes:
        on: The day.
        window: The revenue window's quarters, as ``year * 4 + q``.
        oldest: The oldest date of a reference that counts (None: any).
        no_tier_revenue: Each tier's revenue when none of the partner's lines is in the window.
        no_revenue: Each competency's revenue when none of the partner's lines is in the window.
        rules: The program's metric, fact and score rules, in the order of the decided-index key.
        slots: Per metric id, ``(slot, window start, aggregation is "last")`` of each (metric, window) a
            rule reads.
        aggregations: Each slot's aggregation (``sum``, ``last``, ``average``).
        checks: Per rule, how it is decided (see :meth:`verdicts`).
        fact_rules: Positions of the fact rules and their fact ids (what a trial changes).
    """

    def __init__(self, index: ProgramIndex, rules: tuple[Any, ...], on: date) -> None:
        program = index.program
        extras = program.extras
        self.rules = rules
        self.on = on
        # What `evaluation._measure` works out per partner: the same for all on one day.
        self.window = frozenset(q.year * 4 + q.q for q in window_quarters(program, on))
        max_age = program.reference_max_age_months
        self.oldest = add_months(on, -max_age) if max_age is not None else None
        self.no_tier_revenue = (0.0,) * len(index.tier_motion_order)
        self.no_revenue = (0.0,) * len(index.families)
        slot_of: dict[tuple[str, int | None], int] = {}
        self.slots: dict[str, list[tuple[int, date, bool]]] = {}
        self.aggregations: list[str] = []

        def slot(metric_id: str, months: int | None) -> int:
            metric = extras.metric(metric_id)  # type: ignore[union-attr]
            window = months if months is not None else metric.window_months
            key = (metric.id, window)
            found = slot_of.get(key)
            if found is None:
                found = slot_of[key] = len(self.aggregations)
                self.aggregations.append(metric.aggregation)
                self.slots.setdefault(metric.id, []).append(
                    (found, window_start(program, on, window), metric.aggregation == "last"))
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
        inside: list[list[Any]] = [[] for _ in self.aggregations]  # rows of a "last" slot, values of the others
        for row in facts.metrics:
            found = slots.get(row.metric)
            if found is None:
                continue
            start = row.start
            if start > on:
                continue
            for slot, first, last in found:
                if first <= start:
                    inside[slot].append(row if last else row.value)
        values = []
        for items, aggregation in zip(inside, self.aggregations, strict=True):
            if not items:
                values.append(0.0)
            elif aggregation == "last":
                values.append(max(items, key=_PERIOD).value)
            else:
                total = math.fsum(items)
                values.append(total / len(items) if aggregation == "average" else total)
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


def day_plan(index: ProgramIndex, on: date) -> DayPlan:
    """The index's plan for ``on`` (built on first use, kept on the index)."""
    plans = index.__dict__.setdefault("_summary_plans", {})
    plan = plans.get(on)
    if plan is None:
        rules = ext_rules(index)  # as `evaluation_metrics.specialise` finds them (the order of its key)
        if len(plans) >= _MAX_PLANS:
            plans.clear()
        plan = plans[on] = DayPlan(index, rules, on)
    return plan


def decided(index: ProgramIndex, plan: DayPlan, key: tuple[bool, ...]) -> ProgramIndex:
    """The program index with the rules decided as ``key`` says (the same as `specialise` without words)."""
    shared = index.__dict__.setdefault("_decided", {})
    spec = shared.get(key)
    if spec is None:
        met = dict(zip(plan.rules, key, strict=True))
        spec = _fixed_index(index, lambda rule: (met[rule], None))
        if len(shared) < _MAX_SHARED:
            shared[key] = spec
    return spec
