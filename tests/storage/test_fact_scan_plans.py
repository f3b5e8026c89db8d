"""The whole-portfolio fact loader reads each fact table with one sequential scan (the query plan says so).

The portfolio refresh reads every live fact once; an index walk there is a random lookup per row.
At 100,000 partners the certifications, read through the expiry-date index because of the
``expires_on IS NULL OR expires_on >= :on`` test, took 0.84 s of CPU instead of 0.12 s for the scan.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from prm_desktop.services.evaluation import load_facts_in
from prm_desktop.storage.partners.facts import partner_id_bounds


def _loader_plans(app_ctx, id_range) -> dict[str, str]:
    """The query plan of each statement the loader runs on the whole portfolio (one range), by table."""
    statements: list[str] = []
    with app_ctx.uow.read() as session:
        raw = session.connection().connection.dbapi_connection
        raw.set_trace_callback(statements.append)  # the expanded SQL, parameters inline
        try:
            load_facts_in(session, None, None, date(2026, 12, 6), id_range=id_range)
        finally:
            raw.set_trace_callback(None)
    tables = ("contacts", "certifications", "customer_references", "revenue_lines", "partner_metrics",
              "partner_yes_no_facts", "partners")  # fmt: skip
    plans = {}
    with sqlite3.connect(app_ctx.db.path) as conn:
        for sql in statements:
            table = next((t for t in tables if f"FROM {t} " in sql), None)
            if table is not None:
                plans[table] = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
    return plans


@pytest.mark.parametrize("ranged", [False, True], ids=["whole portfolio", "one part of two"])
def test_the_portfolio_loader_scans_each_fact_table_once(app_ctx, ranged) -> None:
    from prm_desktop.services.partners import create_partner

    for name in ("Acme", "Beta", "Gamma"):
        create_partner(app_ctx.uow, {"name": name})
    id_range = None
    if ranged:
        with app_ctx.uow.read() as session:
            id_range = partner_id_bounds(session, 2)[1]
    plans = _loader_plans(app_ctx, id_range)
    assert set(plans) == {"contacts", "certifications", "customer_references", "revenue_lines",
                          "partner_metrics", "partner_yes_no_facts", "partners"}, plans  # fmt: skip
    for table, plan in plans.items():
        assert plan.startswith(f"SCAN {table}"), (table, plan)  # the partners then sorted by name
        assert "INDEX" not in plan, (table, plan)


def test_the_portfolio_is_split_into_parts_with_one_scan_of_the_partners(app_ctx) -> None:
    from prm_desktop.services.partners import create_partner

    for name in ("Acme", "Beta", "Gamma"):
        create_partner(app_ctx.uow, {"name": name})
    statements: list[str] = []
    with app_ctx.uow.read() as session:
        raw = session.connection().connection.dbapi_connection
        raw.set_trace_callback(statements.append)
        try:
            bounds = partner_id_bounds(session, 2)
        finally:
            raw.set_trace_callback(None)
    assert len(bounds) == 2
    with sqlite3.connect(app_ctx.db.path) as conn:
        plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + statements[-1]))
    assert plan.startswith("SCAN partners") and "INDEX" not in plan, plan
