"""A page of a search with many matches tests each walked partner's own entry.

At 100,000 partners, two typed letters ("in", "sé", "An") match 11,600–23,800 partners. The first page
of such a list walked the name index against the list of every match's partner, built first through
``search_rows`` (1.5 µs a match: 25 ms for "in", the slowest keystrokes of the search bench). A short
page of a long list now looks up each walked partner's own entry and tests its row id against the
matching row ids, read from the full-text index alone; the pages are the same.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from prm_desktop.domain.partner_rules import ContactInput
from prm_desktop.services.contacts import add_contact
from prm_desktop.services.partner_queries import SORT_KEYS, PartnerFilter, count_partners, fetch_partner_rows
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner, update_partner
from prm_desktop.storage.partners import list_query
from prm_desktop.storage.search import queries
from prm_desktop.storage.search.queries import correlate_pays
from tests.services.test_partner_queries import (  # noqa: F401 - the same day and hooks (autouse fixtures)
    TODAY,
    _fixed_today,
    _only_derived_table_hooks,
)
from tests.storage.test_lookup_indexes import _plans

WORDS = ("Intégrateur", "Informatique", "Sécurité", "Service", "Andromède", "Œuvre", "Crêperie", "Lyon")


@pytest.fixture
def many_matches(monkeypatch):
    """Treat every list as "many matches" (as above 2,000 at 100,000 partners)."""
    monkeypatch.setattr(queries, "WALK_ABOVE", 0)
    monkeypatch.setattr(list_query, "WALK_ABOVE", 0)


def test_the_first_page_of_many_matches_walks_the_name_index_testing_each_partner_entry(app_ctx, many_matches):
    for i in range(30):
        create_partner(app_ctx.uow, PartnerInput(name=f"Intégration {i}", city="Lyon"), allow_duplicates=True)
    flt = PartnerFilter(text="in", today=TODAY)
    assert count_partners(app_ctx.uow, flt) == 30
    plans = _plans(app_ctx, lambda: fetch_partner_rows(app_ctx.uow, flt, "name", limit=5), only="partner_summary s")
    assert len(plans) == 1, plans
    plan = plans[0]
    # No list of every match's partner (a search of ``search_rows`` by row id for each match): the
    # name index walked, each partner's own entry found by its partner id.
    assert plan.startswith("SCAN s USING INDEX ix_partner_summary_name_key"), plan
    assert "CORRELATED SCALAR SUBQUERY" in plan and "ix_search_rows_partner_id" in plan, plan
    assert "INTEGER PRIMARY KEY" not in plan and "TEMP B-TREE" not in plan, plan


def test_the_per_partner_test_is_chosen_only_where_it_pays() -> None:
    # 100,000 partners: "in" (17,800 matches) and "An" (11,606) first pages; not "Cr" (2,691),
    # whose first page walks about 3,000 partners; not a page far down the list.
    assert correlate_pays(17_800, 80, 100_000)
    assert correlate_pays(11_606, 80, 100_000)
    assert not correlate_pays(2_691, 80, 100_000)
    assert not correlate_pays(17_800, 5_000 + 200, 100_000)
    # Few partners: the short list of matches is always read first.
    assert not correlate_pays(150, 10, 200)


def _portfolio(uow, count: int, seed: int) -> dict[str, str]:
    """Partners with names, cities and contacts drawn from :data:`WORDS`; returns id → searchable text."""
    rng = random.Random(seed)
    made: dict[str, str] = {}
    for i in range(count):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i % 9}"
        city = rng.choice(["Lyon", "Créteil", "Inzinzac", None])
        fields = PartnerInput(name=name, city=city, status=rng.choice(["active", "prospect"]),
                              contract_end=rng.choice([None, "2026-09-01", "2027-03-01"]))  # fmt: skip
        pid = create_partner(uow, fields, allow_duplicates=True).id
        text = f"{name} {city or ''}"
        if rng.random() < 0.3:
            who = rng.choice(["Anne Inizan", "Séverine Roux", "Paul Martin"])
            add_contact(uow, pid, ContactInput(name=who))
            text += f" {who}"
        made[pid] = text
    return made


def _fold(text: str) -> list[str]:
    from prm_desktop.domain.normalize import normalize_text

    return normalize_text(text).split()


def _matches(query: str, text: str) -> bool:
    words = _fold(text)
    return all(any(word.startswith(token) for word in words) for token in _fold(query))


@pytest.mark.parametrize("descending", [False, True])
def test_pages_of_many_matches_are_the_full_list_restricted_to_the_matches(uow, many_matches, monkeypatch,
                                                                           descending) -> None:  # fmt: skip
    """Every sort both ways, alone and with a status filter, pages read per partner as the full list."""
    monkeypatch.setattr(queries, "CORRELATE_COST", 0.0)  # every page of the text is read per partner
    made = _portfolio(uow, 60, seed=5)
    gone = next(iter(made))
    delete_partner(uow, gone)
    del made[gone]
    renamed = list(made)[3]
    update_partner(uow, renamed, PartnerInput(name="Zulu Inzinzac"), allow_duplicates=True)
    made[renamed] = "Zulu Inzinzac"
    active = {r.id for r in fetch_partner_rows(uow, PartnerFilter(statuses=("active",), today=TODAY), limit=500)}
    for sort_key in SORT_KEYS:
        everyone = [r.id for r in fetch_partner_rows(uow, PartnerFilter(today=TODAY), sort_key, descending, 0, 500)]
        for query in ("in", "sé", "an", "Inzinzac", "Séverine", "zz"):
            for flt in (PartnerFilter(text=query), PartnerFilter(text=query, statuses=("active",))):
                flt = replace(flt, today=TODAY)
                expected = [pid for pid in everyone if _matches(query, made[pid])
                            and (not flt.statuses or pid in active)]  # fmt: skip
                assert count_partners(uow, flt) == len(expected), (query, flt.statuses)
                pages = [r.id for start in range(0, 60, 7)
                         for r in fetch_partner_rows(uow, flt, sort_key, descending, start, 7)]  # fmt: skip
                assert pages == expected, (query, sort_key, flt.statuses)
