"""Planning metrics and yes/no facts imports (program engine, part 2).

Natural keys: a metric value by (partner, metric, period), a yes/no fact by (partner, fact, valid
from). Metric and fact ids are those the active program declares (``[[metrics]]``, ``[[facts]]``),
matched by id or name ignoring case and accents; periods follow the program's fiscal calendar
(:mod:`prm_desktop.domain.metric_periods`). Re-importing a file changes nothing.
"""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.domain.metric_periods import parse_period
from prm_desktop.domain.program import Program
from prm_desktop.domain.validation import ValidationError
from prm_desktop.services.imports.builder import PlanBuilder, Staged
from prm_desktop.services.imports.matching import load_rows_of_partners
from prm_desktop.services.imports.plan_facts import _merge_warning, _partners
from prm_desktop.storage.models import PartnerMetricValue, PartnerYesNoFact

__all__ = ["plan_metrics", "plan_yes_no_facts"]


def _declared(kind: str, program: Program) -> list[str]:
    extras = program.extras
    items = () if extras is None else (extras.metrics if kind == "metric" else extras.facts)
    return [f"{i.id} ({i.name})" for i in items] or [_("none: the program declares none")]


def _resolver(kind: str) -> Any:
    return lambda program, text: program.extras.resolve(kind, text) if program.extras is not None else None


def plan_metrics(b: PlanBuilder) -> None:
    """Stage the metric values of a file, one per (partner, metric, period)."""
    resolved = _partners(b)
    stored = {(r["partner_id"], r["metric"], r["period"]): r
              for r in load_rows_of_partners(b.session, PartnerMetricValue.__table__, {p.id for _r, p in resolved})}
    created: dict[tuple[str, str, str], Staged] = {}
    first: dict[tuple[str, str, str], int] = {}
    for record, partner in resolved:
        line = record["_line"]
        metric = b.resolve(line, "metric", record["metric"], _resolver("metric"), lambda p: _declared("metric", p))
        if metric is None:
            continue
        program = b.program(line, "metric")
        try:
            period = parse_period(record["period"], program.fiscal_year_start_month if program else 1)
        except ValidationError as exc:
            b.error(line, "period", exc.message)
            continue
        key = (partner.id, metric, period.label)
        label = f"{partner.name} {metric} {period.label}"
        if key in stored:
            staged = b.stage_existing("metric_value", stored[key], label, line)
        elif key in created:
            staged = created[key]
        else:
            staged = created[key] = b.stage_new("metric_value", label, line,
                                                {"partner_id": partner.id, "metric": metric, "period": period.label})
        staged.values.update({"period_start": period.start, "period_end": period.end,
                              "value": float(record["value"])})
        _merge_warning(b, first, key, line, "period", _("same partner, metric and period"))


def plan_yes_no_facts(b: PlanBuilder) -> None:
    """Stage the yes/no facts of a file, one per (partner, fact, valid from)."""
    resolved = _partners(b)
    stored = {(r["partner_id"], r["fact"], r["valid_from"]): r
              for r in load_rows_of_partners(b.session, PartnerYesNoFact.__table__, {p.id for _r, p in resolved})}
    created: dict[tuple[str, str, Any], Staged] = {}
    first: dict[tuple[str, str, Any], int] = {}
    for record, partner in resolved:
        line = record["_line"]
        fact = b.resolve(line, "fact", record["fact"], _resolver("fact"), lambda p: _declared("fact", p))
        if fact is None:
            continue
        valid_from = record.get("valid_from")
        key = (partner.id, fact, valid_from)
        label = f"{partner.name} {fact}" + (f" {valid_from.isoformat()}" if valid_from else "")
        if key in stored:
            staged = b.stage_existing("yes_no_fact", stored[key], label, line)
        elif key in created:
            staged = created[key]
        else:
            staged = created[key] = b.stage_new("yes_no_fact", label, line,
                                                {"partner_id": partner.id, "fact": fact, "valid_from": valid_from})
        staged.values["valid_until"] = record.get("valid_until")
        _merge_warning(b, first, key, line, "fact", _("same partner, fact and start of validity"))
