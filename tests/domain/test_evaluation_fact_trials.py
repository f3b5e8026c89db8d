"""At-risk dates of yes/no facts: the trials on this day's measures give what whole evaluations give.

`fact_risks` asks, for each day a yes/no fact stops holding, which tier and levels the partner would
still meet. The engine answers from the day's measures (only the fact rules change); the answer must
be the one a whole evaluation of the partner with those facts gives, with facts in tier rules, in
level rules, and a tier resting on a level.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import _measure, _standing_trial, evaluate
from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_metrics import fact_risks, specialise
from prm_desktop.domain.evaluation_model import AtRisk, CertFact, ContactFact, FlagFact, MetricFact, PartnerFacts
from prm_desktop.domain.program import Program, load_program

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
AWS = load_program((EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8"))
ON = date(2026, 11, 20)
#: Facts in a level's rules and in the tiers' rules; the top tier needs the second level.
NESTED = load_program("""format = 1
[program]
id = "nested"
name = "Nested"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[facts]]
id = "plan"
name = "Plan"

[[facts]]
id = "audit"
name = "Audit"

[[competencies]]
id = "aws-technical"
name = "Tech"
dimension = "technical"
product_family = "aws"
certifications = ["AWS-SAA", "AWS-DVA"]

  [[competencies.levels]]
  id = "one"
  name = "One"
  rank = 1
  min_accredited = 1

  [[competencies.levels]]
  id = "two"
  name = "Two"
  rank = 2
  min_accredited = 2
  requires = [{ fact = "audit" }]

[[tiers]]
id = "base"
name = "Base"
rank = 1
requires = [{ any = [{ fact = "plan" }, { fact = "audit" }] }]

[[tiers]]
id = "top"
name = "Top"
rank = 2
requires = [{ competency = "aws-technical", level = "two" }, { fact = "plan" }]
""")
FACT_ROW = st.tuples(st.sampled_from(["plan", "audit", "business_plan"]), st.integers(-60, 10), st.integers(-5, 90))


def _facts(certified: int, metrics: list[float], rows: list[tuple[str, int, int]]) -> PartnerFacts:
    contacts = [ContactFact(f"c{i}", f"C{i}") for i in range(certified)]
    certs = [CertFact(f"c{i}", "AWS-SAA" if i % 2 else "AWS-DVA", date(2025, 1, 1),
                      ON + timedelta(days=10 * i) if i % 3 == 0 else None) for i in range(certified)]
    ids = ("launched_opportunities", "opportunity_mrr", "validations", "csat")
    values = [MetricFact(m, date(2026, 10, 1), date(2026, 10, 31), v) for m, v in zip(ids, metrics, strict=True)]
    flags = [FlagFact(fact, ON + timedelta(days=start), ON + timedelta(days=start + length))
             for fact, start, length in rows]
    return PartnerFacts("p", "P", None, contacts=contacts, certifications=certs, metrics=values, flags=flags)


@settings(max_examples=150)
@given(st.integers(0, 30), st.lists(st.sampled_from([0.0, 1.0, 4.0, 4.6, 12.0, 25.0, 60.0, 20_000.0, 200_000.0]),
                                    min_size=4, max_size=4), st.lists(FACT_ROW, max_size=4))
def test_each_trial_gives_the_tier_and_levels_of_a_whole_evaluation(certified: int, metrics: list[float],
                                                                   rows: list[tuple[str, int, int]]) -> None:
    for program in (AWS, NESTED):
        facts = _facts(certified, metrics, rows)
        assert _risks(program, facts, _trial(program, facts)) == _risks(program, facts, evaluate)


def _trial(program: Program, facts: PartnerFacts) -> object:
    return _standing_trial(_measure(specialise(program_index(program), facts, ON, False), facts, ON))


def _risks(program: Program, facts: PartnerFacts, trial: object) -> list:
    """The at-risk entries of the yes/no facts, worked out again with ``trial`` (those of expiries kept)."""
    ev = evaluate(program, facts, ON, with_gaps=False)
    ev.at_risk = [r for r in ev.at_risk if "yes/no fact" not in r.reason]
    return fact_risks(program, facts, ON, ev, trial)


def test_a_fact_in_a_level_s_rules_puts_the_level_and_the_tier_on_it_at_risk() -> None:
    facts = _facts(4, [25.0, 20_000.0, 4.0, 4.6], [("plan", -10, 30), ("audit", -10, 20)])
    expected = [AtRisk(date(2026, 12, 1), "aws-technical:two", "yes/no fact audit ends 2026-11-30"),
                AtRisk(date(2026, 12, 1), "tier:top", "yes/no fact audit ends 2026-11-30")]
    assert _risks(NESTED, facts, _trial(NESTED, facts)) == expected
    assert _risks(NESTED, facts, evaluate) == expected
