"""Program currency: declared rates convert, any other currency is refused, gaps show the symbol."""

from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.evaluation import evaluate
from prm_desktop.domain.evaluation_metrics import CurrencyMismatchError
from prm_desktop.domain.evaluation_model import PartnerFacts, RevenueFact
from prm_desktop.domain.program import load_program
from prm_desktop.domain.quarters import Quarter

TEXT = """[program]
id = "usd"
name = "USD"
valid_from = 2026-01-01
revenue_window_quarters = 4
currency = "USD"
{rates}
[[tiers]]
id = "gold"
name = "Gold"
rank = 1
min_revenue = 108000
"""
WITH_RATE = load_program(TEXT.format(rates="\n[exchange_rates]\nEUR = 1.08\n"))
WITHOUT_RATE = load_program(TEXT.format(rates=""))
ON = date(2026, 6, 30)


def facts(*lines: tuple[float, str | None]) -> PartnerFacts:
    return PartnerFacts("p", "P", revenue=[RevenueFact(Quarter(2026, 1), "resell", None, a, c) for a, c in lines])


def test_declared_rate_converts_euros_into_the_program_currency() -> None:
    assert evaluate(WITH_RATE, facts((100000.0, None)), ON).tier == "gold"  # 108,000 USD exactly
    ev = evaluate(WITH_RATE, facts((99999.0, "EUR")), ON)
    assert ev.tier is None and ev.revenue == pytest.approx(107998.92)
    assert ev.gaps[0].text_en == "$2 more revenue for Gold"
    assert ev.gaps[0].text_fr == "2\u00a0$US de CA de plus pour Gold"
    assert evaluate(WITH_RATE, facts((50000.0, "USD"), (54000.0, "EUR"), (-100.0, "USD")), ON).revenue == \
        pytest.approx(108220.0)


def test_a_currency_without_rate_is_refused_never_converted() -> None:
    assert evaluate(WITHOUT_RATE, facts((200000.0, "USD")), ON).tier == "gold"
    with pytest.raises(CurrencyMismatchError) as info:
        evaluate(WITHOUT_RATE, facts((200000.0, None)), ON)
    assert str(info.value).startswith("Program usd counts in USD, but amounts in EUR are stored")


def test_more_revenue_in_any_declared_currency_never_lowers_the_tier() -> None:
    for amount in (0.0, 50000.0, 99999.99, 100000.0, 150000.0):
        before = evaluate(WITH_RATE, facts((amount, "EUR")), ON).tier
        after = evaluate(WITH_RATE, facts((amount, "EUR"), (1.0, "USD")), ON).tier
        assert not (before == "gold" and after is None)
