"""The Competencies tab's portfolio tables are sorted by their model (one key per row): the order shown,
header clicks, the selection kept across a sort, and the figures in French (currency, narrow spaces)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.standing_portfolio import portfolio_view
from prm_desktop.ui.competencies.tables import PortfolioTableModel
from prm_desktop.ui.competencies.view import CompetenciesTab
from prm_desktop.ui.tables import source_row
from tests.ui.conftest import make_demo


@pytest.fixture
def french():
    """The interface in French (requested before ``tab``: its widgets are built in French)."""
    set_language("fr")


@pytest.fixture
def tab(ui_ctx, qtbot):
    make_demo(ui_ctx.app.uow, partners=40)
    widget = CompetenciesTab(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.show()
    return widget


def _shown(tab) -> list:
    proxy = tab.table.model()
    return [source_row(tab.table, i) for i in range(proxy.rowCount())]


def _show(tab, qtbot, kind: str, **options) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.set_view(kind, **options)


def test_rows_come_in_the_view_order_and_headers_sort_them(tab, ui_ctx, qtbot) -> None:
    _show(tab, qtbot, "expiring", days=3650)
    given = portfolio_view(ui_ctx.app.uow, "expiring", days=3650).rows
    assert len(given) > 5
    assert _shown(tab) == given  # soonest first, then by partner name, as the service reads them
    header = tab.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        PortfolioTableModel.WHEN, Qt.SortOrder.AscendingOrder)

    picked = given[len(given) // 2]
    row = _shown(tab).index(picked)
    tab.table.selectionModel().select(tab.table.model().index(row, 0),
                                      QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip
    tab.table.sortByColumn(PortfolioTableModel.PARTNER, Qt.SortOrder.AscendingOrder)
    assert _shown(tab) == sorted(given, key=lambda r: r.sort_name)  # ties keep the given order
    tab.table.sortByColumn(PortfolioTableModel.PARTNER, Qt.SortOrder.DescendingOrder)
    assert _shown(tab) == sorted(given, key=lambda r: r.sort_name, reverse=True)
    selected = tab.table.selectionModel().selectedRows()
    assert [source_row(tab.table, i.row()) for i in selected] == [picked]  # the selection follows its row

    _show(tab, qtbot, "revenue_type")
    revenues = [r.revenue for r in _shown(tab)]
    assert revenues == sorted(revenues, reverse=True) and len(revenues) > 1
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        PortfolioTableModel.REVENUE, Qt.SortOrder.DescendingOrder)
    tab.table.sortByColumn(PortfolioTableModel.COUNT, Qt.SortOrder.AscendingOrder)
    counts = [r.count for r in _shown(tab)]
    assert counts == sorted(counts)

    _show(tab, qtbot, "tiers")
    assert not tab.table.isSortingEnabled()
    assert _shown(tab) == portfolio_view(ui_ctx.app.uow, "tiers").rows  # the program's tier order
    _show(tab, qtbot, "at_risk")
    assert tab.table.isSortingEnabled()
    assert _shown(tab) == portfolio_view(ui_ctx.app.uow, "at_risk").rows


MONEY_FR = re.compile(r"^-?\d{1,3}(\u202f\d{3})*\u00a0€$")
PERCENT_FR = re.compile(r"^[✓✗] \d{1,3}(\u202f\d{3})*\u202f%$")
COUNT_FR = re.compile(r"^\d{1,3}(\u202f\d{3})*$")


@pytest.mark.parametrize("kind", ["revenue_tier", "revenue_type", "revenue_region", "revenue_owner"])
def test_revenue_views_in_french_show_euros_with_french_spacing(french, tab, qtbot, kind) -> None:
    _show(tab, qtbot, kind)
    model = tab.model
    assert model.headerData(PortfolioTableModel.REVENUE, Qt.Orientation.Horizontal) == "Chiffre d’affaires"
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        cells = {c: model.index(row, c).data() for c in (PortfolioTableModel.COUNT, PortfolioTableModel.REVENUE,
                                                         PortfolioTableModel.TARGET, PortfolioTableModel.ATTAINMENT)}
        assert COUNT_FR.match(cells[PortfolioTableModel.COUNT]), cells
        assert MONEY_FR.match(cells[PortfolioTableModel.REVENUE]), cells
        assert cells[PortfolioTableModel.TARGET] == "—" or MONEY_FR.match(cells[PortfolioTableModel.TARGET]), cells
        assert cells[PortfolioTableModel.ATTAINMENT] == "" or PERCENT_FR.match(cells[PortfolioTableModel.ATTAINMENT])
    big = max(model.rows(), key=lambda r: r.revenue)
    assert big.revenue >= 1000 and "\u202f" in model.index(model.rows().index(big), PortfolioTableModel.REVENUE).data()


MONEY_USD_FR = re.compile(r"^-?\d{1,3}(\u202f\d{3})*\u00a0\$US$")


def test_a_program_counting_in_dollars_shows_dollars_in_the_views_and_its_rules(french, tab, ui_ctx, qtbot) -> None:
    from pathlib import Path

    from prm_desktop.services.programs import get_program, import_program
    from prm_desktop.ui.competencies.programs import program_html

    examples = Path(__file__).resolve().parents[2] / "resources" / "programs" / "examples"
    import_program(ui_ctx.app.uow, (examples / "aws_services_path.toml").read_text(encoding="utf-8"))
    _show(tab, qtbot, "revenue_type")
    model = tab.model
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        assert MONEY_USD_FR.match(model.index(row, PortfolioTableModel.REVENUE).data())
    rules = program_html(get_program(ui_ctx.app.uow))
    assert "$US" in rules and "€" not in rules  # the tiers' revenue thresholds are in the program's dollars
    partner_id = next(r.partner_id for r in portfolio_view(ui_ctx.app.uow, "demotion").rows)
    with qtbot.waitSignal(tab.partner.loaded, timeout=10000):
        tab.partner.show_partner(partner_id)
    matrix = tab.partner.matrix_model
    assert matrix.rowCount() > 0
    cells = [matrix.index(row, matrix.REVENUE).data() for row in range(matrix.rowCount())]
    assert all("$US" in cell and "€" not in cell for cell in cells), cells  # the partner's revenue vs each level
