"""The Programs page says every rule of a program in words, in French and English."""

from __future__ import annotations

from pathlib import Path

from prm_desktop.domain.program import load_program
from prm_desktop.domain.program_words import rule_sentences

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"


def example(name: str):
    return load_program((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


def test_cisco_rules_in_words() -> None:
    en = rule_sentences(example("cisco-2026"), "en")
    assert "Enterprise Networking Master also needs: Enterprise Networking at Specialized" in en
    assert "Security Specialized: among the people, 1 sales and 2 technical" in en
    assert "Gold Integrator: 8 certified people" in en
    assert ("One person counts for at most 2 competencies; people are assigned to reach the best tier, then the "
            "best levels") in en
    assert "A tier or level no longer met is kept 3 months (grace period)" in en
    fr = rule_sentences(example("cisco-2026"), "fr")
    assert "Sécurité Specialized\u00a0: parmi les personnes, 1 au rôle commercial et 2 au rôle technique" in fr


def test_review_window_and_naming_in_words() -> None:
    assert "Tiers and levels decided at the review of April 1 each year, and kept until the next" in rule_sentences(
        example("sophos-2026"), "en")
    assert "Niveaux décidés à la revue du 1er avril de chaque année, et gardés jusqu’à la suivante" in rule_sentences(
        example("sophos-2026"), "fr")
    program = load_program(
        '[program]\nid = "m"\nname = "M"\nvalid_from = 2026-07-01\nfiscal_year_start_month = 7\n'
        'revenue_window = "previous_fiscal_year"\nfiscal_year_named_by = "end"\n'
        '[[tiers]]\nid = "t"\nname = "T"\nrank = 1\n')
    assert rule_sentences(program, "en") == [
        "Revenue of the last complete fiscal year",
        "Fiscal year starting in July, named after the year it ends (FY27 ends in 2027)"]


def test_programs_page_lists_them() -> None:
    from prm_desktop.ui.competencies.programs import program_html

    assert "<li>A tier or level no longer met is kept 3 months (grace period)</li>" in program_html(
        example("cisco-2026"))
