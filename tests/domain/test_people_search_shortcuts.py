"""The capped search's shortcuts give exactly what the reference engine gives (issue 12, point 10).

Without level rules a capped search works levels out only where someone over the cap is, takes the
levels everyone together meets as its first candidates, skips the flow when the people are too few
to fill the slots (`too_few_people`) and counts the slots of up to three roles directly (`missing`).
Partners drawn at random under a program with five competencies (people in three or more of them),
evaluated by the app's engine and by the reference one (`PeopleEngine(memo=False)`, none of the
shortcuts): tier, levels, who counts where, at-risk dates, review and grace must be the same.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    PartnerFacts,
    RevenueFact,
    evaluate,
    evaluation_to_json,
    summary_columns,
)
from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_people import PeopleEngine, people_engine
from prm_desktop.domain.people_assign import assign, over_cap, too_few_people
from prm_desktop.domain.people_missing import missing, missing_uncached
from prm_desktop.domain.people_search import Search
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import quarter_of

D = date(2026, 5, 10)
LEVELS = '''
[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = {principal}

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 2
min_accredited = {expert}
min_by_role = {{ {roles} }}
'''
COMPETENCIES = [  # (id, certifications, people for principal, for expert, expert's roles)
    ("security", ["SEC-TECH", "SEC-SALES", "ALL-PRO"], 1, 2, "sales = 1, technical = 1"),
    ("cloud", ["CLOUD-ARCH", "SEC-TECH", "ALL-PRO"], 1, 3, "professional = 1, technical = 1"),
    ("smb", ["SMB-SALES", "SEC-SALES", "ALL-PRO"], 1, 2, "sales = 1"),
    ("data", ["CLOUD-ARCH", "SMB-SALES", "ALL-PRO"], 2, 3, "technical = 1"),
    ("network", ["SEC-TECH", "CLOUD-ARCH", "SMB-SALES"], 1, 2, "sales = 1, technical = 1"),
]
HEAD = '''[program]
id = "capped"
name = "Capped"
valid_from = 2025-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 50000
min_competencies = 1

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 100000
min_people = 3
min_people_by_role = { sales = 1, technical = 1 }
requires = [{ competencies = 2, level = "expert" }]

[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
min_revenue = 200000
min_people = 4
min_people_by_role = { professional = 1, sales = 1, technical = 2 }
requires = [{ competencies = 3, level = "expert" }]
'''
CERTIFICATIONS = [("SEC-TECH", "technical"), ("SEC-SALES", "sales"), ("CLOUD-ARCH", "technical"),
                  ("SMB-SALES", "sales"), ("ALL-PRO", "professional")]
OPTIONS = '\n[options]\nmax_competencies_per_person = {cap}\nreview_date = "04-01"\ngrace_months = 3\n'
CODES = [code for code, _role in CERTIFICATIONS]
PEOPLE = ["ann", "bob", "cid", "dan", "eve", "fay"]


def program_text(cap: int) -> str:
    """Five competencies without level rules (the search's shortcuts apply), people by role, a cap."""
    text = HEAD
    for comp_id, certs, principal, expert, roles in COMPETENCIES:
        text += (f'\n[[competencies]]\nid = "{comp_id}"\nname = "{comp_id.title()}"\ndimension = "technical"\n'
                 f'product_family = "{comp_id}"\ncertifications = {certs!r}\n'.replace("'", '"'))
        text += LEVELS.format(principal=principal, expert=expert, roles=roles)
    for code, role in CERTIFICATIONS:
        text += f'\n[[certifications]]\ncode = "{code}"\nname = "{code}"\nrole = "{role}"\n'
    return text + OPTIONS.format(cap=cap)


def programs(cap: int) -> tuple[Program, Program]:
    """The same program twice: the app's engine, and the reference one (memo=False: no shortcut)."""
    text = program_text(cap)
    app, reference = load_program(text), load_program(text)
    index = program_index(reference)
    index.__dict__["people_engine"] = PeopleEngine(index, memo=False)
    return app, reference


cert = st.tuples(st.sampled_from(PEOPLE), st.sampled_from(CODES), st.integers(-400, 0),
                 st.one_of(st.none(), st.integers(-60, 200)))
shape = st.tuples(st.lists(cert, min_size=2, max_size=12), st.sampled_from([0.0, 120000.0, 260000.0]))


def facts(drawn: tuple) -> PartnerFacts:
    certs, revenue = drawn
    return PartnerFacts(
        "p", "P",
        contacts=[ContactFact(c, c.capitalize()) for c in sorted({c for c, *_rest in certs})],
        certifications=[CertFact(c, code, D + timedelta(days=got),
                                 None if ends is None else D + timedelta(days=got + 400 + ends))
                        for c, code, got, ends in certs],
        revenue=[RevenueFact(quarter_of(D), "resell", None, revenue)],
    )


def test_the_program_has_no_level_rules_and_people_over_the_cap() -> None:
    # What the shortcuts need: no level rule, and someone in three competencies or more.
    app, _reference = programs(2)
    engine = people_engine(program_index(app))
    assert engine is not None and engine.memo and not engine.index.has_level_rules
    acc, _certified = engine.gather(facts(([("ann", "SEC-TECH", -10, None), ("ann", "SMB-SALES", -10, None)],
                                           0.0)), D)
    assert sum(1 for a in acc if "ann" in a) == 5


@settings(max_examples=120, deadline=None)
@given(drawn=shape, cap=st.sampled_from([1, 2]), offset=st.integers(-150, 150))
def test_capped_partners_get_what_the_reference_engine_gives(drawn: tuple, cap: int, offset: int) -> None:
    app, reference = programs(cap)
    partner, on = facts(drawn), D + timedelta(days=offset)
    assert summary_columns(app, partner, on) == summary_columns(reference, partner, on)
    assert evaluation_to_json(evaluate(app, partner, on)) == evaluation_to_json(evaluate(reference, partner, on))


@settings(max_examples=150, deadline=None)
@given(drawn=shape, cap=st.sampled_from([1, 2]), later=st.integers(0, 300))
def test_the_levels_alone_are_those_of_the_standing(drawn: tuple, cap: int, later: int) -> None:
    # held_on (what at-risk days, reviews and grace read) against the reference engine's full standing,
    # also with certifications kept only while still valid later on (the at-risk projections).
    app, reference = programs(cap)
    engine, ref = people_engine(program_index(app)), people_engine(program_index(reference))
    assert engine is not None and ref is not None and not ref.memo
    partner = facts(drawn)
    revenue = drawn[1]
    references, revenues, tier_revenues = [0] * 5, [revenue] * 5, [revenue] * 3
    still = D + timedelta(days=later)
    st_ref = ref.standing(partner, D, references, revenues, tier_revenues, still)
    assert engine.held_on(partner, D, references, revenues, tier_revenues, still) == (st_ref.held, st_ref.tier_pos)
    acc, certified = engine.gather(partner, D, still)  # the people over the cap handed over (held_on may)
    assert engine._held_capped(acc, certified, references, revenues, tier_revenues, None, over_cap(acc, cap)) == (
        st_ref.held, st_ref.tier_pos)
    st_app = engine.standing(partner, D, references, revenues, tier_revenues, still)
    assert (st_app.people, st_app.held, st_app.tier_pos, st_app.capped) == (
        st_ref.people, st_ref.held, st_ref.tier_pos, st_ref.capped)


@settings(max_examples=150, deadline=None)
@given(drawn=shape, cap=st.sampled_from([1, 2]))
def test_the_search_tries_the_same_targets_as_the_reference(drawn: tuple, cap: int) -> None:
    # The shortcuts skip work, never a node: the search stops after NODE_LIMIT nodes, counted alike.
    app, reference = programs(cap)
    engine, ref = people_engine(program_index(app)), people_engine(program_index(reference))
    assert engine is not None and ref is not None
    acc, certified = engine.gather(facts(drawn), D)
    assume(any(sum(1 for a in acc if p in a) > cap for p in certified))
    references, revenues, tier_revenues = [0] * 5, [drawn[1]] * 5, [drawn[1]] * 3
    people_ok = ref.tier_people_ok(certified)
    searches = [Search(engine, acc, references, revenues, tier_revenues, people_ok,
                       engine.levels(acc, references, revenues)),
                Search(engine, acc, references, revenues, tier_revenues, people_ok),
                Search(ref, acc, references, revenues, tier_revenues, people_ok)]
    found = [(s.best(), s.best_value, s.nodes) for s in searches]
    assert found[0] == found[1] == found[2]


ROLE_SETS = st.frozensets(st.sampled_from(["sales", "technical", "professional"]), min_size=1, max_size=2)
NEEDS = st.dictionaries(st.sampled_from(["sales", "technical", "professional"]), st.integers(1, 2), max_size=3)
DEMAND = st.one_of(st.none(), st.tuples(NEEDS.map(lambda d: tuple(sorted(d.items()))), st.integers(0, 2)))


@settings(max_examples=300, deadline=None)
@given(demands=st.lists(DEMAND, min_size=1, max_size=4), cap=st.integers(1, 2), data=st.data())
def test_people_are_only_said_too_few_when_the_flow_cannot_fill_every_slot(
        demands: list, cap: int, data: st.DataObject) -> None:
    people = data.draw(st.lists(st.dictionaries(st.sampled_from(PEOPLE[:4]), ROLE_SETS, max_size=4),
                                min_size=len(demands), max_size=len(demands)))
    assume(all(d is None or missing(list(a.values()), d) == 0 for a, d in zip(people, demands, strict=True)))
    persons = sorted({p for a in people for p in a})
    access = [[(pos, a[p]) for pos, a in enumerate(people) if p in a] for p in persons]
    if too_few_people(people, demands, cap):
        assert not assign(access, demands, cap).feasible


def test_too_few_people_counts_each_person_once_per_competency_and_cap() -> None:
    # Two competencies each need two technical people; Ann and Bob are technical in both.
    both = {"ann": frozenset({"technical"}), "bob": frozenset({"technical"})}
    demands = [((("technical", 2),), 0), ((("technical", 2),), 0)]
    assert too_few_people([both, both], demands, 1)  # two people, one competency each: 2 of 4 slots
    assert not too_few_people([both, both], demands, 2)
    assert assign([[(0, both["ann"]), (1, both["ann"])], [(0, both["bob"]), (1, both["bob"])]], demands, 2).feasible


@settings(max_examples=300)
@given(people=st.lists(st.frozensets(st.sampled_from(["sales", "technical", "professional", "foundational"]),
                                     max_size=4), max_size=9),
       needs=st.dictionaries(st.sampled_from(["sales", "technical", "professional", "foundational"]),
                             st.integers(1, 4), min_size=1, max_size=3),
       extra=st.integers(0, 4))
def test_slots_of_up_to_three_roles_counted_directly_match_hall(people: list[frozenset[str]],
                                                                needs: dict[str, int], extra: int) -> None:
    demand = (tuple(sorted(needs.items())), extra)
    assert missing(people, demand) == missing_uncached(people, demand)
