"""A refresh decides a score with `score_met`: always what the whole score result (`score_result`) says.

The refresh (no gap words) only needs whether a score is met; the lean check must agree with the best
path of the full computation on every value, including at the boundaries of partial points, a
per-measure minimum, a measure at zero and a score without partial points.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import evaluate, summary_columns
from prm_desktop.domain.evaluation_metrics import score_met, score_result
from prm_desktop.domain.evaluation_model import MetricFact, PartnerFacts
from prm_desktop.domain.program import load_program

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
MICROSOFT = load_program((EXAMPLES / "microsoft_security.toml").read_text(encoding="utf-8"))
ON = date(2027, 3, 31)
#: A score with a per-measure minimum, one measure without partial points, no "above zero" rule.
STRICT = load_program("""format = 1
[program]
id = "strict"
name = "Strict"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[metrics]]
id = "a"
name = "A"
aggregation = "sum"

[[metrics]]
id = "b"
name = "B"
aggregation = "last"

[[scores]]
id = "s"
name = "S"
min_total = 50

  [[scores.paths]]
  id = "one"
  name = "One"
  measures = [{ metric = "a", points = 60, full_at = 4, min_points = 15 }, { metric = "b", points = 40, full_at = 2 }]

  [[scores.paths]]
  id = "two"
  name = "Two"
  measures = [{ metric = "a", points = 30, full_at = 4 }, { metric = "b", points = 70, full_at = 2, partial = false }]

[[tiers]]
id = "t"
name = "T"
rank = 1
requires = [{ score = "s" }]
""")
VALUES = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 1.19, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0]),
                   st.floats(min_value=-1, max_value=8, allow_nan=False))


@given(st.lists(VALUES, min_size=5, max_size=5), st.sampled_from([None, 50.0, 70.0, 90.0, 100.0]))
def test_score_met_is_the_full_result_s_verdict(values: list[float], need: float | None) -> None:
    for program, ids in ((MICROSOFT, ("net_customer_adds", "intermediate_certs", "advanced_certs", "usage_growth",
                                      "deployments")), (STRICT, ("a", "b"))):
        score = program.extras.scores[0]
        by_id = dict(zip(ids, values, strict=False))

        def value(metric: str, _months: int | None, by_id: dict[str, float] = by_id) -> float:
            return by_id[metric]

        minimum = score.min_total if need is None else need
        assert score_met(score, minimum, value) == score_result(score, minimum, value).met


@given(st.lists(VALUES, min_size=2, max_size=2))
def test_the_refresh_s_tier_is_the_evaluation_s(values: list[float]) -> None:
    rows = [MetricFact(m, date(2027, 1, 1), date(2027, 3, 31), v) for m, v in zip(("a", "b"), values, strict=True)]
    facts = PartnerFacts("p", "P", "t", metrics=rows)
    ev = evaluate(STRICT, facts, ON)
    assert summary_columns(STRICT, facts, ON)[:2] == (ev.tier, ev.movement)
