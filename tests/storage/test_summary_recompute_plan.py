"""Recomputing the summary rows of a few partners reads their own visits, not every visit of the portfolio.

Every edit of a partner, contact or fact recomputes the touched partners' summary rows in the same
commit. At 100,000 partners (200,000 visits) that statement took 0.86 s for a single partner: its
last-visit and next-planned-visit subqueries walked every done or planned visit (the visits' status
index) and only then kept the partners' own. Walking the partners' visit links first takes 1 ms for one
partner and 22 ms for 500 (same rows).
"""

from __future__ import annotations

import sqlite3
from datetime import date

from prm_desktop.services import partner_summary
from prm_desktop.storage.partners import summary as store


def _plan(app_ctx, filtered: bool) -> list[str]:
    with app_ctx.uow.read() as session:
        params = partner_summary._params(session, date.today())
    sql, bind = store._upsert(params, filtered=filtered)
    with sqlite3.connect(app_ctx.db.path) as conn:
        conn.create_function("prm_sort_key", 1, lambda value: value)
        return [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, {**bind, "ids": "[]"})]


def test_the_touched_partners_visits_are_read_through_their_visit_links(app_ctx) -> None:
    plan = _plan(app_ctx, filtered=True)
    links = [p for p in plan if p.startswith(("SEARCH vp", "SCAN vp"))]
    assert len(links) == 2 and all("ix_visit_partners_partner_id" in p for p in links), plan
    assert not any(p.startswith(("SEARCH v USING INDEX ix_visits_status", "SCAN v")) for p in plan), plan


def test_the_whole_portfolio_is_still_recomputed_in_one_pass_over_the_visits(app_ctx) -> None:
    plan = _plan(app_ctx, filtered=False)
    assert not any("ix_visit_partners_partner_id" in p for p in plan), plan
