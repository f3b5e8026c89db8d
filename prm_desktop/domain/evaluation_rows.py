"""The partner summary's columns of a whole portfolio straight from its fact rows (plain programs).

A portfolio refresh stores three values per partner (`summary_columns`: tier, movement, first at-risk
date). For a program with none of the newer rules (people by role, metrics and yes/no facts, review),
those follow from a few sums per partner: revenue of the window per motion and per product family,
counted references and, per competency, each accredited contact's latest expiry. This module adds the
fact rows up into those sums as they are read, without building a fact object per row and going over
the objects again (a million rows at 100,000 partners: a third of a refresh's CPU time).

The results are `summary_columns`' own, partner by partner: the same sums in the same order (rows are
taken in the order the loader would have appended them), then the same `ProgramIndex` decisions and
`at_risk` dates (`tests/domain/test_evaluation_rows.py` compares the two on generated portfolios).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_metrics import check_currencies
from prm_desktop.domain.evaluation_risk import NEVER, at_risk
from prm_desktop.domain.program import Program
from prm_desktop.domain.quarters import quarter_of

__all__ = ["Rows", "fits_rows", "summary_columns_from_rows"]

#: Rows of one kind of fact, as the loader reads them (dates as ISO text or dates; see `summary_columns_from_rows`).
Rows = Iterable[Sequence[Any]]
Columns = tuple[str, str | None, str | None, date | None]


def fits_rows(program: Program) -> bool:
    """Whether `summary_columns_from_rows` can stand for `summary_columns` under ``program``."""
    return program.people is None and program.extras is None and program.review is None


class _Days(dict):
    """ISO text (or a date, or None) → date, each text parsed once."""

    def __missing__(self, value: Any) -> date | None:
        parsed = value if value is None or isinstance(value, date) else date.fromisoformat(str(value)[:10])
        self[value] = parsed
        return parsed


def summary_columns_from_rows(program: Program, on: date, heads: Sequence[Sequence[Any]], contacts: Rows,
                              certifications: Rows, references: Rows, revenue: Rows) -> list[Columns]:
    """``(partner_id, tier, movement, first at-risk date)`` of each partner of ``heads``, in that order.

    The same values as ``summary_columns(program, facts, on)`` on the facts the loader would build from
    these rows, for a program that `fits_rows`. Rows of partners not in ``heads`` are ignored.

    Args:
        program: The program (`fits_rows`).
        on: The evaluation day.
        heads: ``(partner_id, name, assigned_tier)`` of the partners.
        contacts: ``(partner_id, contact_id, name, left_on)``.
        certifications: ``(partner_id, contact_id, code, obtained_on, expires_on)``.
        references: ``(partner_id, competency_id, customer, validated, ref_date)``.
        revenue: ``(partner_id, period_start, motion, product_family, amount, currency)``; ``period_start``
            is the first day of the line's period, whose fiscal quarter is the line's.

    Raises:
        CurrencyMismatchError: A partner, taken in ``heads`` order, has revenue in another currency than EUR
            (as `summary_columns` refuses it).
    """
    from prm_desktop.domain.evaluation import _months_before, _program_window

    index = program_index(program)
    n_comps = len(program.competencies)
    days = _Days({None: None})
    live = {head[0] for head in heads}

    # Contacts present on the day: contact id → partner (a certification counts for its own partner's contact).
    present: dict[Any, Any] = {}
    for pid, cid, _name, left in contacts:
        left_on = days[left]
        if left_on is None or left_on > on:
            present[cid] = pid

    # Per partner and competency: accredited contact → latest expiry of a certification counting on the day.
    covers: dict[Any, list[dict[Any, date]]] = {}
    code_comps, comps_for_code = index.code_comps, index.comps_for_code
    for pid, cid, code, obtained, expires in certifications:
        if present.get(cid, present) != pid or pid not in live:
            continue
        if days[obtained] > on:  # type: ignore[operator]
            continue
        expiry = days[expires]
        if expiry is None:
            expiry = NEVER
        elif expiry < on:
            continue
        comps = code_comps.get(code)
        if comps is None:
            comps = comps_for_code(code)
        if not comps:
            continue
        cover = covers.get(pid)
        if cover is None:
            cover = covers[pid] = [{} for _ in range(n_comps)]
        for pos in comps:
            known = cover[pos].get(cid)
            if known is None or expiry > known:
                cover[pos][cid] = expiry

    counted: dict[Any, list[int]] = {}
    max_age = program.reference_max_age_months
    oldest = _months_before(on, max_age) if max_age is not None else None
    comp_pos = index.comp_pos
    for pid, comp, _customer, validated, ref_on in references:
        if not validated or pid not in live:
            continue
        ref_day = days[ref_on]
        if ref_day is not None and (ref_day > on or (oldest is not None and ref_day < oldest)):
            continue
        pos = comp_pos.get(comp)
        if pos is not None:
            refs = counted.get(pid)
            if refs is None:
                refs = counted[pid] = [0] * n_comps
            refs[pos] += 1

    # Revenue of the window per motion and per family, added in row order (as the engine adds a partner's lines).
    keys = {q.year * 4 + q.q for q in _program_window(program, on)}
    fiscal = program.fiscal_year_start_month
    in_window: dict[Any, bool] = {}
    sums: dict[Any, tuple[dict[str, float], dict[Any, float]]] = {}
    foreign: dict[Any, set[str]] = {}
    family_keys, family_key = index.family_keys, index.family_key
    for pid, period_start, motion, family, amount, currency in revenue:
        if currency and currency != "EUR":
            if pid in live:
                foreign.setdefault(pid, set()).add(currency)
            continue
        counts = in_window.get(period_start)
        if counts is None:
            quarter = quarter_of(days[period_start], fiscal)  # type: ignore[arg-type]
            counts = in_window[period_start] = quarter.year * 4 + quarter.q in keys
        if not counts:
            continue
        found = sums.get(pid)
        if found is None:
            if pid not in live:
                continue
            found = sums[pid] = ({}, {})
        by_motion, by_family = found
        amount = float(amount)
        by_motion[motion] = by_motion.get(motion, 0.0) + amount
        folded = family_keys.get(family, "")
        if folded == "":
            folded = family_key(family)
        by_family[folded] = by_family.get(folded, 0.0) + amount

    no_cover: list[dict[Any, date]] = [{} for _ in range(n_comps)]
    no_refs = [0] * n_comps
    no_revenue = ([0.0] * len(index.tier_motion_order), [0.0] * n_comps)
    tiers, movement = program.tiers, index.movement
    out: list[Columns] = []
    for pid, _name, assigned in heads:
        if pid in foreign:
            check_currencies(program, {"EUR", *foreign[pid]})
        cover = covers.get(pid, no_cover)
        refs = counted.get(pid, no_refs)
        found = sums.get(pid)
        if found is None:
            tier_revenues, revenues = no_revenue
        else:
            get_motion, get_family = found[0].get, found[1].get
            tier_revenues = [round(sum([get_motion(m, 0.0) for m in motions]), 2) + 0.0
                             for motions in index.tier_motion_order]
            revenues = [round(get_family(f, 0.0), 2) + 0.0 for f in index.families]
        held = index.levels_held([len(c) for c in cover], refs, revenues)
        tier_pos = index.tier_held(tier_revenues, sum(1 for level in held if level >= 0), held)
        tier_id = tiers[tier_pos].id if tier_pos >= 0 else None
        risks = at_risk(index, on, cover, refs, revenues, tier_revenues, held, tier_pos, (), {}, reasons=False)
        out.append((pid, tier_id, movement(assigned, tier_id), risks[0].date if risks else None))
    return out
