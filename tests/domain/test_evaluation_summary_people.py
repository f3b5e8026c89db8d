"""A refresh under people rules, a review or grace stores what the whole engine says.

`summary_columns` takes a lean path for programs with people by role (and no metrics):
`evaluation_summary_people` works out only the tier, the movement and the first at-risk date, delays
only the first entry, and bisects the at-risk days on what is not kept. On generated partners of the
bench's rich program (roles, role minimums on Expert levels and on tiers, a cap of two competencies,
a review each 1 April, 3 months' grace) and of small variants of a roles program (caps of 1 and 2 or
none, review alone, grace alone, both, level ``requires``), on days around the review, it must give
``evaluate``'s three values.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bench_rules import rich_program_text
from prm_desktop.domain.evaluation import evaluate, summary_columns
from prm_desktop.domain.evaluation_model import CertFact, ContactFact, PartnerFacts, ReferenceFact, RevenueFact
from prm_desktop.domain.evaluation_summary_people import applies
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import quarter_of

ROLES = (Path(__file__).parents[1] / "data" / "program_people_roles.toml").read_text(encoding="utf-8")
OPTIONS = {
    "cap 2, review, grace": 'max_competencies_per_person = 2\nreview_date = "04-01"\ngrace_months = 3\n',
    "cap 1, review, grace": 'max_competencies_per_person = 1\nreview_date = "04-01"\ngrace_months = 3\n',
    "cap 1, review": 'max_competencies_per_person = 1\nreview_date = "01-01"\n',
    "cap 2, grace": 'max_competencies_per_person = 2\ngrace_months = 6\n',
    "review, grace, no cap": 'review_date = "04-01"\ngrace_months = 3\n',
    "no cap, no review": "",
}
# The roles program with its lowest levels needing a reference, so that references decide too.
ROLES_REFS = ROLES.replace('rank = 1\nmin_accredited = 1\n', 'rank = 1\nmin_accredited = 1\nmin_references = 1\n', 1)


def _roles_program(options: str, text: str = ROLES) -> Program:
    return load_program(text + ("\n[options]\n" + options if options else ""))


PROGRAMS = [(f"roles, {name}", _roles_program(options), ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES",
                                                          "OTHER"])
            for name, options in OPTIONS.items()]
PROGRAMS.append(("roles with references, cap 1, review, grace", _roles_program(OPTIONS["cap 1, review, grace"],
                                                                                ROLES_REFS),
                 ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES"]))
RICH = load_program(rich_program_text())
# A few codes of the rich program's first competencies, of each role.
RICH_CODES = sorted({code for comp in RICH.competencies[:3] for code in comp.certifications})[:8]
PROGRAMS.append(("bench rich", RICH, RICH_CODES))
# Its Security Principal held on references and revenue alone, with nobody accredited: a competency
# where nobody counts may still hold a level (the levels are not skipped for want of people).
NOBODY = load_program(rich_program_text().replace(
    'rank = 1\nmin_accredited = 2\nmin_revenue = 50000\n', 'rank = 1\nmin_accredited = 0\nmin_revenue = 50000\n', 1))
PROGRAMS.append(("bench rich, a level asking for nobody", NOBODY, RICH_CODES))
REVIEW_DAYS = [date(2026, 4, 1), date(2027, 1, 1)]
PEOPLE = ["ann", "bob", "cid", "dan", "eve", "fay"]

cert = st.tuples(st.sampled_from(PEOPLE), st.integers(0, 20), st.integers(-700, 0),
                 st.one_of(st.none(), st.integers(-200, 400)))
partner = st.tuples(
    st.lists(cert, min_size=0, max_size=9),
    st.lists(st.tuples(st.integers(0, 5), st.integers(-700, 0)), max_size=3),
    st.sampled_from([0.0, 60000.0, 150000.0, 260000.0, 2_000_000.0]),
    st.lists(st.tuples(st.sampled_from(PEOPLE), st.integers(-200, 200)), max_size=2),
    st.sampled_from([None, "silver", "gold", "platinum"]),
)


def make_facts(program: Program, codes: list[str], on: date, drawn: tuple) -> PartnerFacts:
    """A partner of ``program`` from a drawn shape, its days relative to ``on``."""
    certs, refs, revenue, leaving, assigned = drawn
    left = {person: on + timedelta(days=days) for person, days in leaving}
    people = sorted({person for person, *_rest in certs} | set(left))
    comps = program.competencies
    families = [c.product_family for c in comps if c.product_family] or ["cloud"]
    return PartnerFacts(
        "p1", "Partner", assigned_tier=assigned,
        contacts=[ContactFact(f"c-{p}", p.capitalize(), left.get(p)) for p in people],
        certifications=[CertFact(f"c-{p}", codes[code % len(codes)], on + timedelta(days=got),
                                 None if ends is None else on + timedelta(days=got + 400 + ends))
                        for p, code, got, ends in certs],
        references=[ReferenceFact(comps[comp % len(comps)].id, f"client {i}", True, on + timedelta(days=age))
                    for i, (comp, age) in enumerate(refs)],
        revenue=[RevenueFact(quarter_of(on - timedelta(days=91 * back)), "resell", families[back % len(families)],
                             revenue / (back + 1)) for back in range(4)],
    )


def whole_engine(program: Program, facts: PartnerFacts, on: date) -> tuple:
    ev = evaluate(program, facts, on, with_gaps=False)
    return ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(PROGRAMS) - 1), drawn=partner, review=st.sampled_from(REVIEW_DAYS),
       offset=st.integers(-120, 120))
def test_the_lean_summary_is_the_whole_engines(which: int, drawn: tuple, review: date, offset: int) -> None:
    _name, program, codes = PROGRAMS[which]
    assert applies(program)
    on = review + timedelta(days=offset)
    facts = make_facts(program, codes, on, drawn)
    assert summary_columns(program, facts, on) == whole_engine(program, facts, on)


def test_a_kept_tier_and_a_delayed_loss_are_summarised_as_the_engine_does() -> None:
    """Gold met at the review, lost since: kept until the next review; its first at-risk date is that day."""
    program = PROGRAMS[0][1]
    on = date(2026, 6, 15)
    # Gold (two technical people, two competencies) met on the review day; one leaves since.
    facts = PartnerFacts(
        "p1", "Partner", assigned_tier="gold",
        contacts=[ContactFact("c-ann", "Ann", None), ContactFact("c-bob", "Bob", date(2026, 5, 1))],
        certifications=[CertFact("c-ann", "SEC-TECH", date(2025, 1, 1), date(2027, 6, 1)),
                        CertFact("c-bob", "SEC-TECH", date(2025, 1, 1), None),
                        CertFact("c-bob", "CLOUD-ARCH", date(2025, 1, 1), None)],
        references=[],
        revenue=[RevenueFact(quarter_of(on - timedelta(days=91 * back)), "resell", "cloud", 100000.0)
                 for back in range(4)],
    )
    expected = whole_engine(program, facts, on)
    assert expected[0] == "gold" and expected[2] is not None
    assert summary_columns(program, facts, on) == expected


@pytest.mark.parametrize(("which", "first_at_risk"), [(5, date(2026, 10, 1)), (3, date(2027, 3, 31))])
def test_a_level_lost_when_someone_keeps_counting_without_the_role_it_needs(which: int, first_at_risk: date) -> None:
    """Security Expert needs a salesperson: Bob's sales certification expires, his technical one stays.

    Bob still counts for Security (so nobody leaves it) but no longer as sales: the level is lost the
    day after, and that day (without a review; six months later under a grace, where Bob, in three
    competencies, is over the cap of two) is the first at-risk date, as the whole engine says.
    """
    program = PROGRAMS[which][1]  # roles: no cap, no review; cap 2, 6 months' grace
    on = date(2026, 6, 15)
    facts = PartnerFacts(
        "p1", "Partner", assigned_tier=None,
        contacts=[ContactFact("c-ann", "Ann", None), ContactFact("c-bob", "Bob", None)],
        certifications=[CertFact("c-ann", "SEC-TECH", date(2025, 1, 1), None),
                        CertFact("c-bob", "SEC-TECH", date(2025, 1, 1), None),
                        CertFact("c-bob", "SEC-SALES", date(2025, 1, 1), date(2026, 9, 30)),
                        CertFact("c-bob", "SMB-SALES", date(2025, 1, 1), None)],
        references=[],
        revenue=[],
    )
    expected = whole_engine(program, facts, on)
    assert expected[2] == first_at_risk
    assert evaluate(program, facts, on).levels["security"] == "expert"
    assert summary_columns(program, facts, on) == expected


def test_a_tier_of_revenue_alone_is_held_without_any_reference_nor_certified_person() -> None:
    """No level is within reach (no reference, nobody certified) but Silver asks only for revenue: it is held."""
    program = load_program("""format = 1
[program]
id = "revenue-tier"
name = "Revenue tier"
valid_from = 2025-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 50000

[[competencies]]
id = "security"
name = "Security"
dimension = "technical"
product_family = "security"
certifications = ["SEC-TECH"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_references = 1
min_by_role = { technical = 1 }

[[certifications]]
code = "SEC-TECH"
name = "Security engineer"
role = "technical"

[options]
max_competencies_per_person = 2
review_date = "04-01"
grace_months = 3
""")
    on = date(2026, 6, 15)
    facts = PartnerFacts(
        "p1", "Partner", assigned_tier=None, contacts=[], certifications=[], references=[],
        revenue=[RevenueFact(quarter_of(on - timedelta(days=91 * back)), "resell", "cloud", 20000.0)
                 for back in range(4)],
    )
    expected = whole_engine(program, facts, on)
    assert expected[0] == "silver"
    assert summary_columns(program, facts, on) == expected


def test_gold_lost_when_a_certified_person_outside_every_competency_stops_counting() -> None:
    """Gold asks for two certified people: Bob, certified only in Foundations (no competency), expires.

    No competency's people change that day, only the certified people Gold counts: Gold is lost the day
    after, and that day is the first at-risk date, as the whole engine says.
    """
    program = PROGRAMS[5][1]  # roles, no cap, no review
    on = date(2026, 6, 15)
    facts = PartnerFacts(
        "p1", "Partner", assigned_tier="gold",
        contacts=[ContactFact("c-ann", "Ann", None), ContactFact("c-bob", "Bob", None)],
        certifications=[CertFact("c-ann", "SEC-TECH", date(2025, 1, 1), None),
                        CertFact("c-bob", "OTHER", date(2025, 1, 1), date(2026, 9, 30))],
        references=[],
        revenue=[RevenueFact(quarter_of(on - timedelta(days=91 * back)), "resell", "cloud", 60000.0)
                 for back in range(4)],
    )
    expected = whole_engine(program, facts, on)
    assert expected[0] == "gold" and expected[2] == date(2026, 10, 1)
    assert summary_columns(program, facts, on) == expected


def test_a_level_asking_for_nobody_is_held_without_anyone_certified() -> None:
    """Security Principal asks for no accredited person: references and revenue alone hold it, and Silver with it."""
    on = date(2026, 12, 6)
    facts = PartnerFacts(
        "p1", "Partner", assigned_tier=None, contacts=[], certifications=[],
        references=[ReferenceFact("security", "Client", True, date(2026, 6, 1))],
        revenue=[RevenueFact(quarter_of(on - timedelta(days=91 * back)), "resell", "security", 40000.0)
                 for back in range(4)],
    )
    ev = evaluate(NOBODY, facts, on, with_gaps=False)
    assert ev.levels == {"security": "principal"}
    assert ev.tier == "silver"
    assert summary_columns(NOBODY, facts, on)[0] == "silver"
