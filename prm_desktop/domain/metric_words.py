"""French and English words for metric, yes/no fact and score rules (gaps and short descriptions).

Like :mod:`prm_desktop.domain.evaluation_requires`, every gap carries both languages, so the words are
built here from templates rather than through the interface catalogue.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel.numbers import format_currency, format_decimal

__all__ = ["WORDS", "format_amount", "format_points", "format_value"]

_LOCALES = {"fr": "fr_FR", "en": "en"}
_NBSP = "\u00a0"

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "metric_min": "{metric}\u00a0: {n} de plus pour {target} ({value} sur {need})",
        "metric_max": "{metric}\u00a0: {n} de trop pour {target} ({value}, au plus {need})",
        "fact": "{fact}\u00a0: requis pour {target}",
        "score": "{n} points de plus pour {target}\u00a0: {parts}",
        "score_zero": "{target}\u00a0: plus de 0 point requis dans chaque mesure ({parts})",
        "score_floor": "{target}\u00a0: au moins {need} points requis en {measure} ({parts})",
        "d_metric_min": "{metric} ≥\u00a0{need}",
        "d_metric_max": "{metric} ≤\u00a0{need}",
        "d_metric_both": "{metric} entre {low} et {high}",
        "d_fact": "{fact}",
        "d_score": "score {score} ≥\u00a0{need}\u00a0points",
        "part": "{measure} {points}/{most}",
        "window": " sur {months}\u00a0mois",
    },
    "en": {
        "metric_min": "{metric}: {n} more for {target} ({value} of {need})",
        "metric_max": "{metric}: {n} too many for {target} ({value}, at most {need})",
        "fact": "{fact}: needed for {target}",
        "score": "{n} points more for {target}: {parts}",
        "score_zero": "{target}: more than 0 points needed in every measure ({parts})",
        "score_floor": "{target}: at least {need} points needed in {measure} ({parts})",
        "d_metric_min": "{metric} ≥ {need}",
        "d_metric_max": "{metric} ≤ {need}",
        "d_metric_both": "{metric} from {low} to {high}",
        "d_fact": "{fact}",
        "d_score": "{score} score ≥ {need} points",
        "part": "{measure} {points}/{most}",
        "window": " over {months} months",
    },
}

_EURO_PATTERNS = {"fr": "#,##0.##\u00a0¤", "en": "¤#,##0.##"}


@lru_cache(maxsize=4096)
def format_amount(amount: float, currency: str, lang: str) -> str:
    """An amount with its currency's symbol: ``190 000 $US`` / ``$190,000``, ``12 500 €`` / ``€12,500``."""
    return format_currency(amount, currency, format=_EURO_PATTERNS[lang], locale=_LOCALES[lang],
                           currency_digits=False)


@lru_cache(maxsize=4096)
def format_value(value: float, unit: str, lang: str) -> str:
    """A metric value with its unit: an amount for a currency code, else the number and the unit."""
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return format_amount(value, unit, lang)
    number = format_decimal(round(value, 2), format="#,##0.##", locale=_LOCALES[lang])
    if not unit or unit == "count":
        return number
    return f"{number}{_NBSP if lang == 'fr' or unit == '%' else ' '}{unit}" if unit != "%" or lang == "fr" \
        else f"{number}%"


def format_points(points: float, lang: str) -> str:
    """Points with at most one decimal (``12``, ``12,5`` in French)."""
    return format_decimal(round(points, 1), format="#,##0.#", locale=_LOCALES[lang])


def words(lang: str, key: str, **params: Any) -> str:
    """One template filled in."""
    return WORDS[lang][key].format(**params)
