"""Levels and tiers of the people rules, worked out the short way, and helpers of their compilation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from prm_desktop.domain.evaluation_requires import is_met
from prm_desktop.domain.people_assign import Demand

if TYPE_CHECKING:
    from prm_desktop.domain.evaluation_people import PeopleEngine

__all__ = ["levels_no_rules", "merge_demands", "names_tier", "own_levels", "tier_from_top"]


def merge_demands(demands: Sequence[Demand]) -> Demand:
    """The largest need per role and in total of several demands."""
    needs: dict[str, int] = {}
    total = 0
    for role_needs, extra in demands:
        for role, n in role_needs:
            needs[role] = max(needs.get(role, 0), n)
        total = max(total, sum(n for _r, n in role_needs) + extra)
    role_total = sum(needs.values())
    return tuple(sorted(needs.items())), max(0, total - role_total)


def levels_no_rules(engine: PeopleEngine, people: Sequence[dict[str, frozenset[str]]], references: Sequence[int],
                    revenues: Sequence[float]) -> list[int]:
    """`PeopleEngine.levels` without level rules: the highest level met, found from the top.

    A competency under the lowest of its levels' minimums holds none (most of them, in a portfolio).
    """
    index = engine.index
    floors, minimums, demands = index._level_floors, index._level_minimums, engine.level_demand
    missing = engine.missing
    skip_nobody = engine.nobody_holds_none
    held = [-1] * len(people)
    for pos, counted in enumerate(people):
        if skip_nobody and not counted:
            continue  # nobody counted here: most competencies of a partner
        n_acc = len(counted)
        floor_acc, floor_refs, floor_rev = floors[pos]
        if n_acc < floor_acc:
            continue  # fewer people than any level asks for: most competencies of a partner
        refs, rev = references[pos], revenues[pos]
        if refs >= floor_refs and rev >= floor_rev:
            mins = minimums[pos]
            for lpos in range(len(mins) - 1, -1, -1):
                min_acc, min_refs, min_rev = mins[lpos]
                if n_acc >= min_acc and refs >= min_refs and rev >= min_rev:
                    demand = demands[pos][lpos]
                    if (n_acc >= demand[1] if not demand[0]
                            else missing(list(counted.values()), demand) == 0):
                        held[pos] = lpos
                        break
    return held


def tier_from_top(engine: PeopleEngine, tier_revenues: Sequence[float], held: Sequence[int],
                  certified: dict[str, frozenset[str]]) -> int:
    """The highest tier met, found from the top (no tier rule names a tier), its people counted last."""
    index = engine.index
    minimums = index._tier_minimums
    n_held = len(held) - held.count(-1)  # levels are positions from -1 (none)
    no_tiers: tuple[bool, ...] = ()
    people: list[frozenset[str]] | None = None
    for pos in range(len(minimums) - 1, -1, -1):
        min_rev, min_comps = minimums[pos]
        if tier_revenues[pos] < min_rev or n_held < min_comps:
            continue
        demand = engine.tier_demand[pos]
        if demand is not None:
            if people is None:
                people = list(certified.values())
            if engine.missing(people, demand) != 0:
                continue
        for rule in index.tier_rules[pos]:
            if not is_met(rule, held, no_tiers):
                break
        else:
            return pos
    return -1


def names_tier(rule: tuple) -> bool:
    """Whether a compiled rule reads whether a tier is met (``("tier", pos, req)``)."""
    if rule[0] == "tier":
        return True
    if rule[0] in ("all", "any"):
        return any(names_tier(child) for child in rule[1])
    if rule[0] == "at_least":
        return any(names_tier(child) for child in rule[2])
    return False


def own_levels(rule: tuple, pos: int) -> list[int]:
    """Level positions of competency ``pos`` that a rule names (``("comp", pos, level, req)``)."""
    if rule[0] == "comp":
        return [rule[2]] if rule[1] == pos else []
    if rule[0] in ("all", "any"):
        return [x for child in rule[1] for x in own_levels(child, pos)]
    if rule[0] == "at_least":
        return [x for child in rule[2] for x in own_levels(child, pos)]
    return []
