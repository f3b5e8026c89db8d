"""A simple way to meet a tier: which competencies to hold, at which level (used by the demo data).

The plan follows the tier's rules in order: ``min_competencies`` and count rules take the preferred
competencies first, ``any`` takes its first choice, ``at_least`` its first ones, and a level's own
``requires`` are planned too. It is one way to meet the tier, not the cheapest.
"""

from __future__ import annotations

from collections.abc import Sequence

from prm_desktop.domain.program import Competency, Program, Requirement, Tier

__all__ = ["plan_tier"]


def _level_pos(comp: Competency, level: str | None) -> int | None:
    if level is None:
        return 0
    for pos, lvl in enumerate(comp.levels):
        if lvl.id.casefold() == level.casefold():
            return pos
    return None


class _Planner:
    def __init__(self, program: Program, preferred: Sequence[str]) -> None:
        self.program = program
        ids = [c.id for c in program.competencies]
        self.order = [c for c in preferred if c in ids] + [c for c in ids if c not in preferred]
        self.need: dict[str, int] = {}
        self.seen: set[tuple[str, int]] = set()

    def add(self, comp_id: str, pos: int) -> None:
        if self.need.get(comp_id, -1) < pos:
            self.need[comp_id] = pos
        if (comp_id, pos) in self.seen:
            return
        self.seen.add((comp_id, pos))
        comp = self.program.competency(comp_id)
        if comp is not None:
            for req in comp.levels[pos].requires:
                self.satisfy(req)

    def count(self, n: int, pool: list[tuple[str, int]]) -> None:
        have = sum(1 for comp_id, pos in pool if self.need.get(comp_id, -1) >= pos)
        rank = {c: i for i, c in enumerate(self.order)}
        for comp_id, pos in sorted(pool, key=lambda item: rank[item[0]]):
            if have >= n:
                return
            if self.need.get(comp_id, -1) < pos:
                self.add(comp_id, pos)
                have += 1

    def satisfy(self, req: Requirement) -> None:
        program = self.program
        if req.kind == "competencies":
            comps = [program.competency(c) for c in req.among] if req.among else list(program.competencies)
            pool = []
            for comp in comps:
                if comp is None or (req.dimension is not None and comp.dimension != req.dimension):
                    continue
                pos = _level_pos(comp, req.level)
                if pos is not None:
                    pool.append((comp.id, pos))
            self.count(req.count, pool)
        elif req.kind == "competency":
            comp = program.competency(req.competency or "")
            if comp is not None:
                self.add(comp.id, _level_pos(comp, req.level) or 0)
        elif req.kind == "tier":
            tier = program.tier(req.tier)
            if tier is not None:
                self.tier(tier)
        elif req.kind == "all":
            for child in req.children:
                self.satisfy(child)
        elif req.kind == "any" and req.children:
            self.satisfy(req.children[0])
        elif req.kind == "at_least":
            for child in req.children[: req.count]:
                self.satisfy(child)

    def tier(self, tier: Tier) -> None:
        self.count(tier.min_competencies, [(c.id, 0) for c in self.program.competencies if c.levels])
        for req in tier.requires:
            self.satisfy(req)


def plan_tier(program: Program, tier: Tier, preferred: Sequence[str] = ()) -> dict[str, int]:
    """Competency id → position of the level to hold (in ``comp.levels``) so as to meet ``tier``.

    Args:
        program: The program.
        tier: The tier to meet.
        preferred: Competency ids to use first (e.g. the partner's focus).

    Returns:
        The competencies to hold and the level of each, by position (0 = lowest level).
    """
    planner = _Planner(program, preferred)
    planner.tier(tier)
    return planner.need
