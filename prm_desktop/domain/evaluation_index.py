"""Per-program lookups of the evaluation engine, built once per program and cached on it."""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from prm_desktop.domain.evaluation_requires import Rule, compile_rules, is_met
from prm_desktop.domain.program import Program, normalize_key

__all__ = ["ProgramIndex", "add_months", "money", "program_index"]

_CACHE_KEY = "evaluation_index"


def money(value: float) -> float:
    """Round a sum of euros to cents, so float noise never decides a threshold."""
    return round(value, 2) + 0.0


@lru_cache(maxsize=1 << 14)
def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, the day clamped to the end of the month.

    Remembered: review and grace move the same few dates of a portfolio by the same few months.
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = min(d.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


class ProgramIndex:
    """Lookups derived from a program: positions, certification codes, tier motions, level minimums.

    Competencies are addressed by position in ``program.competencies``; levels and tiers by position in
    their rank-sorted tuples (-1 = none held).
    """

    def __init__(self, program: Program) -> None:
        self.program = program
        self.comp_pos: dict[str, int] = {c.id: i for i, c in enumerate(program.competencies)}
        code_comps: dict[str, list[int]] = {}
        for i, comp in enumerate(program.competencies):
            for code in comp.certifications:
                code_comps.setdefault(code, []).append(i)
        #: Competency positions per certification code (`comps_for_code`'s memo, read inline by the engine).
        self.code_comps: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in code_comps.items()}
        #: Product family of each competency, case and accents folded (revenue lines are matched so).
        self.families: tuple[str, ...] = tuple(normalize_key(c.product_family) for c in program.competencies)
        #: `family_key`'s memo (read inline by the engine's hot loop).
        self.family_keys: dict[str | None, str | None] = {None: None}
        self.tier_motions: tuple[frozenset[str], ...] = tuple(frozenset(t.revenue_motions) for t in program.tiers)
        #: Each tier's motions once each in the program's order: revenue is summed in this order, the
        #: same in every process (a frozenset's order follows the process's string hashing).
        self.tier_motion_order: tuple[tuple[str, ...], ...] = tuple(
            tuple(dict.fromkeys(t.revenue_motions)) for t in program.tiers)
        self.tier_pos: dict[str, int] = {t.id: i for i, t in enumerate(program.tiers)}
        # A revenue minimum of 0 is no requirement: a net credit-note window meets it too.
        self._level_minimums: tuple[tuple[tuple[int, int, float], ...], ...] = tuple(
            tuple((lv.min_accredited, lv.min_references, _revenue_floor(lv.min_revenue)) for lv in comp.levels)
            for comp in program.competencies
        )
        #: Per competency, the lowest of its levels' minimums of each kind: a competency with fewer
        #: accredited people, references or revenue than that holds no level (most, in a portfolio).
        self._level_floors: tuple[tuple[float, float, float], ...] = tuple(
            tuple(min((m[k] for m in minimums), default=math.inf) for k in range(3))  # type: ignore[misc]
            for minimums in self._level_minimums
        )
        self._tier_minimums: tuple[tuple[float, int], ...] = tuple(
            (_revenue_floor(t.min_revenue), t.min_competencies) for t in program.tiers
        )
        self.tier_rules: tuple[tuple[Rule, ...], ...] = tuple(compile_rules(program, t.requires) for t in program.tiers)
        self.level_rules: tuple[tuple[tuple[Rule, ...], ...], ...] = tuple(
            tuple(compile_rules(program, lv.requires) for lv in comp.levels) for comp in program.competencies
        )
        self.has_tier_rules = any(self.tier_rules)
        self.has_level_rules = any(any(rules) for rules in self.level_rules)
        self.comp_order: tuple[int, ...] = _dependency_order(program) if self.has_level_rules else ()
        #: Per competency and level: ``("competency:level", (French name, English name))`` of its gaps.
        self.level_targets: tuple[tuple[tuple[str, tuple[str, str]], ...], ...] = tuple(
            tuple((f"{comp.id}:{lv.id}",
                   (f"{comp.display_name('fr')} {lv.name}", f"{comp.display_name('en')} {lv.name}"))
                  for lv in comp.levels)
            for comp in program.competencies
        )

    def family_key(self, family: str | None) -> str | None:
        """A revenue line's product family folded like :attr:`families` (memoised)."""
        found = self.family_keys.get(family, "")
        if found == "":
            found = self.family_keys[family] = normalize_key(family) if family is not None else None
        return found

    def comps_for_code(self, code: str) -> tuple[int, ...]:
        """Positions of the competencies a certification code (or catalogue name/alias) accredits."""
        found = self.code_comps.get(code)
        if found is None:
            resolved = self.program.resolve_certification(code)
            found = self.code_comps.get(resolved, ()) if resolved else ()
            self.code_comps[code] = found
        return found

    def level_held(self, comp: int, accredited: int, references: int, revenue: float) -> int:
        """Position of the highest level of competency ``comp`` whose three minimums are met, or -1."""
        minimums = self._level_minimums[comp]
        for pos in range(len(minimums) - 1, -1, -1):
            min_acc, min_refs, min_rev = minimums[pos]
            if accredited >= min_acc and references >= min_refs and revenue >= min_rev:
                return pos
        return -1

    def levels_held(
        self, accredited: Sequence[int], references: Sequence[int], revenues: Sequence[float]
    ) -> list[int]:
        """Per competency, the position of the highest level met (minimums and ``requires``), or -1.

        Competencies are worked out in dependency order; a level's ``requires`` sees the levels of
        the competencies it names, and the levels of its own competency met below it.
        """
        if not self.has_level_rules:
            # `level_held` inlined: this runs for every competency of every partner of a portfolio.
            held = []
            floors = self._level_floors
            for pos, minimums in enumerate(self._level_minimums[:len(accredited)]):
                acc, refs, rev = accredited[pos], references[pos], revenues[pos]
                level = -1
                floor_acc, floor_refs, floor_rev = floors[pos]
                if acc < floor_acc or refs < floor_refs or rev < floor_rev:
                    held.append(level)
                    continue
                for lpos in range(len(minimums) - 1, -1, -1):
                    min_acc, min_refs, min_rev = minimums[lpos]
                    if acc >= min_acc and refs >= min_refs and rev >= min_rev:
                        level = lpos
                        break
                held.append(level)
            return held
        held = [-1] * len(accredited)
        no_tiers: tuple[bool, ...] = ()
        for pos in self.comp_order:
            acc, refs, rev = accredited[pos], references[pos], revenues[pos]
            for level, (min_acc, min_refs, min_rev) in enumerate(self._level_minimums[pos]):
                if acc >= min_acc and refs >= min_refs and rev >= min_rev and all(
                    is_met(rule, held, no_tiers) for rule in self.level_rules[pos][level]
                ):
                    held[pos] = level
        return held

    def tier_held(
        self, tier_revenues: Sequence[float], competencies_held: int, levels: Sequence[int] | None = None
    ) -> int:
        """Position of the highest tier whose revenue, competency minimums and ``requires`` are met, or -1.

        Args:
            tier_revenues: Revenue of the window counted for each tier.
            competencies_held: Competencies held at any level.
            levels: Level position held per competency (needed when tiers have ``requires``).
        """
        minimums = self._tier_minimums
        if not self.has_tier_rules or levels is None:
            for pos in range(len(minimums) - 1, -1, -1):
                min_rev, min_comps = minimums[pos]
                if tier_revenues[pos] >= min_rev and competencies_held >= min_comps:
                    return pos
            return -1
        met = self.tiers_met(tier_revenues, competencies_held, levels)
        for pos in range(len(met) - 1, -1, -1):
            if met[pos]:
                return pos
        return -1

    def tiers_met(self, tier_revenues: Sequence[float], competencies_held: int, levels: Sequence[int]) -> list[bool]:
        """Whether each tier's minimums and ``requires`` are met (lowest tier first)."""
        met = [False] * len(self._tier_minimums)
        for pos, (min_rev, min_comps) in enumerate(self._tier_minimums):
            met[pos] = (
                tier_revenues[pos] >= min_rev
                and competencies_held >= min_comps
                and all(is_met(rule, levels, met) for rule in self.tier_rules[pos])
            )
        return met

    def tier_rank(self, tier_id: str | None) -> int:
        """Rank of a tier id of this program; 0 for None or an id the program does not know."""
        pos = self.tier_pos.get(tier_id) if tier_id is not None else None
        return self.program.tiers[pos].rank if pos is not None else 0

    def movement(self, assigned: str | None, qualified: str | None) -> str | None:
        """``"promotion"`` or ``"demotion"`` from the assigned tier to the one qualified for; None when level.

        A tier the program does not have (assigned under another program) ranks as no tier, except that
        qualifying for no tier is then a demotion: the partner holds on paper a tier this program does not
        give it, and the demotion candidates list it for the tier review.
        """
        assigned_rank, qualified_rank = self.tier_rank(assigned), self.tier_rank(qualified)
        if qualified_rank > assigned_rank:
            return "promotion"
        if qualified_rank < assigned_rank:
            return "demotion"
        if qualified is None and assigned is not None and assigned not in self.tier_pos:
            return "demotion"
        return None

    def level_ids(self, held: Sequence[int]) -> dict[str, str]:
        """``{competency id: level id}`` of the levels held (``held``: a level position per competency, -1: none)."""
        comps = self.program.competencies
        return {comps[pos].id: comps[pos].levels[level].id for pos, level in enumerate(held) if level >= 0}


def _revenue_floor(minimum: float) -> float:
    return minimum if minimum > 0 else -math.inf


def _dependency_order(program: Program) -> tuple[int, ...]:
    """Competency positions, each after the competencies its levels' ``requires`` name.

    The loader refuses loops, so the order always exists.
    """
    positions = {c.id: i for i, c in enumerate(program.competencies)}

    def named(req: object) -> set[str]:
        found = {req.competency} if req.kind == "competency" else set(req.among)  # type: ignore[attr-defined]
        for child in req.children:  # type: ignore[attr-defined]
            found |= named(child)
        return found

    deps = [
        {positions[n] for lvl in c.levels for r in lvl.requires for n in named(r) if n in positions} - {i}
        for i, c in enumerate(program.competencies)
    ]
    order: list[int] = []
    done: set[int] = set()

    def visit(pos: int) -> None:
        if pos in done:
            return
        done.add(pos)
        for dep in sorted(deps[pos]):
            visit(dep)
        order.append(pos)

    for pos in range(len(deps)):
        visit(pos)
    return tuple(order)


def program_index(program: Program) -> ProgramIndex:
    """The program's :class:`ProgramIndex`, built on first use and cached on the program object."""
    index = program._lookup.get(_CACHE_KEY)
    if index is None:
        index = program._lookup[_CACHE_KEY] = ProgramIndex(program)
    return index
