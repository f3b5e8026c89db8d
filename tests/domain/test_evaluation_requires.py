"""Evaluation of ``requires`` rules: boundary tables, gap texts in both languages, credit notes."""

from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.evaluation import CertFact, ContactFact, PartnerFacts, ReferenceFact, RevenueFact, evaluate
from prm_desktop.domain.program import load_program
from prm_desktop.domain.quarters import Quarter

D = date(2026, 6, 15)
NNBSP, NBSP = "\u202f", "\u00a0"

# The seed program's shape: Principal (1 person) below Expert (2 people); Silver 1 Principal,
# Gold 1 Expert, Platinum 3 Expert. No revenue minimum, so only the competencies decide.
SEED = """\
[program]
id = "seed"
name = "Seed"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
requires = [{ competencies = 1, level = "principal" }]

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
requires = [{ competencies = 1, level = "expert" }]

[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
requires = [{ competencies = 3, level = "expert" }, { competency = "security", level = "expert" }]
""" + "".join(
    f"""
[[competencies]]
id = "{cid}"
name = "{name_fr}"
name_en = "{name_en}"
dimension = "technical"
product_family = "{cid}"
certifications = ["{cid.upper()}"]

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
"""
    for cid, name_fr, name_en in (
        ("security", "Sécurité", "Security"),
        ("cloud", "Cloud", "Cloud"),
        ("data", "Données", "Data"),
        ("network", "Réseaux", "Networking"),
    )
)
PROGRAM = load_program(SEED)


def facts(people: dict[str, int]) -> PartnerFacts:
    """A partner with ``people[comp]`` distinct certified people per competency."""
    contacts, certs = [], []
    for comp, count in people.items():
        for i in range(count):
            cid = f"{comp}{i}"
            contacts.append(ContactFact(cid, f"Person {cid}"))
            certs.append(CertFact(cid, comp.upper(), date(2025, 1, 1), None))
    return PartnerFacts("p", "P", contacts=contacts, certifications=certs)


@pytest.mark.parametrize(
    ("people", "tier"),
    [
        ({}, None),
        ({"cloud": 1}, "silver"),  # 1 Principal
        ({"cloud": 2}, "gold"),  # 1 Expert
        ({"cloud": 2, "data": 2}, "gold"),
        ({"cloud": 2, "data": 2, "network": 2}, "gold"),  # 3 Expert, but not Security
        ({"cloud": 2, "data": 2, "security": 1}, "gold"),  # Security only Principal
        ({"cloud": 2, "data": 2, "security": 2}, "platinum"),
        ({"cloud": 2, "data": 1, "security": 2}, "gold"),  # one Expert short
    ],
)
def test_seed_tiers(people: dict[str, int], tier: str | None) -> None:
    assert evaluate(PROGRAM, facts(people), D).tier == tier


def texts(ev, target: str) -> list[tuple[str, str, float, str, str]]:
    return [(g.kind, g.missing, g.amount, g.text_fr, g.text_en) for g in ev.gaps if g.target == target]


def test_gap_texts_of_count_and_named_rules() -> None:
    ev = evaluate(PROGRAM, facts({"cloud": 1}), D)
    assert texts(ev, "gold") == [
        ("tier", "competencies", 1.0, "1 compétence de plus au niveau Expert pour Gold",
         "1 more competency at Expert for Gold"),
    ]
    ev = evaluate(PROGRAM, facts({"cloud": 2, "data": 2}), D)
    assert texts(ev, "platinum") == [
        ("tier", "competencies", 1.0, "1 compétence de plus au niveau Expert pour Platinum",
         "1 more competency at Expert for Platinum"),
        ("tier", "competency", 1.0, "Sécurité au niveau Expert requis pour Platinum",
         "Security at Expert needed for Platinum"),
    ]
    ev = evaluate(PROGRAM, facts({}), D)
    assert texts(ev, "silver") == [
        ("tier", "competencies", 1.0, "1 compétence de plus au niveau Principal pour Silver",
         "1 more competency at Principal for Silver"),
    ]


CHOICES = SEED.replace(
    'requires = [{ competencies = 1, level = "expert" }]',
    'requires = [{ tier = "silver" }, { at_least = 2, of = [{ competency = "security" }, '
    '{ competencies = 2, among = ["cloud", "data"], level = "expert" }, { any = [{ competency = "network" }] }] }]',
)


def test_tier_rule_and_n_of_these() -> None:
    program = load_program(CHOICES)
    assert evaluate(program, facts({"security": 1, "network": 1}), D).tier == "gold"
    assert evaluate(program, facts({"cloud": 2, "data": 2}), D).tier == "silver"  # 1 of 3 only
    ev = evaluate(program, facts({"network": 1}), D)
    assert ev.tier == "silver"
    assert texts(ev, "gold") == [
        (
            "tier",
            "choice",
            1.0,
            f"1 condition de plus parmi celles-ci pour Gold{NBSP}: compétence Sécurité / "
            "2 compétences parmi Cloud, Données au niveau Expert / compétence Réseaux",
            "1 more of these for Gold: Security / 2 competencies among Cloud, Data at Expert / Networking",
        )
    ]


def test_tier_requiring_a_lower_tier_is_not_met_without_it() -> None:
    program = load_program(CHOICES.replace(
        'requires = [{ competencies = 1, level = "principal" }]',
        'min_revenue = 1000\nrequires = [{ competencies = 1, level = "principal" }]',
    ))
    ev = evaluate(program, facts({"security": 1, "network": 1}), D)
    assert ev.tier is None
    assert [g.text_en for g in ev.gaps if g.target == "silver"] == ["€1,000 more revenue for Silver"]


# Cisco: Master needs Advanced in the same technology; Microsoft: a specialization needs its designation.
LEVEL_RULES = """\
[program]
id = "cisco"
name = "Cisco-like"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[tiers]]
id = "partner"
name = "Partner"
rank = 1
requires = [{ competencies = 1 }]

[[competencies]]
id = "security"
name = "Sécurité"
name_en = "Security"
dimension = "technical"
product_family = "security"
certifications = ["SECURITY"]

[[competencies.levels]]
id = "advanced"
name = "Advanced"
rank = 1
min_accredited = 2
min_revenue = 100000

[[competencies.levels]]
id = "master"
name = "Master"
rank = 2
min_accredited = 3
requires = [{ competency = "security", level = "advanced" }]

[[competencies]]
id = "ddos"
name = "Protection DDoS"
name_en = "DDoS Protection"
dimension = "technical"
product_family = "ddos"
certifications = ["DDOS"]

[[competencies.levels]]
id = "specialization"
name = "Specialization"
rank = 1
min_accredited = 1
requires = [{ competency = "security", level = "advanced" }]
"""


def with_revenue(f: PartnerFacts, amount: float) -> PartnerFacts:
    f.revenue.append(RevenueFact(Quarter(2026, 2), "resell", "security", amount))
    return f


def test_master_needs_advanced_and_specialization_needs_designation() -> None:
    program = load_program(LEVEL_RULES)
    # 3 people but no revenue: Master's own minimums are met, Advanced's are not, so neither is held.
    ev = evaluate(program, facts({"security": 3, "ddos": 1}), D)
    assert ev.levels == {}
    assert ev.tier is None
    assert [(g.target, g.text_en) for g in ev.gaps if g.kind == "level"] == [
        ("security:advanced", "€100,000 more revenue for Security Advanced"),
        ("ddos:specialization", "Security at Advanced needed for DDoS Protection Specialization"),
    ]
    assert [g.text_fr for g in ev.gaps if g.target == "ddos:specialization"] == [
        "Sécurité au niveau Advanced requis pour Protection DDoS Specialization"
    ]
    ev = evaluate(program, with_revenue(facts({"security": 3, "ddos": 1}), 100000.0), D)
    assert ev.levels == {"security": "master", "ddos": "specialization"}
    ev = evaluate(program, with_revenue(facts({"security": 3, "ddos": 1}), 99999.99), D)
    assert ev.levels == {}


SILVER = 'id = "silver"\nname = "Silver"\nrank = 1\n'
NO_REVENUE_TIER = SEED.replace(SILVER, SILVER + "min_revenue = 0\n")


@pytest.mark.parametrize("amount", [-50000.0, -0.01, 0.0, 10.0])
def test_tier_without_revenue_minimum_accepts_a_net_credit_note_year(amount: float) -> None:
    f = facts({"cloud": 1})
    f.revenue.append(RevenueFact(Quarter(2026, 1), "resell", "other", amount))
    ev = evaluate(load_program(NO_REVENUE_TIER), f, D)
    assert ev.tier == "silver"
    assert not [g for g in ev.gaps if g.missing == "revenue"]


def test_level_without_revenue_minimum_accepts_a_net_credit_note_year() -> None:
    f = facts({"cloud": 2})
    f.revenue.append(RevenueFact(Quarter(2026, 1), "resell", "cloud", -1000.0))
    assert evaluate(PROGRAM, f, D).levels == {"cloud": "expert"}


def test_expiry_of_an_expert_loses_gold_at_risk() -> None:
    f = facts({"cloud": 1})
    f.contacts.append(ContactFact("x", "Jean Dupont"))
    f.certifications.append(CertFact("x", "CLOUD", date(2025, 1, 1), date(2026, 8, 31)))
    ev = evaluate(PROGRAM, f, D)
    assert ev.tier == "gold"
    assert [(r.date, r.lost, r.reason) for r in ev.at_risk] == [
        (date(2026, 9, 1), "cloud:expert", "certification CLOUD of Jean Dupont expires 2026-08-31"),
        (date(2026, 9, 1), "tier:gold", "certification CLOUD of Jean Dupont expires 2026-08-31"),
    ]


def test_shipped_default_follows_the_seed() -> None:
    from pathlib import Path

    default = load_program((Path(__file__).resolve().parents[2] / "resources" / "programs" / "default.toml")
                           .read_text(encoding="utf-8"))
    f = facts({})
    f.contacts += [ContactFact("a", "Jean Dupont"), ContactFact("b", "Marie Curie")]
    f.certifications += [CertFact("a", "SEC-TECH", date(2025, 1, 1)), CertFact("b", "SEC-SALES", date(2025, 1, 1))]
    f.references.append(ReferenceFact("security", "Hôpital de Morlaix", True, date(2026, 1, 10)))
    f.revenue += [RevenueFact(Quarter(2026, 2), "resell", "security", 120000.0),
                  RevenueFact(Quarter(2026, 1), "co-sell", "cloud", 490000.0)]
    ev = evaluate(default, f, D)
    assert (ev.tier, ev.levels) == ("silver", {"security": "principal"})  # Principal is the lower level
    assert [(g.missing, g.text_en) for g in ev.gaps if g.target == "gold"] == [
        ("competencies", "1 more competency at Expert for Gold")
    ]
    assert [g.text_fr for g in ev.gaps if g.target == "gold"] == ["1 compétence de plus au niveau Expert pour Gold"]


def test_plan_of_a_tier_meets_it() -> None:
    from prm_desktop.domain.program_plan import plan_tier

    for program in (PROGRAM, load_program(CHOICES), load_program(LEVEL_RULES)):
        for tier in program.tiers:
            plan = plan_tier(program, tier, ["network"])
            people = {comp: program.competency(comp).levels[pos].min_accredited for comp, pos in plan.items()}
            f = facts(people)
            f.revenue += [RevenueFact(Quarter(2026, 2), "resell", comp, 1e6) for comp in plan]
            ev = evaluate(program, f, D)
            assert ev.tier is not None and program.tier(ev.tier).rank >= tier.rank, (program.id, tier.id, plan)
