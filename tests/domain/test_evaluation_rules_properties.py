"""Monotonicity (formats.md §2) and at-risk dates under every ``requires`` rule kind.

Same generated partners as test_evaluation_properties.py, under a program that uses count, named,
tier, all, any and at_least rules on tiers and levels (Principal below Expert, Master needs Expert).
Few examples each: the CI profile stays fast.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import Evaluation, PartnerFacts, evaluate
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import quarter_of
from tests.domain.test_evaluation_properties import around, cert, line, ref, scenario

RULES = load_program(
    """
[program]
id = "rules"
name = "Rules"
valid_from = 2025-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 20000
requires = [{ competencies = 1, level = "principal" }]

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 100000
requires = [{ tier = "silver" }, { any = [{ competencies = 1, level = "expert" }, { competency = "smb" }] }]

[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
requires = [
  { all = [{ competency = "security", level = "expert" }] },
  { at_least = 2, of = [{ competency = "cloud", level = "expert" }, { competency = "smb" },
                        { competencies = 2, level = "master" }] },
]

[[competencies]]
id = "security"
name = "Sécurité"
dimension = "technical"
product_family = "security"
certifications = ["SEC-TECH", "SEC-SALES"]

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = 1

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 2
min_accredited = 2
min_revenue = 5000

[[competencies.levels]]
id = "master"
name = "Master"
rank = 3
min_accredited = 3
requires = [{ competency = "security", level = "expert" }]

[[competencies]]
id = "cloud"
name = "Cloud"
dimension = "technical"
product_family = "cloud"
certifications = ["CLOUD-ARCH"]

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = 1

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 2
min_accredited = 2
requires = [{ competencies = 1, among = ["security", "smb"] }]

[[competencies.levels]]
id = "master"
name = "Master"
rank = 3
min_accredited = 3
min_references = 1

[[competencies]]
id = "smb"
name = "PME"
dimension = "market"
product_family = "smb"
certifications = ["SMB-SALES", "SEC-SALES"]

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = 1
requires = [{ competency = "security" }]

[options]
reference_max_age_months = 12
"""
)


def ranks(program: Program, ev: Evaluation) -> tuple[int, dict[str, int]]:
    tier = program.tier(ev.tier).rank if ev.tier else 0
    levels = {c.id: (c.level(ev.levels[c.id]).rank if c.id in ev.levels else 0) for c in program.competencies}
    return tier, levels


def not_lower(after: Evaluation, before: Evaluation) -> bool:
    (t1, l1), (t0, l0) = ranks(RULES, after), ranks(RULES, before)
    return t1 >= t0 and all(l1[k] >= l0[k] for k in l0)


@settings(max_examples=40)
@given(scenario(), st.data())
def test_more_revenue_never_lowers(case: tuple[PartnerFacts, date, date], data: st.DataObject) -> None:
    facts, on, _ = case
    extra = data.draw(line(st.integers(-5, 0).map(quarter_of(on).shift)).filter(lambda r: r.amount > 0))
    before = evaluate(RULES, facts, on)
    facts.revenue.append(extra)
    assert not_lower(evaluate(RULES, facts, on), before)


@settings(max_examples=40)
@given(scenario(), st.data())
def test_one_more_certification_never_lowers(case: tuple[PartnerFacts, date, date], data: st.DataObject) -> None:
    facts, on, _ = case
    extra = data.draw(cert(around(on, 400, 30)))
    before = evaluate(RULES, facts, on)
    facts.certifications.append(extra)
    assert not_lower(evaluate(RULES, facts, on), before)


@settings(max_examples=40)
@given(scenario(), st.data())
def test_one_more_reference_never_lowers(case: tuple[PartnerFacts, date, date], data: st.DataObject) -> None:
    facts, on, _ = case
    extra = replace(data.draw(ref(around(on, 400, 30))), validated=True)
    before = evaluate(RULES, facts, on)
    facts.references.append(extra)
    assert not_lower(evaluate(RULES, facts, on), before)


@settings(max_examples=40)
@given(scenario(all_before=True))
def test_later_date_in_same_window_never_rises(case: tuple[PartnerFacts, date, date]) -> None:
    facts, d0, d1 = case
    assert not_lower(evaluate(RULES, facts, d0), evaluate(RULES, facts, d1))


FROZEN = replace(RULES, revenue_window_quarters=40, reference_max_age_months=None)


@settings(max_examples=40)
@given(scenario(all_before=True))
def test_at_risk_matches_brute_force(case: tuple[PartnerFacts, date, date]) -> None:
    facts, d, _ = case
    facts.contacts = [replace(c, left_on=None) for c in facts.contacts]
    base = evaluate(FROZEN, facts, d)
    found = {r.lost: r.date for r in base.at_risk}
    days = sorted(
        {c.expires + timedelta(days=k) for c in facts.certifications if c.expires and c.expires >= d for k in (0, 1)}
        - {d}
    )
    expected: dict[str, date] = {}
    for day in days:
        ev = evaluate(FROZEN, facts, day)
        for comp_id, level_id in base.levels.items():
            key = f"{comp_id}:{level_id}"
            comp = FROZEN.competency(comp_id)
            now = comp.level(ev.levels[comp_id]).rank if comp_id in ev.levels else 0
            if key not in expected and now < comp.level(level_id).rank:
                expected[key] = day
        if base.tier and f"tier:{base.tier}" not in expected:
            now = FROZEN.tier(ev.tier).rank if ev.tier else 0
            if now < FROZEN.tier(base.tier).rank:
                expected[f"tier:{base.tier}"] = day
    assert found == expected
