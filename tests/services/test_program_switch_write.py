"""A program activation that changes most standings: the results are stored with the evaluation indexes rebuilt.

The indexes on the evaluation columns are dropped while many rows change and created again afterwards
(`storage.partners.evaluation_write`). What the user relies on: the stored standings are the engine's,
the list still sorts and filters through the same indexes (schema unchanged, index consistent with its
table), and a refresh that fails half-way leaves the portfolio as it was.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from prm_desktop.services import portfolio, programs
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows
from prm_desktop.storage.partners import evaluation_write

ON = date(2026, 3, 2)
PARTNERS = 80


def _stored(uow) -> dict[str, tuple]:
    return {r.id: (r.qualified_tier, r.movement, r.at_risk_on)
            for r in fetch_partner_rows(uow, PartnerFilter(), limit=10_000)}  # fmt: skip


def _expected(uow) -> dict[str, tuple]:
    return {ev.partner_id: (ev.tier, ev.movement, ev.at_risk[0].date if ev.at_risk else None)
            for ev in evaluate_partners(uow, on=ON).evaluations}  # fmt: skip


def _schema(app_ctx) -> tuple[list[tuple[str, str]], str]:
    with sqlite3.connect(app_ctx.db.path) as raw:
        indexes = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                              "AND tbl_name = 'partner_summary' ORDER BY name").fetchall()  # fmt: skip
        return indexes, raw.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def switched(uow, samples, monkeypatch):
    """A demo portfolio evaluated under the default program, then the example program imported (not refreshed)."""
    monkeypatch.setattr(evaluation_write, "REINDEX_FROM", 5)  # a small portfolio takes the bulk path
    generate_demo(uow, partners=PARTNERS, seed=11, today=ON)
    portfolio.refresh_evaluations(uow, on=ON)
    before = _stored(uow)
    programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))
    return before


@pytest.mark.parametrize("processes", [1, 2])
def test_a_program_switch_stores_the_engines_standings_through_rebuilt_indexes(app_ctx, uow, switched,
                                                                                processes) -> None:  # fmt: skip
    schema_before = _schema(app_ctx)
    assert any(name.endswith("qualified_rank") for name, _sql in schema_before[0])
    result = portfolio.refresh_evaluations(uow, on=ON, processes=processes)
    assert result.completed and result.evaluated == PARTNERS
    stored = _stored(uow)
    assert stored == _expected(uow)
    changed = sum(stored[p] != switched[p] for p in stored)
    assert changed >= 5, changed  # the bulk path was taken
    assert _schema(app_ctx) == schema_before  # same indexes, same SQL; integrity_check "ok"
    assert schema_before[1] == "ok"
    # The list sorted by qualified tier reads the rebuilt index and agrees with the stored values.
    rows = fetch_partner_rows(uow, PartnerFilter(), sort_key="qualified_tier", descending=True, limit=10_000)
    ranks = {t.id: t.rank for t in programs.get_program(uow).tiers}
    shown = [ranks.get(row.qualified_tier or "", 0) for row in rows]
    assert len(rows) == PARTNERS and shown == sorted(shown, reverse=True)


def test_a_refresh_failing_after_the_first_part_leaves_standings_and_indexes_as_they_were(
        app_ctx, uow, switched, monkeypatch) -> None:  # fmt: skip
    schema_before = _schema(app_ctx)
    real = evaluation_write.update_evaluation_columns
    calls = []

    def second_part_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluation_write, "update_evaluation_columns", second_part_fails)
    with pytest.raises(RuntimeError, match="disk full"):
        portfolio.refresh_evaluations(uow, on=ON, processes=2)
    assert len(calls) == 2  # the first part had been written (indexes dropped) when the second failed
    assert _stored(uow) == switched
    assert _schema(app_ctx) == schema_before


@pytest.mark.parametrize("processes", [1, 2])
def test_a_program_switch_keeps_the_qualified_tier_consolidation_equal_to_a_rebuild(
        app_ctx, uow, switched, monkeypatch, processes) -> None:  # fmt: skip
    """Consolidation triggers paused for the bulk write: the Competencies tab's qualified-tier counts stay right."""
    from prm_desktop.storage.partners import summary as summary_store
    from tests.storage.test_bulk_derived import _assert_equals_rebuild, _derived

    monkeypatch.setattr(summary_store, "_SCAN_FROM", 5)  # the bulk write (triggers paused) on a small portfolio
    before = _derived(app_ctx)["consolidation"]["qualified"]
    result = portfolio.refresh_evaluations(uow, on=ON, processes=processes)
    assert result.completed
    assert _stored(uow) == _expected(uow)  # with two parts, the second compared with the values read for the first
    after = _assert_equals_rebuild(app_ctx)["consolidation"]["qualified"]
    assert after != before  # the switch moved partners between qualified tiers
    shown = {tier: n for tier, n, _revenue, _target in after}
    counted: dict = {}
    for tier, _movement, _at_risk in _stored(uow).values():
        counted[tier] = counted.get(tier, 0) + 1
    assert shown == counted
