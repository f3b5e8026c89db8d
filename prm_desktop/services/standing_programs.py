"""Programs in the window: who gains or loses a tier or a level under another program (impact)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from prm_desktop.domain.i18n import get_language
from prm_desktop.domain.program import Program
from prm_desktop.services.evaluation import ProgressFn, evaluate_partners
from prm_desktop.services.programs import get_program
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["ImpactRow", "ProgramImpact", "program_impact"]


@dataclass(frozen=True, slots=True)
class ImpactRow:
    """A partner whose tier or levels differ under the other program.

    Attributes:
        change: ``"gain"`` (a higher tier), ``"loss"`` (a lower tier) or ``"levels"`` (same tier).
        gained: Levels held only under the other program ("Security Expert").
        lost: Levels held only under the active program.
    """

    partner_id: str
    name: str
    tier_now: str
    tier_other: str
    change: str
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProgramImpact:
    """The partners affected by a change of program, and how many were evaluated."""

    active_id: str
    other_id: str
    evaluated: int
    rows: list[ImpactRow]


def _level_names(program: Program, pairs: set[tuple[str, str]], lang: str) -> list[str]:
    names = []
    for comp_id, level_id in sorted(pairs):
        comp = program.competency(comp_id)
        level = comp.level(level_id) if comp else None
        names.append(f"{comp.display_name(lang)} {level.name}" if comp and level else f"{comp_id}:{level_id}")
    return names


def program_impact(uow: UnitOfWorkFactory, other_id: str, progress: ProgressFn | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ProgramImpact:
    """Evaluate the whole portfolio under the active program and ``other_id``; list who changes.

    Rows: tier losses first, then gains, then level-only changes, each by partner name.
    """
    lang = get_language()
    active = get_program(uow)
    other = get_program(uow, other_id)
    result = evaluate_partners(uow, program_id=active.id, compare_id=other_id, progress=progress,
                               cancelled=cancelled)
    rank_now = {t.id: t.rank for t in active.tiers}
    rank_other = {t.id: t.rank for t in other.tiers}
    names_now = {t.id: t.name for t in active.tiers}
    names_other = {t.id: t.name for t in other.tiers}
    rows = []
    for ev in result.evaluations:
        compared = (result.compare or {}).get(ev.partner_id)
        if compared is None:
            continue
        now_levels = set(ev.levels.items())
        other_levels = set(compared["levels"].items())
        before = rank_now.get(ev.tier, 0) if ev.tier else 0
        after = rank_other.get(compared["tier"], 0) if compared["tier"] else 0
        tier_now = names_now.get(ev.tier, ev.tier or "")
        tier_other = names_other.get(compared["tier"], compared["tier"] or "")
        if after > before:
            change = "gain"
        elif after < before:
            change = "loss"
        elif now_levels != other_levels or ev.tier != compared["tier"]:
            change = "levels"
        else:
            continue
        rows.append(ImpactRow(ev.partner_id, ev.name, tier_now, tier_other, change,
                              _level_names(other, other_levels - now_levels, lang),
                              _level_names(active, now_levels - other_levels, lang)))
    order = {"loss": 0, "gain": 1, "levels": 2}
    rows.sort(key=lambda r: (order[r.change], r.name))
    return ProgramImpact(active.id, other.id, len(result.evaluations), rows)
