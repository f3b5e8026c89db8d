"""The example programs of docs/program-format.md (Microsoft Security, AWS Services Path, Sophos): the
files shipped in resources/programs/examples are the ones the page shows, and each scenario of the page
gives the result it states."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from prm_desktop.domain.evaluation import evaluate
from prm_desktop.domain.evaluation_model import CertFact, ContactFact, FlagFact, MetricFact, PartnerFacts, RevenueFact
from prm_desktop.domain.program import load_program
from prm_desktop.domain.quarters import Quarter

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "resources" / "programs" / "examples"
DOC = (ROOT / "docs" / "program-format.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["microsoft_security.toml", "aws_services_path.toml", "sophos.toml"])
def test_the_page_shows_each_example_file(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", DOC, re.S)
    assert text in blocks
    load_program(text)


def _load(name: str):
    return load_program((EXAMPLES / name).read_text(encoding="utf-8"))


def _metrics(on: date, **values: float) -> list[MetricFact]:
    return [MetricFact(m, on, on, v) for m, v in values.items()]


def test_sophos_scenario() -> None:
    program = _load("sophos.toml")
    on = date(2027, 3, 31)
    people = [("e", "SOPHOS-ENGINEER", 2), ("s", "SOPHOS-SALES", 2)]
    facts = PartnerFacts(
        "p", "Armor Sécurité", "silver",
        contacts=[ContactFact(f"{p}{i}", f"{p}{i}") for p, _c, n in people for i in range(n)],
        certifications=[CertFact(f"{p}{i}", c, date(2026, 5, 1)) for p, c, n in people for i in range(n)],
        revenue=[RevenueFact(Quarter(2026, 2), "resell", "sophos", 160000.0)],
        metrics=_metrics(date(2026, 9, 1), new_customers=6),
        flags=[FlagFact("partner_agreement"), FlagFact("business_plan", date(2026, 4, 1), date(2027, 3, 31))],
    )
    ev = evaluate(program, facts, on)
    assert ev.tier == "gold" and ev.movement == "promotion"
    assert [g.text_en for g in ev.gaps if g.kind == "tier"] == [
        "€340,000 more revenue for Platinum",
        "Sophos technical at Architect needed for Platinum",
        "Quarterly business review held: needed for Platinum",
        "New customers: 9 more for Platinum (6 of 15)",
    ]
    # The business plan runs out on 31 March: from 1 April the partner is Silver.
    assert evaluate(program, facts, date(2027, 4, 1)).tier == "silver"


def test_aws_scenario() -> None:
    program = _load("aws_services_path.toml")
    on = date(2026, 12, 31)
    facts = PartnerFacts(
        "p", "Nuage Conseil", "select",
        contacts=[ContactFact(f"c{i}", f"C{i}") for i in range(12)],
        certifications=[CertFact(f"c{i}", "AWS-SAA", date(2026, 1, 1)) for i in range(12)],
        metrics=_metrics(date(2026, 6, 1), launched_opportunities=22, validations=4, csat=4.6)
        + _metrics(date(2026, 11, 1), opportunity_mrr=9500),
    )
    ev = evaluate(program, facts, on)
    assert ev.tier == "select"
    assert [g.text_en for g in ev.gaps if g.kind == "tier"] == [
        "Monthly recurring revenue of launched opportunities: $500 more for Advanced ($9,500 of $10,000)"]


def test_microsoft_scenario() -> None:
    program = _load("microsoft_security.toml")
    on = date(2027, 3, 31)
    facts = PartnerFacts("p", "Cyber Ouest", None, metrics=_metrics(
        date(2027, 1, 1), net_customer_adds=3, intermediate_certs=4, advanced_certs=1, usage_growth=2,
        deployments=1))
    ev = evaluate(program, facts, on)
    assert ev.tier is None
    assert ev.extras["scores"]["security"]["total"] == pytest.approx(66.67)
    assert ev.gaps[0].text_en == ("3.3 points more for Solutions Partner for Security: Advanced certifications "
                                  "10/20, Usage growth 20/30, Deployments 6.7/20")
    facts.metrics += _metrics(date(2027, 2, 1), deployments=1)
    assert evaluate(program, facts, on).tier == "security"
