"""Standings of the people rules remembered across partners, keyed by what decides them (no names).

A standing (levels, tier, and under a cap who counts where) is a pure function of:

- the certified people in the order of their contact ids, each given as the roles they hold for each
  competency (None where not accredited) and their roles for the tiers. Contact ids themselves are
  used only to order people (the capped search takes them in that order, which decides ties), so two
  partners whose people line up the same way get the same answer, person for person;
- which minimums the references and revenue meet: per competency and level, whether both the
  references and the revenue reach the level's minimums, and per tier whether its revenue does
  (nothing else of those numbers is read by the levels, the tier or the capped search).

So a portfolio refresh, whose partners share a few thousand such shapes, works each one out once. A
remembered answer keeps the people as positions in that order and is turned back into the partner's
own contact ids; `PeopleEngine(memo=False)` computes every standing afresh (the reference the tests
compare with).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prm_desktop.domain.evaluation_index import ProgramIndex
    from prm_desktop.domain.evaluation_people import PeopleStanding

__all__ = ["Remembered", "minimums_met", "recall", "remember", "standing_key"]

#: ``(held, tier position, capped, per competency the positions of the people counted, or None uncapped)``.
Remembered = tuple[tuple[int, ...], int, bool, tuple[tuple[int, ...], ...] | None]


def standing_key(persons: Sequence[str], acc: Sequence[dict[str, frozenset[str]]],
                 certified: dict[str, frozenset[str]], passed: tuple[bool, ...]) -> tuple:
    """What decides a standing, without contact ids (``persons``: the certified contact ids, sorted).

    ``passed``: `minimums_met` of the references and revenue.
    """
    # Per competency with anyone, its people as (position in ``persons``, roles): the same information
    # as each person's roles per competency, built from the few competencies someone holds.
    where = {p: i for i, p in enumerate(persons)}
    # (Positions are unique: sorting never compares the roles.)
    held = tuple([(pos, tuple(sorted([(where[p], roles) for p, roles in a.items()])))
                  for pos, a in enumerate(acc) if a])
    return held, tuple([certified[p] for p in persons]), passed


def minimums_met(index: ProgramIndex, references: Sequence[int], revenues: Sequence[float],
                 tier_revenues: Sequence[float]) -> tuple[bool, ...]:
    """Per competency and level whether the references and revenue reach its minimums, then per tier its revenue."""
    passed = [references[pos] >= min_refs and revenues[pos] >= min_rev
              for pos, levels in enumerate(index._level_minimums)  # noqa: SLF001 - the engine's own lookups
              for _min_acc, min_refs, min_rev in levels]
    passed += [tier_revenues[pos] >= min_rev
               for pos, (min_rev, _n) in enumerate(index._tier_minimums)]  # noqa: SLF001
    return tuple(passed)


def remember(st: PeopleStanding, persons: Sequence[str]) -> Remembered:
    """A standing reduced to positions of people in ``persons`` (what another partner can reuse)."""
    chosen = None
    if st.capped:
        where = {p: i for i, p in enumerate(persons)}
        chosen = tuple(tuple(where[p] for p in counted) for counted in st.people)
    return tuple(st.held), st.tier_pos, st.capped, chosen


def recall(found: Remembered, persons: Sequence[str],
           acc: list[dict[str, frozenset[str]]]) -> list[dict[str, frozenset[str]]]:
    """Per competency, the people counted for it, in the partner's own contact ids (``found`` from its key)."""
    chosen = found[3]
    if chosen is None:
        return acc
    return [{persons[i]: acc[pos][persons[i]] for i in counted} for pos, counted in enumerate(chosen)]
