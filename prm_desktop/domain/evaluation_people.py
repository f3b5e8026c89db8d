"""The engine's people-by-role rules: role minimums of levels and tiers, and the per-person cap.

Used only for programs with ``Program.people`` (domain/program_people.py); other programs keep the
engine's counting path unchanged. Conventions:

- A person's roles for a competency are the roles of their certifications valid on d that accredit
  it; for a tier, the roles of all their valid certifications the program knows (a competency's
  code or a catalogue entry). A certification without a role counts as a person without a role.
- One person fills one slot of a level (or tier): "2 sales + 1 technical" needs three people.
- With ``max_competencies_per_person``, people are assigned to competencies to reach the highest
  tier, then the highest levels (ranks compared highest first), by a search over level targets with a
  max-flow feasibility check (domain/people_assign.py); people left with room count for more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from prm_desktop.domain.evaluation_index import ProgramIndex
from prm_desktop.domain.evaluation_model import CertFact, PartnerFacts
from prm_desktop.domain.evaluation_people_memo import Remembered, minimums_met, recall, remember, standing_key
from prm_desktop.domain.evaluation_requires import is_met
from prm_desktop.domain.people_assign import Demand, fits_over, over_cap
from prm_desktop.domain.people_days import gather_valid, valid_certs
from prm_desktop.domain.people_levels import levels_no_rules, merge_demands, names_tier, own_levels, tier_from_top
from prm_desktop.domain.people_missing import missing, missing_uncached
from prm_desktop.domain.people_search import NODE_LIMIT, Search

__all__ = ["NODE_LIMIT", "PeopleEngine", "PeopleStanding", "people_engine"]

_NEVER = date.max
_DAY = timedelta(days=1)
_CACHE_KEY = "people_engine"
#: Standings remembered per program (cleared when full): a portfolio has a few thousand shapes.
_MEMO_SIZE = 1 << 15
_NO_ROLES: frozenset[str] = frozenset()


@dataclass(slots=True)
class PeopleStanding:
    """Levels and tier of one partner on one day under the people rules.

    Attributes:
        people: Per competency, contact id → roles, of the people counted for it.
        accredited: Per competency, how many people count for it.
        held: Per competency, position of the level held (-1 = none).
        tier_pos: Position of the tier met (-1 = none).
        certified: Contact id → roles, of everyone holding a valid certification of the program.
        capped: Whether the per-person cap changed who counts where.
    """

    people: list[dict[str, frozenset[str]]]
    accredited: list[int]
    held: list[int]
    tier_pos: int
    certified: dict[str, frozenset[str]]
    capped: bool = False


class PeopleEngine:
    """People rules of one program, compiled once (positions as in :class:`ProgramIndex`)."""

    def __init__(self, index: ProgramIndex, memo: bool = True) -> None:
        """Compile the people rules of ``index``'s program.

        Args:
            index: The program's index.
            memo: Remember standings and role counts (`evaluation_people_memo`); False works each one
                out afresh (the reference the remembered answers are tested against).
        """
        program = index.program
        rules = program.people
        assert rules is not None
        self.index = index
        self.cap = rules.max_competencies_per_person
        self.memo = memo
        self.missing = missing if memo else missing_uncached
        self._memo: dict[tuple, Remembered] = {}
        #: `held_on`'s answers (levels and tier only) by the same keys.
        self._held_memo: dict[tuple, tuple[tuple[int, ...], int]] = {}
        self._last_passed: tuple[Sequence[int], Sequence[float], Sequence[float], tuple[bool, ...]] | None = None
        #: Certification code → (known to the program, competencies it accredits, its role as a set).
        self._code_info: dict[str, tuple[bool, tuple[int, ...], frozenset[str]]] = {}
        self._roles = dict(rules.roles)
        self._role_memo: dict[str, str | None] = {}
        self._known = {code for c in program.competencies for code in c.certifications}
        self._known |= {c.code for c in program.certifications}
        level_needs = {(c, lv): needs for c, lv, needs in rules.levels}
        #: Per competency and level: the level's own demand.
        self.level_demand: list[list[Demand]] = []
        for comp in program.competencies:
            row = []
            for lv in comp.levels:
                needs = level_needs.get((comp.id, lv.id), ())
                row.append((needs, max(0, lv.min_accredited - sum(n for _r, n in needs))))
            self.level_demand.append(row)
        self.has_level_roles = bool(rules.levels)
        #: Every level of every competency asks for at least one accredited person: nobody holds none.
        self.nobody_holds_none = all(floor[0] > 0 for floor in index._level_floors)
        #: Per competency and level: the demand of the level with the own lower levels its rules name.
        self.target_demand = [
            [merge_demands([row[x] for x in self._own_closure(pos, level)]) for level in range(len(row))]
            for pos, row in enumerate(self.level_demand)
        ]
        #: No tier rule names a tier (`tier` finds the highest met from the top; not the reference engine).
        self._tiers_apart = memo and not any(names_tier(rule) for rules_ in index.tier_rules for rule in rules_)
        tier_rules = {t: (m, needs) for t, m, needs in rules.tiers}
        self.tier_demand: list[Demand | None] = []
        for tier in program.tiers:
            found = tier_rules.get(tier.id)
            if found is None:
                self.tier_demand.append(None)
            else:
                min_people, needs = found
                self.tier_demand.append((needs, max(0, min_people - sum(n for _r, n in needs))))

    def _own_closure(self, pos: int, level: int) -> set[int]:
        """``level`` and the levels of its own competency its rules name (transitively)."""
        found = {level}
        todo = [level]
        while todo:
            current = todo.pop()
            for rule in self.index.level_rules[pos][current]:
                for x in own_levels(rule, pos):
                    if x < current and x not in found:
                        found.add(x)
                        todo.append(x)
        return found

    def role_of(self, code: str) -> str | None:
        """The role of a certification code (or catalogue name/alias), None without one."""
        if code in self._role_memo:
            return self._role_memo[code]
        role = self._roles.get(code)
        if role is None:
            resolved = self.index.program.resolve_certification(code)
            role = self._roles.get(resolved) if resolved else None
        self._role_memo[code] = role
        return role

    def code_info(self, code: str) -> tuple[bool, tuple[int, ...], frozenset[str]]:
        """Whether the program knows a certification code, the competencies it accredits and its role as a set."""
        info = self._code_info.get(code)
        if info is None:
            comps = self.index.comps_for_code(code)
            known = bool(comps) or self._known_code(code)
            role = self.role_of(code)
            info = self._code_info[code] = (known, comps, frozenset((role,)) if role is not None else _NO_ROLES)
        return info

    def _known_code(self, code: str) -> bool:
        return code in self._known or self.index.program.resolve_certification(code) is not None

    def gather(
        self, facts: PartnerFacts, on: date, still_valid_on: date | None = None
    ) -> tuple[list[dict[str, frozenset[str]]], dict[str, frozenset[str]]]:
        """Who is accredited for each competency (with roles), and who is certified, on ``on``.

        ``still_valid_on`` keeps only certifications valid on that later day (at-risk projections:
        contacts and obtained dates as on ``on``).
        """
        return gather_valid(self, valid_certs(self, facts, on), still_valid_on or on)

    # --- levels and tiers ----------------------------------------------------------------------

    def _people_ok(self, pos: int, level: int, people: dict[str, frozenset[str]]) -> bool:
        demand = self.level_demand[pos][level]
        if not demand[0]:
            return len(people) >= demand[1]
        return self.missing(list(people.values()), demand) == 0

    def levels(self, people: Sequence[dict[str, frozenset[str]]], references: Sequence[int],
               revenues: Sequence[float]) -> list[int]:
        """Per competency, the highest level met with these people counted (-1 = none)."""
        index = self.index
        if not index.has_level_rules and self.memo:  # the reference engine (memo=False) takes the long way
            return levels_no_rules(self, people, references, revenues)
        held = [-1] * len(people)
        order = index.comp_order or range(len(people))
        for pos in order:
            counted = people[pos]
            refs, rev, n_acc = references[pos], revenues[pos], len(counted)
            for level, (min_acc, min_refs, min_rev) in enumerate(index._level_minimums[pos]):
                if (n_acc >= min_acc and refs >= min_refs and rev >= min_rev
                        and self._people_ok(pos, level, counted)
                        and all(is_met(rule, held, ()) for rule in index.level_rules[pos][level])):
                    held[pos] = level
        return held

    def tier_people_ok(self, certified: dict[str, frozenset[str]]) -> list[bool]:
        """Whether each tier's ``min_people``/``min_people_by_role`` are met."""
        people = list(certified.values())
        return [d is None or self.missing(people, d) == 0 for d in self.tier_demand]

    def tier(self, tier_revenues: Sequence[float], held: Sequence[int], people_ok: Sequence[bool]) -> int:
        """Position of the highest tier met (minimums, rules and people), or -1."""
        index = self.index
        n_held = sum(1 for level in held if level >= 0)
        if self._tiers_apart:  # no tier names another: the highest met is found from the top
            no_tiers: tuple[bool, ...] = ()
            for pos in range(len(index._tier_minimums) - 1, -1, -1):
                min_rev, min_comps = index._tier_minimums[pos]
                if (tier_revenues[pos] >= min_rev and n_held >= min_comps and people_ok[pos]
                        and all(is_met(rule, held, no_tiers) for rule in index.tier_rules[pos])):
                    return pos
            return -1
        met = [False] * len(index._tier_minimums)
        for pos, (min_rev, min_comps) in enumerate(index._tier_minimums):
            met[pos] = (tier_revenues[pos] >= min_rev and n_held >= min_comps and people_ok[pos]
                        and all(is_met(rule, held, met) for rule in index.tier_rules[pos]))
        for pos in range(len(met) - 1, -1, -1):
            if met[pos]:
                return pos
        return -1

    def tier_of(self, tier_revenues: Sequence[float], held: Sequence[int], certified: dict[str, frozenset[str]]) -> int:
        """`tier` with `tier_people_ok(certified)`, the people counted only for tiers whose other minimums are met."""
        if not self._tiers_apart:
            return self.tier(tier_revenues, held, self.tier_people_ok(certified))
        return tier_from_top(self, tier_revenues, held, certified)

    def standing(self, facts: PartnerFacts, on: date, references: Sequence[int], revenues: Sequence[float],
                 tier_revenues: Sequence[float], still_valid_on: date | None = None) -> PeopleStanding:
        """Levels and tier on ``on`` (certifications filtered to ``still_valid_on`` when given).

        Results are remembered on what decides them (who holds what, in contact id order, and which
        minimums the references and revenue meet: `evaluation_people_memo`), so the at-risk days, the
        days a review or grace looks back at, and the other partners of the same shape cost little.
        """
        acc, certified = self.gather(facts, on, still_valid_on)
        if not self.memo:
            return self._standing(acc, certified, references, revenues, tier_revenues)
        persons = sorted(certified)
        key = standing_key(persons, acc, certified, self._passed(references, revenues, tier_revenues))
        found = self._memo.get(key)
        if found is None:
            st = self._standing(acc, certified, references, revenues, tier_revenues)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = remember(st, persons)
            return st
        people = recall(found, persons, acc)
        return PeopleStanding(people, [len(a) for a in people], list(found[0]), found[1], certified, found[2])

    def _passed(self, references: Sequence[int], revenues: Sequence[float],
                tier_revenues: Sequence[float]) -> tuple[bool, ...]:
        """`minimums_met`, kept for the last measures asked about (a partner's at-risk days share its day's)."""
        last = self._last_passed
        if last is not None and last[0] is references and last[1] is revenues and last[2] is tier_revenues:
            return last[3]
        passed = minimums_met(self.index, references, revenues, tier_revenues)
        # The measures themselves are kept (not their ids): they cannot be freed and their ids reused.
        self._last_passed = (references, revenues, tier_revenues, passed)
        return passed

    def held_on(self, facts: PartnerFacts, on: date, references: Sequence[int], revenues: Sequence[float],
                tier_revenues: Sequence[float], still_valid_on: date | None = None,
                unless_above: tuple[int, Sequence[int]] | None = None) -> tuple[list[int], int]:
        """Only the levels and tier of `standing` (what at-risk days, reviews and grace read).

        Under a cap, and without level rules, the levels everyone together meets (the uncapped ones)
        bound what any assignment gives; when the people over the cap can leave competencies they are
        not needed in with every slot still filled (`fits_over`), they are the answer and the
        search for who counts where is not made.

        ``unless_above``: a tier and levels ``(tier, held)``. When the uncapped levels and tier exceed
        none of them, they are returned instead (no higher than those, as the true ones): for a
        look-back that only asks whether a day met more.
        """
        acc, certified = self.gather(facts, on, still_valid_on)
        return self.held_from(acc, certified, references, revenues, tier_revenues, unless_above)

    def held_from(self, acc: list[dict[str, frozenset[str]]], certified: dict[str, frozenset[str]],
                  references: Sequence[int], revenues: Sequence[float], tier_revenues: Sequence[float],
                  unless_above: tuple[int, Sequence[int]] | None = None,
                  over: list[tuple[str, list[int]]] | None = None) -> tuple[list[int], int]:
        """`held_on` of the people `gather` gave (``over``: `over_cap` of them, when known; empty: nobody)."""
        if not self.memo:
            st = self._standing(acc, certified, references, revenues, tier_revenues)
            return st.held, st.tier_pos
        cap = self.cap
        if cap is not None and not self.index.has_level_rules:
            return self._held_capped(acc, certified, references, revenues, tier_revenues, unless_above, over)
        persons = sorted(certified)
        key = standing_key(persons, acc, certified, self._passed(references, revenues, tier_revenues))
        found = self._memo.get(key) or self._held_memo.get(key)
        if found is not None:
            return list(found[0]), found[1]
        st = self._standing(acc, certified, references, revenues, tier_revenues)
        self._remember_held(key, st.held, st.tier_pos)
        return st.held, st.tier_pos

    def _held_capped(self, acc: list[dict[str, frozenset[str]]], certified: dict[str, frozenset[str]],
                     references: Sequence[int], revenues: Sequence[float], tier_revenues: Sequence[float],
                     unless_above: tuple[int, Sequence[int]] | None,
                     over: list[tuple[str, list[int]]] | None) -> tuple[list[int], int]:
        """`held_from` under a cap without level rules: the search (and its memo) only when the levels fail the cap.

        The levels everyone together meets are the answer when nobody is over the cap, when they are
        no higher than ``unless_above``, or when the people over the cap can leave competencies they
        are not needed in (`fits_over`: the search's first flow). Only then is the standing looked up
        among those remembered (its key costs about as much as these checks: most partners never need it).
        """
        if over is None:
            over = over_cap(acc, self.cap)  # type: ignore[arg-type]
        held = self.levels(acc, references, revenues)
        if not over:
            return held, self.tier_of(tier_revenues, held, certified)
        tier = None
        if unless_above is not None:
            tier = self.tier_of(tier_revenues, held, certified)
            top_tier, top_levels = unless_above
            if tier <= top_tier and all(level <= top for level, top in zip(held, top_levels, strict=True)):
                return held, tier
        demands = [self.target_demand[pos][level] if level >= 0 else None for pos, level in enumerate(held)]
        if fits_over(acc, demands, self.cap, over, self.missing):  # type: ignore[arg-type]
            return held, self.tier_of(tier_revenues, held, certified) if tier is None else tier
        persons = sorted(certified)
        key = standing_key(persons, acc, certified, self._passed(references, revenues, tier_revenues))
        found = self._memo.get(key) or self._held_memo.get(key)
        if found is not None:
            return list(found[0]), found[1]
        st = self._standing(acc, certified, references, revenues, tier_revenues, tops=held)
        self._remember_held(key, st.held, st.tier_pos)
        return st.held, st.tier_pos

    def _remember_held(self, key: tuple, held: list[int], tier_pos: int) -> None:
        if len(self._held_memo) >= _MEMO_SIZE:
            self._held_memo.clear()
        self._held_memo[key] = (tuple(held), tier_pos)

    def _standing(self, acc: list[dict[str, frozenset[str]]], certified: dict[str, frozenset[str]],
                  references: Sequence[int], revenues: Sequence[float],
                  tier_revenues: Sequence[float], tops: list[int] | None = None) -> PeopleStanding:
        """The standing worked out (see `standing`).

        ``tops``: the levels everyone together meets, for which `fits_over` was False (`_held_capped`,
        without level rules: the search's first check, not made again).
        """
        people_ok = self.tier_people_ok(certified)
        capped = False
        held = None
        # (`tops` from `_held_capped`: someone is over the cap, and `fits_over` was False.)
        if self.cap is not None and (tops is not None or any(
            sum(1 for a in acc if person in a) > self.cap for person in certified
        )):
            search = Search(self, acc, references, revenues, tier_revenues, people_ok, tops)
            search.top_unfit = tops is not None
            acc, held = search.best(), search.best_held  # (the levels of what it found, when worked out)
            capped = True
        if held is None:
            held = self.levels(acc, references, revenues)
        return PeopleStanding(acc, [len(a) for a in acc], held, self.tier(tier_revenues, held, people_ok),
                              certified, capped)

    def at_risk_days(self, facts: PartnerFacts, on: date) -> list[tuple[date, list[CertFact]]]:
        """Days after ``on`` when a certification valid on ``on`` stops counting, with those certifications."""
        present = {c.id for c in facts.contacts if c.left_on is None or c.left_on > on}
        days: dict[date, list[CertFact]] = {}
        for cert in facts.certifications:
            if cert.contact_id not in present or cert.obtained > on or cert.expires is None or cert.expires < on:
                continue
            if self.index.comps_for_code(cert.code) or self._known_code(cert.code):
                days.setdefault(cert.expires + _DAY, []).append(cert)
        return sorted(days.items())


def people_engine(index: ProgramIndex) -> PeopleEngine | None:
    """The :class:`PeopleEngine` of this index (cached on it), None without people rules.

    One per index, not per program: a program with metric, fact or score rules decides them per
    partner in an index of its own (`evaluation_metrics.specialise`), and the people rules read them.
    """
    if index.program.people is None:
        return None
    engine = index.__dict__.get(_CACHE_KEY)
    if engine is None or engine.index is not index:  # a decided index is a copy of the program's
        engine = index.__dict__[_CACHE_KEY] = PeopleEngine(index)
    return engine


def first_losses(lost_on: Callable[[int], tuple[bool, ...]], last: int, width: int) -> dict[int, int]:
    """The first day index on which each item is lost, days ``0..last`` bisected.

    ``lost_on(i)`` says, for day ``i``, which items (``width`` of them) are lost by then. What is lost
    only grows from one day to the next for the items that matter, so a stretch whose two ends lose
    the same things is not looked into.

    Returns:
        item (position in the tuple) → index of the first day it is lost (items never lost absent).
    """
    first_lost: dict[int, int] = {}

    def bisect(lo: int, lost_lo: tuple[bool, ...], hi: int, lost_hi: tuple[bool, ...]) -> None:
        if lost_lo == lost_hi:
            return
        if hi == lo + 1:
            for item, (before, after) in enumerate(zip(lost_lo, lost_hi, strict=True)):
                if after and not before:
                    first_lost[item] = hi
            return
        mid = (lo + hi) // 2
        lost_mid = lost_on(mid)
        bisect(lo, lost_lo, mid, lost_mid)
        bisect(mid, lost_mid, hi, lost_hi)

    bisect(-1, (False,) * width, last, lost_on(last))
    return first_lost
