"""The partner list: filters, counts, stable sorts both ways, paging windows, filter options."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from prm_desktop.services import partner_summary, search_index
from prm_desktop.services.partner_queries import (
    NO_OWNER,
    NO_TIER,
    SORT_KEYS,
    PartnerFilter,
    count_partners,
    fetch_partner_rows,
    filter_options,
    partner_ids,
    search_partner_ids,
)
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner
from prm_desktop.services.team import TeamMemberInput, create_team_member
from prm_desktop.storage.models import RevenueLine, Target, Visit, VisitPartner

TODAY = date(2026, 5, 15)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(partner_summary, "today", lambda: TODAY)


@pytest.fixture(autouse=True)
def _only_derived_table_hooks(uow):
    """Evaluation columns are set by hand here: leave out the program engine's own hook."""
    mine = {partner_summary.__name__, search_index.__name__}
    uow.hooks[:] = [hook for hook in uow.hooks if hook.__module__ in mine]


@pytest.fixture
def portfolio(uow):
    claire = create_team_member(uow, TeamMemberInput(name="Claire"))
    bruno = create_team_member(uow, TeamMemberInput(name="Bruno"))
    specs = [
        ("Alpha", dict(type="reseller", assigned_tier="gold", city="Lyon", region="ARA", owner_id=claire.id,
                       tags=["cloud"], motions=["resell"], contract_end="2026-06-01", status="active")),
        ("Bravo", dict(type="integrator", assigned_tier="silver", city="Paris", region="IDF", owner_id=bruno.id,
                       tags=["cloud", "ia"], motions=["co-sell", "resell"], contract_end="2027-01-01",
                       status="at_risk")),
        ("Charlie", dict(type="reseller", city="Lyon", region="ARA", owner_id=claire.id, status="prospect")),
        ("Delta", dict(type="msp", assigned_tier="platinum", city="Paris", region="IDF", tags=["ia"],
                       contract_end="2026-05-20", status="active")),
        ("Écho", dict(type="isv", assigned_tier="gold", city="Lyon", region="ARA", owner_id=bruno.id,
                      status="onboarding")),
        ("echo", dict(type="isv", assigned_tier="gold", city="Nantes", region="PDL", status="active")),
    ]  # fmt: skip
    ids = {}
    for name, fields in specs:
        ids[name] = create_partner(uow, PartnerInput(name=name, **fields), allow_duplicates=True).id
    with uow(label="facts") as work:
        for name, amount in (("Alpha", 100.0), ("Bravo", 300.0), ("Delta", 100.0), ("Écho", 50.0)):
            work.session.add(RevenueLine(partner_id=ids[name], quarter="2026-Q2", period_start=date(2026, 4, 1),
                                         motion="resell", amount=amount))
        work.session.add(Target(partner_id=ids["Alpha"], quarter="2026-Q1", period_start=date(2026, 1, 1),
                                amount=200.0))
        for name, day in (("Alpha", date(2026, 4, 1)), ("Bravo", date(2026, 1, 5)), ("Delta", date(2026, 5, 1))):
            visit = Visit(kind="on_site", starts_at=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
                          status="done")  # fmt: skip
            work.session.add(visit)
            work.session.flush()
            work.session.add(VisitPartner(visit_id=visit.id, partner_id=ids[name]))
        partner_summary.update_evaluation_columns(work.session, [
            (ids["Bravo"], "gold", "promotion", None),
            (ids["Delta"], "gold", "demotion", date(2026, 6, 1)),
            (ids["Alpha"], "gold", None, date(2026, 12, 1)),
        ])  # fmt: skip
        work.commit()
    return {"ids": ids, "claire": claire.id, "bruno": bruno.id}


def _names(uow, flt=None, sort_key="name", descending=False, offset=0, limit=100):
    return [r.name for r in fetch_partner_rows(uow, flt or PartnerFilter(), sort_key, descending, offset, limit)]


def test_rows_carry_the_list_columns(uow, portfolio):
    (alpha,) = fetch_partner_rows(uow, PartnerFilter(text="alpha"))
    assert alpha.id == portfolio["ids"]["Alpha"]
    assert (alpha.type, alpha.assigned_tier, alpha.qualified_tier, alpha.status) == (
        "reseller",
        "gold",
        "gold",
        "active",
    )
    assert (alpha.city, alpha.owner_name, alpha.last_visit_on) == ("Lyon", "Claire", date(2026, 4, 1))
    assert alpha.next_visit_due == date(2026, 5, 31)
    assert (alpha.revenue_window, alpha.attainment) == (100.0, 0.5)
    assert (alpha.contract_end, alpha.movement, alpha.at_risk_on, alpha.deleted) == (
        date(2026, 6, 1), None, date(2026, 12, 1), False)  # fmt: skip


def test_paging_windows_cover_the_sorted_list(uow, portfolio):
    full = _names(uow)
    assert full[:4] == ["Alpha", "Bravo", "Charlie", "Delta"] and set(full[4:]) == {"Écho", "echo"}
    assert count_partners(uow, PartnerFilter()) == 6
    windows = [_names(uow, offset=o, limit=4) for o in (0, 4, 8)]
    assert windows[0] + windows[1] + windows[2] == full
    assert windows[2] == []
    assert _names(uow, offset=2, limit=2) == full[2:4]
    assert _names(uow, descending=True) == list(reversed(full))


@pytest.mark.parametrize("sort_key", SORT_KEYS)
def test_every_sort_key_is_stable_both_ways(uow, portfolio, sort_key):
    up = fetch_partner_rows(uow, PartnerFilter(), sort_key, False)
    down = fetch_partner_rows(uow, PartnerFilter(), sort_key, True)
    assert sorted(r.id for r in up) == sorted(r.id for r in down) == sorted(portfolio["ids"].values())
    # The same page twice gives the same order (ties are broken by name then id).
    assert [r.id for r in up] == [r.id for r in fetch_partner_rows(uow, PartnerFilter(), sort_key, False)]
    assert [r.id for r in up] == partner_ids(uow, PartnerFilter(), sort_key, False)


def test_descending_mirrors_ascending_with_empty_values_last_both_ways(uow, portfolio):
    # "Écho" and "echo" share the name key "echo": the older id comes first when ascending.
    assert _names(uow, sort_key="city") == ["Alpha", "Charlie", "Écho", "echo", "Bravo", "Delta"]
    assert _names(uow, sort_key="city", descending=True) == ["Delta", "Bravo", "echo", "Écho", "Charlie", "Alpha"]
    assert _names(uow, sort_key="assigned_tier") == ["Bravo", "Alpha", "Écho", "echo", "Delta", "Charlie"]
    assert _names(uow, sort_key="assigned_tier", descending=True) == [
        "Delta", "echo", "Écho", "Alpha", "Bravo", "Charlie"]  # fmt: skip
    assert _names(uow, sort_key="revenue_window", descending=True) == [
        "Bravo", "Delta", "Alpha", "Écho", "echo", "Charlie"]  # fmt: skip
    assert _names(uow, sort_key="contract_end") == ["Delta", "Alpha", "Bravo", "Charlie", "Écho", "echo"]
    assert _names(uow, sort_key="contract_end", descending=True) == [
        "Bravo", "Alpha", "Delta", "echo", "Écho", "Charlie"]  # fmt: skip
    assert _names(uow, sort_key="status") == ["Charlie", "Écho", "Alpha", "Delta", "echo", "Bravo"]
    assert _names(uow, sort_key="attainment") == ["Alpha", "Bravo", "Charlie", "Delta", "Écho", "echo"]
    assert _names(uow, sort_key="qualified_tier", descending=True) == [
        "Delta", "Bravo", "Alpha", "echo", "Écho", "Charlie"]  # fmt: skip


@pytest.mark.parametrize("sort_key", ["contract_end", "at_risk_on", "name", "assigned_tier"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_across_the_empty_values_boundary(uow, portfolio, sort_key, descending):
    full = _names(uow, sort_key=sort_key, descending=descending)
    for size in (1, 2, 4):
        pages = [_names(uow, sort_key=sort_key, descending=descending, offset=o, limit=size) for o in range(0, 8, size)]
        assert [name for page in pages for name in page] == full


def test_echo_and_accented_echo_tie_by_id(uow, portfolio):
    ids = portfolio["ids"]
    rows = fetch_partner_rows(uow, PartnerFilter(text="echo"))
    assert [r.id for r in rows] == sorted([ids["Écho"], ids["echo"]])
    down = fetch_partner_rows(uow, PartnerFilter(text="echo"), descending=True)
    assert [r.id for r in down] == sorted([ids["Écho"], ids["echo"]], reverse=True)


def test_unknown_sort_key_is_refused(uow, portfolio):
    with pytest.raises(ValueError):
        fetch_partner_rows(uow, PartnerFilter(), "hlc")


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (PartnerFilter(text="lyon"), {"Alpha", "Charlie", "Écho"}),
        (PartnerFilter(types=("reseller", "msp")), {"Alpha", "Charlie", "Delta"}),
        (PartnerFilter(tiers=("gold",)), {"Alpha", "Écho", "echo"}),
        (PartnerFilter(tiers=("silver", NO_TIER)), {"Bravo", "Charlie"}),
        (PartnerFilter(statuses=("active",)), {"Alpha", "Delta", "echo"}),
        (PartnerFilter(region="IDF"), {"Bravo", "Delta"}),
        (PartnerFilter(city="Lyon", types=("isv",)), {"Écho"}),
        (PartnerFilter(owner_id=NO_OWNER), {"Delta", "echo"}),
        (PartnerFilter(motion="resell"), {"Alpha", "Bravo"}),
        (PartnerFilter(motion="co-sell"), {"Bravo"}),
        (PartnerFilter(tag="ia"), {"Bravo", "Delta"}),
        (PartnerFilter(tag="clo"), set()),
        # Charlie is a prospect (no visit expected); Écho and echo were added less than a cadence ago.
        (PartnerFilter(visit_overdue=True), {"Bravo"}),
        (PartnerFilter(contract_ends_within_days=30), {"Alpha", "Delta"}),
        (PartnerFilter(contract_ends_within_days=5), {"Delta"}),
        (PartnerFilter(promotion_candidate=True), {"Bravo"}),
        (PartnerFilter(demotion_candidate=True), {"Delta"}),
        (PartnerFilter(promotion_candidate=True, demotion_candidate=True), {"Bravo", "Delta"}),
        (PartnerFilter(at_risk_within_days=30), {"Delta"}),
        (PartnerFilter(at_risk_within_days=365), {"Alpha", "Delta"}),
        (PartnerFilter(text="a", statuses=("active",), tiers=("gold",)), {"Alpha"}),
    ],
)
def test_filters(uow, portfolio, flt, expected):
    assert set(_names(uow, flt)) == expected
    assert count_partners(uow, flt) == len(expected)


def test_owner_filter(uow, portfolio):
    assert set(_names(uow, PartnerFilter(owner_id=portfolio["claire"]))) == {"Alpha", "Charlie"}
    assert set(_names(uow, PartnerFilter(owner_id=portfolio["bruno"]), sort_key="owner_name")) == {"Bravo", "Écho"}


def test_deleted_partners_view(uow, portfolio):
    delete_partner(uow, portfolio["ids"]["Bravo"])
    delete_partner(uow, portfolio["ids"]["Charlie"])
    assert count_partners(uow, PartnerFilter()) == 4
    flt = PartnerFilter(deleted=True)
    assert count_partners(uow, flt) == 2
    rows = fetch_partner_rows(uow, flt, "name", True)
    assert [(r.name, r.deleted, r.owner_name) for r in rows] == [("Charlie", True, "Claire"), ("Bravo", True, "Bruno")]
    assert _names(uow, PartnerFilter(deleted=True, text="brav")) == ["Bravo"]
    assert _names(uow, PartnerFilter(deleted=True, city="Lyon")) == ["Charlie"]
    assert _names(uow, flt, sort_key="owner_name") == ["Bravo", "Charlie"]
    assert search_partner_ids(uow, "bravo") == []
    assert search_partner_ids(uow, "bravo", PartnerFilter(deleted=True)) == [portfolio["ids"]["Bravo"]]


def test_search_partner_ids_with_filters_and_limit(uow, portfolio):
    ids = portfolio["ids"]
    echoes = sorted([ids["Écho"], ids["echo"]])  # same name key: by id
    assert search_partner_ids(uow, "e") == echoes  # a one-letter token is a prefix too
    assert search_partner_ids(uow, "ec") == echoes
    assert search_partner_ids(uow, "ec", PartnerFilter(city="Nantes")) == [ids["echo"]]
    assert len(search_partner_ids(uow, "ec", limit=1)) == 1
    assert search_partner_ids(uow, "   ") == []


def test_filter_options(uow, portfolio):
    options = filter_options(uow)
    assert options.owners == [(portfolio["bruno"], "Bruno"), (portfolio["claire"], "Claire")]
    assert options.regions == ["ARA", "IDF", "PDL"]
    assert options.cities == ["Lyon", "Nantes", "Paris"]
    assert options.tags == ["cloud", "ia"]
    assert [t for t, _ in options.tiers] == ["silver", "gold", "platinum"]
    assert "reseller" in options.types and "at_risk" in options.statuses and "co-sell" in options.motions
