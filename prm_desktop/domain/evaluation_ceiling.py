"""Under people rules, a standing no day of a stretch can exceed: what a review or grace look-back may skip.

A review or grace keeps the tier or a level higher than met on d only when some earlier day (the last
review, the days of the grace period) met more. Every day from ``first`` to d sees at most:

- the people holding a certification valid on some day of the stretch (obtained by d, not expired
  before ``first``, the contact not gone before ``first``), each counted everywhere (no cap);
- every validated reference dated up to d (none ages out);
- per product family and per tier, the sum of the positive revenue lines (credit notes left out,
  every quarter of the facts).

Levels and tiers only grow with people, references and revenue (role slots, minimums and
``requires`` rules alike, and a per-person cap only takes people away), so the levels and tier met
with all of that bound those of every day of the stretch. When they are no higher than what is met on
d, no day of the stretch can keep anything higher, and the look-back is skipped (`apply_review`). Most
partners are ruled out sooner: no level above theirs reaches its references and revenue minimums, no
tier above theirs its revenue, with those references and revenue, and their people are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from prm_desktop.domain.evaluation_index import ProgramIndex
from prm_desktop.domain.evaluation_model import PartnerFacts
from prm_desktop.domain.evaluation_people import PeopleEngine
from prm_desktop.domain.evaluation_sums import reference_counts, revenue_and_ceiling
from prm_desktop.domain.people_days import gather_valid, valid_certs

__all__ = ["Ceiling", "ceiling_standing", "may_hold_anything", "may_meet_more"]


#: The ceiling's references and revenue per competency, and revenue per tier (what `_measures` gives).
Ceiling = tuple[list[int], list[float], list[float]]


def may_meet_more(people: PeopleEngine, facts: PartnerFacts, on: date, first: date, met_tier: int,
                  met_levels: Sequence[int], ceiling: Ceiling | None = None) -> bool:
    """Whether some day from ``first`` to ``on`` could meet a higher tier or level than ``on`` does.

    False when no level above the one met reaches its references and revenue minimums, nor any tier
    above the one met its revenue, with the ceiling's references and revenue (people not even
    counted); else the ceiling's levels and tier (`ceiling_standing`) are compared with those met.
    ``ceiling``: the ceiling's measures when already worked out (`evaluation._measure_and_ceiling`).
    """
    index = people.index
    references, revenues, tier_revenues = ceiling or _measures(index, facts, on)
    if not _possible(index, references, revenues, tier_revenues, met_tier, met_levels):
        return False
    top_tier, top_levels = _standing(people, facts, first, on, references, revenues, tier_revenues)
    return top_tier > met_tier or any(top > met for top, met in zip(top_levels, met_levels, strict=True))


def may_hold_anything(index: ProgramIndex, ceiling: Ceiling) -> bool:
    """Whether any level or tier reaches its references and revenue minimums with the ceiling's measures.

    When none does, no day the ceiling bounds (the look-back's, and the day evaluated) holds a level or
    a tier, whoever is certified: nothing is held, kept or at risk.
    """
    return _possible(index, *ceiling, -1, [-1] * len(index._level_minimums))


def _possible(index: ProgramIndex, references: Sequence[int], revenues: Sequence[float],
              tier_revenues: Sequence[float], met_tier: int, met_levels: Sequence[int]) -> bool:
    """Whether a level above one met reaches its references and revenue minimums, or a tier above its revenue."""
    floors = index._level_floors
    for pos, minimums in enumerate(index._level_minimums):
        refs, rev = references[pos], revenues[pos]
        _acc, floor_refs, floor_rev = floors[pos]
        if refs < floor_refs or rev < floor_rev:
            continue  # under the lowest minimums of every level
        for _min_acc, min_refs, min_rev in minimums[met_levels[pos] + 1:]:
            if refs >= min_refs and rev >= min_rev:
                return True
    tier_minimums = index._tier_minimums
    return any(tier_revenues[pos] >= tier_minimums[pos][0] for pos in range(met_tier + 1, len(tier_minimums)))


def ceiling_standing(people: PeopleEngine, facts: PartnerFacts, first: date, on: date,
                     ceiling: Ceiling | None = None) -> tuple[int, list[int]]:
    """Tier position and level positions that no day from ``first`` to ``on`` exceeds (see the module).

    ``ceiling``: the ceiling's measures when already worked out (`evaluation._measure_and_ceiling`).
    """
    return _standing(people, facts, first, on, *(ceiling or _measures(people.index, facts, on)))


def _measures(index: ProgramIndex, facts: PartnerFacts, on: date) -> Ceiling:
    """The ceiling's references and revenue per competency, and revenue per tier.

    Every validated reference dated up to ``on`` (none ages out); every positive revenue line (no window).
    """
    _total, _tiers, _comps, tier_revenues, revenues = revenue_and_ceiling(index, facts.revenue, ())
    return reference_counts(index, facts.references, on, None), revenues, tier_revenues


def _standing(people: PeopleEngine, facts: PartnerFacts, first: date, on: date, references: list[int],
              revenues: list[float], tier_revenues: list[float]) -> tuple[int, list[int]]:
    """The ceiling's levels and tier, its people gathered."""
    acc, certified = gather_valid(people, valid_certs(people, facts, on, since=first), first)
    held = people.levels(acc, references, revenues)
    return people.tier_of(tier_revenues, held, certified), held
