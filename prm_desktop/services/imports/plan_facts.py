"""Planning customer references, revenue and targets imports.

Natural keys (formats.md §4): references by (partner, competency, customer); targets by (partner,
quarter); revenue: the file replaces every line of each (partner, quarter) pair it contains. Lines
identical to stored ones are left as they are, so re-importing a file changes nothing. A quarter of
the file is one of the active program's fiscal calendar; rows are stored and matched by the calendar
day it starts (``period_start``), so another calendar never moves them between quarters.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.program import normalize_key
from prm_desktop.domain.quarters import Quarter
from prm_desktop.services.imports.builder import PlanBuilder, Staged
from prm_desktop.services.imports.fiscal_labels import resolve_fiscal_labels
from prm_desktop.services.imports.matching import PartnerRef, load_rows_of_partners
from prm_desktop.services.imports.plan_currency import stored_currency
from prm_desktop.services.imports.plan_partners import resolve_partner_text
from prm_desktop.storage.models import CustomerReference, ProgramRecord, RevenueLine, Target

__all__ = ["plan_references", "plan_revenue", "plan_targets"]

_DEFAULT_MOTION = "resell"


def _partners(b: PlanBuilder) -> list[tuple[dict[str, Any], PartnerRef]]:
    resolved = []
    for record in b.records:
        partner = b.partner_of(record)
        if partner is not None:
            resolved.append((record, partner))
    return resolved


def _merge_warning(b: PlanBuilder, first: dict[Any, int], key: Any, line: int, name: str, what: str) -> None:
    earlier = first.setdefault(key, line)
    if earlier != line:
        b.warn(line, name, _("{what} as line {line}; the later values win", what=what, line=earlier))


def plan_references(b: PlanBuilder) -> None:
    """Stage the customer references of a file (competency resolved against the active program)."""
    if "validated" not in b.mapping.field_by_index.values():
        b.warn(b.header_line, "validated", _("no validation column: new references are imported as not "
                                             "validated and do not count for competency levels"))
    resolved = _partners(b)
    stored = {(r["partner_id"], r["competency_id"], normalize_text(r["customer"])): r
              for r in load_rows_of_partners(b.session, CustomerReference.__table__, {p.id for _r, p in resolved})}
    created: dict[tuple[str, str, str], Staged] = {}
    first: dict[tuple[str, str, str], int] = {}
    for record, partner in resolved:
        line = record["_line"]
        competency = b.resolve(line, "competency", record["competency"], lambda p, v: p.resolve_competency(v),
                               lambda p: [f"{c.id} ({c.name})" for c in p.competencies])
        if competency is None:
            continue
        customer = record["customer"]
        key = (partner.id, competency, normalize_text(customer))
        label = f"{customer} ({competency}) — {partner.name}"
        values: dict[str, Any] = {"customer": customer}
        if "validated" in record:
            values["validated"] = bool(record["validated"])
        if "date" in record:
            values["ref_date"] = record["date"]
        if key in stored:
            staged = b.stage_existing("reference", stored[key], label, line)
        elif key in created:
            staged = created[key]
        else:
            staged = created[key] = b.stage_new("reference", label, line,
                                                {"partner_id": partner.id, "competency_id": competency})
        staged.values.update(values)
        _merge_warning(b, first, key, line, "customer", _("same reference"))


def _active_program(b: PlanBuilder) -> Any:
    source = b.session.scalar(select(ProgramRecord.source).where(
        ProgramRecord.is_active.is_(True), ProgramRecord.deleted_at.is_(None)))
    if not source:
        return None
    from prm_desktop.services.programs import parse_cached

    return parse_cached(source)


def _period_start(record: dict[str, Any], fiscal_start_month: int) -> date | None:
    """First calendar day of the record's quarter (a quarter of the active program's fiscal calendar).

    None when the quarter was not read (a fiscal-year label the program cannot name: a row error).
    """
    quarter = record["quarter"]
    return quarter.start_date(fiscal_start_month) if isinstance(quarter, Quarter) else None


def _fiscal_start_month(b: PlanBuilder) -> int:
    program = _active_program(b)
    return program.fiscal_year_start_month if program is not None else 1


def plan_targets(b: PlanBuilder) -> None:
    """Stage the targets of a file, one per (partner, quarter)."""
    resolve_fiscal_labels(b)
    month = _fiscal_start_month(b)
    resolved = _partners(b)
    stored = {(r["partner_id"], r["period_start"]): r
              for r in load_rows_of_partners(b.session, Target.__table__, {p.id for _r, p in resolved})}
    created: dict[tuple[str, date], Staged] = {}
    first: dict[tuple[str, date], int] = {}
    for record, partner in resolved:
        line, quarter = record["_line"], str(record["quarter"])
        start = _period_start(record, month)
        if start is None:
            continue
        key = (partner.id, start)
        label = f"{partner.name} {quarter}"
        if key in stored:
            staged = b.stage_existing("target", stored[key], label, line)
        elif key in created:
            staged = created[key]
        else:
            staged = created[key] = b.stage_new("target", label, line, {"partner_id": partner.id, "quarter": quarter,
                                                                        "period_start": start})
        staged.values["amount"] = float(record["amount"])
        currency = stored_currency(b, record)
        if currency is not False:
            staged.values["currency"] = currency
        _merge_warning(b, first, key, line, "quarter", _("same partner and quarter"))


def _competency_families(b: PlanBuilder) -> set[str] | None:
    """Product families of the active program's competencies (case and accents folded), or None."""
    program = _active_program(b)
    return None if program is None else {normalize_key(c.product_family) for c in program.competencies}


def _signature(values: dict[str, Any]) -> tuple[Any, ...]:
    return (values["motion"], values.get("product_family") or None, round(float(values["amount"]), 2),
            values.get("distributor_id"), values.get("currency"))


def plan_revenue(b: PlanBuilder) -> None:
    """Replace the revenue lines of every (partner, quarter) pair the file contains.

    File lines identical to stored lines of the pair (motion, product family, amount, distributor)
    leave those unchanged; the other file lines are created and the other stored lines deleted.
    """
    resolve_fiscal_labels(b)
    if "motion" not in b.mapping.field_by_index.values():
        b.warn(b.header_line, "motion", _("no motion column: every line is imported as {motion}",
                                          motion=_DEFAULT_MOTION))
    pairs: dict[tuple[str, date], list[tuple[int, dict[str, Any], str]]] = defaultdict(list)
    quarters: dict[date, str] = {}
    month = _fiscal_start_month(b)
    families = _competency_families(b)
    for record, partner in _partners(b):
        line = record["_line"]
        family = record.get("product_family")
        if family and families is not None and normalize_key(family) not in families:
            families.add(normalize_key(family))
            b.warn(line, "product_family", _("product family {family} matches no competency of the active "
                                             "program: its revenue counts for tiers only", family=family))
        motion = record.get("motion")
        if "motion" in record and motion is None:
            b.warn(line, "motion", _("no motion: imported as {motion}", motion=_DEFAULT_MOTION))
        currency = stored_currency(b, record)
        if currency is False:
            continue
        values = {"motion": motion or _DEFAULT_MOTION, "product_family": record.get("product_family"),
                  "amount": float(record["amount"]), "distributor_id": None, "currency": currency}
        if record.get("distributor"):
            distributor = resolve_partner_text(b, line, "distributor", record["distributor"])
            if distributor is None:
                continue
            values["distributor_id"] = distributor.id
        start = _period_start(record, month)
        if start is None:
            continue
        quarters.setdefault(start, str(record["quarter"]))
        pairs[(partner.id, start)].append((line, values, partner.name))
    stored: dict[tuple[str, date], list[dict[str, Any]]] = defaultdict(list)
    for row in load_rows_of_partners(b.session, RevenueLine.__table__, {pid for pid, _q in pairs}):
        if (row["partner_id"], row["period_start"]) in pairs:
            stored[(row["partner_id"], row["period_start"])].append(row)
    for (partner_id, start), lines in pairs.items():
        quarter = quarters[start]
        by_signature: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in stored.get((partner_id, start), []):
            by_signature[_signature(row)].append(row)
        for line, values, name in lines:
            label = _line_label(name, quarter, values)
            same = by_signature.get(_signature(values))
            if same:
                b.stage_existing("revenue_line", same.pop(), label, line)
            else:
                b.stage_new("revenue_line", label, line, {"partner_id": partner_id, "quarter": quarter,
                                                          "period_start": start, **values})
        first_line = lines[0][0]
        for rows in by_signature.values():
            for row in rows:
                b.delete("revenue_line", row, _line_label(lines[0][2], quarter, row), first_line)


def _line_label(partner: str, quarter: str, values: dict[str, Any]) -> str:
    family = f" {values['product_family']}" if values.get("product_family") else ""
    return f"{partner} {quarter} {values['motion']}{family} {float(values['amount']):.2f}"
