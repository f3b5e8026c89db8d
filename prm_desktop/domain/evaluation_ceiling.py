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

__all__ = ["ceiling_standing", "may_meet_more"]


def may_meet_more(people: PeopleEngine, facts: PartnerFacts, on: date, first: date, met_tier: int,
                  met_levels: Sequence[int]) -> bool:
    """Whether some day from ``first`` to ``on`` could meet a higher tier or level than ``on`` does.

    False when no level above the one met reaches its references and revenue minimums, nor any tier
    above the one met its revenue, with the ceiling's references and revenue (people not even
    counted); else the ceiling's levels and tier (`ceiling_standing`) are compared with those met.
    """
    index = people.index
    references, revenues, tier_revenues = _measures(index, facts, on)
    possible = any(
        references[pos] >= min_refs and revenues[pos] >= min_rev
        for pos, minimums in enumerate(index._level_minimums)
        for _min_acc, min_refs, min_rev in minimums[met_levels[pos] + 1:]
    ) or any(tier_revenues[pos] >= min_rev for pos, (min_rev, _n) in enumerate(index._tier_minimums[met_tier + 1:],
                                                                                 start=met_tier + 1))
    if not possible:
        return False
    top_tier, top_levels = _standing(people, facts, first, on, references, revenues, tier_revenues)
    return top_tier > met_tier or any(top > met for top, met in zip(top_levels, met_levels, strict=True))


def ceiling_standing(people: PeopleEngine, facts: PartnerFacts, first: date, on: date) -> tuple[int, list[int]]:
    """Tier position and level positions that no day from ``first`` to ``on`` exceeds (see the module)."""
    return _standing(people, facts, first, on, *_measures(people.index, facts, on))


def _measures(index: ProgramIndex, facts: PartnerFacts, on: date) -> tuple[list[int], list[float], list[float]]:
    """The ceiling's references and revenue per competency, and revenue per tier."""
    by_motion: dict[str, float] = {}
    by_family: dict[str | None, float] = {}
    family_keys = index.family_keys
    for line in facts.revenue:
        amount = line.amount
        if amount > 0:
            by_motion[line.motion] = by_motion.get(line.motion, 0.0) + amount
            family = family_keys.get(line.product_family, "")  # family_key()'s memo, inlined
            if family == "":
                family = index.family_key(line.product_family)
            by_family[family] = by_family.get(family, 0.0) + amount
    tier_revenues = [round(sum([by_motion.get(m, 0.0) for m in motions]), 2) + 0.0
                     for motions in index.tier_motion_order]
    revenues = [round(by_family.get(family, 0.0), 2) + 0.0 for family in index.families]
    references = [0] * len(revenues)
    for ref in facts.references:
        if ref.validated and (ref.on is None or ref.on <= on):
            pos = index.comp_pos.get(ref.competency_id)
            if pos is not None:
                references[pos] += 1
    return references, revenues, tier_revenues


def _standing(people: PeopleEngine, facts: PartnerFacts, first: date, on: date, references: list[int],
              revenues: list[float], tier_revenues: list[float]) -> tuple[int, list[int]]:
    """The ceiling's levels and tier, its people gathered."""
    stayed = {c.id for c in facts.contacts if c.left_on is None or c.left_on > first}
    acc: list[dict[str, frozenset[str]]] = [{} for _ in revenues]
    certified: dict[str, frozenset[str]] = {}
    for cert in facts.certifications:
        contact = cert.contact_id
        if contact not in stayed or cert.obtained > on or (cert.expires is not None and cert.expires < first):
            continue
        known, comps, roles = people.code_info(cert.code)
        if not known:
            continue
        had = certified.get(contact)
        certified[contact] = roles if had is None else had | roles
        for pos in comps:
            had = acc[pos].get(contact)
            acc[pos][contact] = roles if had is None else had | roles
    held = people.levels(acc, references, revenues)
    return people.tier_of(tier_revenues, held, certified), held
