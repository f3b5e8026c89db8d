"""The best assignment of people under a per-person cap: highest tier, then highest levels (branch and bound).

Level targets are tried competency by competency (highest first), each set of targets checked with a
max-flow (`people_assign.assign`); people with room for all their competencies count everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from prm_desktop.domain.evaluation_requires import is_met
from prm_desktop.domain.people_assign import Assignment, Demand, assign, fits_over, too_few_people

if TYPE_CHECKING:
    from prm_desktop.domain.evaluation_people import PeopleEngine

__all__ = ["NODE_LIMIT", "Search"]

#: Most level targets tried per partner under a cap (the best found so far is kept beyond it).
NODE_LIMIT = 4000


class Search:
    """The best assignment of capped people: highest tier, then highest levels (branch and bound)."""

    def __init__(self, engine: PeopleEngine, acc: list[dict[str, frozenset[str]]], references: Sequence[int],
                 revenues: Sequence[float], tier_revenues: Sequence[float], people_ok: Sequence[bool],
                 tops: Sequence[int] | None = None) -> None:
        """Compile the search of one partner's day.

        Args:
            engine: The people engine.
            acc: Per competency, contact id → roles, of everyone accredited for it.
            references: Per competency, the references counted.
            revenues: Per competency, the revenue counted.
            tier_revenues: Per tier, the revenue counted.
            people_ok: Per tier, whether its people minimums are met (`PeopleEngine.tier_people_ok`).
            tops: `PeopleEngine.levels` of ``acc`` when already worked out (only read without level rules,
                memo only): a competency nobody over the cap is in needs no candidates below it.
        """
        self.engine, self.acc = engine, acc
        self.references, self.revenues, self.tier_revenues, self.people_ok = (
            references, revenues, tier_revenues, people_ok)
        where: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for pos, a in enumerate(acc):
            for p, roles in a.items():
                mine = where.get(p)
                if mine is None:
                    where[p] = [(pos, roles)]
                else:
                    mine.append((pos, roles))
        self.persons = sorted(where)
        self.access = [where[p] for p in self.persons]
        index = engine.index
        self.target = [-1] * len(acc)
        self.candidates: list[list[int]] = []
        missing, target_demand = engine.missing, engine.target_demand
        cap = engine.cap or 0
        over = {p for p, mine in where.items() if len(mine) > cap}
        if tops is not None and not (engine.memo and not index.has_level_rules):
            tops = None
        for pos, everyone in enumerate(acc):
            if tops is not None and not over & everyone.keys():
                # (The levels everyone together meets are the candidates' first: nobody here chooses.)
                self.candidates.append([tops[pos], -1] if tops[pos] >= 0 else [-1])
                continue
            found = []
            n, refs, rev, roles = len(everyone), references[pos], revenues[pos], None
            mins = index._level_minimums[pos]
            for level in range(len(mins) - 1, -1, -1):
                min_acc, min_refs, min_rev = mins[level]
                if refs >= min_refs and rev >= min_rev and n >= min_acc:
                    if roles is None:
                        roles = list(everyone.values())
                    if missing(roles, target_demand[pos][level]) == 0:
                        found.append(level)
            found.append(-1)
            self.candidates.append(found)
        # People with room for all their competencies count everywhere; only the others are assigned.
        # A competency none of them is accredited for keeps its best level: no choice is made there.
        #: Without level rules (memo only) each competency's level is its own: worked out only where
        #: someone over the cap is (`_levels`); elsewhere everyone counts, it is the best candidate.
        self._quick = engine.memo and not index.has_level_rules
        floor: list[int] = []
        if not self._quick:
            free = [{p: r for p, r in a.items() if p not in over} for a in acc]
            floor = engine.levels(free, references, revenues)
        self.order = []
        for pos in range(len(acc)):
            if self.candidates[pos][0] < 0:
                continue
            if not over & acc[pos].keys():
                self.candidates[pos] = self.candidates[pos][:1]
                continue
            least = (self._level(pos, {p: r for p, r in acc[pos].items() if p not in over}) if self._quick
                     else floor[pos])
            kept = [level for level in self.candidates[pos] if level >= least]
            self.candidates[pos] = kept or [least]
            self.order.append(pos)
        for pos in range(len(acc)):
            if pos not in self.order and self.candidates[pos][0] >= 0:
                self.target[pos] = self.candidates[pos][0]
        #: Per competency, the demand of its target (kept in step with ``target``).
        self._dem: list[Demand | None] = self._demands()
        #: The people over the cap with their competencies (`fits_over`), and the values worked out.
        self._over = [(p, [pos for pos, _r in mine]) for p, mine in zip(self.persons, self.access, strict=True)
                      if len(mine) > cap]
        self._values: dict[tuple[int, ...], tuple] = {}
        #: Without tier rules naming a tier (memo only): from the top, the tiers whose revenue and people are
        #: met, with their count of competencies and rules (what is left of `PeopleEngine.tier` to decide).
        self._tiers: list[tuple[int, int, tuple]] | None = None
        if engine._tiers_apart:
            self._tiers = [(t, index._tier_minimums[t][1], index.tier_rules[t])
                           for t in range(len(index._tier_minimums) - 1, -1, -1)
                           if tier_revenues[t] >= index._tier_minimums[t][0] and people_ok[t]]
        self._tops = [(pos, self.candidates[pos][0]) for pos in self.order]
        self._held_base = [c[0] for c in self.candidates]  # (`_levels`: the order's are worked out)
        #: The levels of `best_sets` (None: not worked out).
        self.best_held: list[int] | None = None
        self._fits: dict[tuple[int, ...], bool] = {}
        #: Set by the caller when `fits_over` was already False for every competency at its best.
        self.top_unfit = False
        self.nodes = 0
        self._last: tuple[tuple[int, ...], Assignment] | None = None
        self.best_value: tuple = (-2, ())
        self.best_sets: list[dict[str, frozenset[str]]] = []

    def _value(self, held: Sequence[int]) -> tuple:
        key = tuple(held)
        value = self._values.get(key)
        if value is None:
            if self._tiers is None:
                tier = self.engine.tier(self.tier_revenues, held, self.people_ok)
            else:
                tier, n_held, no_tiers = -1, len(key) - key.count(-1), ()
                for t, min_comps, rules in self._tiers:
                    if n_held >= min_comps and all(is_met(rule, key, no_tiers) for rule in rules):
                        tier = t
                        break
            # (The levels themselves, not their ranks: the same order, all shifted by one.)
            value = self._values[key] = (tier, tuple(sorted(key, reverse=True)))
        return value

    def _level(self, pos: int, counted: dict[str, frozenset[str]]) -> int:
        """`levels_no_rules` of one competency: its highest level met with these people counted."""
        index, engine = self.engine.index, self.engine
        n_acc, refs, rev = len(counted), self.references[pos], self.revenues[pos]
        floor_acc, floor_refs, floor_rev = index._level_floors[pos]
        if n_acc >= floor_acc and refs >= floor_refs and rev >= floor_rev:
            mins = index._level_minimums[pos]
            for level in range(len(mins) - 1, -1, -1):
                min_acc, min_refs, min_rev = mins[level]
                if n_acc >= min_acc and refs >= min_refs and rev >= min_rev:
                    demand = engine.level_demand[pos][level]
                    if (n_acc >= demand[1] if not demand[0]
                            else engine.missing(list(counted.values()), demand) == 0):
                        return level
        return -1

    def _levels(self, sets: list[dict[str, frozenset[str]]]) -> list[int]:
        """`PeopleEngine.levels` of these people (only the order's worked out, without level rules)."""
        if not self._quick:
            return self.engine.levels(sets, self.references, self.revenues)
        held = self._held_base[:]
        for pos in self.order:
            held[pos] = self._level(pos, sets[pos])
        return held

    def _demands(self) -> list[Demand | None]:
        return [self.engine.target_demand[pos][t] if t >= 0 else None for pos, t in enumerate(self.target)]

    def _assign(self) -> Assignment:
        """`assign` for the current targets; the last answer is kept (a leaf asks again what its parent just did)."""
        if self.engine.memo:
            targets = tuple(self.target)
            if self._last is not None and self._last[0] == targets:
                return self._last[1]
            result = assign(self.access, self._dem, self.engine.cap or 0)
            self._last = (targets, result)
            return result
        return assign(self.access, self._demands(), self.engine.cap or 0)

    def _feasible(self, unfit: bool = False) -> bool:
        """Whether the current targets can all be met (`_assign`'s feasibility).

        No flow is worked out when capped people can simply leave competencies they are not needed in
        (`fits_over`, not tried again when ``unfit``), nor when they are too few to fill every slot
        (`too_few_people`).
        """
        engine = self.engine
        if engine.memo:
            targets = tuple(self.target)
            known = self._fits.get(targets)
            if known is None:
                if self._last is not None and self._last[0] == targets:
                    return self._last[1].feasible
                demands = self._dem
                cap = engine.cap or 0
                if not unfit and fits_over(self.acc, demands, cap, self._over, engine.missing):
                    known = True
                elif too_few_people(self.acc, demands, cap):
                    known = False
                else:
                    known = self._assign().feasible
                self._fits[targets] = known
            return known
        return self._assign().feasible

    def _sets(self, counts_for: list[list[int]]) -> list[dict[str, frozenset[str]]]:
        """Who counts where: the assignment, then everyone with room in further competencies (in order)."""
        cap = self.engine.cap or 0
        sets: list[dict[str, frozenset[str]]] = [{} for _ in self.acc]
        for i, (person, comps) in enumerate(zip(self.persons, counts_for, strict=True)):
            chosen = list(comps)
            for pos, _roles in self.access[i]:
                if len(chosen) >= cap:
                    break
                if pos not in chosen:
                    chosen.append(pos)
            for pos in chosen:
                sets[pos][person] = self.acc[pos][person]
        return sets

    def _leaf(self) -> None:
        result = self._assign()
        if not result.feasible:
            return
        sets = self._sets(result.counts_for)
        held = self._levels(sets)
        value = self._value(held)
        if value > self.best_value:
            self.best_value, self.best_sets, self.best_held = value, sets, held

    def _visit(self, i: int, bound_met: bool = False) -> None:
        """Targets for ``order[i:]``; ``bound_met``: the bound was just found above the best (memo only)."""
        self.nodes += 1
        if self.nodes > NODE_LIMIT:
            return
        if not bound_met:
            bound = self.target[:]
            for pos, top in self._tops[i:]:
                bound[pos] = top
            if self._value(bound) <= self.best_value:
                return
        if i == len(self.order):
            self._leaf()
            return
        pos = self.order[i]
        demands, dem = self.engine.target_demand[pos], self._dem
        # The first candidate is the best one: the child's bound is this node's (nothing found in between).
        first, memo = True, self.engine.memo
        for level in self.candidates[pos]:
            self.target[pos] = level
            dem[pos] = demands[level] if level >= 0 else None
            if level >= 0 and not self._feasible():
                first = False
                continue
            self._visit(i + 1, first and memo)
            first = False
        self.target[pos] = -1
        dem[pos] = None

    def _fallback(self) -> None:
        """The leaf where no capped person is assigned (each fills their first competencies in file order).

        Its flow needs no working out: the competencies with a target have no capped person, and the
        others have room for all of theirs, so every slot is filled and the capped people get nothing
        (the reference engine, memo=False, runs the flow all the same).
        """
        if not self.engine.memo:
            self._leaf()
            return
        sets = self._sets([[] for _ in self.persons])
        held = self._levels(sets)
        value = self._value(held)
        if value > self.best_value:
            self.best_value, self.best_sets, self.best_held = value, sets, held

    def best(self) -> list[dict[str, frozenset[str]]]:
        """Per competency, the people counted for it."""
        self._fallback()  # the best levels where no choice is made, everyone else in file order
        if self.order:  # every competency at its best: often possible, then no search
            for pos in self.order:
                self.target[pos] = self.candidates[pos][0]
                self._dem[pos] = self.engine.target_demand[pos][self.target[pos]]
            bound = self._value(self.target)
            if self.best_value >= bound and self.engine.memo and not self.engine.index.has_level_rules:
                # Without level rules no assignment beats every competency at its best candidate
                # (the candidates are the levels everyone together meets): the fallback stays.
                return self.best_sets
            if not self.engine.memo or self._feasible(self.top_unfit):  # (an infeasible leaf gives nothing)
                self._leaf()
            for pos in self.order:
                self.target[pos] = -1
                self._dem[pos] = None
            if self.best_value < bound:
                self._visit(0)
        if not self.best_sets:
            self.best_sets = self._sets([[] for _ in self.persons])
        return self.best_sets
