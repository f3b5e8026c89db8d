"""The ``requires`` rules of tiers and levels, compiled once per program, checked per partner.

A compiled rule is a tuple (fast to walk): ``("count", n, ((comp, min_level), …), req)``,
``("comp", comp, min_level, req)``, ``("tier", tier, req)``, ``("all", children, req)``,
``("any", children, req)`` or ``("at_least", n, children, req)``. ``comp`` and ``tier`` are positions
in the program's tuples, ``min_level`` the position of the lowest level that counts (levels are sorted
by rank). Every rule is monotone: more levels held never turn a met rule into an unmet one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prm_desktop.domain.program import Program, Requirement

__all__ = ["Rule", "compile_rules", "describe", "is_met", "rule_gaps", "unmet_amount"]

Rule = tuple[Any, ...]


def _level_pos(program: Program, comp: int, level: str | None) -> int | None:
    """Position of ``level`` in competency ``comp`` (case-insensitive), 0 for None, None when absent."""
    if level is None:
        return 0
    for pos, lvl in enumerate(program.competencies[comp].levels):
        if lvl.id.casefold() == level.casefold():
            return pos
    return None


def compile_rule(program: Program, req: Requirement) -> Rule:
    """One requirement as a rule tuple (ids already checked by the loader)."""
    if req.detail is not None:
        return ("ext", req)  # metric, fact, score: fixed per partner by evaluation_metrics.specialise
    comp_pos = {c.id: i for i, c in enumerate(program.competencies)}
    if req.kind == "competencies":
        pool = [comp_pos[c] for c in req.among] if req.among else range(len(program.competencies))
        items = []
        for pos in pool:
            if req.dimension is not None and program.competencies[pos].dimension != req.dimension:
                continue
            level = _level_pos(program, pos, req.level)
            if level is not None:
                items.append((pos, level))
        return ("count", req.count, tuple(items), req)
    if req.kind == "competency":
        pos = comp_pos[req.competency or ""]
        return ("comp", pos, _level_pos(program, pos, req.level) or 0, req)
    if req.kind == "tier":
        return ("tier", next(i for i, t in enumerate(program.tiers) if t.id == req.tier), req)
    children = tuple(compile_rule(program, c) for c in req.children)
    if req.kind == "at_least":
        return ("at_least", req.count, children, req)
    return (req.kind, children, req)


def compile_rules(program: Program, reqs: Sequence[Requirement]) -> tuple[Rule, ...]:
    """A requires list as rule tuples (all must be met)."""
    return tuple(compile_rule(program, r) for r in reqs)


def is_met(rule: Rule, held: Sequence[int], tiers_met: Sequence[bool]) -> bool:
    """Whether a rule holds, given the level position held per competency and the tiers met so far."""
    kind = rule[0]
    if kind == "count":
        need = rule[1]
        for pos, level in rule[2]:
            if held[pos] >= level:
                need -= 1
                if need <= 0:
                    return True
        return need <= 0
    if kind == "comp":
        return held[rule[1]] >= rule[2]
    if kind == "tier":
        return tiers_met[rule[1]]
    if kind == "all":
        return all(is_met(c, held, tiers_met) for c in rule[1])
    if kind == "any":
        return any(is_met(c, held, tiers_met) for c in rule[1])
    if kind == "fixed":
        return rule[1]
    if kind == "ext":
        return False
    return sum(1 for c in rule[2] if is_met(c, held, tiers_met)) >= rule[1]


def unmet_amount(rule: Rule, held: Sequence[int], tiers_met: Sequence[bool]) -> int:
    """How many more items the rule needs (0 when met)."""
    kind = rule[0]
    if kind == "count":
        return max(0, rule[1] - sum(1 for pos, level in rule[2] if held[pos] >= level))
    if kind == "at_least":
        return max(0, rule[1] - sum(1 for c in rule[2] if is_met(c, held, tiers_met)))
    return 0 if is_met(rule, held, tiers_met) else 1


# --- words ------------------------------------------------------------------------------------------

_DIMENSIONS = {
    "fr": {"technical": "technique", "market": "marché"},
    "en": {"technical": "technical", "market": "market"},
}
_TEXTS: dict[str, dict[str, Any]] = {
    "fr": {
        "count": (
            "{n} compétence de plus{scope}{level} pour {target}",
            "{n} compétences de plus{scope}{level} pour {target}",
        ),
        "level": " au niveau {level}",
        "among": " parmi {names}",
        "dimension": " ({dimension})",
        "comp_level": "{competency} au niveau {level} requis pour {target}",
        "comp": "compétence {competency} requise pour {target}",
        "tier": "niveau {tier} requis pour {target}",
        "choice": "{n} condition de plus parmi celles-ci pour {target}\u00a0: {options}",
        "choices": "{n} conditions de plus parmi celles-ci pour {target}\u00a0: {options}",
        "d_count": ("{n} compétence{scope}{level}", "{n} compétences{scope}{level}"),
        "d_comp_level": "{competency} au niveau {level}",
        "d_comp": "compétence {competency}",
        "d_tier": "niveau {tier}",
        "d_at_least": "{n} parmi ({items})",
        "and": " et ",
        "or": " ou ",
    },
    "en": {
        "count": (
            "{n} more competency{scope}{level} for {target}",
            "{n} more competencies{scope}{level} for {target}",
        ),
        "level": " at {level}",
        "among": " among {names}",
        "dimension": " ({dimension})",
        "comp_level": "{competency} at {level} needed for {target}",
        "comp": "{competency} needed for {target}",
        "tier": "{tier} needed for {target}",
        "choice": "{n} more of these for {target}: {options}",
        "choices": "{n} more of these for {target}: {options}",
        "d_count": ("{n} competency{scope}{level}", "{n} competencies{scope}{level}"),
        "d_comp_level": "{competency} at {level}",
        "d_comp": "{competency}",
        "d_tier": "{tier}",
        "d_at_least": "{n} of ({items})",
        "and": " and ",
        "or": " or ",
    },
}


def _plural(n: int, lang: str) -> int:
    return 0 if (n <= 1 if lang == "fr" else n == 1) else 1


def _comp_name(program: Program, pos: int, lang: str) -> str:
    return program.competencies[pos].display_name(lang)


def _level_name(program: Program, rule: Rule) -> str:
    """Display name of a count or comp rule's level (the first competency that has it)."""
    req: Requirement = rule[-1]
    if req.level is None:
        return ""
    for pos, level in ((rule[1], rule[2]),) if rule[0] == "comp" else rule[2]:
        return program.competencies[pos].levels[level].name
    return req.level


def _count_parts(program: Program, rule: Rule, lang: str) -> dict[str, str]:
    words = _TEXTS[lang]
    req: Requirement = rule[-1]
    scope = ""
    if req.among:
        scope = words["among"].format(names=", ".join(_comp_name(program, p, lang) for p, _l in rule[2]))
    elif req.dimension:
        scope = words["dimension"].format(dimension=_DIMENSIONS[lang].get(req.dimension, req.dimension))
    level = words["level"].format(level=_level_name(program, rule)) if req.level else ""
    return {"scope": scope, "level": level}


def describe(program: Program, rule: Rule, lang: str) -> str:
    """A rule in a few words (``"Security at Expert"``, ``"3 competencies at Expert"``)."""
    words = _TEXTS[lang]
    kind = rule[0]
    if kind in ("ext", "fixed"):
        return rule[-1].detail.describe(program, lang)
    if kind == "count":
        return words["d_count"][_plural(rule[1], lang)].format(n=rule[1], **_count_parts(program, rule, lang))
    if kind == "comp":
        name = _comp_name(program, rule[1], lang)
        if rule[-1].level is None:
            return words["d_comp"].format(competency=name)
        return words["d_comp_level"].format(competency=name, level=_level_name(program, rule))
    if kind == "tier":
        return words["d_tier"].format(tier=program.tiers[rule[1]].name)
    if kind == "at_least":
        items = ", ".join(describe(program, c, lang) for c in rule[2])
        return words["d_at_least"].format(n=rule[1], items=items)
    joiner = words["and"] if kind == "all" else words["or"]
    inner = joiner.join(describe(program, c, lang) for c in rule[1])
    return f"({inner})" if len(rule[1]) > 1 else inner


def gap_words(program: Program, rule: Rule, amount: int, target: str, lang: str) -> str:
    """The gap text of an unmet rule (not ``all``, whose children give their own gaps)."""
    words = _TEXTS[lang]
    kind = rule[0]
    if kind == "count":
        template = words["count"][_plural(amount, lang)]
        return template.format(n=amount, target=target, **_count_parts(program, rule, lang))
    if kind == "comp":
        name = _comp_name(program, rule[1], lang)
        if rule[-1].level is None:
            return words["comp"].format(competency=name, target=target)
        return words["comp_level"].format(competency=name, level=_level_name(program, rule), target=target)
    if kind == "tier":
        return words["tier"].format(tier=program.tiers[rule[1]].name, target=target)
    children = rule[2] if kind == "at_least" else rule[1]
    options = " / ".join(describe(program, c, lang) for c in children)
    return words["choice" if amount <= 1 else "choices"].format(n=amount, target=target, options=options)


_MISSING = {"count": "competencies", "comp": "competency", "tier": "tier", "any": "choice", "at_least": "choice"}


def rule_gaps(
    program: Program, rule: Rule, held: Sequence[int], tiers_met: Sequence[bool], names: tuple[str, str]
) -> list[tuple[str, int, str, str]]:
    """``(missing, amount, text_fr, text_en)`` for each unmet part of a rule (``all`` is split)."""
    if is_met(rule, held, tiers_met):
        return []
    if rule[0] == "fixed":
        outcome = rule[2]
        return [(outcome.missing, outcome.amount, outcome.gap("fr", names[0]), outcome.gap("en", names[1]))]
    if rule[0] == "all":
        found: list[tuple[str, int, str, str]] = []
        for child in rule[1]:
            found.extend(rule_gaps(program, child, held, tiers_met, names))
        return found
    amount = unmet_amount(rule, held, tiers_met)
    return [
        (
            _MISSING[rule[0]],
            amount,
            gap_words(program, rule, amount, names[0], "fr"),
            gap_words(program, rule, amount, names[1], "en"),
        )
    ]
