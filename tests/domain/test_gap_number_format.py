"""Gap texts format whole numbers without calling Babel each time, exactly as Babel would."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.evaluation_gaps import format_euros, gap_text

LOCALES = {"fr": "fr_FR", "en": "en"}
PATTERNS = {"fr": "#,##0\u00a0¤", "en": "¤#,##0"}


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["fr", "en"]))
def test_whole_euros_match_babel(amount: int, lang: str) -> None:
    expected = format_currency(amount, "EUR", format=PATTERNS[lang], locale=LOCALES[lang], currency_digits=False)
    assert format_euros(amount, lang) == expected


@given(st.integers(min_value=2, max_value=10**7), st.sampled_from(["fr", "en"]))
def test_counts_match_babel(count: int, lang: str) -> None:
    shown = format_decimal(count, locale=LOCALES[lang])
    text = gap_text("references", count, "Gold", lang)
    assert text.startswith(shown + " ")
