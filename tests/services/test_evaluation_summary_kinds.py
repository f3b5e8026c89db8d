"""A whole-portfolio refresh reads only the facts its results can depend on, and gives the same results.

Under a scored program (Microsoft Security: a score of metrics) the refresh reads the metrics and no
people, certifications nor references; under AWS the certified people, metrics and yes/no facts. The
facts it reads are those of the full read (the old path), kind by kind; the stored results are those
of evaluations on the full facts; revenue in a currency the program cannot count is still refused.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from prm_desktop.domain.evaluation import evaluate, summary_columns
from prm_desktop.domain.evaluation_metrics import CurrencyMismatchError
from prm_desktop.services import portfolio
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import (
    first_window_quarter,
    load_facts_in,
    summary_fact_kinds,
)
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows
from prm_desktop.services.partners import delete_partner
from prm_desktop.services.programs import get_program, import_program

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
ON = date(2026, 3, 20)
PARTNERS = 40
#: What each kind of facts is called on a partner's facts.
FIELDS = {"contacts": "contacts", "certifications": "certifications", "references": "references",
          "revenue": "revenue", "metrics": "metrics", "flags": "flags"}


def _scored(uow, name: str) -> None:
    import_program(uow, (EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))
    generate_demo(uow, partners=PARTNERS, seed=13, today=ON)


def _stored(uow) -> dict[str, tuple]:
    return {r.id: (r.qualified_tier, r.movement, r.at_risk_on)
            for r in fetch_partner_rows(uow, PartnerFilter(), limit=10_000)}


@pytest.mark.parametrize(("name", "read"), [
    ("microsoft_security", {"metrics"}),
    ("aws_services_path", {"contacts", "certifications", "metrics", "flags"}),
])
def test_the_refresh_reads_the_kinds_its_program_needs_and_the_same_rows(uow, app_ctx, name: str,
                                                                         read: set[str]) -> None:
    _scored(uow, name)
    con = sqlite3.connect(app_ctx.db.path)
    with con:  # a deleted partner's metric rows stay live (read, then skipped); a metric no other row uses
        gone = con.execute("SELECT partner_id FROM partner_metrics ORDER BY rowid LIMIT 1").fetchone()[0]
        con.execute("UPDATE partner_metrics SET metric = 'never_seen' WHERE rowid = (SELECT max(rowid) "
                    "FROM partner_metrics)")
    con.close()
    delete_partner(uow, gone)
    program = get_program(uow)
    kinds = summary_fact_kinds(program)
    assert {k for k in kinds.kinds if k != "revenue_other"} == read
    since = first_window_quarter([program], ON)
    with uow.read() as session:
        full = load_facts_in(session, None, since, ON, fiscal_start_month=program.fiscal_year_start_month)
        lean = load_facts_in(session, None, since, ON, fiscal_start_month=program.fiscal_year_start_month,
                             kinds=kinds)
    assert len(full) == PARTNERS - 1
    assert [f.partner_id for f in lean] == [f.partner_id for f in full]
    assert any(f.metrics for f in full)
    for got, want in zip(lean, full, strict=True):
        for kind, field in FIELDS.items():
            assert getattr(got, field) == (getattr(want, field) if kind in read else []), (kind, got.partner_id)
        assert summary_columns(program, got, ON) == summary_columns(program, want, ON)
    for processes in (1, 2):
        portfolio.refresh_evaluations(uow, ON, processes=processes)
        assert _stored(uow) == {f.partner_id: (ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None)
                                for f in full for ev in [evaluate(program, f, ON)]}


def test_revenue_in_another_currency_is_refused_though_the_program_asks_for_no_revenue(uow, app_ctx) -> None:
    _scored(uow, "microsoft_security")  # counts in USD, declares no exchange rate, asks for no revenue
    portfolio.refresh_evaluations(uow, ON)
    con = sqlite3.connect(app_ctx.db.path)
    with con:  # one line in euros (no currency), written behind the app's back
        con.execute("UPDATE revenue_lines SET currency = NULL WHERE id = (SELECT id FROM revenue_lines "
                    "WHERE deleted_at IS NULL AND period_start >= '2025-06-01' ORDER BY partner_id DESC LIMIT 1)")
    con.close()
    for processes in (1, 2):
        with pytest.raises(CurrencyMismatchError, match="EUR"):
            portfolio.refresh_evaluations(uow, date(2026, 3, 21), processes=processes)
        assert portfolio.evaluations_stale(uow, date(2026, 3, 21))
