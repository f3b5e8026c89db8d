"""Boundary tables for the counting rules of formats.md §2."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    evaluate,
)
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import Quarter

PROGRAM_TOML = """\
[program]
id = "t"
name = "Test"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 100000
min_competencies = 1

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 500000
min_competencies = 1
revenue_motions = ["resell", "co-sell"]

[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
min_revenue = 1000000
min_competencies = 2

[[competencies]]
id = "security"
name = "Sécurité"
name_en = "Security"
dimension = "technical"
product_family = "security"
certifications = ["SEC-TECH", "SEC-SALES"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 2
min_revenue = 50000
min_references = 1

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 2
min_accredited = 4
min_revenue = 200000
min_references = 2

[[competencies]]
id = "cloud"
name = "Cloud & Infrastructure"
dimension = "technical"
product_family = "cloud"
certifications = ["CLOUD-ARCH"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 1
min_revenue = 10000
min_references = 0

[[certifications]]
code = "SEC-TECH"
name = "Security Technical Specialist"
aliases = ["STS Security"]

[options]
reference_max_age_months = 12
"""

D = date(2026, 6, 15)
PROGRAM = load_program(PROGRAM_TOML)


def program_with(**changes: object) -> Program:
    """The test program with some top-level fields changed."""
    return replace(load_program(PROGRAM_TOML), **changes)


def base_facts() -> PartnerFacts:
    """Security Expert exactly (2 accredited, 60 000 € security, 1 reference), Silver on 110 000 €."""
    return PartnerFacts(
        partner_id="p1",
        name="Œuvre Numérique",
        assigned_tier="silver",
        contacts=[
            ContactFact("c1", "Jean Dupont"),
            ContactFact("c2", "Marie Curie"),
            ContactFact("c3", "Paul Martin"),
        ],
        certifications=[
            CertFact("c1", "SEC-TECH", date(2025, 1, 1), date(2026, 8, 31)),
            CertFact("c2", "SEC-SALES", date(2025, 1, 1), None),
        ],
        references=[ReferenceFact("security", "Hôpital de Morlaix", True, date(2026, 1, 10))],
        revenue=[
            RevenueFact(Quarter(2026, 2), "resell", "security", 60000.0),
            RevenueFact(Quarter(2026, 1), "resell", "cloud", 50000.0),
        ],
    )


def test_base_case() -> None:
    ev = evaluate(PROGRAM, base_facts(), D)
    assert ev.tier == "silver"
    assert ev.levels == {"security": "expert"}
    assert ev.revenue == 110000.0
    assert ev.counts["security"].accredited == 2
    assert ev.counts["security"].references == 1
    assert ev.counts["security"].revenue == 60000.0
    assert ev.counts["cloud"].accredited == 0
    assert ev.counts["cloud"].revenue == 50000.0
    assert ev.movement is None
    assert ev.program_id == "t"
    assert ev.date == D


# --- tier revenue threshold ---------------------------------------------------------------------


@pytest.mark.parametrize(("cloud_revenue", "tier"), [(40000.0, "silver"), (39999.99, None)])
def test_tier_revenue_threshold(cloud_revenue: float, tier: str | None) -> None:
    facts = base_facts()
    facts.revenue[1] = RevenueFact(Quarter(2026, 1), "resell", "cloud", cloud_revenue)
    assert evaluate(PROGRAM, facts, D).tier == tier


def test_tier_needs_competencies() -> None:
    facts = base_facts()
    facts.references.clear()  # security no longer held
    ev = evaluate(PROGRAM, facts, D)
    assert ev.levels == {}
    assert ev.tier is None


def test_float_sums_are_compared_to_the_cent() -> None:
    facts = base_facts()
    facts.revenue[1] = RevenueFact(Quarter(2026, 1), "resell", "cloud", 39999.9)
    facts.revenue += [RevenueFact(Quarter(2026, 1), "resell", None, 0.1)] * 1
    assert evaluate(PROGRAM, facts, D).tier == "silver"


# --- level minimums ------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "level"), [(50000.0, "expert"), (49999.99, None)])
def test_level_revenue_threshold(amount: float, level: str | None) -> None:
    facts = base_facts()
    facts.revenue[0] = RevenueFact(Quarter(2026, 2), "resell", "security", amount)
    assert evaluate(PROGRAM, facts, D).levels.get("security") == level


@pytest.mark.parametrize(("n_refs", "level"), [(1, "expert"), (0, None), (2, "expert")])
def test_level_references_threshold(n_refs: int, level: str | None) -> None:
    facts = base_facts()
    facts.references = [ReferenceFact("security", f"C{i}", True, date(2026, 1, 1)) for i in range(n_refs)]
    assert evaluate(PROGRAM, facts, D).levels.get("security") == level


def test_level_accredited_threshold() -> None:
    facts = base_facts()
    facts.certifications = facts.certifications[:1]
    assert evaluate(PROGRAM, facts, D).levels == {}


def test_principal_when_all_three_minimums_met() -> None:
    facts = base_facts()
    facts.contacts += [ContactFact("c4", "Lea Petit")]
    facts.certifications += [
        CertFact("c3", "SEC-TECH", date(2025, 1, 1), None),
        CertFact("c4", "SEC-TECH", date(2025, 1, 1), None),
    ]
    facts.references.append(ReferenceFact("security", "Mairie", True, date(2026, 2, 1)))
    facts.revenue[0] = RevenueFact(Quarter(2026, 2), "resell", "security", 200000.0)
    ev = evaluate(PROGRAM, facts, D)
    assert ev.levels["security"] == "principal"
    facts.revenue[0] = RevenueFact(Quarter(2026, 2), "resell", "security", 199999.0)
    assert evaluate(PROGRAM, facts, D).levels["security"] == "expert"


def test_level_with_zero_minimums_needs_nothing_more() -> None:
    facts = base_facts()
    facts.certifications.append(CertFact("c3", "CLOUD-ARCH", date(2026, 1, 1), None))
    assert evaluate(PROGRAM, facts, D).levels == {"security": "expert", "cloud": "expert"}


# --- certifications -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("obtained", "expires", "counts"),
    [
        (date(2025, 1, 1), D, True),  # expiry day still counts
        (date(2025, 1, 1), date(2026, 6, 14), False),  # expired the day before
        (D, None, True),  # obtained on d
        (date(2026, 6, 16), None, False),  # obtained after d
        (date(2025, 1, 1), None, True),  # never expires
    ],
)
def test_certification_validity(obtained: date, expires: date | None, counts: bool) -> None:
    facts = base_facts()
    facts.certifications[1] = CertFact("c2", "SEC-SALES", obtained, expires)
    ev = evaluate(PROGRAM, facts, D)
    assert ev.counts["security"].accredited == (2 if counts else 1)


def test_distinct_contacts() -> None:
    facts = base_facts()
    facts.certifications = [
        CertFact("c1", "SEC-TECH", date(2025, 1, 1), None),
        CertFact("c1", "SEC-SALES", date(2025, 1, 1), None),
        CertFact("c1", "SEC-TECH", date(2024, 1, 1), None),
    ]
    ev = evaluate(PROGRAM, facts, D)
    assert ev.counts["security"].accredited == 1
    assert ev.levels == {}


def test_certification_by_alias_and_unknown_codes() -> None:
    facts = base_facts()
    facts.certifications[1] = CertFact("c2", "sts security", date(2025, 1, 1), None)
    facts.certifications.append(CertFact("c3", "UNKNOWN", date(2025, 1, 1), None))
    assert evaluate(PROGRAM, facts, D).counts["security"].accredited == 2


@pytest.mark.parametrize(
    ("left_on", "counts"),
    [(None, True), (date(2026, 6, 16), True), (D, False), (date(2026, 1, 1), False)],
)
def test_contact_who_left(left_on: date | None, counts: bool) -> None:
    facts = base_facts()
    facts.contacts[1] = ContactFact("c2", "Marie Curie", left_on)
    assert evaluate(PROGRAM, facts, D).counts["security"].accredited == (2 if counts else 1)


def test_certification_of_unknown_contact_is_ignored() -> None:
    facts = base_facts()
    facts.certifications[1] = CertFact("ghost", "SEC-SALES", date(2025, 1, 1), None)
    assert evaluate(PROGRAM, facts, D).counts["security"].accredited == 1


# --- references ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "counts"),
    [
        (ReferenceFact("security", "A", True, D), True),  # dated d
        (ReferenceFact("security", "A", True, date(2026, 6, 16)), False),  # future
        (ReferenceFact("security", "A", False, date(2026, 1, 1)), False),  # not validated
        (ReferenceFact("security", "A", True, None), True),  # undated
        (ReferenceFact("security", "A", True, date(2025, 6, 15)), True),  # exactly 12 months old
        (ReferenceFact("security", "A", True, date(2025, 6, 14)), False),  # older than 12 months
        (ReferenceFact("cloud", "A", True, date(2026, 1, 1)), False),  # other competency
        (ReferenceFact("nope", "A", True, date(2026, 1, 1)), False),  # unknown competency
    ],
)
def test_references(ref: ReferenceFact, counts: bool) -> None:
    facts = base_facts()
    facts.references = [ref]
    assert evaluate(PROGRAM, facts, D).counts["security"].references == (1 if counts else 0)


def test_reference_age_clamps_month_end() -> None:
    facts = base_facts()
    facts.references = [ReferenceFact("security", "A", True, date(2025, 2, 28))]
    assert evaluate(PROGRAM, facts, date(2026, 2, 28)).counts["security"].references == 1
    facts.references = [ReferenceFact("security", "A", True, date(2023, 2, 28))]
    assert evaluate(PROGRAM, facts, date(2024, 2, 29)).counts["security"].references == 1
    facts.references = [ReferenceFact("security", "A", True, date(2023, 2, 27))]
    assert evaluate(PROGRAM, facts, date(2024, 2, 29)).counts["security"].references == 0


def test_no_reference_age_limit() -> None:
    program = program_with(reference_max_age_months=None)
    facts = base_facts()
    facts.references = [ReferenceFact("security", "A", True, date(2001, 1, 1))]
    assert evaluate(program, facts, D).counts["security"].references == 1


# --- revenue window ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quarter", "counted"),
    [
        (Quarter(2026, 2), True),  # quarter of d
        (Quarter(2025, 3), True),  # first quarter of the window
        (Quarter(2025, 2), False),  # before the window
        (Quarter(2026, 3), False),  # after the quarter of d
    ],
)
def test_revenue_window(quarter: Quarter, counted: bool) -> None:
    facts = base_facts()
    facts.revenue = [RevenueFact(quarter, "resell", "security", 1000.0)]
    ev = evaluate(PROGRAM, facts, D)
    assert ev.revenue == (1000.0 if counted else 0.0)
    assert ev.counts["security"].revenue == (1000.0 if counted else 0.0)


def test_quarter_boundary_moves_the_window() -> None:
    facts = base_facts()
    facts.revenue = [
        RevenueFact(Quarter(2025, 2), "resell", "security", 1.0),
        RevenueFact(Quarter(2026, 2), "resell", "security", 10.0),
    ]
    assert evaluate(PROGRAM, facts, date(2026, 3, 31)).revenue == 1.0
    assert evaluate(PROGRAM, facts, date(2026, 4, 1)).revenue == 10.0


def test_fiscal_year_start() -> None:
    program = program_with(fiscal_year_start_month=4, revenue_window_quarters=1)
    facts = base_facts()
    facts.revenue = [
        RevenueFact(Quarter(2025, 4), "resell", "security", 1.0),  # Jan–Mar 2026
        RevenueFact(Quarter(2026, 1), "resell", "security", 10.0),  # Apr–Jun 2026
    ]
    assert evaluate(program, facts, date(2026, 3, 31)).revenue == 1.0
    assert evaluate(program, facts, date(2026, 4, 1)).revenue == 10.0
    assert evaluate(program, facts, date(2026, 6, 30)).revenue == 10.0


def test_negative_revenue_lines() -> None:
    facts = base_facts()
    facts.revenue.append(RevenueFact(Quarter(2026, 1), "resell", "security", -10000.01))
    ev = evaluate(PROGRAM, facts, D)
    assert ev.counts["security"].revenue == 49999.99
    assert ev.revenue == 99999.99
    assert ev.levels == {}
    assert ev.tier is None


def test_revenue_motions_per_tier() -> None:
    facts = base_facts()
    facts.revenue += [
        RevenueFact(Quarter(2026, 1), "co-sell", None, 389000.0),
        RevenueFact(Quarter(2026, 1), "influence", None, 100000.0),
    ]
    ev = evaluate(PROGRAM, facts, D)
    assert ev.revenue == 599000.0  # all motions
    assert ev.tier == "silver"  # gold counts resell + co-sell only: 499 000
    assert ev.gaps[0].target == "gold"
    assert ev.gaps[0].amount == 1000.0


def test_gold_at_exact_motion_revenue() -> None:
    facts = base_facts()
    facts.revenue += [
        RevenueFact(Quarter(2026, 1), "co-sell", None, 390000.0),
        RevenueFact(Quarter(2026, 1), "alliance", None, 5000000.0),
    ]
    assert evaluate(PROGRAM, facts, D).tier == "gold"
    facts.revenue[2] = RevenueFact(Quarter(2026, 1), "co-sell", None, 389999.0)
    assert evaluate(PROGRAM, facts, D).tier == "silver"


def test_platinum_needs_two_competencies() -> None:
    facts = base_facts()
    facts.revenue.append(RevenueFact(Quarter(2026, 1), "resell", None, 900000.0))
    assert evaluate(PROGRAM, facts, D).tier == "gold"
    facts.certifications.append(CertFact("c3", "CLOUD-ARCH", date(2026, 1, 1), None))
    assert evaluate(PROGRAM, facts, D).tier == "platinum"
