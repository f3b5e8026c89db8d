"""Property tests: the monotonicity rules of formats.md §2, and at-risk dates against a brute force.

Each property runs under three programs: thresholds only (``PROGRAM``), every ``requires`` rule kind
(``RULES``: count, named, tier, all, any and at_least rules on tiers and levels), and people by role
(``ROLES``: role minimums of levels and tiers, certified people at tier level); the monotonicity
properties also under ``ROLES`` with a yearly review and a grace period (``REVIEWED``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    Evaluation,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    evaluate,
)
from prm_desktop.domain.program import MOTIONS, Program, load_program
from prm_desktop.domain.program_review import ReviewRules
from prm_desktop.domain.quarters import Quarter, quarter_of

# Low minimums, so that generated partners reach levels and tiers and lose them.
PROGRAM = load_program(
    """
[program]
id = "props"
name = "Props"
valid_from = 2025-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 50000
min_competencies = 1

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 200000
min_competencies = 2
revenue_motions = ["resell", "co-sell"]

[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
min_revenue = 600000
min_competencies = 3

[[competencies]]
id = "security"
name = "Sécurité"
dimension = "technical"
product_family = "security"
certifications = ["SEC-TECH", "SEC-SALES"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 1
min_revenue = 10000
min_references = 0

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 2
min_accredited = 2
min_revenue = 100000
min_references = 1

[[competencies]]
id = "cloud"
name = "Cloud"
dimension = "technical"
product_family = "cloud"
certifications = ["CLOUD-ARCH"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 1
min_revenue = 0
min_references = 1

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 2
min_accredited = 3
min_revenue = 50000
min_references = 2

[[competencies]]
id = "smb"
name = "PME"
dimension = "market"
product_family = "smb"
certifications = ["SMB-SALES", "SEC-SALES"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 1
min_revenue = 5000
min_references = 0

[options]
reference_max_age_months = 12
"""
)
RULES = load_program((Path(__file__).parents[1] / "data" / "program_requires_rules.toml").read_text(encoding="utf-8"))
ROLES = load_program((Path(__file__).parents[1] / "data" / "program_people_roles.toml").read_text(encoding="utf-8"))
PROGRAMS = pytest.mark.parametrize("program", [PROGRAM, RULES, ROLES], ids=["thresholds", "requires-rules", "roles"])
# A review each 31 March and 3 months of grace: monotone too (at-risk dates then follow reviews, not expiries).
REVIEWED = replace(ROLES, id="reviewed", review=ReviewRules(review=(3, 31), grace_months=3))
MONOTONE = pytest.mark.parametrize("program", [PROGRAM, RULES, ROLES, REVIEWED],
                                   ids=["thresholds", "requires-rules", "roles", "review-grace"])

CODES = ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES", "OTHER"]
COMPS = ["security", "cloud", "smb", "unknown"]
FAMILIES = ["security", "cloud", "smb", "other"]
CONTACTS = [f"c{i}" for i in range(5)]

START, END = date(2025, 1, 1), date(2026, 12, 31)
dates = st.dates(min_value=START, max_value=END)
amounts = st.integers(-20000, 300000).map(float)
DAY = timedelta(days=1)


def around(d: date, before: int, after: int) -> st.SearchStrategy[date]:
    """Dates from ``before`` days before ``d`` to ``after`` days after it."""
    return st.integers(-before, after).map(lambda n: d + n * DAY)


def cert(obtained: st.SearchStrategy[date]) -> st.SearchStrategy[CertFact]:
    def build(contact: str, code: str, start: date, valid_days: int | None) -> CertFact:
        return CertFact(contact, code, start, None if valid_days is None else start + valid_days * DAY)

    return st.builds(
        build, st.sampled_from(CONTACTS), st.sampled_from(CODES), obtained, st.none() | st.integers(0, 700)
    )


def ref(on: st.SearchStrategy[date]) -> st.SearchStrategy[ReferenceFact]:
    return st.builds(ReferenceFact, st.sampled_from(COMPS), st.just("Client"), st.booleans(), st.none() | on)


def line(quarter: st.SearchStrategy[Quarter]) -> st.SearchStrategy[RevenueFact]:
    families = st.sampled_from([*FAMILIES, None])
    return st.builds(RevenueFact, quarter, st.sampled_from(MOTIONS), families, amounts)


@st.composite
def scenario(draw: st.DrawFn, all_before: bool = False) -> tuple[PartnerFacts, date, date]:
    """A partner with facts around d0, and a later d1 in the same quarter as d0 (so the same window).

    With ``all_before``, every fact is dated ≤ d0 (some are dated after it otherwise).
    """
    d0 = draw(dates)
    q = quarter_of(d0)
    d1 = d0 + draw(st.integers(0, (q.end_date() - d0).days)) * DAY
    ahead = 0 if all_before else 60
    left = st.none() | st.none() | st.none() | around(d0, 400, ahead)
    facts = PartnerFacts(
        partner_id="p",
        name="P",
        assigned_tier=draw(st.none() | st.sampled_from(["silver", "gold", "platinum"])),
        contacts=[ContactFact(cid, cid.upper(), draw(left)) for cid in CONTACTS],
        certifications=draw(st.lists(cert(around(d0, 500, ahead)), min_size=2, max_size=10)),
        references=draw(st.lists(ref(around(d0, 450, ahead)), min_size=1, max_size=6)),
        revenue=draw(st.lists(line(st.integers(-5, 1 if not all_before else 0).map(q.shift)), min_size=3, max_size=12)),
    )
    return facts, d0, d1


def ranks(program: Program, ev: Evaluation) -> tuple[int, dict[str, int]]:
    tier = program.tier(ev.tier).rank if ev.tier else 0
    levels = {c.id: (c.level(ev.levels[c.id]).rank if c.id in ev.levels else 0) for c in program.competencies}
    return tier, levels


def not_lower(program: Program, after: Evaluation, before: Evaluation) -> bool:
    (t1, l1), (t0, l0) = ranks(program, after), ranks(program, before)
    return t1 >= t0 and all(l1[k] >= l0[k] for k in l0)


@MONOTONE
@settings(max_examples=100)
@given(case=scenario(), data=st.data())
def test_more_revenue_never_lowers(program: Program, case: tuple[PartnerFacts, date, date],
                                   data: st.DataObject) -> None:
    facts, on, _ = case
    extra = data.draw(line(st.integers(-5, 0).map(quarter_of(on).shift)).filter(lambda r: r.amount > 0))
    before = evaluate(program, facts, on)
    facts.revenue.append(extra)
    assert not_lower(program, evaluate(program, facts, on), before)


@MONOTONE
@settings(max_examples=100)
@given(case=scenario(), data=st.data())
def test_one_more_certification_never_lowers(program: Program, case: tuple[PartnerFacts, date, date],
                                             data: st.DataObject) -> None:
    facts, on, _ = case
    extra = data.draw(cert(around(on, 400, 30)))
    before = evaluate(program, facts, on)
    facts.certifications.append(extra)
    assert not_lower(program, evaluate(program, facts, on), before)


@MONOTONE
@settings(max_examples=100)
@given(case=scenario(), data=st.data())
def test_one_more_reference_never_lowers(program: Program, case: tuple[PartnerFacts, date, date],
                                         data: st.DataObject) -> None:
    facts, on, _ = case
    extra = replace(data.draw(ref(around(on, 400, 30))), validated=True)
    before = evaluate(program, facts, on)
    facts.references.append(extra)
    assert not_lower(program, evaluate(program, facts, on), before)


@MONOTONE
@settings(max_examples=100)
@given(case=scenario(all_before=True))
def test_later_date_in_same_window_never_rises(program: Program, case: tuple[PartnerFacts, date, date]) -> None:
    facts, d0, d1 = case
    assert not_lower(program, evaluate(program, facts, d0), evaluate(program, facts, d1))


@PROGRAMS
@settings(max_examples=60)
@given(case=scenario(all_before=True))
def test_at_risk_matches_brute_force(program: Program, case: tuple[PartnerFacts, date, date]) -> None:
    # A long window and no reference age limit: only certification expiries change anything after d.
    frozen = replace(program, revenue_window_quarters=40, reference_max_age_months=None)
    facts, d, _ = case
    facts.contacts = [replace(c, left_on=None) for c in facts.contacts]
    base = evaluate(frozen, facts, d)
    found = {r.lost: r.date for r in base.at_risk}
    # Counts only change the day after an expiry: evaluate on each of those days (and the day before).
    days = sorted(
        {c.expires + timedelta(days=k) for c in facts.certifications if c.expires and c.expires >= d for k in (0, 1)}
        - {d}
    )
    expected: dict[str, date] = {}
    for day in days:
        ev = evaluate(frozen, facts, day)
        for comp_id, level_id in base.levels.items():
            key = f"{comp_id}:{level_id}"
            comp = frozen.competency(comp_id)
            now = comp.level(ev.levels[comp_id]).rank if comp_id in ev.levels else 0
            if key not in expected and now < comp.level(level_id).rank:
                expected[key] = day
        if base.tier and f"tier:{base.tier}" not in expected:
            now = frozen.tier(ev.tier).rank if ev.tier else 0
            if now < frozen.tier(base.tier).rank:
                expected[f"tier:{base.tier}"] = day
    assert found == expected
    for risk in base.at_risk:
        assert risk.reason.startswith("certification ")
