"""Per-program lookups of the evaluation engine, built once per program and cached on it."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from prm_desktop.domain.program import Program

__all__ = ["ProgramIndex", "add_months", "money", "program_index"]

_CACHE_KEY = "evaluation_index"


def money(value: float) -> float:
    """Round a sum of euros to cents, so float noise never decides a threshold."""
    return round(value, 2) + 0.0


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, the day clamped to the end of the month."""
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
        self._code_comps: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in code_comps.items()}
        self.families: tuple[str, ...] = tuple(c.product_family for c in program.competencies)
        self.tier_motions: tuple[frozenset[str], ...] = tuple(frozenset(t.revenue_motions) for t in program.tiers)
        self.tier_pos: dict[str, int] = {t.id: i for i, t in enumerate(program.tiers)}
        self._level_minimums: tuple[tuple[tuple[int, int, float], ...], ...] = tuple(
            tuple((lv.min_accredited, lv.min_references, lv.min_revenue) for lv in comp.levels)
            for comp in program.competencies
        )
        self._tier_minimums: tuple[tuple[float, int], ...] = tuple(
            (t.min_revenue, t.min_competencies) for t in program.tiers
        )
        #: Per competency and level: ``("competency:level", (French name, English name))`` of its gaps.
        self.level_targets: tuple[tuple[tuple[str, tuple[str, str]], ...], ...] = tuple(
            tuple((f"{comp.id}:{lv.id}",
                   (f"{comp.display_name('fr')} {lv.name}", f"{comp.display_name('en')} {lv.name}"))
                  for lv in comp.levels)
            for comp in program.competencies
        )

    def comps_for_code(self, code: str) -> tuple[int, ...]:
        """Positions of the competencies a certification code (or catalogue name/alias) accredits."""
        found = self._code_comps.get(code)
        if found is None:
            resolved = self.program.resolve_certification(code)
            found = self._code_comps.get(resolved, ()) if resolved else ()
            self._code_comps[code] = found
        return found

    def level_held(self, comp: int, accredited: int, references: int, revenue: float) -> int:
        """Position of the highest level of competency ``comp`` whose three minimums are met, or -1."""
        minimums = self._level_minimums[comp]
        for pos in range(len(minimums) - 1, -1, -1):
            min_acc, min_refs, min_rev = minimums[pos]
            if accredited >= min_acc and references >= min_refs and revenue >= min_rev:
                return pos
        return -1

    def tier_held(self, tier_revenues: Sequence[float], competencies_held: int) -> int:
        """Position of the highest tier whose revenue and competency minimums are met, or -1."""
        minimums = self._tier_minimums
        for pos in range(len(minimums) - 1, -1, -1):
            min_rev, min_comps = minimums[pos]
            if tier_revenues[pos] >= min_rev and competencies_held >= min_comps:
                return pos
        return -1

    def tier_rank(self, tier_id: str | None) -> int:
        """Rank of a tier id of this program; 0 for None or an id the program does not know."""
        pos = self.tier_pos.get(tier_id) if tier_id is not None else None
        return self.program.tiers[pos].rank if pos is not None else 0


def program_index(program: Program) -> ProgramIndex:
    """The program's :class:`ProgramIndex`, built on first use and cached on the program object."""
    index = program._lookup.get(_CACHE_KEY)
    if index is None:
        index = program._lookup[_CACHE_KEY] = ProgramIndex(program)
    return index
