"""The public programs written as files (resources/programs/examples/) load and evaluate as vendors decide."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
START = date(2025, 1, 1)


def program(name: str) -> Program:
    return load_program((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


def partner(people: dict[str, list[str | tuple[str, date]]], refs: dict[str, int] | None = None,
            revenue: list[RevenueFact] | None = None) -> PartnerFacts:
    """People with their certification codes (``(code, expiry)`` for one that expires)."""
    certs = []
    for person, codes in people.items():
        for code in codes:
            name, expires = code if isinstance(code, tuple) else (code, None)
            certs.append(CertFact(person, name, START, expires))
    references = [ReferenceFact(comp, f"{comp}{i}", True) for comp, n in (refs or {}).items() for i in range(n)]
    return PartnerFacts("p", "P", None, [ContactFact(p, p.upper()) for p in people], certs, references,
                        revenue or [])


def test_every_example_loads() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.toml")) == [
        "aws-2026", "aws_services_path", "cisco-2026", "microsoft-2026", "microsoft_security", "sophos",
        "sophos-2026", "symantec-2014"]


def test_cisco_cap_assigns_the_sales_expert_where_it_makes_premier() -> None:
    # s1 (sales) counts in at most two specializations. In file order (Enterprise Networking, Security)
    # Security lacks a second engineer: only Select. Assigned to Enterprise Networking and
    # Collaboration instead, the partner is Premier.
    facts = partner(
        {"s1": ["CISCO-SALES"], "e1": ["CCNP-ENT", "CCNP-SEC"], "e2": ["CCNP-ENT", "CCNP-COLLAB"],
         "e3": ["CCNP-COLLAB"]},
        revenue=[RevenueFact(Quarter(2025, 3), "resell", "networking", 300000.0)],
    )
    ev = evaluate(program("cisco-2026"), facts, date(2026, 3, 1))
    assert ev.levels == {"enterprise-networking": "specialized", "collaboration": "specialized"}
    assert ev.tier == "premier"
    assert ev.assignment is not None and "s1" in ev.assignment["collaboration"]
    assert "S1 counts for Enterprise Networking, Collaboration" in ev.explanations[0].text_en
    assert "1 more technical person certified for Security Specialized" in [g.text_en for g in ev.gaps]


def test_cisco_grace_keeps_a_specialization_three_months() -> None:
    facts = partner(
        {"s1": ["CISCO-SALES"], "e1": ["CCNP-ENT"], "e2": [("CCNP-ENT", date(2026, 1, 31))]},
        revenue=[RevenueFact(Quarter(2025, 1), "resell", "networking", 100000.0)],  # FY2025 Q1 = Aug–Oct 2025
    )
    cisco = program("cisco-2026")
    ev = evaluate(cisco, facts, date(2026, 3, 1))
    assert (ev.tier, ev.tier_met, ev.tier_kept_until) == ("select", None, date(2026, 4, 30))
    assert ev.explanations[-1].text_en == (
        "Enterprise Networking Specialized kept until 30/04/2026 (3-month grace period)")
    assert evaluate(cisco, facts, date(2026, 5, 1)).tier is None


def test_sophos_tier_is_kept_until_the_review_of_1_april() -> None:
    facts = partner(
        {"a": ["SOPHOS-SALES"], "b": ["SOPHOS-SALES"], "c": ["SOPHOS-FW-ENG"], "d": ["SOPHOS-FW-ENG"],
         "e": [("SOPHOS-FW-ARCH", date(2026, 5, 31))]},
        revenue=[RevenueFact(Quarter(2025, 4), "resell", "firewall", 300000.0)],  # FY2025 Q4 = Jan–Mar 2026
    )
    ev = evaluate(program("sophos-2026"), facts, date(2026, 7, 1))
    assert (ev.tier, ev.tier_met) == ("gold", "silver")
    assert ev.explanations[0].text_en == "Gold kept until the review of 01/04/2027"
    assert ev.explanations[0].text_fr == "Gold gardé jusqu’à la revue du 01/04/2027"


def test_aws_counts_certified_people_by_level() -> None:
    facts = partner({"a": ["AWS-CCP"], "b": ["AWS-CCP"], "c": ["AWS-CCP"], "d": ["AWS-SAP"], "e": ["AWS-SAP"]},
                    revenue=[RevenueFact(Quarter(2026, 1), "resell", "migration", 250000.0)])
    ev = evaluate(program("aws-2026"), facts, date(2026, 3, 1))
    assert ev.tier == "select"
    texts = [g.text_en for g in ev.gaps if g.kind == "tier"]
    assert "2 more professional people certified for Advanced" in texts
    assert "13 more certified people for Advanced" in texts


def test_symantec_principal_is_below_expert_with_people_by_role() -> None:
    facts = partner(
        {"s1": ["SSE-SECURITY"], "s2": ["SSE-SECURITY"], "t1": ["SCS-SECURITY"], "t2": ["SCS-SECURITY"],
         "i1": ["SSE-IM", "SCS-IM"], "i2": ["SCS-IM"]},
        refs={"security": 3, "information-management": 1},
        revenue=[RevenueFact(Quarter(2025, 4), "resell", "security", 300000.0),
                 RevenueFact(Quarter(2025, 4), "resell", "information-management", 300000.0)],
    )
    ev = evaluate(program("symantec-2014"), facts, date(2026, 3, 1))
    assert ev.levels == {"security": "expert", "information-management": "principal"}
    assert ev.tier == "gold"


@pytest.mark.parametrize(("architect", "levels", "tier"), [
    (True, {"security": "designation", "threat-protection": "specialization"}, "solutions-partner"),
    (False, {}, "member"),
])
def test_microsoft_specialization_needs_its_designation(architect: bool, levels: dict[str, str], tier: str) -> None:
    people: dict[str, list[str | tuple[str, date]]] = {"a": ["SC-200"], "b": ["SC-200"], "c": ["SC-200"]}
    people["d"] = ["SC-100"] if architect else ["SC-200"]
    ev = evaluate(program("microsoft-2026"), partner(people, refs={"security": 3, "threat-protection": 3}),
                  date(2026, 9, 1))
    assert ev.levels == levels and ev.tier == tier
    if not architect:
        assert "Security at Solutions Partner designation needed for Threat Protection Specialization" in [
            g.text_en for g in ev.gaps]
