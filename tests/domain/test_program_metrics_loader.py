"""Loader errors of metrics, yes/no facts, scores and currency (line + key path, did-you-mean)."""

from __future__ import annotations

import pytest

from prm_desktop.domain.program import ProgramError, load_program, program_to_dict

HEAD = """[program]
id = "m"
name = "M"
valid_from = 2026-01-01
revenue_window_quarters = 4
"""
METRIC = """
[[metrics]]
id = "csat"
name = "Satisfaction"
aggregation = "average"
"""
SCORE = """
[[scores]]
id = "sec"
name = "Security"
min_total = 70
[[scores.paths]]
id = "a"
measures = [{ metric = "csat", points = 100, full_at = 5 }]
"""


def errors(text: str) -> list[str]:
    with pytest.raises(ProgramError) as info:
        load_program(text)
    return info.value.messages("en")


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("\n[[metrics]]\nid = \"x\"\nname = \"X\"\naggregaton = \"sum\"\n",
         "line 7: metrics[0].aggregaton: unknown key; did you mean aggregation?"),
        ("\n[[metrics]]\nid = \"x\"\nname = \"X\"\naggregation = \"median\"\n",
         "line 7: metrics[0].aggregation: must be one of: sum, last, average"),
        (METRIC + "\n[[tiers]]\nid = \"t\"\nname = \"T\"\nrank = 1\nrequires = [{ metric = \"nps\", min = 3 }]\n",
         "line 12: tiers[0].requires[0].metric: unknown metric 'nps'"),
        (METRIC + "\n[[tiers]]\nid = \"t\"\nname = \"T\"\nrank = 1\nrequires = [{ metric = \"csat\" }]\n",
         "line 12: tiers[0].requires[0]: a metric rule needs min or max (or both)"),
        (METRIC + "\n[[tiers]]\nid = \"t\"\nname = \"T\"\nrank = 1\nrequires = [{ metric = \"csat\", mni = 3 }]\n",
         "line 12: tiers[0].requires[0].mni: unknown key; did you mean min?"),
        ("\n[[tiers]]\nid = \"t\"\nname = \"T\"\nrank = 1\nrequires = [{ any = [{ fact = \"audit\" }] }]\n",
         "line 7: tiers[0].requires[0].any[0].fact: unknown yes/no fact 'audit'"),
        (METRIC + SCORE.replace("min_total = 70", "min_total = 170"),
         "line 12: scores[0].min_total: must not exceed the points a path can give (100)"),
        (METRIC + SCORE.replace('metric = "csat"', 'metric = "nps"'),
         "line 16: scores[0].paths[0].measures[0].metric: unknown metric 'nps'"),
        (METRIC + SCORE + '\n[[tiers]]\nid = "t"\nname = "T"\nrank = 1\nrequires = [{ score = "sec", min = 101 }]\n',
         "line 20: tiers[0].requires[0].min: must not exceed the points a path can give (100)"),
    ],
)
def test_errors(tail: str, expected: str) -> None:
    assert expected in errors(HEAD + tail)


def test_currency_and_rates() -> None:
    assert "line 1: program.currency: must be an ISO currency code such as EUR or USD" in errors(
        HEAD + 'currency = "dollars"\n')
    assert "line 8: exchange_rates.EUR: must be a number of USD for one EUR, more than 0" in errors(
        HEAD + 'currency = "USD"\n\n[exchange_rates]\nEUR = 0\n')
    program = load_program(HEAD + 'currency = "USD"\n\n[exchange_rates]\nEUR = 1.08\n')
    assert program.extras.currency == "USD" and program.extras.rate("EUR") == 1.08


def test_files_without_the_new_tables_have_no_extras_and_rules_round_trip() -> None:
    assert load_program(HEAD).extras is None
    program = load_program(HEAD + METRIC + SCORE + "\n[[facts]]\nid = \"plan\"\nname = \"Plan\"\n"
                           "\n[[tiers]]\nid = \"t\"\nname = \"T\"\nrank = 1\nrequires = [{ metric = \"CSAT\", "
                           "min = 4, window_months = 6 }, { fact = \"PLAN\" }, { score = \"sec\" }]\n")
    assert program_to_dict(program)["tiers"][0]["requires"] == [
        {"metric": "csat", "min": 4.0, "window_months": 6}, {"fact": "plan"}, {"score": "sec"}]
