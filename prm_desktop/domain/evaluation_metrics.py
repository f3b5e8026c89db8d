"""Metric, yes/no fact and score rules, decided per partner (docs/program-format.md).

Conventions:

- A metric rule counts the periods that **start** inside its window: the ``window_months`` trailing
  months ending with the evaluation date's month, else the program's revenue window (its N fiscal
  quarters ending with the current one). Periods starting after the evaluation date are ignored.
  ``sum`` adds the periods, ``last`` takes the latest one, ``average`` their mean; no period is 0.
- A yes/no fact holds on d when one of its rows has ``valid_from <= d <= valid_until`` (missing
  bounds are open).
- A score measure gives ``points × value / full_at`` (or 0 when ``partial = false``), at most
  ``points``; a path is met when its total reaches ``min_total`` and each measure its
  ``min_points`` (and more than 0 with ``every_measure_above_zero``); the best path is kept (a met
  path first, then the highest total). More of any measure never lowers a score.

The rules are compiled as ``("ext", req)``; :func:`specialise` gives, for one partner on one day, a
copy of the program index whose rules hold ``("fixed", met, outcome, req)`` instead, so the rule
walker of :mod:`~prm_desktop.domain.evaluation_requires` decides them like any other rule.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from prm_desktop.domain.evaluation_index import ProgramIndex, add_months
from prm_desktop.domain.evaluation_model import AtRisk, FlagFact, MetricFact, PartnerFacts
from prm_desktop.domain.i18n import _
from prm_desktop.domain.metric_words import format_points, format_value, words
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_metrics import ExtRule, MetricDef, ProgramExtras, ScoreDef, ScorePath
from prm_desktop.domain.quarters import revenue_window

__all__ = ["CurrencyMismatchError", "Outcome", "PathResult", "ScoreResult", "check_currencies", "ext_rules",
           "extras_summary", "fact_held", "fact_risks", "metric_value", "program_currency", "score_met", "score_result",
           "specialise", "to_program_currency", "window_start"]

_EPSILON = 1e-9


class CurrencyMismatchError(ValueError):
    """Amounts are in a currency the program neither counts in nor declares a rate for."""


def program_currency(program: Program) -> str:
    """The program's currency (EUR unless ``[program] currency`` says otherwise)."""
    return program.extras.currency if program.extras is not None else "EUR"


def check_currencies(program: Program, currencies: Collection[str]) -> None:
    """Refuse amounts in a currency the program cannot count (never converted silently).

    Raises:
        CurrencyMismatchError: Naming the currencies, the program's and how to fix it.
    """
    own = program_currency(program)
    missing = sorted(c for c in currencies if c != own and (program.extras is None or program.extras.rate(c) is None))
    if missing:
        raise CurrencyMismatchError(_(
            "Program {id} counts in {currency}, but amounts in {others} are stored and the program declares no "
            "exchange rate for them: add the rates under [exchange_rates] in the program file (e.g. {example} = "
            "1.08) or import the amounts in {currency}.",
            id=program.id, currency=own, others=", ".join(missing), example=missing[0]))


def to_program_currency(program: Program, facts: PartnerFacts) -> PartnerFacts:
    """The facts with revenue in the program's currency, at the rates the program declares.

    Raises:
        CurrencyMismatchError: A line is in a currency without a declared rate.
    """
    own = program_currency(program)
    if own == "EUR" and not any(line.currency for line in facts.revenue):
        return facts
    found = {line.currency or "EUR" for line in facts.revenue}
    if found <= {own}:
        return facts
    check_currencies(program, found)
    rates = {c: program.extras.rate(c) for c in found}  # type: ignore[union-attr]
    lines = [line if (line.currency or "EUR") == own
             else replace(line, amount=line.amount * rates[line.currency or "EUR"], currency=own)
             for line in facts.revenue]
    return replace(facts, revenue=lines)


def window_start(program: Program, on: date, months: int | None) -> date:
    """First day of a metric window ending on ``on`` (``months`` trailing months, else the revenue window)."""
    return _window_start(on, months, program.revenue_window_quarters, program.fiscal_year_start_month)


@lru_cache(maxsize=256)
def _window_start(on: date, months: int | None, quarters: int, fsm: int) -> date:
    if months is not None:
        return add_months(date(on.year, on.month, 1), 1 - months)
    return revenue_window(on, quarters, fsm)[0].start_date(fsm)


def metric_value(metric: MetricDef, rows: Sequence[MetricFact], start: date, on: date) -> float:
    """A metric aggregated over the periods starting from ``start`` to ``on`` (0 when none)."""
    inside = [r for r in rows if start <= r.start <= on]
    if not inside:
        return 0.0
    if metric.aggregation == "last":
        return max(inside, key=lambda r: (r.start, r.end)).value
    total = math.fsum(r.value for r in inside)
    return total / len(inside) if metric.aggregation == "average" else total


def fact_held(rows: Sequence[FlagFact], fact_id: str, on: date) -> bool:
    """Whether a yes/no fact holds on ``on``."""
    return any(r.fact == fact_id and (r.valid_from is None or r.valid_from <= on)
               and (r.valid_until is None or on <= r.valid_until) for r in rows)


@dataclass(frozen=True, slots=True)
class PathResult:
    """A score path's points per measure and total, and whether it meets the score."""

    path: ScorePath
    values: tuple[float, ...]
    points: tuple[float, ...]
    total: float
    met: bool


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """A score's best path (the one kept) and the minimum it was checked against."""

    score: ScoreDef
    best: PathResult
    need: float

    @property
    def met(self) -> bool:
        """Whether the best path meets the score."""
        return self.best.met


def _points(value: float, measure: Any) -> float:
    if value <= 0:
        return 0.0
    if value >= measure.full_at:
        return measure.points
    return measure.points * value / measure.full_at if measure.partial else 0.0


#: Most (metric, window, day) plans kept per program index (a long-running app evaluates day after day).
_MAX_PLANS = 4096


class _Partner:
    """One partner's metrics on one day, aggregated on first use.

    ``plans``: ``(metric id, window months, day)`` → ``(metric, window start)``, shared by the partners
    of one program (the program index's), or None for this partner alone.
    """

    def __init__(self, program: Program, facts: PartnerFacts, on: date,
                 plans: dict[tuple[str, int | None, date], tuple[MetricDef, date]] | None = None) -> None:
        self.program, self.extras, self.on = program, program.extras, on
        self.rows: dict[str, list[MetricFact]] = {}
        for row in facts.metrics:
            self.rows.setdefault(row.metric, []).append(row)
        self.flags = facts.flags
        self._values: dict[tuple[str, int | None], float] = {}
        self._scores: dict[tuple[str, float], ScoreResult] = {}
        self._plans = plans if plans is not None else {}

    def value(self, metric_id: str, months: int | None) -> float:
        key = (metric_id, months)
        found = self._values.get(key)
        if found is None:
            plan = self._plans.get((metric_id, months, self.on))
            if plan is None:
                metric = self.extras.metric(metric_id)
                start = window_start(self.program, self.on, months if months is not None else metric.window_months)
                if len(self._plans) >= _MAX_PLANS:
                    self._plans.clear()
                plan = self._plans[(metric_id, months, self.on)] = (metric, start)
            metric, start = plan
            rows = self.rows.get(metric.id)
            found = self._values[key] = metric_value(metric, rows, start, self.on) if rows else 0.0
        return found

    def score(self, score: ScoreDef, need: float) -> ScoreResult:
        key = (score.id, need)
        found = self._scores.get(key)
        if found is None:
            found = self._scores[key] = score_result(score, need, self.value)
        return found

    def score_met(self, score: ScoreDef, need: float) -> bool:
        """``score(score, need).met`` without building each path's result (a refresh needs only this)."""
        found = self._scores.get((score.id, need))
        if found is not None:
            return found.met
        return score_met(score, need, self.value)


def score_result(score: ScoreDef, need: float, value: Any) -> ScoreResult:
    """Every path of a score with ``value(metric_id, window_months)`` giving each measure's value."""
    results = []
    for path in score.paths:
        values = tuple(value(m.metric, m.window_months) for m in path.measures)
        points = tuple(_points(v, m) for v, m in zip(values, path.measures, strict=True))
        total = math.fsum(points)
        floors = all(p + _EPSILON >= m.min_points for p, m in zip(points, path.measures, strict=True))
        positive = not score.every_measure_above_zero or all(p > 0 for p in points)
        results.append(PathResult(path, values, points, total, total + _EPSILON >= need and floors and positive))
    best = max(results, key=lambda r: (r.met, r.total))
    return ScoreResult(score, best, need)


def score_met(score: ScoreDef, need: float, value: Any) -> bool:
    """Whether a score is met: ``score_result(score, need, value).met``, computed the same way but leaner."""
    above_zero = score.every_measure_above_zero
    for path in score.paths:
        measures = path.measures
        points = [_points(value(m.metric, m.window_months), m) for m in measures]
        if above_zero and not all(p > 0 for p in points):
            continue
        if math.fsum(points) + _EPSILON < need:
            continue
        if all(p + _EPSILON >= m.min_points for p, m in zip(points, measures, strict=True)):
            return True
    return False


class Outcome:
    """A metric, fact or score rule decided for one partner: met or not, and its words when read."""

    __slots__ = ("rule", "met", "amount", "missing", "value", "score", "extras")

    def __init__(self, rule: ExtRule, extras: ProgramExtras, met: bool, amount: float,
                 value: float | None = None, score: ScoreResult | None = None) -> None:
        self.rule, self.extras, self.met, self.amount = rule, extras, met, amount
        self.missing = rule.kind
        self.value, self.score = value, score

    def gap(self, lang: str, target: str) -> str:
        """The unmet rule in words (``"Security: 12 points more for …"``)."""
        rule = self.rule
        if rule.kind == "fact":
            return words(lang, "fact", fact=self.extras.fact(rule.target).display_name(lang), target=target)
        if rule.kind == "metric":
            metric = self.extras.metric(rule.target)
            name = metric.display_name(lang)
            if rule.window_months:
                name += words(lang, "window", months=rule.window_months)
            too_low = rule.min is not None and (self.value or 0.0) < rule.min
            key, need = ("metric_min", rule.min) if too_low else ("metric_max", rule.max)
            return words(lang, key, metric=name, target=target, n=format_value(self.amount, metric.unit, lang),
                         value=format_value(self.value or 0.0, metric.unit, lang),
                         need=format_value(need or 0.0, metric.unit, lang))
        return self._score_gap(lang, target)

    def _parts(self, lang: str, only_short: bool) -> str:
        best = self.score.best  # type: ignore[union-attr]
        shown = []
        for measure, points in zip(best.path.measures, best.points, strict=True):
            if only_short and points + _EPSILON >= measure.points:
                continue
            name = self.extras.metric(measure.metric).display_name(lang)
            shown.append(words(lang, "part", measure=name, points=format_points(points, lang),
                               most=format_points(measure.points, lang)))
        return ", ".join(shown)

    def _score_gap(self, lang: str, target: str) -> str:
        result: ScoreResult = self.score  # type: ignore[assignment]
        best = result.best
        if best.total + _EPSILON < result.need:
            return words(lang, "score", n=format_points(self.amount, lang), target=target,
                         parts=self._parts(lang, True))
        for measure, points in zip(best.path.measures, best.points, strict=True):
            if points + _EPSILON < measure.min_points:
                name = self.extras.metric(measure.metric).display_name(lang)
                return words(lang, "score_floor", target=target, need=format_points(measure.min_points, lang),
                             measure=name, parts=self._parts(lang, True))
        return words(lang, "score_zero", target=target, parts=self._parts(lang, True))


def _decide(rule: ExtRule, partner: _Partner) -> Outcome:
    extras = partner.extras
    if rule.kind == "fact":
        return Outcome(rule, extras, fact_held(partner.flags, rule.target, partner.on), 1.0)
    if rule.kind == "metric":
        value = partner.value(rule.target, rule.window_months)
        short = (rule.min - value) if rule.min is not None and value < rule.min else 0.0
        over = (value - rule.max) if rule.max is not None and value > rule.max else 0.0
        return Outcome(rule, extras, short <= 0 and over <= 0, short or over, value=value)
    score = extras.score(rule.target)
    result = partner.score(score, rule.min if rule.min is not None else score.min_total)
    return Outcome(rule, extras, result.met, max(0.0, result.need - result.best.total), score=result)


def _met(rule: ExtRule, partner: _Partner) -> bool:
    """Whether a rule holds (what a portfolio refresh needs; no words)."""
    if rule.kind == "fact":
        return fact_held(partner.flags, rule.target, partner.on)
    if rule.kind == "metric":
        value = partner.value(rule.target, rule.window_months)
        return (rule.min is None or value >= rule.min) and (rule.max is None or value <= rule.max)
    score = partner.extras.score(rule.target)
    return partner.score_met(score, rule.min if rule.min is not None else score.min_total)


def _fix(rule: tuple, decide: Any) -> tuple:
    kind = rule[0]
    if kind == "ext":
        met, outcome = decide(rule[1].detail)
        return ("fixed", met, outcome, rule[1])
    if kind in ("all", "any"):
        return (kind, tuple(_fix(c, decide) for c in rule[1]), rule[2])
    if kind == "at_least":
        return (kind, rule[1], tuple(_fix(c, decide) for c in rule[2]), rule[3])
    return rule


def _ext_rules(rule: tuple, found: dict[ExtRule, None]) -> None:
    if rule[0] == "ext":
        found[rule[1].detail] = None
    elif rule[0] in ("all", "any"):
        for child in rule[1]:
            _ext_rules(child, found)
    elif rule[0] == "at_least":
        for child in rule[2]:
            _ext_rules(child, found)


def _fixed_index(index: ProgramIndex, decide: Any) -> ProgramIndex:
    spec = copy.copy(index)
    spec.tier_rules = tuple(tuple(_fix(r, decide) for r in rules) for rules in index.tier_rules)
    spec.level_rules = tuple(tuple(tuple(_fix(r, decide) for r in rules) for rules in levels)
                             for levels in index.level_rules)
    return spec


#: Most decided indexes kept per program for refreshes without words (one per combination of rules met).
_MAX_SHARED = 4096


def ext_rules(index: Any) -> tuple[ExtRule, ...]:
    """The metric, score and yes/no fact rules of the tiers and levels, each once, in one order (kept on the index)."""
    rules = index.__dict__.get("_ext_rules")
    if rules is None:
        found: dict[ExtRule, None] = {}
        for tier_rules in index.tier_rules:
            for rule in tier_rules:
                _ext_rules(rule, found)
        for levels in index.level_rules:
            for level_rules in levels:
                for rule in level_rules:
                    _ext_rules(rule, found)
        rules = index.__dict__["_ext_rules"] = tuple(found)
    return rules


def specialise(index: ProgramIndex, facts: PartnerFacts, on: date, words: bool = True) -> ProgramIndex:
    """The index with this partner's metric, fact and score rules decided (the index itself when none).

    Args:
        index: The program's index.
        facts: The partner's facts.
        on: The evaluation date.
        words: Keep each rule's outcome for its gap words; without, partners meeting the same rules
            share one decided index (a portfolio refresh builds a handful, not one per partner).
    """
    program = index.program
    if program.extras is None:
        return index
    rules = ext_rules(index)
    if not rules:
        return index
    partner = _Partner(program, facts, on, index.__dict__.setdefault("_metric_plans", {}))
    if words:
        return _fixed_index(index, lambda rule: ((o := _decide(rule, partner)).met, o))
    key = tuple(_met(rule, partner) for rule in rules)
    shared = index.__dict__.setdefault("_decided", {})
    spec = shared.get(key)
    if spec is None:
        met = dict(zip(rules, key, strict=True))
        spec = _fixed_index(index, lambda rule: (met[rule], None))
        if len(shared) < _MAX_SHARED:
            shared[key] = spec
    return spec


def extras_summary(program: Program, facts: PartnerFacts, on: date) -> dict[str, Any] | None:
    """``metrics`` (value over each metric's window), ``facts`` (held or not) and ``scores`` for the output."""
    extras = program.extras
    if extras is None or not (extras.metrics or extras.facts or extras.scores):
        return None
    partner = _Partner(program, facts, on)
    scores = {}
    for score in extras.scores:
        result = partner.score(score, score.min_total)
        scores[score.id] = {
            "total": round(result.best.total, 2),
            "min_total": score.min_total,
            "met": result.met,
            "path": result.best.path.id,
            "points": {m.metric: round(p, 2) for m, p in zip(result.best.path.measures, result.best.points,
                                                                strict=True)},
        }
    return {
        "currency": extras.currency,
        "metrics": {m.id: round(partner.value(m.id, None), 4) for m in extras.metrics},
        "facts": {f.id: fact_held(facts.flags, f.id, on) for f in extras.facts},
        "scores": scores,
    }


def fact_risks(program: Program, facts: PartnerFacts, on: date, ev: Any, evaluate: Any) -> list[AtRisk]:
    """At-risk entries of yes/no facts that stop holding after ``on`` (the others are held as on d).

    For each day a fact row ends (``valid_until`` + 1), the partner is evaluated with the facts held
    that day (a renewal starting by then takes over; metrics and people as on ``on``); a level or the
    tier lost that way is at risk on that day, unless an earlier entry of ``ev.at_risk`` already loses
    it. Reason: ``yes/no fact ID ends YYYY-MM-DD``.

    Args:
        program: The program.
        facts: The partner's facts.
        on: The evaluation date.
        ev: The partner's evaluation on ``on``.
        evaluate: The engine's ``evaluate`` (called without gap words, on facts without end dates).
    """
    held = [f for f in facts.flags if (f.valid_from is None or f.valid_from <= on)
            and (f.valid_until is None or on <= f.valid_until)]
    ends = sorted({f.valid_until for f in facts.flags if f.valid_until is not None and f.valid_until >= on})
    if not ends or (ev.tier is None and not ev.levels):
        return []
    known = {r.lost: r.date for r in ev.at_risk}
    found: list[AtRisk] = []
    rank = {t.id: t.rank for t in program.tiers}
    for end in ends:
        day = date.fromordinal(end.toordinal() + 1)
        kept = [FlagFact(f.fact) for f in facts.flags if (f.valid_from is None or f.valid_from <= day)
                and (f.valid_until is None or f.valid_until >= day)]
        trial = evaluate(program, replace(facts, flags=kept), on, with_gaps=False)
        why = "; ".join(f"yes/no fact {f.fact} ends {f.valid_until.isoformat()}" for f in held
                        if f.valid_until is not None and f.valid_until < day)
        lost = []
        for comp in program.competencies:
            level_id = ev.levels.get(comp.id)
            if level_id is None:
                continue
            now = comp.level(trial.levels[comp.id]).rank if comp.id in trial.levels else 0
            if now < comp.level(level_id).rank:
                lost.append(f"{comp.id}:{level_id}")
        if ev.tier is not None and rank.get(trial.tier, 0) < rank[ev.tier]:
            lost.append(f"tier:{ev.tier}")
        for item in lost:
            if item not in known or known[item] > day:
                known[item] = day
                found.append(AtRisk(day, item, why))
    return found
