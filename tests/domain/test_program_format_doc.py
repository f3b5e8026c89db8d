"""The worked example of docs/program-format.md loads and gives the result the page states."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from prm_desktop.domain.evaluation import CertFact, ContactFact, PartnerFacts, ReferenceFact, RevenueFact, evaluate
from prm_desktop.domain.program import load_program
from prm_desktop.domain.quarters import Quarter

DOC = Path(__file__).resolve().parents[2] / "docs" / "program-format.md"


def test_symantec_example() -> None:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    program = load_program(next(b for b in blocks if 'id = "symantec-2014"' in b))
    people = [("s", "SCS-SECURITY", 4), ("i", "SCS-IM", 2)]
    contacts = [ContactFact(f"{p}{i}", f"{p}{i}") for p, _code, n in people for i in range(n)]
    certs = [CertFact(f"{p}{i}", code, date(2025, 1, 1)) for p, code, n in people for i in range(n)]
    refs = [ReferenceFact("security", f"C{i}", True) for i in range(3)] + [
        ReferenceFact("information-management", "D", True)
    ]
    revenue = [
        RevenueFact(Quarter(2026, 1), "resell", "security", 300000.0),
        RevenueFact(Quarter(2026, 1), "resell", "information-management", 300000.0),
    ]
    ev = evaluate(program, PartnerFacts("p", "P", None, contacts, certs, refs, revenue), date(2026, 3, 31))
    assert ev.levels == {"security": "expert", "information-management": "principal"}
    assert ev.tier == "gold"
    assert [g.text_en for g in ev.gaps if g.kind == "tier"] == [
        "€1,400,000 more revenue for Platinum",
        "2 more competencies at Expert for Platinum",
    ]
