"""Review periods and grace: boundary tables (review day, day before, grace end), at-risk dates, words."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm_desktop.domain.evaluation import CertFact, ContactFact, PartnerFacts, evaluate, evaluation_to_json
from prm_desktop.domain.evaluation_index import add_months
from prm_desktop.domain.program import ProgramError, load_program

TEXT = (Path(__file__).parents[1] / "data" / "program_review.toml").read_text(encoding="utf-8")
REVIEW = load_program(TEXT + 'review_date = "03-31"\n')
GRACE = load_program(TEXT + "grace_months = 6\n")
PLAIN = load_program(TEXT)


def facts() -> PartnerFacts:
    """Gold (Security Expert: 2 people) until Bob's certification expires on 30/06/2026."""
    return PartnerFacts(
        "p", "P", assigned_tier="gold",
        contacts=[ContactFact("a", "Ann"), ContactFact("b", "Bob")],
        certifications=[CertFact("a", "SEC", date(2025, 1, 1)),
                        CertFact("b", "SEC", date(2025, 1, 1), date(2026, 6, 30))],
    )


@pytest.mark.parametrize(
    ("on", "plain", "review", "grace"),
    [
        (date(2026, 6, 30), "gold", "gold", "gold"),      # expiry day: still valid
        (date(2026, 7, 1), "silver", "gold", "gold"),     # the day after: met Silver only
        (date(2026, 12, 30), "silver", "gold", "gold"),   # last day of the 6-month grace
        (date(2026, 12, 31), "silver", "gold", "silver"),  # grace over
        (date(2027, 3, 30), "silver", "gold", "silver"),  # the day before the review
        (date(2027, 3, 31), "silver", "silver", "silver"),  # review day: decided on that day's facts
    ],
)
def test_tier_kept_by_review_and_grace(on: date, plain: str, review: str, grace: str) -> None:
    assert evaluate(PLAIN, facts(), on).tier == plain
    assert evaluate(REVIEW, facts(), on).tier == review
    assert evaluate(GRACE, facts(), on).tier == grace


def test_review_decides_on_the_review_day_and_keeps_the_levels() -> None:
    ev = evaluate(REVIEW, facts(), date(2026, 7, 1))
    assert (ev.tier, ev.tier_met, ev.tier_kept_until) == ("gold", "silver", date(2027, 3, 30))
    assert ev.levels == {"security": "expert"} and ev.levels_met == {"security": "principal"}
    assert ev.movement is None  # assigned Gold, kept Gold
    assert [e.text_en for e in ev.explanations] == [
        "Gold kept until the review of 31/03/2027", "Security Expert kept until the review of 31/03/2027"]
    assert ev.explanations[0].text_fr == "Gold gardé jusqu’à la revue du 31/03/2027"
    assert [(r.date, r.lost) for r in ev.at_risk] == [(date(2027, 3, 31), "tier:gold"),
                                                      (date(2027, 3, 31), "security:expert")]
    data = evaluation_to_json(ev)
    assert data["tier_met"] == "silver" and data["tier_kept_until"] == "2027-03-30"
    assert data["levels_kept_until"] == {"security": "2027-03-30"}


def test_at_risk_dates_follow_the_review_and_the_grace() -> None:
    # Met on 01/03/2026; the expiry of 30/06 loses Gold on 01/07 without these rules.
    on = date(2026, 3, 1)
    assert {r.lost: r.date for r in evaluate(PLAIN, facts(), on).at_risk}["tier:gold"] == date(2026, 7, 1)
    review = evaluate(REVIEW, facts(), on)  # lost after the review of 2026: kept to the next one
    assert {r.lost: r.date for r in review.at_risk}["tier:gold"] == date(2027, 3, 31)
    assert review.explanations[0].text_en == "if Gold stops being met, it is kept until the review of 31/03/2027"
    early = facts()
    early.certifications[1] = CertFact("b", "SEC", date(2025, 1, 1), date(2026, 3, 30))
    assert {r.lost: r.date for r in evaluate(REVIEW, early, on).at_risk}["tier:gold"] == date(2026, 3, 31)
    grace = evaluate(GRACE, facts(), on)
    assert {r.lost: r.date for r in grace.at_risk}["tier:gold"] == date(2026, 12, 31)


def test_grace_words_in_french_and_english() -> None:
    ev = evaluate(GRACE, facts(), date(2026, 9, 1))
    assert ev.explanations[0].text_fr == "Gold gardé jusqu’au 30/12/2026 (délai de grâce de 6\u00a0mois)"
    assert ev.explanations[0].text_en == "Gold kept until 30/12/2026 (6-month grace period)"


def test_a_later_certification_keeps_the_grace_running_from_its_own_end() -> None:
    f = facts()
    f.certifications.append(CertFact("b", "SEC", date(2026, 8, 1), date(2026, 8, 31)))
    ev = evaluate(GRACE, f, date(2027, 1, 15))  # met again in August: kept 6 months after 31/08
    assert (ev.tier, ev.tier_kept_until) == ("gold", date(2027, 2, 28))


def test_without_review_keys_nothing_changes() -> None:
    data = evaluation_to_json(evaluate(PLAIN, facts(), date(2026, 7, 1)))
    assert not {"explanations", "tier_met", "tier_kept_until", "levels_met"} & set(data)


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ('review_date = "3-31"', 'options.review_date: must be a month and day "MM-DD" (e.g. "03-31")'),
        ('review_date = "02-30"', 'options.review_date: must be a month and day "MM-DD" (e.g. "03-31")'),
        ("review_date = 2026-03-31", 'options.review_date: must be a month and day "MM-DD" (e.g. "03-31")'),
        ("grace_months = 61", "options.grace_months: must be an integer from 0 to 60"),
        ("grace_month = 6", "options.grace_month: unknown key; did you mean grace_months?"),
    ],
)
def test_loader_errors(option: str, expected: str) -> None:
    with pytest.raises(ProgramError) as err:
        load_program(TEXT + option + "\n")
    assert any(e.split(": ", 1)[1] == expected for e in err.value.errors), err.value.errors


# --- grace against a brute force: the best tier met on any day whose grace still runs ------------------

GRACE_1 = load_program(TEXT + "grace_months = 1\n")


@settings(max_examples=40)
@given(expiries=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(-70, 20)), min_size=1, max_size=5),
       gone=st.none() | st.integers(-60, 0))
def test_grace_matches_brute_force(expiries: list[tuple[str, int]], gone: int | None) -> None:
    on = date(2026, 3, 31)
    f = PartnerFacts("p", "P", contacts=[ContactFact(c, c.upper()) for c in ("a", "b", "c")],
                     certifications=[CertFact(c, "SEC", date(2025, 1, 1), on + timedelta(days=n))
                                     for c, n in expiries])
    if gone is not None:
        f.contacts[0] = ContactFact("a", "A", on + timedelta(days=gone))
    rank = {None: 0, "silver": 1, "gold": 2}
    best = 0
    day = on - timedelta(days=70)
    while day <= on:
        if add_months(day, 1) >= on:
            best = max(best, rank[evaluate(PLAIN, f, day).tier])
        day += timedelta(days=1)
    assert rank[evaluate(GRACE_1, f, on).tier] == best
