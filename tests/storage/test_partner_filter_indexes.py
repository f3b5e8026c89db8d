"""The Status, Motion, Tag and City filters of the partner list read an index, and keep the same rows.

At 100,000 partners each of these filters scanned the whole summary table for the count (and the
first page of a rare value walked most of the name index): p95 139 ms. Now the count is a range of an
index and the first page by name walks the filter's index in name order and stops at the page.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace

import pytest

from prm_desktop.services import partner_summary
from prm_desktop.services.partner_queries import SORT_KEYS, PartnerFilter, count_partners, fetch_partner_rows
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner, get_partner, update_partner
from prm_desktop.storage.partners import list_query
from tests.services.test_partner_queries import (  # noqa: F401 - the same day and hooks (autouse fixtures)
    TODAY,
    _fixed_today,
    _only_derived_table_hooks,
)
from tests.storage.test_lookup_indexes import _plans as lookup_plans

QUOTED = 'dit "oui\\\\non"'
TAGS = ("PME", "pme", "éducation", "Éducation", "santé", "grands comptes", "a_b", "cloud", "l’école", QUOTED)
MOTIONS = ("resell", "co-sell", "alliance", "influence")
CITIES = ("Lyon", "Paris", "Évry", "Nantes", None)
STATUSES = ("active", "at_risk", "prospect", "onboarding", "inactive")


def _plans(app_ctx, call) -> list[str]:
    """Run ``call``; the query plan of each SELECT it ran on the partner summary."""
    return lookup_plans(app_ctx, call, only="partner_summary")


FILTERS = {
    "status": PartnerFilter(statuses=("onboarding",), today=TODAY),
    "motion": PartnerFilter(motion="alliance", today=TODAY),
    "tag": PartnerFilter(tag="santé", today=TODAY),
    "city": PartnerFilter(city="Lyon", today=TODAY),
    "status and city": PartnerFilter(statuses=("active",), city="Lyon", today=TODAY),
    "tag and motion": PartnerFilter(tag="PME", motion="resell", today=TODAY),
}


@pytest.mark.parametrize("name", FILTERS)
def test_the_count_of_a_filter_reads_an_index_range_not_the_table(app_ctx, name) -> None:
    create_partner(app_ctx.uow, PartnerInput(name="Acme", city="Lyon", status="active", tags=["PME"]))
    plans = _plans(app_ctx, lambda: count_partners(app_ctx.uow, FILTERS[name]))
    assert plans, "no query on the summary"
    for plan in plans:
        assert not any(step.startswith("SCAN s") or step.startswith("SCAN l") for step in plan.split(" | ")), plan


@pytest.mark.parametrize("name", FILTERS)
def test_the_first_page_by_name_walks_the_filter_index_and_stops_at_the_page(app_ctx, name) -> None:
    create_partner(app_ctx.uow, PartnerInput(name="Acme", city="Lyon", status="active", tags=["PME"]))
    plans = _plans(app_ctx, lambda: fetch_partner_rows(app_ctx.uow, FILTERS[name], "name", limit=80))
    assert len(plans) == 1, plans
    steps = plans[0].split(" | ")
    # A range of the filter's index, read in name order: no sort of every matching partner, no walk of
    # every partner's name (the other tables are point lookups).
    assert steps[0].startswith("SEARCH") and not any(step.startswith("SCAN") for step in steps), plans[0]
    assert "TEMP B-TREE" not in plans[0], plans[0]


def _random_portfolio(uow, count: int, seed: int) -> dict[str, PartnerInput]:
    rng = random.Random(seed)
    made = {}
    for i in range(count):
        fields = PartnerInput(
            name=rng.choice(["Alpha", "Bravo", "Écho", "echo", "Delta", "Œuvre"]) + f" {i % 7}",
            status=rng.choice(STATUSES), city=rng.choice(CITIES), type=rng.choice(["reseller", "isv", "msp"]),
            tags=rng.sample(TAGS, rng.randint(0, 3)), motions=rng.sample(MOTIONS, rng.randint(0, 2)),
            contract_end=rng.choice([None, "2026-09-01", "2027-03-01"]),
        )  # fmt: skip
        made[create_partner(uow, fields, allow_duplicates=True).id] = fields
    return made


def _ascii_lower(value: str) -> str:
    """SQLite's LIKE folds ASCII letters only ("PME" is "pme", "É" is not "é")."""
    return "".join(c.lower() if c.isascii() else c for c in value)


def _keeps(flt: PartnerFilter, fields: PartnerInput) -> bool:
    return all((
        not flt.statuses or fields.status in flt.statuses,
        flt.city is None or fields.city == flt.city,
        not flt.motion or flt.motion in fields.motions,
        not flt.tag or _ascii_lower(flt.tag) in {_ascii_lower(t) for t in fields.tags},
    ))  # fmt: skip


COMBOS = [
    PartnerFilter(statuses=("active",)), PartnerFilter(statuses=("prospect",)),
    PartnerFilter(motion="alliance"), PartnerFilter(motion="co-sell"),
    PartnerFilter(tag="PME"), PartnerFilter(tag="éducation"), PartnerFilter(tag="Éducation"),
    PartnerFilter(tag="a_b"), PartnerFilter(tag="grands comptes"), PartnerFilter(city="Lyon"),
    PartnerFilter(city="Évry"), PartnerFilter(statuses=("active",), city="Paris"),
    PartnerFilter(tag="PME", motion="resell"), PartnerFilter(statuses=("at_risk",), tag="santé", motion="co-sell"),
    PartnerFilter(city="Lyon", tag="cloud", motion="influence", statuses=("onboarding",)),
    PartnerFilter(tag="nowhere"), PartnerFilter(tag=QUOTED), PartnerFilter(tag="l’école", motion="resell"),
]  # fmt: skip


@pytest.mark.parametrize("walk_above", [2000, 0], ids=["few matches", "many matches"])
@pytest.mark.parametrize("descending", [False, True])
def test_filtered_lists_are_the_unfiltered_list_restricted_to_the_matches(uow, monkeypatch, descending,
                                                                          walk_above) -> None:  # fmt: skip
    """Each filter and combination, with every sort both ways: count and pages as the unfiltered order.

    "Many matches" makes every sort other than the name walk its own index (as above 2,000 matches).
    """
    monkeypatch.setattr(list_query, "WALK_ABOVE", walk_above)
    made = _random_portfolio(uow, 70, seed=3)
    gone = next(iter(made))
    delete_partner(uow, gone)
    del made[gone]
    edited = list(made)[5]
    made[edited] = replace(made[edited], name="Zulu", tags=["PME", "cloud"], motions=["alliance"])
    update_partner(uow, edited, made[edited], allow_duplicates=True)
    assert get_partner(uow, edited).name == "Zulu"
    for sort_key in SORT_KEYS:
        everyone = [r.id for r in fetch_partner_rows(uow, PartnerFilter(today=TODAY), sort_key, descending, 0, 500)]
        assert sorted(everyone) == sorted(made)
        for flt in COMBOS:
            flt = replace(flt, today=TODAY)
            expected = [pid for pid in everyone if _keeps(flt, made[pid])]
            assert count_partners(uow, flt) == len(expected), (flt, sort_key)
            pages = [r.id for start in range(0, 60, 7)
                     for r in fetch_partner_rows(uow, flt, sort_key, descending, start, 7)]  # fmt: skip
            assert pages == expected, (flt, sort_key)


def test_the_maintenance_rebuild_repairs_the_label_table_of_the_motion_and_tag_filters(uow, app_ctx) -> None:
    create_partner(uow, PartnerInput(name="Alpha", tags=["PME", "cloud"], motions=["resell"]))
    create_partner(uow, PartnerInput(name="Beta", tags=["cloud"]))
    cloud = PartnerFilter(tag="cloud")
    resell = PartnerFilter(motion="resell")
    assert count_partners(uow, cloud) == 2 and count_partners(uow, resell) == 1
    with sqlite3.connect(app_ctx.db.path) as conn:  # damaged on its own (the summary is intact)
        conn.execute("DELETE FROM partner_summary_labels WHERE label = 'cloud'")
    assert count_partners(uow, cloud) == 0
    partner_summary.rebuild_derived(uow)
    assert count_partners(uow, cloud) == 2 and count_partners(uow, resell) == 1
    assert [r.name for r in fetch_partner_rows(uow, cloud, limit=10)] == ["Alpha", "Beta"]
