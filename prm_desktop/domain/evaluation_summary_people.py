"""The partner summary's columns under people rules, a review or grace (a portfolio refresh).

``summary_columns`` needs only the tier, the movement and the first at-risk date. Under a program with
people by role, a per-person cap, a review or grace (and no metrics), the whole engine also builds what
the summary never reads: the evaluation object, each at-risk entry's reason (contact names), the kept
tier's and levels' explanations, and every at-risk entry when only the first one is stored. Here the
same standings are asked of the same engine (`PeopleEngine.held_on`, `may_meet_more`, the review and
grace days of `evaluation_review`), then only the first date is worked out:

- a partner whose references and revenue reach no level nor tier on any day looked at (the
  look-back's ceiling, `evaluation_ceiling`) holds nothing: no standing is worked out;
- a review or grace delays an entry with a monotone function of its day (`_delayed`); what is kept is
  lost the day after it stops being kept. The first at-risk date is the earliest kept date or the
  delay of the earliest entry of what is not kept;
- a day looked back at whose uncapped standing meets no more than d keeps nothing: the search for
  who counts where under the cap is not made for it;
- the levels and tier change only on the days someone stops counting somewhere, or stops counting
  with a role (`_change_days`, from the certifications valid on d listed once, `valid_certs`);
- when nobody holds more competencies than the cap on d, what is lost only grows from one such day
  to the next (fewer people, as many minimums met): they are tried in order up to the first that
  loses something not kept, or whose delay comes after what is kept. Under a cap a level may come
  back (`people_at_risk`): the engine's own bisection over the expiry days is made, item by item, as
  it makes it, each day's standing shared with the days of the same people.

The results are those of ``evaluate(program, facts, on, with_gaps=False)`` (tests/domain/
test_evaluation_summary_people.py compares them on generated partners).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache, partial
from typing import Any

from prm_desktop.domain.evaluation_ceiling import Ceiling, ceiling_standing, may_hold_anything, may_meet_more
from prm_desktop.domain.evaluation_index import ProgramIndex, add_months, program_index
from prm_desktop.domain.evaluation_metrics import to_program_currency
from prm_desktop.domain.evaluation_model import PartnerFacts
from prm_desktop.domain.evaluation_people import PeopleEngine, first_losses, people_engine
from prm_desktop.domain.evaluation_review import _first_review_from, _kept, _nothing_higher, loss_days
from prm_desktop.domain.people_assign import over_cap
from prm_desktop.domain.people_days import ValidCert, gather_valid, valid_certs
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_review import ReviewRules, last_review, next_review

__all__ = ["applies", "people_summary_columns"]

_DAY = timedelta(days=1)
_FIRST = date.min
#: ``evaluation._measure_and_ceiling``: the partner's measures on a day, worked out when called (``references``,
#: ``revenues``, ``tier_revenues``; no accredited people's cover, the people rules gather their own), and the
#: ceiling's.
MeasureFn = Callable[[ProgramIndex, PartnerFacts, date], tuple[Callable[[], Any], Ceiling]]
#: ``evaluation._standing_on``: position of the tier and of each level met on a day.
StandingFn = Callable[[ProgramIndex, PartnerFacts, date, tuple[int, Sequence[int]]], tuple[int, list[int]]]
Columns = tuple[str | None, str | None, date | None]


def applies(program: Program) -> bool:
    """Whether :func:`people_summary_columns` may give ``summary_columns`` for this program."""
    return program.people is not None and program.extras is None


@lru_cache(maxsize=8192)
def _delayed(rules: ReviewRules | None, lost: date) -> date:
    """The day an entry lost on ``lost`` is lost once the review and grace keep it (`_delay_losses`)."""
    if rules is None:
        return lost
    review_lost = _first_review_from(rules, lost) if rules.review is not None else lost
    grace_lost = add_months(lost - _DAY, rules.grace_months) + _DAY if rules.grace_months else lost
    return max(review_lost, grace_lost)


def people_summary_columns(program: Program, facts: PartnerFacts, on: date, measure: MeasureFn,
                           standing_on: StandingFn) -> Columns | None:
    """``(tier, movement, first at-risk date)`` of ``evaluate(program, facts, on, with_gaps=False)``.

    Args:
        program: A program for which :func:`applies` holds.
        facts: The partner's facts.
        on: The evaluation date.
        measure: ``evaluation._measure_and_ceiling``.
        standing_on: ``evaluation._standing_on``.

    Returns:
        The columns, or None when the program's people engine is the reference one (``memo=False``),
        which this path does not stand for.
    """
    facts = to_program_currency(program, facts)
    index = program_index(program)
    people = people_engine(index)
    if people is None or not people.memo:
        return None
    measured, ceiling = measure(index, facts, on)
    if not may_hold_anything(index, ceiling):  # too few references or too little revenue for anything
        return None, index.movement(facts.assigned_tier, None), None
    m = measured()
    references, revenues, tier_revenues = m.references, m.revenues, m.tier_revenues
    valid = valid_certs(people, facts, on)
    acc, certified = gather_valid(people, valid, on)
    # Nobody counts for more competencies than the cap on d (then, nor on any later day): what is lost
    # only grows from one day to the next.
    over = over_cap(acc, people.cap) if people.cap is not None else []
    monotone = not over
    held, tier_pos = people.held_from(acc, certified, references, revenues, tier_revenues, over=over)
    rules = program.review
    tier_out = tier_pos
    kept_keys: list[str] = []
    kept_first: date | None = None
    if rules is not None:
        tier_out, kept_keys, kept_first = _review(index, people, facts, on, held, tier_pos, rules, standing_on,
                                                  ceiling)
    # What may be lost (positions in `_first_raw_loss`'s lost tuple: the levels held, then the tier)
    # and is not kept: kept items are found by name, as the at-risk entries name them.
    n_held = sum(1 for level in held if level >= 0)
    if kept_keys:
        comps = program.competencies
        items = [f"{comps[pos].id}:{comps[pos].levels[level].id}" for pos, level in enumerate(held) if level >= 0]
        items.append(f"tier:{program.tiers[tier_pos].id}" if tier_pos >= 0 else "")
        open_items = [i for i, item in enumerate(items)
                      if item and not any(item.startswith(k) for k in kept_keys)]
    else:
        open_items = list(range(n_held + 1 if tier_pos >= 0 else n_held))
    first = kept_first
    if open_items:
        raw = _first_raw_loss(people, valid, held, tier_pos, m, open_items, rules, kept_first, monotone)
        if raw is not None:
            day = _delayed(rules, raw)
            first = day if first is None or day < first else first
    tier_id = program.tiers[tier_out].id if tier_out >= 0 else None
    return tier_id, index.movement(facts.assigned_tier, tier_id), first


def _review(index: ProgramIndex, people: PeopleEngine, facts: PartnerFacts, on: date, held: list[int],
            tier_pos: int, rules: ReviewRules, standing_on: StandingFn,
            ceiling: Ceiling) -> tuple[int, list[str], date | None]:
    """`apply_review`'s tier kept, the keys of what is kept and its earliest at-risk date (None: nothing kept)."""
    program = index.program
    tiers, comps = program.tiers, program.competencies
    if tier_pos >= len(tiers) - 1 and all(lv >= len(c.levels) - 1 for lv, c in zip(held, comps, strict=True)):
        return tier_pos, [], None
    review_day = last_review(rules, on)
    more = partial(may_meet_more, people, facts, on, ceiling=ceiling)
    if _nothing_higher(rules, on, review_day, tier_pos, held, more):
        return tier_pos, [], None
    grace_start = add_months(on, -rules.grace_months) if rules.grace_months else None
    # The look-back's first day was the review's: the grace period alone may have nothing higher
    # (then no day of it keeps anything, and its standings are not worked out).
    grace_higher = grace_start is not None and (
        review_day is None or review_day >= on or grace_start <= review_day
        or _ceiling_higher(people, facts, grace_start, on, tier_pos, held, ceiling))
    review: tuple[int, list[int]] | None = None
    review_until = None
    # A day meeting no more than ``on`` keeps nothing: its standing need not be exact, only no higher.
    met = (tier_pos, held)
    if review_day is not None and review_day < on:
        review = standing_on(index, facts, review_day, met)
        nxt = next_review(rules, on)
        review_until = nxt - _DAY if nxt is not None else None
    segments: list[tuple[date, tuple[int, list[int]]]] = []
    if grace_higher:
        assert grace_start is not None
        for cut in loss_days(index, facts, grace_start, on):
            segments.append((cut - _DAY, standing_on(index, facts, cut - _DAY, met)))
    grace = rules.grace_months
    keys: list[str] = []
    first: date | None = None
    tier_out = tier_pos
    kept, until, _why = _kept(tier_pos, len(tiers) - 1, review[0] if review else None, review_until,
                              [(end, st[0]) for end, st in segments], grace, on)
    if kept > tier_pos and until is not None:
        tier_out, first = kept, until + _DAY
        keys.append("tier:")
    for pos, comp in enumerate(comps):
        kept, until, _why = _kept(held[pos], len(comp.levels) - 1, review[1][pos] if review else None,
                                  review_until, [(end, st[1][pos]) for end, st in segments], grace, on)
        if kept > held[pos] and until is not None:
            keys.append(f"{comp.id}:")
            if first is None or until + _DAY < first:
                first = until + _DAY
    return tier_out, keys, first


def _ceiling_higher(people: PeopleEngine, facts: PartnerFacts, first: date, on: date, tier_pos: int,
                    held: Sequence[int], ceiling: Ceiling) -> bool:
    """`may_meet_more` past its first test, which a longer stretch ending on ``on`` has passed already."""
    top_tier, top_levels = ceiling_standing(people, facts, first, on, ceiling)
    return top_tier > tier_pos or any(top > met for top, met in zip(top_levels, held, strict=True))


def _first_raw_loss(people: PeopleEngine, valid: list[ValidCert], held: Sequence[int], tier_pos: int, m: Any,
                    open_items: list[int], rules: ReviewRules | None, kept_first: date | None,
                    monotone: bool) -> date | None:
    """The earliest day `people_at_risk` gives an entry of ``open_items`` (positions in its lost tuple).

    ``valid``: `valid_certs` on the day evaluated (d); ``monotone``: nobody counts for more
    competencies than the cap on d.
    """
    comps = [pos for pos, level in enumerate(held) if level >= 0]
    references, revenues, tier_revenues = m.references, m.revenues, m.tier_revenues
    if monotone:
        # What is lost only grows, and changes only on the days someone stops counting somewhere: the
        # first of those days that loses something not kept is the answer (its delay is the entry's).
        # The tier is lost with a level, or with certified people when a tier up to it asks for some.
        tier_people = tier_pos >= 0 and any(d is not None for d in people.tier_demand[:tier_pos + 1])
        for day in _change_days(valid, held, tier_people):
            if kept_first is not None and kept_first <= _delayed(rules, day):
                return None  # nothing later comes before what is kept
            acc, certified = gather_valid(people, valid, day)
            then, tier_then = people.held_from(acc, certified, references, revenues, tier_revenues, over=[])
            lost = (*(then[pos] < held[pos] for pos in comps), tier_pos >= 0 and tier_then < tier_pos)
            if any(lost[item] for item in open_items):
                return day
        return None
    # Under a cap a level may come back: the engine's own bisection over every day, each day's standing
    # that of the last day before it on which who counts, with which roles, changed anywhere (the same
    # people, so the same standing; none yet: the standing of d, nothing lost). Every loss is on
    # one of those days: none before the first can come before what is kept.
    changes = _change_days(valid, None, True)
    if not changes or (kept_first is not None and kept_first <= _delayed(rules, changes[0])):
        return None
    # `PeopleEngine.at_risk_days`: the day after each expiry of a certification counting on d.
    days = sorted({expires + _DAY for expires, _contact, _comps, _roles in valid if expires != date.max})
    last = len(days) - 1
    nothing = (False,) * (len(comps) + 1)
    seen: dict[int, tuple[bool, ...]] = {0: nothing}

    def lost_on(i: int) -> tuple[bool, ...]:
        since = bisect_right(changes, days[i])
        found = seen.get(since)
        if found is None:
            acc, certified = gather_valid(people, valid, days[i])
            then, tier_then = people.held_from(acc, certified, references, revenues, tier_revenues)
            found = seen[since] = (*(then[pos] < held[pos] for pos in comps), tier_pos >= 0 and tier_then < tier_pos)
        return found

    first_lost = first_losses(lost_on, last, len(comps) + 1)
    found = [first_lost[item] for item in open_items if item in first_lost]
    return days[min(found)] if found else None


def _change_days(valid: list[ValidCert], held: Sequence[int] | None, tier: bool) -> list[date]:
    """The days after ``on`` on which who counts, with which roles, changes where it may lose something.

    In a competency holding a level on ``on`` (``held``; one holding none holds none later; None: in
    every competency), and for the tier (``tier``) among the certified people. On the other days of
    `at_risk_days` the same people count with the same roles: the standing is the day before's.
    """
    latest: dict[tuple, date] = {}
    get = latest.get
    for expires, contact, comps, roles in valid:  # `valid_certs` on the day evaluated (never: date.max)
        # Where this person counts: the competencies that may lose something, and None for the tier.
        for place in (*comps, None) if tier else comps:
            if place is not None and held is not None and held[place] < 0:
                continue
            key: tuple = (contact, place)
            if get(key, _FIRST) < expires:
                latest[key] = expires
            for role in roles:
                key = (contact, place, role)
                if get(key, _FIRST) < expires:
                    latest[key] = expires
    return sorted({expires + _DAY for expires in latest.values() if expires != date.max})
