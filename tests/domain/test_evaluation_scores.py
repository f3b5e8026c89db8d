"""Scores with partial points, the best path, metric rules and yes/no facts (program engine, part 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import evaluate
from prm_desktop.domain.evaluation_model import FlagFact, MetricFact, PartnerFacts
from prm_desktop.domain.program import load_program

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
MICROSOFT = load_program((EXAMPLES / "microsoft_security.toml").read_text(encoding="utf-8"))
AWS = load_program((EXAMPLES / "aws_services_path.toml").read_text(encoding="utf-8"))
ON = date(2027, 3, 31)
MS_METRICS = ("net_customer_adds", "intermediate_certs", "advanced_certs", "usage_growth", "deployments")


def partner(values: dict[str, float], flags: tuple[FlagFact, ...] = ()) -> PartnerFacts:
    rows = [MetricFact(m, date(2027, 1, 1), date(2027, 1, 31), v) for m, v in values.items()]
    return PartnerFacts("p", "P", None, metrics=rows, flags=list(flags))


def ms(**values: float) -> PartnerFacts:
    return partner({m: values.get(m, 0.0) for m in MS_METRICS})


def test_full_points_at_the_threshold_partial_below() -> None:
    ev = evaluate(MICROSOFT, ms(net_customer_adds=3, intermediate_certs=4, advanced_certs=2, usage_growth=3,
                                deployments=3), ON)
    assert ev.tier == "security" and ev.extras["scores"]["security"]["total"] == 100
    # 2 of 3 net customer adds: 6.67 of 10 points.
    ev = evaluate(MICROSOFT, ms(net_customer_adds=2, intermediate_certs=4, advanced_certs=2, usage_growth=3,
                                deployments=3), ON)
    assert ev.extras["scores"]["security"]["points"]["net_customer_adds"] == pytest.approx(6.67)


def test_exactly_at_the_minimum_total_meets_and_just_under_does_not() -> None:
    # Either path: 10 + 20 + 20 + 1.2 of 3 usage growth and 1.2 of 3 deployments (12 + 8) = 70 exactly.
    at = ms(net_customer_adds=3, intermediate_certs=4, advanced_certs=2, usage_growth=1.2, deployments=1.2)
    assert evaluate(MICROSOFT, at, ON).tier == "security"
    under = ms(net_customer_adds=3, intermediate_certs=4, advanced_certs=2, usage_growth=1.19, deployments=1.19)
    ev = evaluate(MICROSOFT, under, ON)
    assert ev.tier is None
    assert ev.gaps[0].missing == "score"


def test_a_metric_at_zero_fails_even_with_enough_points() -> None:
    ev = evaluate(MICROSOFT, ms(net_customer_adds=0, intermediate_certs=4, advanced_certs=2, usage_growth=3,
                                deployments=3), ON)
    assert ev.extras["scores"]["security"]["total"] == 90
    assert ev.tier is None
    assert ev.gaps[0].text_en == ("Solutions Partner for Security: more than 0 points needed in every measure "
                                  "(Net customer adds 0/10)")
    assert ev.gaps[0].text_fr == ("Solutions Partner for Security\u00a0: plus de 0 point requis dans chaque mesure "
                                  "(Nouveaux clients nets 0/10)")


def test_the_better_of_two_paths_is_kept() -> None:
    # Deployments weigh 30 in the deployments path: 10 + 20 + 20 + 6.67 + 30 = 86.7 there, 80 in the other.
    facts = ms(net_customer_adds=3, intermediate_certs=4, advanced_certs=2, usage_growth=1, deployments=3)
    score = evaluate(MICROSOFT, facts, ON).extras["scores"]["security"]
    assert score["path"] == "deployments" and score["total"] == pytest.approx(86.67)


def test_gap_says_where_points_are_missing() -> None:
    facts = ms(net_customer_adds=3, intermediate_certs=2, advanced_certs=1, usage_growth=1, deployments=1)
    ev = evaluate(MICROSOFT, facts, ON)
    # Both paths give 46.7 points: the first one in the file is shown.
    assert ev.gaps[0].text_en == (
        "23.3 points more for Solutions Partner for Security: Intermediate certifications 10/20, "
        "Advanced certifications 10/20, Usage growth 10/30, Deployments 6.7/20"
    )
    assert ev.gaps[0].text_fr.startswith("23,3 points de plus pour Solutions Partner for Security\u00a0: "
                                         "Certifications intermédiaires 10/20")


@given(st.lists(st.floats(min_value=0, max_value=8, allow_nan=False), min_size=5, max_size=5),
       st.integers(min_value=0, max_value=4), st.floats(min_value=0, max_value=3))
def test_more_of_a_measure_never_lowers_the_score(values: list[float], which: int, more: float) -> None:
    base = dict(zip(MS_METRICS, values, strict=True))
    raised = dict(base)
    raised[MS_METRICS[which]] += more
    before = evaluate(MICROSOFT, partner(base), ON)
    after = evaluate(MICROSOFT, partner(raised), ON)
    assert after.extras["scores"]["security"]["total"] >= before.extras["scores"]["security"]["total"] - 1e-9
    assert not (before.tier == "security" and after.tier is None)


def aws(opps: float, mrr: float, validations: float, csat: float, certified: int,
        plan: bool = False) -> PartnerFacts:
    from prm_desktop.domain.evaluation_model import CertFact, ContactFact

    facts = partner({"launched_opportunities": opps, "opportunity_mrr": mrr, "validations": validations,
                     "csat": csat}, (FlagFact("business_plan"),) if plan else ())
    facts.contacts = [ContactFact(f"c{i}", f"C{i}") for i in range(certified)]
    facts.certifications = [CertFact(f"c{i}", "AWS-SAA", date(2026, 1, 1)) for i in range(certified)]
    return facts


def test_aws_tiers_and_metric_gaps() -> None:
    assert evaluate(AWS, aws(1, 0, 0, 0, 2), ON).tier == "select"
    ev = evaluate(AWS, aws(20, 9999, 4, 4.0, 10), ON)
    assert ev.tier == "select"
    assert [g.text_en for g in ev.gaps if g.kind == "tier"] == [
        "Monthly recurring revenue of launched opportunities: $1 more for Advanced ($9,999 of $10,000)",
    ]
    assert ev.gaps[0].text_fr == ("Revenu mensuel récurrent des opportunités lancées\u00a0: 1\u00a0$US de plus pour "
                                  "Advanced (9\u202f999\u00a0$US sur 10\u202f000\u00a0$US)")
    assert evaluate(AWS, aws(20, 10000, 4, 4.0, 10), ON).tier == "advanced"
    premier = aws(50, 100000, 10, 4.5, 25)
    ev = evaluate(AWS, premier, ON)
    assert ev.tier == "advanced"
    assert [g.text_en for g in ev.gaps if g.kind == "tier"] == ["Joint business plan signed: needed for Premier"]
    assert evaluate(AWS, aws(50, 100000, 10, 4.5, 25, plan=True), ON).tier == "premier"


def test_metric_periods_outside_the_window_do_not_count() -> None:
    old = PartnerFacts("p", "P", None, metrics=[MetricFact("launched_opportunities", date(2026, 3, 1),
                                                           date(2026, 3, 31), 5)])
    assert evaluate(AWS, old, date(2027, 2, 28)).extras["metrics"]["launched_opportunities"] == 5
    assert evaluate(AWS, old, date(2027, 3, 1)).extras["metrics"]["launched_opportunities"] == 0
    assert evaluate(AWS, old, date(2026, 2, 28)).extras["metrics"]["launched_opportunities"] == 0


def test_a_yes_no_fact_holds_from_its_first_to_its_last_day() -> None:
    plan = FlagFact("business_plan", date(2027, 2, 1), date(2027, 3, 15))
    facts = aws(50, 100000, 10, 4.5, 25)
    facts.flags = [plan]
    assert evaluate(AWS, facts, date(2027, 1, 31)).tier == "advanced"
    assert evaluate(AWS, facts, date(2027, 2, 1)).tier == "premier"
    assert evaluate(AWS, facts, date(2027, 3, 15)).tier == "premier"
    assert evaluate(AWS, facts, date(2027, 3, 16)).tier == "advanced"


@given(st.lists(st.floats(min_value=0, max_value=200000, allow_nan=False), min_size=4, max_size=4),
       st.integers(min_value=0, max_value=3), st.floats(min_value=0, max_value=100000), st.booleans())
def test_more_of_a_metric_never_lowers_the_tier(values: list[float], which: int, more: float, plan: bool) -> None:
    raised = list(values)
    raised[which] += more
    rank = {None: 0, "select": 1, "advanced": 2, "premier": 3}
    before = evaluate(AWS, aws(*values, certified=25, plan=plan), ON)
    after = evaluate(AWS, aws(*raised, certified=25, plan=plan), ON)
    assert rank[after.tier] >= rank[before.tier]


def test_a_yes_no_fact_ending_puts_the_tier_at_risk_the_day_after() -> None:
    facts = aws(50, 100000, 10, 4.5, 25)
    facts.flags = [FlagFact("business_plan", date(2027, 2, 1), date(2027, 3, 15))]
    ev = evaluate(AWS, facts, date(2027, 3, 1))
    assert ev.tier == "premier"
    assert [(r.date, r.lost, r.reason) for r in ev.at_risk] == [
        (date(2027, 3, 16), "tier:premier", "yes/no fact business_plan ends 2027-03-15")]
    facts.flags.append(FlagFact("business_plan", date(2027, 3, 16), None))
    assert evaluate(AWS, facts, date(2027, 3, 1)).at_risk == []  # renewed in time: the next row takes over
