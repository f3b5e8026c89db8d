"""The Competencies tab: portfolio views, the partner matrix against the engine, what-if that writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.ui.competencies.tables import MatrixTableModel, count_cell
from prm_desktop.ui.competencies.view import CompetenciesTab
from tests.services.test_standing import _digest
from tests.ui.conftest import make_demo


@pytest.fixture
def comp_tab(ui_ctx, qtbot):
    make_demo(ui_ctx.app.uow, partners=40)
    tab = CompetenciesTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    return tab


def _cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_at_risk_view_lists_partners_soonest_first(comp_tab, ui_ctx) -> None:
    evaluations = evaluate_partners(ui_ctx.app.uow, on=date.today()).evaluations
    risky = {ev.partner_id for ev in evaluations if ev.at_risk}
    rows = comp_tab.model.rows()
    assert {r.partner_id for r in rows} == risky
    proxy = comp_tab.table.model()
    shown = [proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 2).when for i in range(proxy.rowCount())]
    assert shown == sorted(shown)


def test_matrix_matches_the_engine(comp_tab, ui_ctx, qtbot) -> None:
    ev = next(e for e in evaluate_partners(ui_ctx.app.uow, on=date.today()).evaluations if e.levels)
    with qtbot.waitSignal(comp_tab.partner.loaded, timeout=10000):
        comp_tab.partner.show_partner(ev.partner_id)
    model = comp_tab.partner.matrix_model
    assert model.rowCount() > 0
    held_rows = 0
    for row in range(model.rowCount()):
        item = model.row(row)
        counts = ev.counts[item.competency_id]
        cells = _cells(model, row)
        assert cells[MatrixTableModel.ACCREDITED] == count_cell(counts.accredited, item.min_accredited)
        assert cells[MatrixTableModel.REFERENCES] == count_cell(counts.references, item.min_references)
        assert cells[MatrixTableModel.REVENUE] == count_cell(counts.revenue, item.min_revenue, money=True)
        if ev.levels.get(item.competency_id) == item.level_id:
            assert cells[MatrixTableModel.STATE].startswith("✓")
            held_rows += 1
        bg = model.index(row, MatrixTableModel.ACCREDITED).data(Qt.ItemDataRole.BackgroundRole)
        assert bg is not None and cells[MatrixTableModel.ACCREDITED][0] in "✓✗"  # colour never alone
    assert held_rows == len(ev.levels)


def test_what_if_shows_the_trial_and_writes_nothing(comp_tab, ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    ev = next(e for e in evaluate_partners(uow, on=date.today()).evaluations if e.tier is None)
    with qtbot.waitSignal(comp_tab.partner.loaded, timeout=10000):
        comp_tab.partner.show_partner(ev.partner_id)
    db = ui_ctx.app.paths.database
    before = _digest(db)
    panel = comp_tab.partner.whatif
    panel.kind.setCurrentIndex(1)
    panel.amount.setValue(5_000_000)
    with qtbot.waitSignal(comp_tab.partner.trial_loaded, timeout=10000) as first:
        assert panel.add_current()
    assert first.args[0].what_if.evaluation.revenue >= ev.revenue + 5_000_000
    if panel.contact.count():
        panel.kind.setCurrentIndex(0)
        with qtbot.waitSignal(comp_tab.partner.trial_loaded, timeout=10000):
            assert panel.add_current()
    assert panel.list.count() >= 1
    assert "Today" in panel.today.accessibleName()
    assert panel.trial.text() and panel.summary.text()
    assert _digest(db) == before


def test_portfolio_views_and_opening_a_partner(comp_tab, ui_ctx, qtbot) -> None:
    with qtbot.waitSignal(comp_tab.loaded, timeout=10000):
        comp_tab.set_view("tiers")
    rows = comp_tab.model.rows()
    assert sum(r.count for r in rows) == 40 == sum(r.assigned_count for r in rows)
    with qtbot.waitSignal(comp_tab.loaded, timeout=10000):
        comp_tab.set_view("expiring", days=3650)
    assert comp_tab.days_spin.isVisible()
    assert all(r.when is not None and r.partner_id for r in comp_tab.model.rows())
    with qtbot.waitSignal(comp_tab.loaded, timeout=10000):
        comp_tab.set_view("demotion")
    demoted = {e.partner_id for e in evaluate_partners(ui_ctx.app.uow, on=date.today()).evaluations
               if e.movement == "demotion"}
    assert {r.partner_id for r in comp_tab.model.rows()} == demoted
    if demoted:
        with qtbot.waitSignal(ui_ctx.signals.open_partner, timeout=1000) as opened:
            comp_tab.table.doubleClicked.emit(comp_tab.table.model().index(0, 0))
        assert opened.args[0] in demoted


def test_revenue_page_table_and_chart_agree_with_the_data(comp_tab, ui_ctx, qtbot) -> None:
    from prm_desktop.services.standing_revenue import partner_revenue
    from prm_desktop.ui.competencies.revenue import RevenueTableModel

    ev = next(e for e in evaluate_partners(ui_ctx.app.uow, on=date.today()).evaluations if e.revenue > 0)
    with qtbot.waitSignal(comp_tab.partner.revenue_loaded, timeout=10000) as got:
        comp_tab.partner.show_partner(ev.partner_id)
    rows = got.args[0]
    assert rows == partner_revenue(ui_ctx.app.uow, ev.partner_id)
    assert len(rows) == 8 and sum(r.in_window for r in rows) == 4
    window_total = sum(r.total for r in rows if r.in_window)
    assert abs(window_total - ev.revenue) < 1.0
    panel = comp_tab.partner.show_revenue_page()
    model = panel.model
    for i, row in enumerate(rows):
        total = sum(values[i] for key, values in panel.series_data.items() if key != "target")
        assert abs(total - row.total) < 0.01
        text = model.index(i, RevenueTableModel.ATTAINMENT).data()
        assert text == "" if row.target is None else text[0] in "✓✗"


def test_revenue_views_show_groups_with_attainment(comp_tab, qtbot) -> None:
    from prm_desktop.ui.competencies.tables import PortfolioTableModel

    with qtbot.waitSignal(comp_tab.loaded, timeout=10000):
        comp_tab.set_view("revenue_type")
    model = comp_tab.model
    assert model.rowCount() > 0
    assert model.headerData(PortfolioTableModel.PARTNER, Qt.Orientation.Horizontal) == "Type"
    assert not comp_tab.table.isColumnHidden(PortfolioTableModel.ATTAINMENT)
    assert comp_tab.table.isColumnHidden(PortfolioTableModel.WHEN)
    for row in range(model.rowCount()):
        text = model.index(row, PortfolioTableModel.ATTAINMENT).data()
        assert text == "" or text[0] in "✓✗"


def test_partner_view_follows_data_changes(comp_tab, ui_ctx, qtbot) -> None:
    from prm_desktop.services.partners import get_partner, update_partner

    ev = evaluate_partners(ui_ctx.app.uow, on=date.today()).evaluations[0]
    with qtbot.waitSignal(comp_tab.partner.loaded, timeout=10000):
        comp_tab.partner.show_partner(ev.partner_id)
    from dataclasses import replace

    data = replace(get_partner(ui_ctx.app.uow, ev.partner_id).to_input(), name="Renamed Partner SARL")
    update_partner(ui_ctx.app.uow, ev.partner_id, data, allow_duplicates=True)
    with qtbot.waitSignal(comp_tab.partner.loaded, timeout=10000):
        ui_ctx.changed("partners")
    assert comp_tab.partner.title.text() == "Renamed Partner SARL"
