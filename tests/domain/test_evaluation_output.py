"""Gaps, at-risk dates, movement and the JSON form of an evaluation.

On the first shipped default program (vendor-2026, min_competencies rules, Expert below Principal):
the program of formats.md §3's example. The current default is tested in test_evaluation_requires.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from prm_desktop.domain.evaluation import (
    AtRisk,
    CertFact,
    ContactFact,
    Gap,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    compare_summary,
    evaluate,
    evaluate_many,
    evaluate_with_compare,
    evaluation_to_json,
    summary_columns,
)
from prm_desktop.domain.evaluation_gaps import format_euros, gap_text
from prm_desktop.domain.program import load_program
from prm_desktop.domain.quarters import Quarter

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "default_program_v1.toml"
PROGRAM = load_program(DEFAULT.read_text(encoding="utf-8"))
D = date(2026, 6, 15)
NNBSP, NBSP = "\u202f", "\u00a0"


def facts() -> PartnerFacts:
    """Silver (310 000 €), Security Expert, assigned Gold: the example of formats.md §3."""
    return PartnerFacts(
        partner_id="p1",
        name="Œuvre Numérique",
        assigned_tier="gold",
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
            RevenueFact(Quarter(2026, 2), "resell", "security", 120000.0),
            RevenueFact(Quarter(2026, 1), "co-sell", "cloud", 190000.0),
        ],
    )


def gaps_for(gaps: list[Gap], target: str) -> list[tuple[str, float, str, str]]:
    return [(g.missing, g.amount, g.text_fr, g.text_en) for g in gaps if g.target == target]


def test_formats_example_json() -> None:
    ev = evaluate(PROGRAM, facts(), D)
    data = evaluation_to_json(ev)
    assert list(data) == [
        "id",
        "name",
        "assigned_tier",
        "tier",
        "revenue",
        "levels",
        "counts",
        "gaps",
        "at_risk",
    ]
    assert data["id"] == "p1"
    assert data["name"] == "Œuvre Numérique"
    assert data["assigned_tier"] == "gold"
    assert data["tier"] == "silver"
    assert data["revenue"] == 310000.0 and isinstance(data["revenue"], float)
    assert data["levels"] == {"security": "expert"}
    assert data["counts"]["security"] == {"accredited": 2, "references": 1, "revenue": 120000.0}
    assert data["counts"]["cloud"] == {"accredited": 0, "references": 0, "revenue": 190000.0}
    assert len(data["counts"]) == 12
    assert data["gaps"][0] == {
        "kind": "tier",
        "target": "gold",
        "missing": "revenue",
        "amount": 190000.0,
        "text_fr": f"190{NNBSP}000{NBSP}€ de CA de plus pour Gold",
        "text_en": "€190,000 more revenue for Gold",
    }
    reason = "certification SEC-TECH of Jean Dupont expires 2026-08-31"
    assert data["at_risk"] == [
        {"date": "2026-09-01", "lost": "security:expert", "reason": reason},
        {"date": "2026-09-01", "lost": "tier:silver", "reason": reason},
    ]
    assert "compare" not in data
    assert ev.movement == "demotion"


def test_level_gap_texts() -> None:
    ev = evaluate(PROGRAM, facts(), D)
    assert gaps_for(ev.gaps, "security:principal") == [
        (
            "accredited",
            2.0,
            "2 personnes accréditées de plus pour Sécurité Principal",
            "2 more accredited people for Security Principal",
        ),
        (
            "revenue",
            130000.0,
            f"130{NNBSP}000{NBSP}€ de CA de plus pour Sécurité Principal",
            "€130,000 more revenue for Security Principal",
        ),
        (
            "references",
            2.0,
            "2 références clients validées de plus pour Sécurité Principal",
            "2 more validated customer references for Security Principal",
        ),
    ]
    assert gaps_for(ev.gaps, "cloud:expert") == [
        (
            "accredited",
            2.0,
            "2 personnes accréditées de plus pour Cloud & Infrastructure Expert",
            "2 more accredited people for Cloud & Infrastructure Expert",
        ),
        (
            "references",
            1.0,
            "1 référence client validée de plus pour Cloud & Infrastructure Expert",
            "1 more validated customer reference for Cloud & Infrastructure Expert",
        ),
    ]
    # one gap target per competency: the next level only
    assert {g.target for g in ev.gaps if g.kind == "level"} == {
        f"{c.id}:{'principal' if c.id == 'security' else 'expert'}" for c in PROGRAM.competencies
    }


@pytest.mark.parametrize(
    ("missing", "amount", "fr", "en"),
    [
        ("accredited", 1, "1 personne accréditée de plus pour X", "1 more accredited person for X"),
        ("accredited", 2, "2 personnes accréditées de plus pour X", "2 more accredited people for X"),
        (
            "references",
            1,
            "1 référence client validée de plus pour X",
            "1 more validated customer reference for X",
        ),
        ("competencies", 1, "1 compétence de plus pour X", "1 more competency for X"),
        ("competencies", 2, "2 compétences de plus pour X", "2 more competencies for X"),
        ("revenue", 1, f"1{NBSP}€ de CA de plus pour X", "€1 more revenue for X"),
        ("revenue", 0.2, f"1{NBSP}€ de CA de plus pour X", "€1 more revenue for X"),  # rounded up
        (
            "revenue",
            1234567.0,
            f"1{NNBSP}234{NNBSP}567{NBSP}€ de CA de plus pour X",
            "€1,234,567 more revenue for X",
        ),
        (
            "accredited",
            1500,
            f"1{NNBSP}500 personnes accréditées de plus pour X",
            "1,500 more accredited people for X",
        ),
    ],
)
def test_gap_text_forms(missing: str, amount: float, fr: str, en: str) -> None:
    assert gap_text(missing, amount, "X", "fr") == fr
    assert gap_text(missing, amount, "X", "en") == en


def test_format_euros() -> None:
    assert format_euros(190000, "fr") == "190\u202f000\u00a0€"
    assert format_euros(190000, "en") == "€190,000"


def test_no_tier_targets_lowest_tier() -> None:
    f = facts()
    f.references.clear()
    ev = evaluate(PROGRAM, f, D)
    assert ev.tier is None
    assert [(g.target, g.missing, g.amount) for g in ev.gaps if g.kind == "tier"] == [("silver", "competencies", 1.0)]
    assert gaps_for(ev.gaps, "silver")[0][2:] == (
        "1 compétence de plus pour Silver",
        "1 more competency for Silver",
    )


def test_competency_gap_for_platinum_and_top_tier_has_none() -> None:
    f = facts()
    f.revenue.append(RevenueFact(Quarter(2026, 1), "resell", None, 2000000.0))
    ev = evaluate(PROGRAM, f, D)
    assert ev.tier == "gold"
    assert gaps_for(ev.gaps, "platinum") == [
        ("competencies", 2.0, "2 compétences de plus pour Platinum", "2 more competencies for Platinum")
    ]
    for pos, code in enumerate(["CLOUD-ARCH", "DATA-ENG"]):
        f.contacts.append(ContactFact(f"x{pos}", f"X{pos}"))
        f.contacts.append(ContactFact(f"y{pos}", f"Y{pos}"))
        f.certifications += [
            CertFact(f"x{pos}", code, date(2025, 1, 1)),
            CertFact(f"y{pos}", code, date(2025, 1, 1)),
        ]
        f.references.append(ReferenceFact(["cloud", "data"][pos], "C", True, date(2026, 1, 1)))
    f.revenue.append(RevenueFact(Quarter(2026, 1), "resell", "data", 50000.0))
    ev = evaluate(PROGRAM, f, D)
    assert ev.tier == "platinum"
    assert ev.movement == "promotion"
    assert [g for g in ev.gaps if g.kind == "tier"] == []


# --- at risk -------------------------------------------------------------------------------------


def test_expiry_on_d_is_at_risk_the_next_day() -> None:
    f = facts()
    f.certifications[0] = CertFact("c1", "SEC-TECH", date(2025, 1, 1), D)
    ev = evaluate(PROGRAM, f, D)
    assert ev.levels == {"security": "expert"}
    assert [(r.date, r.lost) for r in ev.at_risk] == [
        (date(2026, 6, 16), "security:expert"),
        (date(2026, 6, 16), "tier:silver"),
    ]


def test_earliest_loss_among_several_expiries() -> None:
    f = facts()
    f.certifications.append(CertFact("c3", "SEC-TECH", date(2025, 1, 1), date(2026, 10, 15)))
    ev = evaluate(PROGRAM, f, D)
    assert ev.at_risk == [
        AtRisk(date(2026, 10, 16), "security:expert", "certification SEC-TECH of Paul Martin expires 2026-10-15"),
        AtRisk(date(2026, 10, 16), "tier:silver", "certification SEC-TECH of Paul Martin expires 2026-10-15"),
    ]


def test_contact_covered_by_a_later_certification() -> None:
    f = facts()
    f.certifications.append(CertFact("c1", "SEC-SALES", date(2025, 1, 1), date(2026, 12, 31)))
    ev = evaluate(PROGRAM, f, D)
    assert ev.at_risk[0] == AtRisk(
        date(2027, 1, 1), "security:expert", "certification SEC-SALES of Jean Dupont expires 2026-12-31"
    )


def test_certification_obtained_after_d_does_not_save() -> None:
    f = facts()
    f.certifications.append(CertFact("c3", "SEC-TECH", date(2026, 7, 1), None))
    assert evaluate(PROGRAM, f, D).at_risk[0].date == date(2026, 9, 1)


def test_same_day_expiries_are_all_named() -> None:
    f = facts()
    f.certifications[1] = CertFact("c2", "SEC-SALES", date(2025, 1, 1), date(2026, 8, 31))
    ev = evaluate(PROGRAM, f, D)
    assert ev.at_risk[0].reason == (
        "certification SEC-SALES of Marie Curie expires 2026-08-31; "
        "certification SEC-TECH of Jean Dupont expires 2026-08-31"
    )


def test_tier_kept_when_another_competency_holds() -> None:
    f = facts()
    f.contacts.append(ContactFact("c4", "Lea Petit"))
    f.certifications += [
        CertFact("c3", "CLOUD-ARCH", date(2025, 1, 1)),
        CertFact("c4", "CLOUD-OPS", date(2025, 1, 1)),
    ]
    f.references.append(ReferenceFact("cloud", "C", True, date(2026, 1, 1)))
    ev = evaluate(PROGRAM, f, D)
    assert ev.levels == {"security": "expert", "cloud": "expert"}
    assert [r.lost for r in ev.at_risk] == ["security:expert"]


def test_principal_loss_listed_once_at_its_earliest_date() -> None:
    f = facts()
    f.contacts.append(ContactFact("c4", "Lea Petit"))
    f.certifications += [
        CertFact("c3", "SEC-TECH", date(2025, 1, 1), date(2026, 7, 31)),
        CertFact("c4", "SEC-TECH", date(2025, 1, 1), date(2026, 12, 31)),
    ]
    f.references += [ReferenceFact("security", f"R{i}", True, date(2026, 1, 1)) for i in range(2)]
    f.revenue[0] = RevenueFact(Quarter(2026, 2), "resell", "security", 250000.0)
    ev = evaluate(PROGRAM, f, D)
    assert ev.levels["security"] == "principal"
    # Expert is not held on d, so only Principal is listed; the tier goes when Expert goes too.
    assert [(r.date, r.lost) for r in ev.at_risk] == [
        (date(2026, 8, 1), "security:principal"),
        (date(2027, 1, 1), "tier:silver"),
    ]
    assert ev.at_risk[1].reason == "certification SEC-TECH of Lea Petit expires 2026-12-31"


def test_nothing_at_risk_without_expiries() -> None:
    f = facts()
    f.certifications[0] = CertFact("c1", "SEC-TECH", date(2025, 1, 1), None)
    assert evaluate(PROGRAM, f, D).at_risk == []


def test_contact_leaving_later_is_not_an_expiry() -> None:
    f = facts()
    f.certifications[0] = CertFact("c1", "SEC-TECH", date(2025, 1, 1), None)
    f.contacts[0] = ContactFact("c1", "Jean Dupont", date(2026, 7, 1))
    assert evaluate(PROGRAM, f, D).at_risk == []


# --- movement and compare ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assigned", "movement"),
    [
        (None, "promotion"),
        ("silver", None),
        ("gold", "demotion"),
        ("platinum", "demotion"),
        ("gone", "promotion"),
    ],
)
def test_movement(assigned: str | None, movement: str | None) -> None:
    f = facts()
    f.assigned_tier = assigned
    ev = evaluate(PROGRAM, f, D)
    assert ev.movement == movement
    assert ev.assigned_tier == assigned


def test_demotion_to_no_tier_and_no_movement_without_tiers() -> None:
    f = facts()
    f.references.clear()
    assert evaluate(PROGRAM, f, D).movement == "demotion"
    f.assigned_tier = None
    assert evaluate(PROGRAM, f, D).movement is None


def test_a_tier_of_another_program_qualifying_for_none_is_a_demotion() -> None:
    # Assigned under another program ("gone" is not one of this program's tiers): qualifying for a tier is
    # a promotion (above), qualifying for none a demotion, so the candidates list it for the tier review.
    f = facts()
    f.references.clear()
    f.assigned_tier = "gone"
    ev = evaluate(PROGRAM, f, D)
    assert ev.tier is None and ev.movement == "demotion"
    assert summary_columns(PROGRAM, f, D) == (None, "demotion", None)


def test_compare() -> None:
    stricter = replace(
        PROGRAM, id="strict", tiers=(replace(PROGRAM.tiers[0], min_revenue=400000.0), *PROGRAM.tiers[1:])
    )
    ev, other = evaluate_with_compare(PROGRAM, stricter, facts(), D)
    assert ev.tier == "silver"
    assert other == {"tier": None, "levels": {"security": "expert"}}
    data = evaluation_to_json(ev, other)
    assert data["compare"] == other
    assert compare_summary(ev) == {"tier": "silver", "levels": {"security": "expert"}}


def test_evaluate_many() -> None:
    a, b = facts(), facts()
    b.partner_id = "p2"
    assert [ev.partner_id for ev in evaluate_many(PROGRAM, [a, b], D)] == ["p1", "p2"]
