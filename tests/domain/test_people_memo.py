"""Remembered standings of the people rules give exactly what working each one out afresh gives.

A portfolio refresh remembers each standing by what decides it (people in contact-id order with their
roles, minimums met) and reuses it for every partner of the same shape, and role counts per
combination of roles (`evaluation_people_memo`, `people_missing.missing`). Random partners, and copies
of them with other contact ids (kept in the same order, or reversed), are evaluated one after the
other under one program, then each again under a program that remembers nothing: every evaluation
(tier, levels, counts, gaps and their words, at-risk dates, assignment, review and grace) must be the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    evaluate,
    evaluation_to_json,
    summary_columns,
)
from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_model import FlagFact
from prm_desktop.domain.evaluation_people import PeopleEngine, people_engine
from prm_desktop.domain.people_assign import Flow, _sink_slots, assign
from prm_desktop.domain.people_missing import missing, missing_uncached
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import quarter_of

BASE = (Path(__file__).parents[1] / "data" / "program_people_roles.toml").read_text(encoding="utf-8")
# References and revenue decide levels too (so the minimums met are part of what is remembered).
TEXT = BASE.replace('rank = 1\nmin_accredited = 1\n', 'rank = 1\nmin_accredited = 1\nmin_references = 1\n', 1).replace(
    'min_accredited = 3\nmin_by_role = { technical = 2 }', 'min_accredited = 3\nmin_by_role = { technical = 2 }\n'
    'min_revenue = 100000', 1)
OPTIONS = '\n[options]\nmax_competencies_per_person = {cap}\nreview_date = "04-01"\ngrace_months = 3\n'
D = date(2026, 5, 10)
CODES = ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES", "OTHER"]
PEOPLE = ["ann", "bob", "cid", "dan", "eve"]


def programs(cap: int) -> tuple[Program, Program]:
    """The same program twice: one remembering standings (the app's), one working each out afresh."""
    text = TEXT + OPTIONS.format(cap=cap)
    remembering, fresh = load_program(text), load_program(text)
    index = program_index(fresh)
    index.__dict__["people_engine"] = PeopleEngine(index, memo=False)
    return remembering, fresh


cert = st.tuples(st.sampled_from(PEOPLE), st.sampled_from(CODES), st.integers(-400, 20),
                 st.one_of(st.none(), st.integers(-30, 200)))
shape = st.tuples(
    st.lists(cert, min_size=1, max_size=7),
    st.lists(st.tuples(st.sampled_from(["security", "cloud", "smb"]), st.integers(-500, 0)), max_size=3),
    st.sampled_from([0.0, 60000.0, 150000.0, 260000.0]),
    st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True),
)


def facts(pid: str, drawn: tuple, names: dict[str, str]) -> PartnerFacts:
    """A partner from a drawn shape, its contact ids renamed by ``names``."""
    certs, refs, revenue, left = drawn
    people = sorted({c for c, *_rest in certs})
    return PartnerFacts(
        pid, pid.upper(),
        contacts=[ContactFact(names[c], c.capitalize(), D - timedelta(days=20) if c in left else None)
                  for c in people],
        certifications=[CertFact(names[c], code, D + timedelta(days=got),
                                 None if ends is None else D + timedelta(days=got + 400 + ends))
                        for c, code, got, ends in certs],
        references=[ReferenceFact(comp, f"client {i}", True, D + timedelta(days=age))
                    for i, (comp, age) in enumerate(refs)],
        revenue=[RevenueFact(quarter_of(D), "resell", "cloud", revenue),
                 RevenueFact(quarter_of(D - timedelta(days=120)), "resell", "security", revenue / 2)],
    )


SAME_ORDER = {p: f"z-{p}" for p in PEOPLE}  # other ids, same order
REVERSED = {p: f"{9 - i}-{p}" for i, p in enumerate(PEOPLE)}  # other ids, order reversed


@settings(max_examples=60)
@given(drawn=st.lists(shape, min_size=1, max_size=4), cap=st.sampled_from([1, 2]),
       days=st.lists(st.integers(-200, 200), min_size=1, max_size=2))
def test_remembered_standings_match_fresh_ones(drawn: list[tuple], cap: int, days: list[int]) -> None:
    remembering, fresh = programs(cap)
    partners = []
    for i, one in enumerate(drawn):
        partners += [facts(f"p{i}", one, {p: p for p in PEOPLE}), facts(f"q{i}", one, SAME_ORDER),
                     facts(f"r{i}", one, REVERSED)]
    for offset in [0, *days]:
        on = D + timedelta(days=offset)
        for partner in partners:
            assert evaluation_to_json(evaluate(remembering, partner, on)) == evaluation_to_json(
                evaluate(fresh, partner, on))
            assert summary_columns(remembering, partner, on) == summary_columns(fresh, partner, on)
    engine = people_engine(program_index(remembering))
    assert engine is not None and engine.memo


def test_a_partner_of_the_same_shape_reuses_the_standing_in_its_own_names() -> None:
    remembering, fresh = programs(1)
    drawn = ([("ann", "SEC-TECH", -100, None), ("bob", "SEC-SALES", -100, None), ("cid", "SEC-TECH", -90, None)],
             [("security", -10)], 260000.0, [])
    first, second = facts("p", drawn, {p: p for p in PEOPLE}), facts("q", drawn, SAME_ORDER)
    evaluate(remembering, first, D)
    ev = evaluate(remembering, second, D)
    assert ev.assignment is not None
    assert {c for ids in ev.assignment.values() for c in ids} <= {"z-ann", "z-bob", "z-cid"}
    assert evaluation_to_json(ev) == evaluation_to_json(evaluate(fresh, second, D))


ROLE_SETS = st.frozensets(st.sampled_from(["sales", "technical", "professional", "foundational"]), max_size=3)


@settings(max_examples=150)
@given(people=st.lists(ROLE_SETS, max_size=6),
       needs=st.dictionaries(st.sampled_from(["sales", "technical", "professional"]), st.integers(1, 3), max_size=3),
       extra=st.integers(0, 3))
def test_remembered_role_counts_match_fresh_ones(people: list[frozenset[str]], needs: dict[str, int],
                                                 extra: int) -> None:
    demand = (tuple(sorted(needs.items())), extra)
    expected = missing_uncached(people, demand)
    assert missing(people, demand) == expected
    assert missing(list(reversed(people)), demand) == expected  # remembered: the same answer


def assign_with_flow_methods(access: list, demands: list, cap: int) -> tuple[bool, list[list[int]]]:
    """`assign` as first written, with `Flow.node` and `Flow.edge` (it now writes the same edges inline)."""
    flow = Flow()
    slots = [_sink_slots(flow, d) if d is not None else None for d in demands]
    links = []
    for person_access in access:
        person = flow.node()
        flow.edge(0, person, cap)
        mine = []
        for comp, roles in person_access:
            slot = slots[comp]
            if slot is None:
                continue
            role_nodes, general, _edges, _general_edge = slot
            pc = flow.node()
            mine.append((comp, flow.edge(person, pc, 1)))
            for role in sorted(roles):
                node = role_nodes.get(role)
                if node is not None:
                    flow.edge(pc, node, 1)
            if general is not None:
                flow.edge(pc, general, 1)
        links.append(mine)
    needed = sum(sum(n for _r, n in d[0]) + d[1] for d in demands if d is not None)
    value = flow.run()
    return value >= needed, [[comp for comp, edge in mine if flow.flow(edge)] for mine in links]


NEEDS = st.dictionaries(st.sampled_from(["sales", "technical", "professional"]), st.integers(1, 2), max_size=2)
DEMAND = st.one_of(st.none(), st.tuples(NEEDS.map(lambda d: tuple(sorted(d.items()))), st.integers(0, 3)))


@settings(max_examples=200)
@given(demands=st.lists(DEMAND, min_size=1, max_size=4), cap=st.integers(1, 3), data=st.data())
def test_assign_finds_the_same_assignment_as_the_flow_built_edge_by_edge(demands: list, cap: int,
                                                                         data: st.DataObject) -> None:
    comps = st.lists(st.integers(0, len(demands) - 1), min_size=1, max_size=len(demands), unique=True)
    people = data.draw(st.lists(comps.flatmap(lambda mine: st.tuples(*[
        st.tuples(st.just(c), ROLE_SETS) for c in sorted(mine)]).map(list)), max_size=5))
    found = assign(people, demands, cap)
    assert (found.feasible, found.counts_for) == assign_with_flow_methods(people, demands, cap)


# --- people rules next to a yes/no fact: each partner's own fact decides ---------------------------------

FACT_TEXT = BASE.replace('requires = [{ competencies = 2 }]',
                        'requires = [{ competencies = 2 }, { fact = "plan" }]') + (
    '\n[[facts]]\nid = "plan"\nname = "Plan signé"\nname_en = "Plan signed"\n')


def signed(pid: str, plan: bool) -> PartnerFacts:
    certs = [("ann", "SEC-TECH"), ("bob", "SEC-SALES"), ("cid", "CLOUD-ARCH")]
    return PartnerFacts(pid, pid.upper(), contacts=[ContactFact(c, c.capitalize()) for c in ("ann", "bob", "cid")],
                        certifications=[CertFact(c, code, date(2025, 1, 1)) for c, code in certs],
                        revenue=[RevenueFact(quarter_of(D), "resell", None, 250000.0)],
                        flags=[FlagFact("plan")] if plan else [])


def test_a_partner_without_the_signed_plan_is_not_given_gold_because_another_had_it() -> None:
    # Gold needs 2 competencies, 2 certified people (1 technical) and the signed plan. The people
    # rules were compiled with the first partner's decided fact and kept for every later partner.
    for first, second in ((True, False), (False, True)):
        for with_gaps in (True, False):
            program = load_program(FACT_TEXT)
            tiers = [evaluate(program, signed(f"p{plan}", plan), D, with_gaps=with_gaps).tier
                     for plan in (first, second)]
            expected = ["gold" if plan else "silver" for plan in (first, second)]
            assert tiers == expected
            assert [summary_columns(program, signed("s", plan), D)[0] for plan in (first, second)] == expected
