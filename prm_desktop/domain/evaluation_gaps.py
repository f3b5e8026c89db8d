"""Gaps to the next tier and to each competency's next level, in French and English words.

The texts are built here (not through the UI catalogue) because every gap carries both languages;
they are built when a gap's ``text_fr``/``text_en`` is read, not when the partner is evaluated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from babel.numbers import format_currency, format_decimal, get_group_symbol

from prm_desktop.domain.evaluation_index import ProgramIndex, money
from prm_desktop.domain.evaluation_model import Gap
from prm_desktop.domain.evaluation_requires import Rule, rule_gaps
from prm_desktop.domain.metric_words import format_amount

__all__ = ["format_euros", "gap_text", "level_gaps", "tier_gaps"]

_LOCALES = {"fr": "fr_FR", "en": "en"}
_EURO_PATTERNS = {"fr": "#,##0\u00a0¤", "en": "¤#,##0"}

# (singular, plural) per language; {n} is the formatted count or amount, {target} the tier or level.
_TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "revenue": {
        "fr": ("{n} de CA de plus pour {target}", "{n} de CA de plus pour {target}"),
        "en": ("{n} more revenue for {target}", "{n} more revenue for {target}"),
    },
    "competencies": {
        "fr": ("{n} compétence de plus pour {target}", "{n} compétences de plus pour {target}"),
        "en": ("{n} more competency for {target}", "{n} more competencies for {target}"),
    },
    "accredited": {
        "fr": (
            "{n} personne accréditée de plus pour {target}",
            "{n} personnes accréditées de plus pour {target}",
        ),
        "en": ("{n} more accredited person for {target}", "{n} more accredited people for {target}"),
    },
    "references": {
        "fr": (
            "{n} référence client validée de plus pour {target}",
            "{n} références clients validées de plus pour {target}",
        ),
        "en": (
            "{n} more validated customer reference for {target}",
            "{n} more validated customer references for {target}",
        ),
    },
}


#: Where the euro sign goes around a whole amount (the texts of `_EURO_PATTERNS`).
_EURO_TEMPLATES = {"fr": "{n}\u00a0€", "en": "€{n}"}


@lru_cache(maxsize=8)
def _group_symbol(lang: str) -> str:
    """The locale's digit group separator, looked up in Babel once per language."""
    return get_group_symbol(_LOCALES[lang])


def _whole_number(n: int, lang: str) -> str:
    """A whole number with the locale's digit groups (``190 000``, ``190,000``), without Babel per call."""
    if n < 0:
        return format_decimal(n, locale=_LOCALES[lang])
    return f"{n:,}".replace(",", _group_symbol(lang))


@lru_cache(maxsize=4096)
def format_euros(amount: float, lang: str) -> str:
    """Whole euros as ``190 000 €`` (fr: U+202F groups, U+00A0 before €) or ``€190,000`` (en)."""
    if float(amount).is_integer() and amount >= 0:
        return _EURO_TEMPLATES[lang].format(n=_whole_number(int(amount), lang))
    return format_currency(amount, "EUR", format=_EURO_PATTERNS[lang], locale=_LOCALES[lang], currency_digits=False)


@lru_cache(maxsize=8192)
def gap_text(missing: str, amount: float, target: str, lang: str, currency: str = "EUR") -> str:
    """The words for one gap.

    Args:
        missing: ``"revenue"``, ``"competencies"``, ``"accredited"`` or ``"references"``.
        amount: What is missing; euros are rounded up to the whole euro.
        target: Display name of the tier or level (``"Gold"``, ``"Sécurité Principal"``).
        lang: ``"fr"`` or ``"en"``.
        currency: The program's currency (amounts in another one than EUR show its symbol).

    Returns:
        The sentence, singular or plural as the amount requires.
    """
    whole = math.ceil(money(amount))
    if missing == "revenue" and currency != "EUR":
        shown = format_amount(whole, currency, lang)
    elif missing == "revenue":
        shown = format_euros(whole, lang)
    else:
        shown = _whole_number(whole, lang)
    singular, plural = _TEMPLATES[missing][lang]
    template = singular if (whole <= 1 if lang == "fr" else whole == 1) else plural
    return template.format(n=shown, target=target)


def _gap(kind: str, target: str, missing: str, amount: float, names: tuple[str, str], currency: str = "EUR") -> Gap:
    return Gap(kind, target, missing, float(amount), names, currency=currency)


def _currency(index: ProgramIndex) -> str:
    extras = index.program.extras
    return extras.currency if extras is not None else "EUR"


def _rule_gaps(
    index: ProgramIndex, kind: str, target: str, rules: Sequence[Rule], levels: Sequence[int],
    tiers_met: Sequence[bool], names: tuple[str, str],
) -> list[Gap]:
    gaps = []
    for rule in rules:
        for missing, amount, text_fr, text_en in rule_gaps(index.program, rule, levels, tiers_met, names):
            gaps.append(Gap(kind=kind, target=target, missing=missing, amount=float(amount), target_names=names,
                            texts=(text_fr, text_en)))
    return gaps


def tier_gaps(
    index: ProgramIndex, tier_pos: int, tier_revenues: Sequence[float], held: int,
    levels: Sequence[int] | None = None,
) -> list[Gap]:
    """Gaps to the tier just above ``tier_pos`` (the lowest tier when none is held).

    Args:
        index: The program's index.
        tier_pos: Position of the qualified tier, -1 for none.
        tier_revenues: Revenue of the window counted for each tier (its motions).
        held: Number of competencies held at any level.
        levels: Level position held per competency (for the tier's ``requires`` rules).

    Returns:
        One gap per unmet minimum or rule; empty at the top tier.
    """
    tiers = index.program.tiers
    target_pos = tier_pos + 1
    if target_pos >= len(tiers):
        return []
    tier = tiers[target_pos]
    names = (tier.name, tier.name)
    gaps = []
    revenue_missing = money(tier.min_revenue - tier_revenues[target_pos])
    if tier.min_revenue > 0 and revenue_missing > 0:
        gaps.append(_gap("tier", tier.id, "revenue", revenue_missing, names, _currency(index)))
    if held < tier.min_competencies:
        gaps.append(_gap("tier", tier.id, "competencies", tier.min_competencies - held, names))
    rules = index.tier_rules[target_pos]
    if rules and levels is not None:
        met = index.tiers_met(tier_revenues, held, levels)
        gaps.extend(_rule_gaps(index, "tier", tier.id, rules, levels, met, names))
    return gaps


def level_gaps(
    index: ProgramIndex,
    held: Sequence[int],
    accredited: Sequence[int],
    references: Sequence[int],
    revenues: Sequence[float],
) -> list[Gap]:
    """Gaps to each competency's level just above the one held (the lowest level when none).

    Returns:
        One gap per unmet minimum, competencies in program order, then accredited, revenue, references.
    """
    gaps: list[Gap] = []
    for pos, comp in enumerate(index.program.competencies):
        target_pos = held[pos] + 1
        if target_pos >= len(comp.levels):
            continue
        level = comp.levels[target_pos]
        target, names = index.level_targets[pos][target_pos]
        if accredited[pos] < level.min_accredited:
            gaps.append(_gap("level", target, "accredited", level.min_accredited - accredited[pos], names))
        revenue_missing = money(level.min_revenue - revenues[pos])
        if level.min_revenue > 0 and revenue_missing > 0:
            gaps.append(_gap("level", target, "revenue", revenue_missing, names, _currency(index)))
        if references[pos] < level.min_references:
            gaps.append(_gap("level", target, "references", level.min_references - references[pos], names))
        rules = index.level_rules[pos][target_pos]
        if rules:
            gaps.extend(_rule_gaps(index, "level", target, rules, held, (), names))
    return gaps
