"""Under people rules the app's engine skips work that cannot change the result, and gives the same result.

- The days a review or grace looks back at (the last review, the days of the grace period) are
  skipped when a ceiling (everyone certified during the stretch counted everywhere, every reference,
  the positive revenue) is no higher than what is met on the day itself.
- A partner holding nothing has no at-risk days worked out.
- Under a cap, the search stops as soon as everyone in file order meets what everyone together can;
  the partner summary, at-risk days, review and grace (levels and tier only) take the uncapped levels
  when the people fit them; people over the cap leaving the competencies they are not needed in
  stands for a max-flow that fits.

Partners whose certifications expire, whose contacts leave, whose references age and whose revenue
has credit notes during the stretch are evaluated by the app's engine and by the reference engine
(`PeopleEngine(memo=False)`), which skips nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import assume, given, settings
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
from prm_desktop.domain.evaluation_ceiling import ceiling_standing
from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_people import PeopleEngine, people_engine
from prm_desktop.domain.people_assign import assign, fits_over, over_cap
from prm_desktop.domain.people_missing import missing
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import quarter_of

BASE = (Path(__file__).parents[1] / "data" / "program_people_roles.toml").read_text(encoding="utf-8")
# Levels need references and revenue too; references age out after 4 months; every tier needs revenue.
TEXT = BASE.replace('rank = 1\nmin_accredited = 1\n', 'rank = 1\nmin_accredited = 1\nmin_references = 1\n', 1).replace(
    'min_accredited = 3\nmin_by_role = { technical = 2 }', 'min_accredited = 3\nmin_by_role = { technical = 2 }\n'
    'min_revenue = 100000', 1).replace('revenue_window_quarters = 4', 'revenue_window_quarters = 2').replace(
    'rank = 3\n', 'rank = 3\nmin_revenue = 300000\n', 1)  # every tier has a revenue minimum
OPTIONS = ('\n[options]\nreference_max_age_months = 4\nmax_competencies_per_person = {cap}\n'
           '{review}grace_months = {grace}\n')
D = date(2026, 5, 10)  # the last review (1 April) and a 3-month grace look back to February
CODES = ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "SMB-SALES", "OTHER"]
PEOPLE = ["ann", "bob", "cid", "dan", "eve"]


def programs(cap: int, review: bool, grace: int, level_rules: bool = True) -> tuple[Program, Program]:
    """The app's program and the same one under the reference engine (every day looked at, nothing skipped)."""
    text = TEXT if level_rules else TEXT.replace('requires = [{ competency = "security", level = "principal" }]', "")
    text += OPTIONS.format(cap=cap, review='review_date = "04-01"\n' if review else "", grace=grace)
    app, reference = load_program(text), load_program(text)
    index = program_index(reference)
    index.__dict__["people_engine"] = PeopleEngine(index, memo=False)
    return app, reference


cert = st.tuples(st.sampled_from(PEOPLE), st.sampled_from(CODES), st.integers(-500, 0),
                 st.one_of(st.none(), st.integers(-130, 60)))
partner_shape = st.tuples(
    st.lists(cert, min_size=1, max_size=8),
    st.lists(st.tuples(st.sampled_from(["security", "cloud", "smb"]), st.integers(-250, 0)), max_size=4),
    st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["security", "cloud", "smb"]),
                       st.sampled_from([-150000.0, -40000.0, 30000.0, 60000.0, 120000.0, 260000.0])), max_size=5),
    st.dictionaries(st.sampled_from(PEOPLE), st.integers(-130, 0), max_size=2),
)


def partner(drawn: tuple) -> PartnerFacts:
    certs, refs, revenue, left = drawn
    people = sorted({c for c, *_rest in certs})
    return PartnerFacts(
        "p", "P",
        contacts=[ContactFact(c, c.capitalize(), D + timedelta(days=left[c]) if c in left else None) for c in people],
        certifications=[CertFact(c, code, D + timedelta(days=got), None if ends is None else D + timedelta(days=ends))
                        for c, code, got, ends in certs],
        references=[ReferenceFact(comp, f"client {i}", True, D + timedelta(days=age))
                    for i, (comp, age) in enumerate(refs)],
        revenue=[RevenueFact(quarter_of(D - timedelta(days=91 * back)), "resell", family, amount)
                 for back, family, amount in revenue],
    )


@settings(max_examples=250, deadline=None)
@given(drawn=partner_shape, cap=st.sampled_from([1, 2]), review=st.booleans(), grace=st.sampled_from([0, 3]),
       offset=st.integers(-40, 40), level_rules=st.booleans())
def test_looking_back_only_where_more_could_be_met_gives_the_same_evaluation(
        drawn: tuple, cap: int, review: bool, grace: int, offset: int, level_rules: bool) -> None:
    app, reference = programs(cap, review, grace, level_rules)
    facts, on = partner(drawn), D + timedelta(days=offset)
    assert evaluation_to_json(evaluate(app, facts, on)) == evaluation_to_json(evaluate(reference, facts, on))
    assert summary_columns(app, facts, on) == summary_columns(reference, facts, on)


@settings(max_examples=150, deadline=None)
@given(drawn=partner_shape, cap=st.sampled_from([1, 2]), back=st.integers(0, 130), since=st.integers(0, 130))
def test_no_day_of_the_stretch_meets_more_than_the_ceiling(drawn: tuple, cap: int, back: int, since: int) -> None:
    daily = load_program(TEXT + OPTIONS.format(cap=cap, review="", grace=0))  # each day as met on it
    engine = people_engine(program_index(daily))
    assert engine is not None
    facts = partner(drawn)
    day, first = D - timedelta(days=back), D - timedelta(days=back + since)
    top_tier, top_levels = ceiling_standing(engine, facts, first, D)
    ev = evaluate(daily, facts, day, with_gaps=False)
    tiers = [t.id for t in daily.tiers]
    assert (tiers.index(ev.tier) if ev.tier else -1) <= top_tier
    for pos, comp in enumerate(daily.competencies):
        held = [lv.id for lv in comp.levels].index(ev.levels[comp.id]) if comp.id in ev.levels else -1
        assert held <= top_levels[pos]


ROLE_SETS = st.frozensets(st.sampled_from(["sales", "technical", "professional"]), min_size=1, max_size=2)
NEEDS = st.dictionaries(st.sampled_from(["sales", "technical", "professional"]), st.integers(1, 2), max_size=2)
DEMAND = st.one_of(st.none(), st.tuples(NEEDS.map(lambda d: tuple(sorted(d.items()))), st.integers(0, 2)))


@settings(max_examples=300, deadline=None)
@given(demands=st.lists(DEMAND, min_size=1, max_size=4), cap=st.integers(1, 2), data=st.data())
def test_people_leaving_where_they_are_not_needed_is_only_said_to_fit_when_the_flow_fits(
        demands: list, cap: int, data: st.DataObject) -> None:
    people = data.draw(st.lists(st.dictionaries(st.sampled_from(PEOPLE), ROLE_SETS, max_size=5),
                                min_size=len(demands), max_size=len(demands)))
    assume(all(d is None or missing(list(a.values()), d) == 0 for a, d in zip(people, demands, strict=True)))
    persons = sorted({p for a in people for p in a})
    access = [[(pos, a[p]) for pos, a in enumerate(people) if p in a] for p in persons]
    if fits_over(people, demands, cap, over_cap(people, cap), missing):
        assert assign(access, demands, cap).feasible


def test_a_level_met_at_the_review_with_exactly_its_minimum_references_is_kept() -> None:
    # Security Principal needs 1 reference: the partner had exactly that on 1 April, with Ann certified;
    # her certification has expired since. Nothing else could be met (no revenue), only that level.
    app, reference = programs(1, review=True, grace=0)
    facts = PartnerFacts("p", "P", contacts=[ContactFact("ann", "Ann")],
                         certifications=[CertFact("ann", "SEC-TECH", date(2025, 1, 1), date(2026, 4, 20))],
                         references=[ReferenceFact("security", "client", True, date(2026, 3, 1))])
    ev = evaluate(app, facts, D)
    assert ev.levels == {"security": "principal"}
    assert ev.levels_met == {"security": None}
    assert ev.levels_kept_until == {"security": date(2027, 3, 31)}
    assert evaluation_to_json(ev) == evaluation_to_json(evaluate(reference, facts, D))
