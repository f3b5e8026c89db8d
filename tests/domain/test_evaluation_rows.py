"""The portfolio refresh's fast path (fact rows added up as read) stores exactly what the engine decides.

`summary_columns_from_rows` stands for `summary_columns` under plain programs: for generated portfolios
(partners' rows interleaved as a table scan returns them, dates as stored text, rows of partners not
in the portfolio) each partner's tier, movement and first at-risk date are those of `summary_columns`
on the facts the loader builds, and a partner with revenue in another currency is refused with the
same message.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    summary_columns,
)
from prm_desktop.domain.evaluation_index import add_months
from prm_desktop.domain.evaluation_metrics import CurrencyMismatchError
from prm_desktop.domain.evaluation_rows import fits_rows, summary_columns_from_rows
from prm_desktop.domain.program import MOTIONS, Program, load_program
from prm_desktop.domain.program_calendar import window_quarters
from prm_desktop.domain.quarters import Quarter
from tests.domain.test_evaluation_properties import PROGRAM, RULES

ROOT = Path(__file__).resolve().parents[2] / "resources" / "programs"
DEFAULT_TEXT = (ROOT / "default.toml").read_text("utf-8")
DEFAULT = load_program(DEFAULT_TEXT)
# The default program with an April fiscal year and references that age (other quarters, other windows).
APRIL = load_program(DEFAULT_TEXT.replace('id = "vendor-2026-v2"', 'id = "april"')
                     .replace("fiscal_year_start_month = 1", "fiscal_year_start_month = 4")
                     .replace("reference_max_age_months = 36", "reference_max_age_months = 12"))
PROGRAMS = [PROGRAM, RULES, DEFAULT, APRIL]
DAY = timedelta(days=1)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rows(pid: str, facts: PartnerFacts, fiscal: int) -> dict[str, list[tuple]]:
    """The partner's facts as the loader's queries return them (dates as stored text)."""
    return {
        "contacts": [(pid, c.id, c.name, _iso(c.left_on)) for c in facts.contacts],
        "certifications": [(pid, c.contact_id, c.code, _iso(c.obtained), _iso(c.expires))
                           for c in facts.certifications],
        "references": [(pid, r.competency_id, r.customer, int(r.validated), _iso(r.on)) for r in facts.references],
        "revenue": [(pid, line.quarter.start_date(fiscal).isoformat(), line.motion, line.product_family,
                     line.amount, line.currency) for line in facts.revenue],
    }  # fmt: skip


def _portfolio(partners: list[PartnerFacts], fiscal: int, shuffle: random.Random,
               stray: PartnerFacts) -> tuple[list[tuple], dict[str, list[tuple]]]:
    """Heads and each kind's rows of every partner (plus one partner not in the portfolio), interleaved."""
    heads = [(f"p{i:03d}", f"Partner {i}", facts.assigned_tier) for i, facts in enumerate(partners)]
    per_partner = [_rows(pid, facts, fiscal) for (pid, _n, _t), facts in zip(heads, partners, strict=True)]
    per_partner.append(_rows("gone", stray, fiscal))
    kinds: dict[str, list[tuple]] = {}
    for kind in ("contacts", "certifications", "references", "revenue"):
        queues = [list(rows[kind]) for rows in per_partner]
        tokens = [i for i, queue in enumerate(queues) for _ in queue]
        shuffle.shuffle(tokens)  # a scan returns partners' rows mixed, each partner's in its own order
        kinds[kind] = [queues[i].pop(0) for i in tokens]
    return heads, kinds


def _with_ids(facts: PartnerFacts, pid: str) -> PartnerFacts:
    """The same facts with contact ids of their own partner (contact ids are unique in a portfolio)."""
    contacts = [type(c)(f"{pid}-{c.id}", c.name, c.left_on) for c in facts.contacts]
    certs = [type(c)(f"{pid}-{c.contact_id}", c.code, c.obtained, c.expires) for c in facts.certifications]
    return PartnerFacts(pid, facts.name, facts.assigned_tier, contacts, certs, list(facts.references),
                        list(facts.revenue))


def _near(day: date) -> list[date]:
    return [day - DAY, day, day + DAY]


@st.composite
def partner(draw: st.DrawFn, program: Program, on: date) -> PartnerFacts:
    """A partner's facts dated on, or a day either side of, the days that decide (the day, expiries, reference age)."""
    codes = [code for comp in program.competencies for code in comp.certifications] + ["OTHER"]
    comps = [comp.id for comp in program.competencies] + ["unknown"]
    families = [comp.product_family for comp in program.competencies] + [None, "Autre"]
    oldest = add_months(on, -(program.reference_max_age_months or 36))
    window = window_quarters(program, on)
    quarters = [window[0].shift(-1), *window, window[-1].shift(1)]
    levels = [lv for comp in program.competencies for lv in comp.levels]
    minimums = [t.min_revenue for t in program.tiers] + [lv.min_revenue for lv in levels]
    amounts = st.sampled_from([float(m) for m in minimums] + [0.0]) | st.integers(-20000, 600000).map(float)
    contacts = [ContactFact(f"c{i}", f"Contact {i}", draw(st.sampled_from([None, None, on - 400 * DAY, *_near(on)])))
                for i in range(draw(st.integers(0, 5)))]  # fmt: skip
    certs = draw(st.lists(st.builds(
        CertFact, st.sampled_from([f"c{i}" for i in range(6)]), st.sampled_from(codes),
        st.sampled_from([on - 700 * DAY, *_near(on)]), st.sampled_from([None, on + 200 * DAY, *_near(on)])),
        max_size=10))  # fmt: skip
    # References of one or two competencies, enough of them for a level's minimum to hang on one.
    refs = draw(st.lists(st.builds(
        ReferenceFact, st.sampled_from(comps[:1] + comps[-1:]) | st.sampled_from(comps), st.just("Client"),
        st.booleans(), st.sampled_from([None, *_near(on), *_near(oldest)])), max_size=12))  # fmt: skip
    lines = draw(st.lists(st.builds(
        RevenueFact, st.sampled_from(quarters), st.sampled_from(MOTIONS), st.sampled_from(families), amounts,
        st.sampled_from([None, "EUR"])), max_size=14))  # fmt: skip
    tier = draw(st.sampled_from([None, *(t.id for t in program.tiers)]))
    return PartnerFacts("?", "?", tier, contacts, certs, refs, lines)


@st.composite
def portfolio(draw: st.DrawFn, program: Program) -> tuple[date, list[PartnerFacts], PartnerFacts]:
    on = draw(st.sampled_from([date(2026, 3, 2), date(2026, 3, 31), date(2026, 4, 1), date(2026, 12, 31)]))
    partners = draw(st.lists(partner(program, on), min_size=1, max_size=6))
    return on, partners, draw(partner(program, on))


@pytest.mark.parametrize("program", PROGRAMS, ids=["thresholds", "requires-rules", "default", "april-fiscal-year"])
@given(data=st.data(), shuffle=st.randoms(use_true_random=False))
def test_the_rows_path_gives_each_partner_the_engines_summary(program: Program, data, shuffle) -> None:
    assert fits_rows(program)
    on, partners, stray = data.draw(portfolio(program))
    facts = [_with_ids(f, f"p{i:03d}") for i, f in enumerate(partners)]
    heads, rows = _portfolio(facts, program.fiscal_year_start_month, shuffle, _with_ids(stray, "gone"))
    got = summary_columns_from_rows(program, on, heads, rows["contacts"], rows["certifications"],
                                    rows["references"], rows["revenue"])  # fmt: skip
    expected = [(f.partner_id, *summary_columns(program, f, on)) for f in facts]
    assert got == expected


def test_a_partner_with_revenue_in_another_currency_is_refused_as_the_engine_refuses_it() -> None:
    on = date(2026, 3, 2)
    quarter = Quarter(2026, 1)
    fine = PartnerFacts("p1", "Alpha", None, revenue=[RevenueFact(quarter, "resell", "security", 1000.0)])
    dollars = PartnerFacts("p2", "Beta", None, revenue=[RevenueFact(quarter, "resell", "security", 10.0, "EUR"),
                                                        RevenueFact(quarter, "resell", "security", 5.0, "USD")])
    with pytest.raises(CurrencyMismatchError) as engine:
        for facts in (fine, dollars):
            summary_columns(PROGRAM, facts, on)
    heads, rows = _portfolio([fine, dollars], 1, random.Random(1), PartnerFacts("gone", "Gone", None))
    heads = [("p1", "Alpha", None), ("p2", "Beta", None)]
    rows = {kind: [("p1" if r[0] == "p000" else "p2" if r[0] == "p001" else r[0], *r[1:]) for r in kind_rows]
            for kind, kind_rows in rows.items()}  # fmt: skip
    with pytest.raises(CurrencyMismatchError) as fast:
        summary_columns_from_rows(PROGRAM, on, heads, rows["contacts"], rows["certifications"], rows["references"],
                                  rows["revenue"])  # fmt: skip
    assert str(fast.value) == str(engine.value)
    assert "USD" in str(fast.value)


def test_programs_with_newer_rules_do_not_take_the_rows_path() -> None:
    for name in ("microsoft_security.toml", "symantec-2014.toml", "aws_services_path.toml"):
        assert not fits_rows(load_program((ROOT / "examples" / name).read_text("utf-8"))), name
    assert APRIL.fiscal_year_start_month == 4 and APRIL.reference_max_age_months == 12


@pytest.mark.parametrize("program", [DEFAULT, APRIL], ids=["default", "april-fiscal-year"])
@pytest.mark.parametrize("age_days", [0, 1])
def test_a_reference_on_the_last_day_it_counts_decides_alike(program: Program, age_days: int) -> None:
    """A Silver partner whose one reference is exactly as old as the program allows, or a day older."""
    on = date(2026, 3, 2)
    oldest = add_months(on, -program.reference_max_age_months)  # type: ignore[operator]
    quarter = window_quarters(program, on)[-1]
    facts = PartnerFacts(
        "p1", "Alpha", "silver",
        contacts=[ContactFact("p1-a", "Anne"), ContactFact("p1-b", "Bruno")],
        certifications=[CertFact("p1-a", "SEC-TECH", on - 100 * DAY), CertFact("p1-b", "SEC-SALES", on - 100 * DAY)],
        references=[ReferenceFact("security", "Client", True, oldest - age_days * DAY)],
        revenue=[RevenueFact(quarter, "resell", "security", 150000.0)],
    )  # fmt: skip
    heads, rows = _portfolio([facts], program.fiscal_year_start_month, random.Random(3), PartnerFacts("x", "X", None))
    rows = {kind: [("p1" if r[0] == "p000" else r[0], *r[1:]) for r in kind_rows] for kind, kind_rows in rows.items()}
    got = summary_columns_from_rows(program, on, [("p1", "Alpha", "silver")], rows["contacts"],
                                    rows["certifications"], rows["references"], rows["revenue"])  # fmt: skip
    tier = summary_columns(program, facts, on)
    assert got == [("p1", *tier)]
    assert tier[0] == ("silver" if age_days == 0 else None)  # the reference decides
