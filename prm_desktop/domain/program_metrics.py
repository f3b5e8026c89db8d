"""Metrics, yes/no facts, scores and the program currency: their program-file syntax.

Syntax (docs/program-format.md, "Metrics, yes/no facts, scores, currency")::

    [program]
    currency = "USD"                    # amounts of the program (default EUR)

    [exchange_rates]                    # fixed rates the program declares: 1 EUR = 1.08 USD
    EUR = 1.08

    [[metrics]]
    id = "launched_opportunities"
    name = "Opportunités lancées"
    name_en = "Launched opportunities"
    unit = "count"                      # free text; an ISO currency code formats values as money
    aggregation = "sum"                 # sum, last or average of the periods in the window
    window_months = 12                  # default: the program's revenue window

    [[facts]]
    id = "business_plan"
    name = "Plan d’affaires signé"
    name_en = "Business plan signed"

    [[scores]]
    id = "security"
    name = "Sécurité"
    min_total = 70
    every_measure_above_zero = true
    [[scores.paths]]
    id = "standard"
    measures = [{ metric = "skilling", points = 40, full_at = 4 }, …]

Rules for ``requires``: ``{ metric = "x", min = 3 }``, ``{ metric = "x", max = 2, window_months = 3 }``,
``{ fact = "business_plan" }``, ``{ score = "security" }`` (its ``min_total``) or with ``min = 80``.
The loader calls :func:`parse_extras` and :func:`parse_ext_rule`; the result hangs on
``Program.extras`` (None when the file uses none of this, so the engine keeps its fast path).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program import Requirement
from prm_desktop.domain.program_scores import Measure, ScoreDef, ScorePath, parse_score
from prm_desktop.domain.program_validate import Checker

__all__ = [
    "AGGREGATIONS",
    "EXT_KEYS",
    "EXT_KINDS",
    "ExtRule",
    "FactDef",
    "Measure",
    "MetricDef",
    "ProgramExtras",
    "ScoreDef",
    "ScorePath",
    "parse_ext_rule",
    "parse_extras",
    "resolve_ext_rules",
    "resolve_program_ext",
]

#: Requirement kinds of this module (one key each in a ``requires`` table).
EXT_KINDS: tuple[str, ...] = ("metric", "fact", "score")
#: Other keys allowed beside each kind.
EXT_KEYS: dict[str, tuple[str, ...]] = {"metric": ("min", "max", "window_months"), "fact": (), "score": ("min",)}
#: How the periods of a window add up.
AGGREGATIONS: tuple[str, ...] = ("sum", "last", "average")
MAX_METRICS, MAX_FACTS, MAX_SCORES = 200, 200, 50
_METRIC_KEYS = ("id", "name", "name_en", "unit", "aggregation", "window_months")
_FACT_KEYS = ("id", "name", "name_en")
_CURRENCY_LEN = 3


def _named(name: str, name_en: str | None, lang: str) -> str:
    return name_en if lang == "en" and name_en else name


@dataclass(frozen=True, slots=True)
class MetricDef:
    """A partner metric the program reads (imported with ``prm-desktop import metrics``)."""

    id: str
    name: str
    name_en: str | None
    unit: str
    aggregation: str
    window_months: int | None = None

    def display_name(self, lang: str) -> str:
        """Name in ``lang`` (the English name falls back to ``name``)."""
        return _named(self.name, self.name_en, lang)

    @property
    def is_money(self) -> bool:
        """Whether the unit is an ISO currency code (values shown as amounts)."""
        return len(self.unit) == _CURRENCY_LEN and self.unit.isalpha() and self.unit.isupper()


@dataclass(frozen=True, slots=True)
class FactDef:
    """A yes/no fact (``business plan signed``), held while a dated row of it is valid."""

    id: str
    name: str
    name_en: str | None

    def display_name(self, lang: str) -> str:
        """Name in ``lang``."""
        return _named(self.name, self.name_en, lang)


@dataclass(frozen=True, slots=True)
class ExtRule:
    """The detail of a ``metric``, ``fact`` or ``score`` requirement (``Requirement.detail``)."""

    kind: str
    target: str
    min: float | None = None
    max: float | None = None
    window_months: int | None = None

    def describe(self, program: Any, lang: str) -> str:
        """The rule in a few words (``"Launched opportunities ≥ 3"``, ``"Security score ≥ 70 points"``)."""
        from prm_desktop.domain.metric_words import format_points, format_value, words

        extras: ProgramExtras = program.extras
        if self.kind == "fact":
            return words(lang, "d_fact", fact=extras.fact(self.target).display_name(lang))  # type: ignore[union-attr]
        if self.kind == "score":
            score = extras.score(self.target)
            need = self.min if self.min is not None else score.min_total  # type: ignore[union-attr]
            return words(lang, "d_score", score=score.display_name(lang), need=format_points(need, lang))  # type: ignore[union-attr]
        metric = extras.metric(self.target)
        name, unit = metric.display_name(lang), metric.unit  # type: ignore[union-attr]
        if self.window_months:
            name += words(lang, "window", months=self.window_months)
        if self.min is not None and self.max is not None:
            return words(lang, "d_metric_both", metric=name, low=format_value(self.min, unit, lang),
                         high=format_value(self.max, unit, lang))
        if self.min is not None:
            return words(lang, "d_metric_min", metric=name, need=format_value(self.min, unit, lang))
        return words(lang, "d_metric_max", metric=name, need=format_value(self.max or 0.0, unit, lang))

    def to_dict(self) -> dict[str, Any]:
        """The rule keyed as in the file."""
        found: dict[str, Any] = {self.kind: self.target}
        for key in ("min", "max", "window_months"):
            if getattr(self, key) is not None:
                found[key] = getattr(self, key)
        return found


@dataclass(frozen=True)
class ProgramExtras:
    """Metrics, facts, scores and money of a program."""

    currency: str = "EUR"
    rates: tuple[tuple[str, float], ...] = ()
    metrics: tuple[MetricDef, ...] = ()
    facts: tuple[FactDef, ...] = ()
    scores: tuple[ScoreDef, ...] = ()
    _ids: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def _table(self, kind: str) -> dict[str, Any]:
        table = self._ids.get(kind)
        if table is None:
            items = {"metric": self.metrics, "fact": self.facts, "score": self.scores}[kind]
            table = self._ids[kind] = {i.id.casefold(): i for i in items}
        return table

    def metric(self, metric_id: str) -> MetricDef | None:
        """The metric with this id (case-insensitive), or None."""
        return self._table("metric").get(metric_id.casefold())

    def fact(self, fact_id: str) -> FactDef | None:
        """The fact with this id (case-insensitive), or None."""
        return self._table("fact").get(fact_id.casefold())

    def score(self, score_id: str) -> ScoreDef | None:
        """The score with this id (case-insensitive), or None."""
        return self._table("score").get(score_id.casefold())

    def resolve(self, kind: str, text: str) -> str | None:
        """The id of a metric or fact named by its id or a name (case/accent-insensitive), or None."""
        from prm_desktop.domain.program import normalize_key

        items = self.metrics if kind == "metric" else self.facts
        key = normalize_key(text)
        for item in items:
            if key in (normalize_key(item.id), normalize_key(item.name), normalize_key(item.name_en or "")):
                return item.id
        return None

    def rate(self, currency: str) -> float | None:
        """Program-currency units for one unit of ``currency`` (1 for the program's own), or None."""
        if currency == self.currency:
            return 1.0
        return dict(self.rates).get(currency)


def parse_ext_rule(kind: str, raw: dict[str, Any], path: str, line: int, check: Checker) -> Requirement | None:
    """A ``metric``, ``fact`` or ``score`` requirement, checked for shape (ids are checked later)."""
    n_errors = len(check.errors)
    target = check.text(raw, kind, path, line)
    low = check.number(raw, "min", path, line, default=None)
    high = check.number(raw, "max", path, line, default=None) if kind == "metric" else None
    months = check.integer(raw, "window_months", path, line, minimum=1, maximum=120, default=None)
    if kind == "metric" and "min" not in raw and "max" not in raw:
        check.add(line, path, N_("a metric rule needs min or max (or both)"))
    if low is not None and high is not None and high < low:
        check.add(line, f"{path}.max", N_("must not be lower than min"))
    if len(check.errors) != n_errors:
        return None
    return Requirement(kind, detail=ExtRule(kind, target, low, high, months))


def _line(lines: dict[str, list[int]], name: str, index: int, fallback: int) -> int:
    found = lines.get(name, [])
    return found[index] if index < len(found) else (found[0] if found else fallback)


def _metric(raw: dict[str, Any], path: str, line: int, check: Checker) -> MetricDef | None:
    n_errors = len(check.errors)
    check.keys(raw, _METRIC_KEYS, path, line)
    aggregation = raw.get("aggregation", "sum")
    if aggregation not in AGGREGATIONS:
        check.add(line, f"{path}.aggregation", N_("must be one of: {allowed}"), allowed=", ".join(AGGREGATIONS))
    metric = MetricDef(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        name_en=check.text(raw, "name_en", path, line, required=False),
        unit=check.text(raw, "unit", path, line, required=False) or "",
        aggregation=aggregation,
        window_months=check.integer(raw, "window_months", path, line, minimum=1, maximum=120, default=None),
    )
    return metric if len(check.errors) == n_errors else None


def _fact(raw: dict[str, Any], path: str, line: int, check: Checker) -> FactDef | None:
    n_errors = len(check.errors)
    check.keys(raw, _FACT_KEYS, path, line)
    fact = FactDef(check.text(raw, "id", path, line), check.text(raw, "name", path, line),
                   check.text(raw, "name_en", path, line, required=False))
    return fact if len(check.errors) == n_errors else None


def _money(data: dict[str, Any], program_line: int, lines: dict[str, list[int]],
           check: Checker) -> tuple[str, tuple[tuple[str, float], ...]]:
    header = data.get("program") if isinstance(data.get("program"), dict) else {}
    currency = header.get("currency", "EUR")
    if not (isinstance(currency, str) and len(currency) == _CURRENCY_LEN and currency.isalpha()
            and currency.isupper()):
        check.add(program_line, "program.currency", N_("must be an ISO currency code such as EUR or USD"))
        currency = "EUR"
    raw = data.get("exchange_rates", {})
    line = _line(lines, "exchange_rates", 0, 1)
    rates: list[tuple[str, float]] = []
    if not isinstance(raw, dict):
        check.add(line, "exchange_rates", N_("must be a table"))
        return currency, ()
    for code, value in raw.items():
        if not (len(code) == _CURRENCY_LEN and code.isalpha() and code.isupper()):
            check.add(line, f"exchange_rates.{code}", N_("must be an ISO currency code such as EUR or USD"))
        elif isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e6:
            check.add(line, f"exchange_rates.{code}",
                      N_("must be a number of {currency} for one {code}, more than 0"), currency=currency, code=code)
        elif code != currency:
            rates.append((code, float(value)))
    return currency, tuple(rates)


def parse_extras(data: dict[str, Any], lines: dict[str, list[int]], program_line: int,
                 check: Checker) -> ProgramExtras | None:
    """The ``[[metrics]]``, ``[[facts]]``, ``[[scores]]``, currency and ``[exchange_rates]`` of a file.

    Args:
        data: The parsed TOML.
        lines: Line of each array-of-tables header, by table name (``"metrics"``, ``"scores.paths"``).
        program_line: Line of the ``[program]`` table.
        check: Where problems go.

    Returns:
        None when the file uses none of these (every older file).
    """
    keys = ("metrics", "facts", "scores", "exchange_rates")
    header = data.get("program") if isinstance(data.get("program"), dict) else {}
    if not any(k in data for k in keys) and "currency" not in header:
        return None
    currency, rates = _money(data, program_line, lines, check)
    metrics_raw = check.table_array(data, "metrics", _line(lines, "metrics", 0, 1), limit=MAX_METRICS)
    metrics = [_metric(r, f"metrics[{i}]", _line(lines, "metrics", i, 1), check) for i, r in enumerate(metrics_raw)]
    check.unique([(m.id, f"metrics[{i}]", _line(lines, "metrics", i, 1)) for i, m in enumerate(metrics) if m], "id")
    facts_raw = check.table_array(data, "facts", _line(lines, "facts", 0, 1), limit=MAX_FACTS)
    facts = [_fact(r, f"facts[{i}]", _line(lines, "facts", i, 1), check) for i, r in enumerate(facts_raw)]
    check.unique([(f.id, f"facts[{i}]", _line(lines, "facts", i, 1)) for i, f in enumerate(facts) if f], "id")
    by_id = {m.id.casefold(): m for m in metrics if m}
    scores_raw = check.table_array(data, "scores", _line(lines, "scores", 0, 1), limit=MAX_SCORES)
    path_lines = lines.get("scores.paths", [])
    scores, used = [], 0
    for i, raw in enumerate(scores_raw):
        n_paths = len(raw.get("paths", [])) if isinstance(raw.get("paths"), list) else 0
        mine = path_lines[used:used + n_paths]
        used += n_paths
        scores.append(parse_score(raw, f"scores[{i}]", _line(lines, "scores", i, 1), by_id, check, mine))
    check.unique([(s.id, f"scores[{i}]", _line(lines, "scores", i, 1)) for i, s in enumerate(scores) if s], "id")
    return ProgramExtras(currency, rates, tuple(m for m in metrics if m), tuple(f for f in facts if f),
                         tuple(s for s in scores if s))


def _respell(req: Requirement, path: str, line: int, extras: ProgramExtras | None, check: Checker) -> Requirement:
    if req.detail is not None:
        rule: ExtRule = req.detail
        found = None
        if extras is not None:
            found = {"metric": extras.metric, "fact": extras.fact, "score": extras.score}[rule.kind](rule.target)
        if found is None:
            message = {"metric": N_("unknown metric {value}"), "fact": N_("unknown yes/no fact {value}"),
                       "score": N_("unknown score {value}")}[rule.kind]
            check.add(line, f"{path}.{rule.kind}", message, value=repr(rule.target))
            return req
        if rule.kind == "score" and rule.min is not None:
            most = max(sum(m.points for m in p.measures) for p in found.paths)
            if rule.min > most:
                check.add(line, f"{path}.min", N_("must not exceed the points a path can give ({n})"), n=f"{most:g}")
        return replace(req, detail=replace(rule, target=found.id))
    if not req.children:
        return req
    key = "of" if req.kind == "at_least" else req.kind
    children = tuple(_respell(c, f"{path}.{key}[{i}]", line, extras, check) for i, c in enumerate(req.children))
    return replace(req, children=children)


def resolve_ext_rules(reqs: tuple[Requirement, ...], path: str, line: int, extras: ProgramExtras | None,
                      check: Checker) -> tuple[Requirement, ...]:
    """Check the metric, fact and score ids a requires list names; return it with the program's spelling."""
    return tuple(_respell(r, f"{path}.requires[{i}]", line, extras, check) for i, r in enumerate(reqs))


def resolve_program_ext(competencies: list[Any], tiers: list[Any], level_lines: list[dict[str, tuple[int, int]]],
                        tier_lines: list[int], extras: ProgramExtras | None,
                        check: Checker) -> tuple[list[Any], list[Any]]:
    """:func:`resolve_ext_rules` over every tier and level (``level_lines``: level id → (file index, line))."""
    tiers = [t and replace(t, requires=resolve_ext_rules(t.requires, f"tiers[{i}]", tier_lines[i], extras, check))
             for i, t in enumerate(tiers)]
    comps = []
    for i, comp in enumerate(competencies):
        if comp is None:
            comps.append(comp)
            continue
        levels = []
        for lv in comp.levels:
            j, line = level_lines[i][lv.id]
            path = f"competencies[{i}].levels[{j}]"
            levels.append(replace(lv, requires=resolve_ext_rules(lv.requires, path, line, extras, check)))
        comps.append(replace(comp, levels=tuple(levels)))
    return comps, tiers


def has_ext_rules(reqs: tuple[Requirement, ...]) -> bool:
    """Whether a requires list holds a metric, fact or score rule at any depth."""
    return any(r.detail is not None or has_ext_rules(r.children) for r in reqs)
