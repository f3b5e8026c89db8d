"""The standing service: a partner's evaluation in words, the matrix, what-if trials that write nothing."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.quarters import quarter_of
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.standing import WhatIf, cert_state, partner_standing
from prm_desktop.services.standing_portfolio import portfolio_view

TODAY = date.today()


@pytest.fixture
def demo(app_ctx):
    generate_demo(app_ctx.uow, partners=40, seed=7)
    return app_ctx


def _digest(path) -> str:
    """The database file and its write-ahead log (a write may sit in the -wal file), and the change log."""
    wal = path.with_name(path.name + "-wal")
    parts = [path.read_bytes(), wal.read_bytes() if wal.exists() else b""]
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        counts = db.execute("SELECT (SELECT COUNT(*) FROM change_log), (SELECT COUNT(*) FROM batches)").fetchone()
    return hashlib.sha256(b"".join(parts)).hexdigest() + repr(counts)


def test_matrix_matches_the_engine(demo) -> None:
    portfolio = evaluate_partners(demo.uow, on=TODAY)
    checked = 0
    for ev in portfolio.evaluations[:15]:
        standing = partner_standing(demo.uow, ev.partner_id, on=TODAY)
        assert standing.current.evaluation.tier == ev.tier
        for row in standing.current.matrix:
            counts = ev.counts[row.competency_id]
            assert (row.accredited, row.references, row.revenue) == (counts.accredited, counts.references,
                                                                     counts.revenue)
            if row.status == "held":
                assert row.competency_id in ev.levels
        held = {(r.competency_id, r.level_id) for r in standing.current.matrix if r.status == "held"}
        assert {(c, lvl) for c, lvl in ev.levels.items()} <= held
        assert len(standing.current.gaps) == len(ev.gaps)
        checked += 1
    assert checked


def test_headline_and_risks_in_french(demo) -> None:
    set_language("fr")
    portfolio = evaluate_partners(demo.uow, on=TODAY)
    risky = next(ev for ev in portfolio.evaluations if ev.at_risk)
    standing = partner_standing(demo.uow, risky.partner_id, on=TODAY)
    assert standing.current.risks[0].date == risky.at_risk[0].date
    assert "expire le" in standing.current.risks[0].reason
    assert "'" not in standing.current.headline
    assert standing.current.headline.startswith("Se qualifie")


def test_what_if_changes_the_result_and_writes_nothing(demo) -> None:
    portfolio = evaluate_partners(demo.uow, on=TODAY)
    target = next(ev for ev in portfolio.evaluations if ev.counts["security"].accredited == 0)
    before = partner_standing(demo.uow, target.partner_id, on=TODAY)
    contact = before.contacts[0][0]
    db = demo.paths.database
    digest = _digest(db)
    change = WhatIf(certifications=((contact, "SEC-TECH"),),
                    revenue=((quarter_of(TODAY), 2_000_000.0, "resell", "security"),))
    after = partner_standing(demo.uow, target.partner_id, on=TODAY, what_if=change)
    assert _digest(db) == digest
    assert after.what_if is not None
    security = [r for r in after.what_if.matrix if r.competency_id == "security"][0]
    assert security.accredited == 1
    assert security.revenue >= 2_000_000
    assert after.current.evaluation.counts["security"].accredited == 0
    assert partner_standing(demo.uow, target.partner_id, on=TODAY).current.evaluation.counts == \
        before.current.evaluation.counts


def test_certification_states() -> None:
    day = date(2026, 6, 1)
    assert cert_state(date(2026, 5, 31), day) == "expired"
    assert cert_state(date(2026, 8, 30), day) == "expiring"
    assert cert_state(date(2026, 12, 1), day) == "valid"
    assert cert_state(None, day) == "valid"


def test_portfolio_views(demo) -> None:
    at_risk = portfolio_view(demo.uow, "at_risk", today=TODAY)
    dates = [r.when for r in at_risk.rows]
    assert dates == sorted(dates) and dates
    promotions = portfolio_view(demo.uow, "demotion", today=TODAY)
    portfolio = evaluate_partners(demo.uow, on=TODAY)
    assert {r.partner_id for r in promotions.rows} == {ev.partner_id for ev in portfolio.evaluations
                                                      if ev.movement == "demotion"}
    tiers = portfolio_view(demo.uow, "tiers", today=TODAY)
    assert sum(r.count for r in tiers.rows) == 40
    expiring = portfolio_view(demo.uow, "expiring", today=TODAY, days=365)
    assert all(TODAY <= r.when for r in expiring.rows)


def test_revenue_consolidation_adds_up(demo) -> None:
    by_tier = portfolio_view(demo.uow, "revenue_tier", today=TODAY)
    by_owner = portfolio_view(demo.uow, "revenue_owner", today=TODAY)
    assert sum(r.count for r in by_tier.rows) == 40 == sum(r.count for r in by_owner.rows)
    assert abs(sum(r.revenue for r in by_tier.rows) - sum(r.revenue for r in by_owner.rows)) < 1.0
    assert [r.revenue for r in by_tier.rows] == sorted((r.revenue for r in by_tier.rows), reverse=True)
    engine_total = sum(ev.revenue for ev in evaluate_partners(demo.uow, on=TODAY).evaluations)
    assert abs(sum(r.revenue for r in by_tier.rows) - engine_total) < 1.0
    for row in by_tier.rows:
        assert row.attainment is None or abs(row.attainment - row.revenue / row.target) < 1e-9


def test_a_tier_assigned_under_another_program_is_named_as_such_not_as_a_demotion(demo) -> None:
    """After switching to a program without the partner's assigned tier, the standing said "demotion
    candidate" in words while its mark said all was well (✓): neither can be told."""
    from pathlib import Path

    from prm_desktop.services.programs import import_program
    from prm_desktop.ui.competencies.words import standing_html

    assigned = next(ev for ev in evaluate_partners(demo.uow, on=TODAY).evaluations if ev.assigned_tier == "platinum")
    examples = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
    import_program(demo.uow, (examples / "aws_services_path.toml").read_text(encoding="utf-8"))  # no "platinum"
    result = partner_standing(demo.uow, assigned.partner_id, on=TODAY).current
    assert not result.assigned_known
    assert result.headline.startswith("platinum is assigned, but this program has no such tier; it qualifies for")
    assert "demotion" not in result.headline
    html = standing_html(result)
    assert "✓" not in html.split("</b>")[0] and "⚠" in html.split("</b>")[0]
    set_language("fr")
    try:
        french = partner_standing(demo.uow, assigned.partner_id, on=TODAY).current.headline
    finally:
        set_language("en")
    assert french.startswith("platinum est attribué, mais ce programme n’a pas ce niveau\u202f; il ")
