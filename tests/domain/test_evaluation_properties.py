"""Property tests: the monotonicity rules of formats.md §2, and at-risk dates against a brute force."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import (
    CertFact,
    ContactFact,
    Evaluation,
    PartnerFacts,
    ReferenceFact,
    RevenueFact,
    evaluate,
)
from prm_desktop.domain.program import MOTIONS, load_program
from prm_desktop.domain.quarters import Quarter, quarter_of

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "programs" / "default.toml"
PROGRAM = load_program(DEFAULT.read_text(encoding="utf-8"))
CODES = sorted({code for comp in PROGRAM.competencies for code in comp.certifications})
COMPS = [c.id for c in PROGRAM.competencies]
FAMILIES = [c.product_family for c in PROGRAM.competencies]
# A few competencies only, so that levels are actually reached.
SMALL_CODES = ["SEC-TECH", "SEC-SALES", "CLOUD-ARCH", "CLOUD-OPS", "SMB-SALES"]
SMALL_COMPS = ["security", "cloud", "smb"]
CONTACTS = [f"c{i}" for i in range(5)]

START, END = date(2024, 1, 1), date(2027, 12, 31)
dates = st.dates(min_value=START, max_value=END)
maybe_dates = st.none() | dates
quarters = st.builds(Quarter, st.integers(2024, 2027), st.integers(1, 4))
amounts = st.integers(-20000, 900000).map(float)


@st.composite
def certs(draw: st.DrawFn, obtained: st.SearchStrategy[date] = dates) -> CertFact:
    start = draw(obtained)
    expires = draw(st.none() | st.integers(0, 900).map(lambda n: start + timedelta(days=n)))
    return CertFact(
        draw(st.sampled_from(CONTACTS)), draw(st.sampled_from(SMALL_CODES + CODES[:3])), start, expires
    )


def refs(on: st.SearchStrategy[date | None] = maybe_dates) -> st.SearchStrategy[ReferenceFact]:
    return st.builds(
        ReferenceFact, st.sampled_from(SMALL_COMPS + COMPS[:2]), st.just("Client"), st.booleans(), on
    )


def revenue(q: st.SearchStrategy[Quarter] = quarters) -> st.SearchStrategy[RevenueFact]:
    return st.builds(
        RevenueFact, q, st.sampled_from(MOTIONS), st.none() | st.sampled_from(FAMILIES[:3] + ["smb"]), amounts
    )


@st.composite
def partner(draw: st.DrawFn, left: st.SearchStrategy[date | None] = maybe_dates) -> PartnerFacts:
    return PartnerFacts(
        partner_id="p",
        name="P",
        assigned_tier=draw(st.none() | st.sampled_from(["silver", "gold", "platinum"])),
        contacts=[ContactFact(cid, cid.upper(), draw(left)) for cid in CONTACTS],
        certifications=draw(st.lists(certs(), max_size=10)),
        references=draw(st.lists(refs(), max_size=6)),
        revenue=draw(st.lists(revenue(), max_size=12)),
    )


def ranks(ev: Evaluation, program=PROGRAM) -> tuple[int, dict[str, int]]:
    tier = program.tier(ev.tier).rank if ev.tier else 0
    levels = {c.id: (c.level(ev.levels[c.id]).rank if c.id in ev.levels else 0) for c in program.competencies}
    return tier, levels


def not_lower(after: Evaluation, before: Evaluation) -> bool:
    (t1, l1), (t0, l0) = ranks(after), ranks(before)
    return t1 >= t0 and all(l1[k] >= l0[k] for k in l0)


@settings(max_examples=80)
@given(partner(), dates, revenue(quarters).filter(lambda r: r.amount > 0))
def test_more_revenue_never_lowers(facts: PartnerFacts, on: date, extra: RevenueFact) -> None:
    before = evaluate(PROGRAM, facts, on)
    facts.revenue.append(extra)
    assert not_lower(evaluate(PROGRAM, facts, on), before)


@settings(max_examples=80)
@given(partner(), dates, certs())
def test_one_more_certification_never_lowers(facts: PartnerFacts, on: date, extra: CertFact) -> None:
    before = evaluate(PROGRAM, facts, on)
    facts.certifications.append(extra)
    assert not_lower(evaluate(PROGRAM, facts, on), before)


@settings(max_examples=80)
@given(partner(), dates, refs().map(lambda r: replace(r, validated=True)))
def test_one_more_reference_never_lowers(facts: PartnerFacts, on: date, extra: ReferenceFact) -> None:
    before = evaluate(PROGRAM, facts, on)
    facts.references.append(extra)
    assert not_lower(evaluate(PROGRAM, facts, on), before)


@st.composite
def dated_before(draw: st.DrawFn) -> tuple[PartnerFacts, date, date]:
    """Facts all dated ≤ d0, and a later d1 in the same quarter (so the same window)."""
    d0 = draw(dates)
    q = quarter_of(d0)
    d1 = draw(st.dates(min_value=d0 + timedelta(days=1), max_value=max(q.end_date(), d0 + timedelta(days=1))))
    upto = st.dates(min_value=START, max_value=d0)
    facts = draw(partner(left=st.none() | upto))
    facts.certifications = draw(st.lists(certs(obtained=upto), max_size=10))
    facts.references = draw(st.lists(refs(on=st.none() | upto), max_size=6))
    facts.revenue = draw(st.lists(revenue(st.builds(lambda n: q.shift(-n), st.integers(0, 6))), max_size=12))
    return facts, d0, d1


@settings(max_examples=80)
@given(dated_before())
def test_later_date_in_same_window_never_rises(case: tuple[PartnerFacts, date, date]) -> None:
    facts, d0, d1 = case
    if quarter_of(d1) != quarter_of(d0):
        return  # d0 was the last day of its quarter
    assert not_lower(evaluate(PROGRAM, facts, d0), evaluate(PROGRAM, facts, d1))


# A long window and no reference age limit: only certification expiries change anything after d.
FROZEN = replace(PROGRAM, revenue_window_quarters=40, reference_max_age_months=None)


@settings(max_examples=60)
@given(dated_before())
def test_at_risk_matches_brute_force(case: tuple[PartnerFacts, date, date]) -> None:
    facts, d, _ = case
    facts.contacts = [replace(c, left_on=None) for c in facts.contacts]
    base = evaluate(FROZEN, facts, d)
    found = {r.lost: r.date for r in base.at_risk}
    # Counts only change the day after an expiry: evaluate on each of those days (and the day before).
    days = sorted(
        {
            c.expires + timedelta(days=k)
            for c in facts.certifications
            if c.expires and c.expires >= d
            for k in (0, 1)
        }
        - {d}
    )
    expected: dict[str, date] = {}
    for day in days:
        ev = evaluate(FROZEN, facts, day)
        for comp_id, level_id in base.levels.items():
            key = f"{comp_id}:{level_id}"
            comp = FROZEN.competency(comp_id)
            now = comp.level(ev.levels[comp_id]).rank if comp_id in ev.levels else 0
            if key not in expected and now < comp.level(level_id).rank:
                expected[key] = day
        if base.tier and f"tier:{base.tier}" not in expected:
            now = FROZEN.tier(ev.tier).rank if ev.tier else 0
            if now < FROZEN.tier(base.tier).rank:
                expected[f"tier:{base.tier}"] = day
    assert found == expected
    for risk in base.at_risk:
        assert risk.reason.startswith("certification ")
        assert risk.reason.endswith(f"expires {(risk.date - timedelta(days=1)).isoformat()}")
