"""French and English words for metric, yes/no fact and score rules (gaps and short descriptions).

Like :mod:`prm_desktop.domain.evaluation_requires`, every gap carries both languages, so the words are
built here from templates rather than through the interface catalogue.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel.numbers import format_currency, format_decimal

__all__ = ["WORDS", "format_amount", "format_points", "format_value", "measure_lines", "words"]

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
        "line_score": "Score {score}\u00a0: {total} points sur {most}, {need} requis (parcours {path})\u00a0: {state}",
        "met": "atteint",
        "not_met": "non atteint",
        "line_metric": "{metric}\u00a0: {value}{window}",
        "program_window": " sur la période du programme",
        "line_fact": "{fact}\u00a0: {state}",
        "yes": "oui",
        "no": "non",
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
        "line_score": "{score} score: {total} of {most} points, {need} needed (path {path}): {state}",
        "met": "met",
        "not_met": "not met",
        "line_metric": "{metric}: {value}{window}",
        "program_window": " over the program's window",
        "line_fact": "{fact}: {state}",
        "yes": "yes",
        "no": "no",
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


def measure_lines(program: Any, summary: dict[str, Any], lang: str) -> list[str]:
    """The scores, metric values and yes/no facts of an evaluation (``Evaluation.extras``) in words.

    Args:
        program: The program (its ``extras`` name and describe the measures).
        summary: ``Evaluation.extras``: ``scores``, ``metrics`` and ``facts``.
        lang: ``"fr"`` or ``"en"``.
    """
    extras = program.extras
    lines = []
    for score in extras.scores:
        found = summary["scores"].get(score.id)
        if found is None:
            continue
        path = next(p for p in score.paths if p.id == found["path"])
        path_name = (path.name_en if lang == "en" and path.name_en else path.name) or path.id
        lines.append(words(lang, "line_score", score=score.display_name(lang),
                           total=format_points(found["total"], lang),
                           most=format_points(sum(m.points for m in path.measures), lang),
                           need=format_points(found["min_total"], lang), path=path_name,
                           state=WORDS[lang]["met" if found["met"] else "not_met"]))
    for metric in extras.metrics:
        value = summary["metrics"].get(metric.id, 0.0)
        window = (words(lang, "window", months=metric.window_months) if metric.window_months
                  else WORDS[lang]["program_window"])
        lines.append(words(lang, "line_metric", metric=metric.display_name(lang),
                           value=format_value(value, metric.unit, lang), window=window))
    for fact in extras.facts:
        held = summary["facts"].get(fact.id, False)
        lines.append(words(lang, "line_fact", fact=fact.display_name(lang), state=WORDS[lang]["yes" if held else "no"]))
    return lines
