"""How many slots of one demand stay empty, counted with Hall's theorem instead of a flow.

The largest matching of people to the role slots of one competency (or tier) leaves empty the worst
deficiency over the sets of needed roles: a handful of roles is counted with bit masks, and the answer
is remembered per how many people hold each combination of them. Same total as
`people_assign.shortfall`, which also says which roles stay empty (and decides beyond eight roles).
"""

from __future__ import annotations

from collections.abc import Sequence

from prm_desktop.domain.people_assign import Demand, shortfall

__all__ = ["missing", "missing_uncached"]


def missing(people: Sequence[frozenset[str]], demand: Demand) -> int:
    """How many slots of one demand stay empty (Hall's theorem over the subsets of needed roles).

    The largest matching fills every slot but the worst deficiency ``slots(S) − people(S)`` over the sets
    S of role slots (the slots for any role are next to everyone), so a handful of roles is counted
    with bit masks instead of a flow. Same total as :func:`shortfall`. The answer depends only on how
    many people hold each combination of the needed roles: it is remembered per combination count
    (a portfolio has few of them), see :func:`missing_uncached` for the computation itself.
    """
    needs, extra = demand
    if not needs:
        return max(0, extra - len(people))
    if len(needs) <= 2:  # one to three roles: each set of them counted directly (sooner than remembered)
        return _missing_two(people, needs, extra)
    if len(needs) == 3:
        return _missing_three(people, needs, extra)
    plan = _PLANS.get(demand)
    if plan is None:
        if len(needs) > 8:
            return shortfall(people, demand)[0]
        plan = _plan(demand)
    bits = plan[0]
    counts: dict[int, int] = {}
    for roles in people:
        mask = 0
        for role in roles:
            mask |= bits.get(role, 0)
        counts[mask] = counts.get(mask, 0) + 1
    key = (demand, frozenset(counts.items()))
    found = _MISSING.get(key)
    if found is None:
        total = plan[1]
        worst = total - len(people)
        for subset, want in plan[2]:
            if want <= worst:
                continue
            have = sum([n for m, n in counts.items() if m & subset])
            worst = max(worst, want - have)
        found = max(0, worst)
        if len(_MISSING) >= _MISSING_SIZE:
            _MISSING.clear()
        _MISSING[key] = found
    return found


def _missing_two(people: Sequence[frozenset[str]], needs: tuple[tuple[str, int], ...], extra: int) -> int:
    """:func:`missing` for one or two needed roles: Hall's deficiencies of each role and of both."""
    n = len(people)
    if len(needs) == 1:
        role, want = needs[0]
        have = 0
        for roles in people:
            if role in roles:
                have += 1
        worst = max(want + extra - n, want - have)
        return worst if worst > 0 else 0
    (first, n1), (second, n2) = needs
    h1 = h2 = h12 = 0
    for roles in people:
        a = first in roles
        b = second in roles
        if a:
            h1 += 1
        if b:
            h2 += 1
        if a or b:
            h12 += 1
    worst = max(n1 + n2 + extra - n, n1 - h1, n2 - h2, n1 + n2 - h12)
    return worst if worst > 0 else 0


def _missing_three(people: Sequence[frozenset[str]], needs: tuple[tuple[str, int], ...], extra: int) -> int:
    """:func:`missing` for three needed roles: people counted per combination of them, then Hall's seven sets."""
    (first, n1), (second, n2), (third, n3) = needs
    count = [0] * 8
    for roles in people:
        mask = 0
        if first in roles:
            mask = 1
        if second in roles:
            mask |= 2
        if third in roles:
            mask |= 4
        count[mask] += 1
    n = len(people)
    anyone = n - count[0]
    worst = max(
        n1 + n2 + n3 + extra - n,
        n1 - count[1] - count[3] - count[5] - count[7],
        n2 - count[2] - count[3] - count[6] - count[7],
        n3 - count[4] - count[5] - count[6] - count[7],
        n1 + n2 - anyone + count[4],
        n1 + n3 - anyone + count[2],
        n2 + n3 - anyone + count[1],
        n1 + n2 + n3 - anyone,
    )
    return worst if worst > 0 else 0


#: Per demand: role → bit, total slots, and ``(subset of role bits, slots of those roles)`` for each subset.
_PLANS: dict[Demand, tuple[dict[str, int], int, tuple[tuple[int, int], ...]]] = {}
#: ``missing`` answers per (demand, people per combination of needed roles); cleared when full.
_MISSING: dict[tuple, int] = {}
_MISSING_SIZE = 1 << 16


def _plan(demand: Demand) -> tuple[dict[str, int], int, tuple[tuple[int, int], ...]]:
    needs, extra = demand
    bits = {role: 1 << i for i, (role, _n) in enumerate(needs)}
    subsets = tuple((subset, sum(n for i, (_r, n) in enumerate(needs) if subset >> i & 1))
                    for subset in range(1, 1 << len(needs)))
    plan = _PLANS[demand] = (bits, sum(n for _r, n in needs) + extra, subsets)
    return plan


def missing_uncached(people: Sequence[frozenset[str]], demand: Demand) -> int:
    """:func:`missing` computed afresh (nothing remembered): the reference the remembered answers are tested against."""
    needs, extra = demand
    total = sum(n for _r, n in needs) + extra
    worst = total - len(people)
    if not needs:
        return max(0, worst)
    if len(needs) > 8:
        return shortfall(people, demand)[0]
    bits = {role: 1 << i for i, (role, _n) in enumerate(needs)}
    masks = []
    for roles in people:
        mask = 0
        for role in roles:
            mask |= bits.get(role, 0)
        masks.append(mask)
    for subset in range(1, 1 << len(needs)):
        want = sum(n for i, (_r, n) in enumerate(needs) if subset >> i & 1)
        if want <= worst:
            continue
        have = sum(1 for m in masks if m & subset)
        worst = max(worst, want - have)
    return max(0, worst)
