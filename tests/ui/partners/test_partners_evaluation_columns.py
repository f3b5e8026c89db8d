"""The program evaluation in the partner list: "Qualifies for" and "At risk on" columns, the promotion /
demotion / at-risk filters, saved layouts from before those columns, and the filter bar's wrapping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import set_language
from prm_desktop.services.partner_queries import SORT_KEYS
from prm_desktop.ui.partners.filter_bar import AT_RISK_DEFAULT_DAYS, FilterBar
from prm_desktop.ui.partners.list_columns import COLUMNS
from prm_desktop.ui.partners.list_controller import SETTINGS_PREFIX, ListController
from prm_desktop.ui.partners.list_source import make_filter
from prm_desktop.ui.partners.partners_table_model import (
    COL_AT_RISK,
    COL_CITY,
    COL_NAME,
    COL_QUALIFIED,
    COL_STATUS,
    COL_TIER,
    PartnersTableModel,
)

TODAY = date(2026, 6, 15)


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    type: str = "reseller"
    assigned_tier: str | None = "silver"
    qualified_tier: str | None = "silver"
    status: str = "active"
    city: str | None = "Lyon"
    owner_name: str | None = None
    last_visit_on: date | None = None
    next_visit_due: date | None = None
    revenue_window: float | None = None
    attainment: float | None = None
    contract_end: date | None = None
    movement: str | None = None
    at_risk_on: date | None = None


class ListSource:
    def __init__(self, rows: list[Row]) -> None:
        self.rows = rows

    def count(self, flt) -> int:
        return len(self.rows)

    def fetch(self, flt, sort_key, descending, offset, limit) -> list[Row]:
        return self.rows[offset:offset + limit]


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("en")


def model_of(rows: list[Row]) -> PartnersTableModel:
    model = PartnersTableModel(ListSource(rows), None, today=lambda: TODAY)
    model.set_tier_names({"silver": "Silver", "gold": "Gold"})
    return model


def cell(model: PartnersTableModel, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


# --- columns -------------------------------------------------------------------------------------


def test_new_columns_are_appended_and_sortable_by_the_service(qapp) -> None:
    assert (COL_QUALIFIED, COL_AT_RISK) == (len(COLUMNS) - 2, len(COLUMNS) - 1)
    assert COLUMNS[COL_QUALIFIED].sort_key == "qualified_tier" in SORT_KEYS
    assert COLUMNS[COL_AT_RISK].sort_key == "at_risk_on" in SORT_KEYS
    model = model_of([])
    assert model.headerData(COL_QUALIFIED, Qt.Orientation.Horizontal) == "Qualifies for"
    assert model.headerData(COL_AT_RISK, Qt.Orientation.Horizontal) == "At risk on"


def test_qualified_tier_shows_the_movement_in_text_not_only_colour(qapp, english) -> None:
    model = model_of([
        Row("p1", "Promoted", assigned_tier="silver", qualified_tier="gold", movement="promotion"),
        Row("p2", "Demoted", assigned_tier="gold", qualified_tier="silver", movement="demotion"),
        Row("p3", "Steady", assigned_tier="silver", qualified_tier="silver"),
        Row("p4", "Lost", assigned_tier="gold", qualified_tier=None, movement="demotion"),
        Row("p5", "Not evaluated", assigned_tier=None, qualified_tier=None),
    ])
    assert cell(model, 0, COL_QUALIFIED) == "▲ Gold"
    assert cell(model, 1, COL_QUALIFIED) == "▼ Silver"
    assert cell(model, 2, COL_QUALIFIED) == "Silver"
    assert cell(model, 3, COL_QUALIFIED) == "▼ No tier"
    assert cell(model, 4, COL_QUALIFIED) == ""
    assert cell(model, 0, COL_QUALIFIED, Qt.ItemDataRole.ToolTipRole) == (
        "Promotion candidate: qualifies for Gold today, assigned Silver")
    assert cell(model, 1, COL_QUALIFIED, Qt.ItemDataRole.ToolTipRole) == (
        "Demotion candidate: qualifies for Silver today, assigned Gold")
    assert cell(model, 3, COL_TIER, Qt.ItemDataRole.ToolTipRole) == (
        "Demotion candidate: qualifies for no tier today, assigned Gold")
    assert cell(model, 2, COL_QUALIFIED, Qt.ItemDataRole.ToolTipRole) == "Qualifies for Silver today, as assigned"
    # Colour comes on top of the ▲/▼ cue, and only for candidates.
    up = cell(model, 0, COL_QUALIFIED, Qt.ItemDataRole.ForegroundRole)
    down = cell(model, 1, COL_QUALIFIED, Qt.ItemDataRole.ForegroundRole)
    assert up is not None and down is not None and up.color() != down.color()
    assert cell(model, 2, COL_QUALIFIED, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(model, 0, COL_TIER, Qt.ItemDataRole.ForegroundRole) is None


def test_qualified_tier_in_french(qapp) -> None:
    set_language("fr")
    try:
        model = model_of([Row("p1", "A", assigned_tier="silver", qualified_tier="gold", movement="promotion")])
        assert model.headerData(COL_QUALIFIED, Qt.Orientation.Horizontal) == "Niveau atteint"
        assert model.headerData(COL_AT_RISK, Qt.Orientation.Horizontal) == "À risque le"
        assert cell(model, 0, COL_QUALIFIED) == "▲ Gold"
        assert cell(model, 0, COL_QUALIFIED, Qt.ItemDataRole.ToolTipRole) == (
            "Candidat à la promotion : atteint le niveau Gold aujourd’hui, niveau attribué Silver")
    finally:
        set_language("en")


def test_at_risk_column_shows_the_date_with_an_explaining_tooltip(qapp, english) -> None:
    model = model_of([Row("p1", "A", at_risk_on=date(2026, 9, 1)), Row("p2", "B")])
    assert cell(model, 0, COL_AT_RISK) not in ("", None, "…")
    assert "2026" in cell(model, 0, COL_AT_RISK) or "26" in cell(model, 0, COL_AT_RISK)
    assert cell(model, 0, COL_AT_RISK, Qt.ItemDataRole.ToolTipRole).startswith("At risk of losing a level or tier on")
    assert cell(model, 1, COL_AT_RISK) == ""


def test_new_tier_names_repaint_the_qualified_column(qapp) -> None:
    model = PartnersTableModel(ListSource([Row("p1", "A", qualified_tier="gold", movement="promotion")]), None)
    assert cell(model, 0, COL_QUALIFIED) == "▲ gold"
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, *_a: changed.append(top.column()))
    model.set_tier_names({"gold": "Gold"})
    assert COL_QUALIFIED in changed
    assert cell(model, 0, COL_QUALIFIED) == "▲ Gold"


# --- filters -------------------------------------------------------------------------------------


def test_promotion_demotion_and_at_risk_filters(qtbot, english) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    emitted: list = []
    bar.changed.connect(emitted.append)
    assert bar.at_risk_days.value() == AT_RISK_DEFAULT_DAYS == 90
    assert bar.at_risk_check.text() == "At risk within"
    assert bar.at_risk_days.suffix() == " days"

    bar.promotion_check.setChecked(True)
    assert emitted[-1].promotion_candidate and not emitted[-1].demotion_candidate
    bar.demotion_check.setChecked(True)
    assert emitted[-1].demotion_candidate
    flt = make_filter(emitted[-1])
    assert flt.promotion_candidate and flt.demotion_candidate and flt.at_risk_within_days is None

    count = len(emitted)
    bar.at_risk_days.setValue(30)  # the filter is off: nothing to reload
    qtbot.wait(200)
    assert len(emitted) == count
    bar.at_risk_check.setChecked(True)
    assert emitted[-1].at_risk_within_days == 30
    with qtbot.waitSignal(bar.changed, timeout=2000) as blocker:
        bar.at_risk_days.setValue(45)  # debounced like typing
    assert blocker.args[0].at_risk_within_days == 45
    assert make_filter(bar.values()).at_risk_within_days == 45
    assert not bar.values().is_default()

    bar.clear()
    values = emitted[-1]
    assert values.is_default()
    assert not (values.promotion_candidate or values.demotion_candidate) and values.at_risk_within_days is None
    assert bar.at_risk_days.value() == AT_RISK_DEFAULT_DAYS


def test_filter_labels_in_french(qtbot) -> None:
    set_language("fr")
    try:
        bar = FilterBar()
        qtbot.addWidget(bar)
        assert bar.promotion_check.text() == "Candidats à la promotion"
        assert bar.demotion_check.text() == "Candidats à la rétrogradation"
        assert bar.at_risk_check.text() == "À risque sous"
        assert bar.at_risk_days.suffix() == " jours"
    finally:
        set_language("en")


@pytest.mark.parametrize("width", [560, 700, 1000])
def test_filter_bar_wraps_instead_of_squashing(qtbot, width: int) -> None:
    """At 1366×768 and 150 % the list pane is about 600 logical pixels: combos keep their width."""
    set_language("fr")
    try:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = FilterBar()
        layout.addWidget(bar)
        layout.addStretch(1)
        qtbot.addWidget(host)
        host.resize(width, 400)
        host.show()
        qtbot.waitExposed(host)
        qtbot.wait(10)
        widgets = [*bar._combos, *bar._checks, bar.deleted_check, bar.at_risk_days, bar.clear_button]
        for widget in widgets:
            assert widget.isVisible()
            assert widget.width() >= widget.sizeHint().width() or widget in bar._combos
            rect = QRect(widget.mapTo(bar, widget.rect().topLeft()), widget.size())
            assert bar.rect().contains(rect), widget
        for combo in bar._combos:
            assert combo.width() >= combo.minimumSizeHint().width()
            assert combo.width() >= bar.combo_grid.cell_width()
        rects = [QRect(w.mapTo(bar, w.rect().topLeft()), w.size()) for w in widgets if w is not bar.at_risk_days]
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert not a.intersects(b)
        per_row: dict[int, int] = {}
        for combo in bar._combos:
            per_row[combo.y()] = per_row.get(combo.y(), 0) + 1
        assert max(per_row.values()) - min(per_row.values()) <= 1  # balanced: 4 + 4 or 3 + 3 + 2, never 7 + 1
        if width >= 1000:
            assert len(per_row) <= 2
    finally:
        set_language("en")


# --- column layout memory ------------------------------------------------------------------------


def legacy_state(qtbot) -> bytes:
    """A header state saved by the first version (11 columns): Name 333 px wide, Status hidden."""
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(0, 11))
    header = view.horizontalHeader()
    header.setSectionsMovable(True)
    view.setColumnWidth(COL_NAME, 333)
    header.moveSection(header.visualIndex(COL_CITY), 1)  # City moved right after Name
    view.setColumnHidden(COL_STATUS, True)
    return header.saveState()


def make_controller(uow, settings: QSettings, qtbot) -> ListController:
    bar = FilterBar()
    view = QTableView()
    qtbot.addWidget(bar)
    qtbot.addWidget(view)
    return ListController(uow, settings, bar, view)


def test_layout_saved_before_the_new_columns_still_restores(uow, qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(f"{SETTINGS_PREFIX}/header", legacy_state(qtbot))
    settings.setValue(f"{SETTINGS_PREFIX}/sort_column", COL_CITY)
    controller = make_controller(uow, settings, qtbot)
    view, header = controller.view, controller.view.horizontalHeader()
    assert view.columnWidth(COL_NAME) == 333
    assert view.isColumnHidden(COL_STATUS)
    assert header.visualIndex(COL_CITY) == 1
    assert controller.model.sort_column == COL_CITY
    for column in (COL_QUALIFIED, COL_AT_RISK):
        assert not view.isColumnHidden(column)
        assert view.columnWidth(column) >= 90
    assert header.visualIndex(COL_QUALIFIED) == header.visualIndex(COL_TIER) + 1
    assert header.visualIndex(COL_AT_RISK) == header.visualIndex(COL_QUALIFIED) + 1
    actions = header.actions()
    assert len(actions) == len(COLUMNS)
    assert not actions[COL_STATUS].isChecked() and actions[COL_QUALIFIED].isChecked()

    # The user then moves "Qualifies for" to the end and hides "At risk on": kept as is next time.
    header.moveSection(header.visualIndex(COL_QUALIFIED), len(COLUMNS) - 1)
    controller.set_column_visible(COL_AT_RISK, False)
    controller.save_layout()
    again = make_controller(uow, settings, qtbot)
    header2 = again.view.horizontalHeader()
    assert header2.visualIndex(COL_QUALIFIED) == len(COLUMNS) - 1
    assert again.view.isColumnHidden(COL_AT_RISK)
    assert again.view.columnWidth(COL_NAME) == 333


def test_default_layout_puts_the_evaluation_beside_the_tier(uow, qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = make_controller(uow, settings, qtbot)
    header = controller.view.horizontalHeader()
    assert header.visualIndex(COL_QUALIFIED) == header.visualIndex(COL_TIER) + 1
    assert header.visualIndex(COL_AT_RISK) == header.visualIndex(COL_TIER) + 2
    assert header.visualIndex(COL_NAME) == 0


# --- background evaluation refresh ---------------------------------------------------------------


def test_list_reloads_when_the_evaluations_are_refreshed(tab, ui_ctx, qtbot, settle) -> None:
    calls: list[object] = []
    original = tab.list.refresh
    tab.list.refresh = lambda select_id=None: (calls.append(select_id), original(select_id))
    with qtbot.waitSignal(tab.list.filtered, timeout=5000):
        ui_ctx.changed("evaluations")
    assert calls
    settle(tab)


def test_list_gets_the_larger_share_by_default(tab) -> None:
    list_width, editor_width = tab.splitter.sizes()
    assert list_width > editor_width
