"""Demo rows for programs with metrics and yes/no facts (program engine, part 2).

For a program that declares ``[[metrics]]`` or ``[[facts]]`` (the Microsoft, AWS or Sophos examples),
each partner with activity gets one value per metric and quarter of the revenue window (one value,
the latest, for a ``last`` metric), scaled by its assigned tier so that tiered partners mostly meet
their rules, and its yes/no facts (mostly valid today, some run out). Programs without them get none.
Revenue and targets of a program in another currency than EUR are generated in that currency.
"""

from __future__ import annotations

from datetime import timedelta

from prm_desktop.domain.metric_periods import parse_period
from prm_desktop.services.demo.generator import DemoBuilder
from prm_desktop.storage.models import PartnerMetricValue, PartnerYesNoFact, RevenueLine, Target

__all__ = ["build"]

#: Share of tiered partners holding each yes/no fact, and of the others.
FACT_SHARE = (0.85, 0.25)


def _targets(b: DemoBuilder) -> dict[str, float]:
    """Per metric, the largest minimum a rule or a score measure asks of it (what the top tier needs)."""
    extras = b.program.extras
    found: dict[str, float] = {}

    def walk(reqs: tuple) -> None:
        for req in reqs:
            if req.detail is not None and req.detail.kind == "metric":
                need = req.detail.min if req.detail.min is not None else (req.detail.max or 1.0)
                found[req.detail.target] = max(found.get(req.detail.target, 0.0), need)
            walk(req.children)

    for tier in b.program.tiers:
        walk(tier.requires)
    for comp in b.program.competencies:
        for level in comp.levels:
            walk(level.requires)
    for score in extras.scores:
        for path in score.paths:
            for measure in path.measures:
                found[measure.metric] = max(found.get(measure.metric, 0.0), measure.full_at)
    return found


def build(b: DemoBuilder) -> None:
    """Metric values and yes/no facts of every partner with activity; amounts in the program's currency."""
    extras = b.program.extras
    if extras is not None and extras.currency != "EUR":
        for model in (RevenueLine, Target):
            for row in b.rows[model]:
                row["currency"] = extras.currency
    if extras is None or not (extras.metrics or extras.facts):
        return
    fsm = b.program.fiscal_year_start_month
    periods = [parse_period(q, fsm) for q in b.quarters[-b.window_quarters:]]
    periods = [p for p in periods if p.start <= b.today] or periods[-1:]
    targets = _targets(b)
    top = max(1, len(b.tiers))
    metric_rows, fact_rows = b.rows[PartnerMetricValue], b.rows[PartnerYesNoFact]
    for info in b.partners:
        if info.status == "prospect":
            continue
        reach = (info.tier_rank + 0.6 * b.random()) / top if info.tier_rank else 0.4 * b.random()
        for metric in extras.metrics:
            need = targets.get(metric.id, 10.0)
            total = need * reach * (0.8 + 0.5 * b.random())
            used = periods[-1:] if metric.aggregation == "last" else periods
            for period in used:
                value = total if metric.aggregation != "sum" else total / len(used)
                value = round(value, 2) if metric.unit and metric.unit != "count" else float(round(value))
                metric_rows.append({"partner_id": info.id, "metric": metric.id, "period": period.label,
                                    "period_start": period.start, "period_end": period.end, "value": value,
                                    "deleted_at": None})
        share = FACT_SHARE[0] if info.tier_rank else FACT_SHARE[1]
        for fact in extras.facts:
            if b.random() >= share:
                continue
            start = b.today - timedelta(days=b.between(30, 330))
            end = b.today + timedelta(days=b.between(-20, 300))
            fact_rows.append({"partner_id": info.id, "fact": fact.id, "valid_from": start,
                              "valid_until": max(end, start), "deleted_at": None})
