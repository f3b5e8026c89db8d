"""People by role: role minimums of levels and tiers, and the per-person cap (assignment vs brute force)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    PartnerFacts,
    RevenueFact,
    evaluate,
    evaluation_to_json,
)
from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_people import people_engine
from prm_desktop.domain.people_assign import shortfall
from prm_desktop.domain.people_missing import missing
from prm_desktop.domain.program import Program, ProgramError, load_program
from prm_desktop.domain.quarters import quarter_of

TEXT = (Path(__file__).parents[1] / "data" / "program_people_roles.toml").read_text(encoding="utf-8")
ROLES = load_program(TEXT)
CAPPED = load_program(TEXT + "\n[options]\nmax_competencies_per_person = 1\n")
D = date(2026, 3, 1)


def partner(certs: list[tuple[str, str]], revenue: float = 250000.0) -> PartnerFacts:
    people = sorted({c for c, _code in certs})
    return PartnerFacts(
        "p", "P",
        contacts=[ContactFact(c, c.capitalize()) for c in people],
        certifications=[CertFact(c, code, date(2025, 1, 1)) for c, code in certs],
        revenue=[RevenueFact(quarter_of(D), "resell", None, revenue)],
    )


def texts(program: Program, facts: PartnerFacts) -> list[str]:
    return [g.text_en for g in evaluate(program, facts, D).gaps]


def test_one_person_fills_one_role_slot() -> None:
    # Security Expert needs 1 sales + 1 technical: one person holding both certifications is not enough.
    alone = partner([("ann", "SEC-TECH"), ("ann", "SEC-SALES")])
    assert evaluate(ROLES, alone, D).levels["security"] == "principal"
    gaps = texts(ROLES, alone)
    assert len([t for t in gaps if t.endswith("person certified for Security Expert")]) == 1
    assert "1 more certified person for Gold" in gaps  # Gold: 2 certified people
    pair = partner([("ann", "SEC-TECH"), ("bob", "SEC-SALES")])
    assert evaluate(ROLES, pair, D).levels["security"] == "expert"


def test_role_gap_in_french() -> None:
    ev = evaluate(ROLES, partner([("ann", "SEC-TECH")]), D)
    assert "1 personne certifiée de plus (rôle commercial) pour Sécurité Expert" in [g.text_fr for g in ev.gaps]
    gap = next(g for g in ev.gaps if g.target == "security:expert")
    assert (gap.missing, gap.amount) == ("role", 1.0)


def test_tier_counts_certified_people_by_role() -> None:
    # Platinum: 4 certified people of which 1 sales and 2 technical (and 2 competencies at Expert).
    base = [("ann", "SEC-TECH"), ("bob", "SEC-SALES"), ("cid", "CLOUD-ARCH"), ("dan", "SMB-SALES")]
    ev = evaluate(ROLES, partner(base), D)
    assert ev.levels == {"security": "expert", "cloud": "principal", "smb": "expert"}
    assert ev.tier == "platinum"
    few = partner([("ann", "SEC-TECH"), ("bob", "SEC-SALES"), ("cid", "SEC-SALES"), ("dan", "SMB-SALES")])
    assert evaluate(ROLES, few, D).tier == "gold"
    assert "1 more technical person certified for Platinum" in texts(ROLES, few)


def test_cap_assigns_people_to_reach_the_tier_not_in_file_order() -> None:
    # Ann (SEC-TECH) counts for Security or Cloud, Bob (SEC-SALES) for Security or SMB. File order would
    # put both in Security (Expert: 1 competency, Silver); Gold needs 2 competencies.
    facts = partner([("ann", "SEC-TECH"), ("bob", "SEC-SALES")])
    ev = evaluate(CAPPED, facts, D)
    assert ev.tier == "gold"
    assert len(ev.levels) == 2
    assert sum(len(v) for v in (ev.assignment or {}).values()) == 2
    assert ev.explanations[0].kind == "assignment"
    assert ev.explanations[0].text_en.startswith("At most 1 competency per person: Ann counts for ")
    assert ev.explanations[0].text_fr.startswith("Au plus 1 compétence par personne\u00a0: Ann compte pour ")
    data = evaluation_to_json(ev)
    assert data["assignment"] == ev.assignment
    assert data["explanations"][0]["text_en"] == ev.explanations[0].text_en


def test_uncapped_output_has_no_new_keys() -> None:
    data = evaluation_to_json(evaluate(ROLES, partner([("ann", "SEC-TECH")]), D))
    assert "assignment" not in data and "explanations" not in data


# --- the cap's assignment against a brute force -----------------------------------------------------

CODES = ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES", "OTHER"]


def brute_force(program: Program, facts: PartnerFacts, revenue: float = 250000.0) -> tuple[int, tuple[int, ...]]:
    """Best (tier, level ranks highest first) over every way to assign each person ≤ cap competencies."""
    engine = people_engine(program_index(program))
    assert engine is not None and engine.cap is not None
    acc, certified = engine.gather(facts, D)
    ok = engine.tier_people_ok(certified)
    zeros = [0] * len(acc)
    revenues = [0.0] * len(acc)
    tier_revenues = [revenue] * len(program.tiers)
    persons = sorted({p for a in acc for p in a})
    options = []
    for person in persons:
        mine = [pos for pos, a in enumerate(acc) if person in a]
        options.append([c for k in range(engine.cap + 1) for c in itertools.combinations(mine, k)])
    best = (-2, ())
    for choice in itertools.product(*options):
        sets: list[dict[str, frozenset[str]]] = [{} for _ in acc]
        for person, comps in zip(persons, choice, strict=True):
            for pos in comps:
                sets[pos][person] = acc[pos][person]
        held = engine.levels(sets, zeros, revenues)
        value = (engine.tier(tier_revenues, held, ok), tuple(sorted((h + 1 for h in held), reverse=True)))
        best = max(best, value)
    return best


def value(program: Program, facts: PartnerFacts) -> tuple[int, tuple[int, ...]]:
    ev = evaluate(program, facts, D)
    tier = [t.id for t in program.tiers].index(ev.tier) if ev.tier else -1
    ranks = [program.competency(c.id).level(ev.levels[c.id]).rank if c.id in ev.levels else 0
             for c in program.competencies]
    return tier, tuple(sorted(ranks, reverse=True))


certs = st.lists(st.tuples(st.sampled_from(["ann", "bob", "cid", "dan"]), st.sampled_from(CODES)),
                 min_size=1, max_size=7)


@pytest.mark.parametrize("cap", [1, 2])
@settings(max_examples=120)
@given(pairs=certs)
def test_cap_assignment_matches_brute_force(cap: int, pairs: list[tuple[str, str]]) -> None:
    program = load_program(TEXT + f"\n[options]\nmax_competencies_per_person = {cap}\n")
    facts = partner(pairs)
    assert value(program, facts) == brute_force(program, facts)


NO_LEVEL_RULES = TEXT.replace('requires = [{ competency = "security", level = "principal" }]\n', "")


@pytest.mark.parametrize("cap", [1, 2])
@settings(max_examples=120)
@given(pairs=certs, revenue=st.sampled_from([0.0, 60000.0]))
def test_cap_assignment_matches_brute_force_when_revenue_stops_the_tier(cap: int, pairs: list[tuple[str, str]],
                                                                        revenue: float) -> None:
    # The tier is decided by revenue, not people: the levels alone decide who counts where (with no
    # level rules, the search stops as soon as everyone in file order meets what everyone together can).
    program = load_program(NO_LEVEL_RULES + f"\n[options]\nmax_competencies_per_person = {cap}\n")
    facts = partner(pairs, revenue)
    assert value(program, facts) == brute_force(program, facts, revenue)


@settings(max_examples=80)
@given(pairs=certs, extra=st.tuples(st.sampled_from(["ann", "bob", "eve"]), st.sampled_from(CODES)))
def test_cap_one_more_certification_never_lowers_the_result(pairs: list[tuple[str, str]],
                                                            extra: tuple[str, str]) -> None:
    # Under a cap a level may move to reach a higher tier, so the whole result (tier, then ranks) is compared.
    before = value(CAPPED, partner(pairs))
    assert value(CAPPED, partner([*pairs, extra])) >= before


# --- loader errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("min_by_role = { technical = 1, sales = 1 }", "min_by_role = { technicall = 1 }"),
         "competencies[0].levels[1].min_by_role.technicall: no certification has the role 'technicall'; "
         "did you mean technical?"),
        (("min_by_role = { technical = 1, sales = 1 }", "min_by_role = { technical = 0 }"),
         "competencies[0].levels[1].min_by_role.technical: must be an integer from 1 to 10000"),
        (("min_by_role = { technical = 1, sales = 1 }", "min_by_role = 3"),
         "competencies[0].levels[1].min_by_role: must be a table of role = count"),
        (("min_people = 2\n", "min_people = -1\n"), "tiers[1].min_people: must be a non-negative integer"),
        (("min_people = 2\n", "min_people = 2\nmin_poeple = 3\n"),
         "tiers[1].min_poeple: unknown key; did you mean min_people?"),
        (('role = "technical"\n', 'role = ""\n'), "certifications[0].role: must be a non-empty string"),
    ],
)
def test_loader_errors(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(ProgramError) as err:
        load_program(TEXT.replace(*change, 1))
    assert any(e.split(": ", 1)[1] == expected for e in err.value.errors), err.value.errors


def test_cap_option_is_bounded() -> None:
    with pytest.raises(ProgramError) as err:
        load_program(TEXT + "\n[options]\nmax_competencies_per_person = 0\n")
    assert "options.max_competencies_per_person: must be a positive integer" in str(err.value)
    assert replace(CAPPED.people).max_competencies_per_person == 1


# --- role slots: the counted shortfall against the flow and a brute force ------------------------------

ROLE_SETS = st.frozensets(st.sampled_from(["sales", "technical", "professional", "other"]), max_size=3)


def slots_brute_force(people: list[frozenset[str]], needs: tuple[tuple[str, int], ...], extra: int) -> int:
    """Fewest empty slots over every way to seat each person in one slot (or none)."""
    slots = [role for role, n in needs for _ in range(n)] + [""] * extra
    best = len(slots)
    for seats in itertools.product(range(-1, len(slots)), repeat=len(people)):
        taken = [s for s in seats if s >= 0]
        if len(taken) != len(set(taken)):
            continue
        if all(s < 0 or slots[s] == "" or slots[s] in roles for s, roles in zip(seats, people, strict=True)):
            best = min(best, len(slots) - len(taken))
    return best


@settings(max_examples=150)
@given(people=st.lists(ROLE_SETS, max_size=4),
       needs=st.dictionaries(st.sampled_from(["sales", "technical", "professional"]), st.integers(1, 2), max_size=3),
       extra=st.integers(0, 2))
def test_role_shortfall_matches_brute_force(people: list[frozenset[str]], needs: dict[str, int], extra: int) -> None:
    demand = (tuple(sorted(needs.items())), extra)
    expected = slots_brute_force(people, demand[0], extra)
    assert missing(people, demand) == expected
    total, by_role = shortfall(people, demand)
    assert total == expected == sum(by_role.values())
