"""Every list table lets the user hide and show columns (header menu), and remembers it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from prm_desktop.ui.layout_memory import flush_layout, remember_header
from prm_desktop.ui.tables import columns_menu, make_table
from prm_desktop.ui.visits.model import VisitsTableModel


def build(qtbot, settings: QSettings) -> tuple[QWidget, object]:
    parent = QWidget()
    qtbot.addWidget(parent)
    table = make_table(VisitsTableModel(parent), "Visits list", parent)
    remember_header(settings, table.horizontalHeader(), "visits")
    return parent, table


def test_header_menu_hides_a_column_and_it_stays_hidden(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    parent, table = build(qtbot, settings)
    menu = columns_menu(table)
    actions = [a for a in menu.actions() if a.isCheckable()]
    assert [a.text() for a in actions][:3] == ["When", "Kind", "Partners"]
    assert all(a.isChecked() for a in actions) and not actions[0].isEnabled()  # the first column stays
    actions[VisitsTableModel.PLACE].trigger()
    assert table.isColumnHidden(VisitsTableModel.PLACE)
    flush_layout(parent)
    _again, table2 = build(qtbot, settings)
    assert table2.isColumnHidden(VisitsTableModel.PLACE)
    menu2 = columns_menu(table2)
    place = [a for a in menu2.actions() if a.isCheckable()][VisitsTableModel.PLACE]
    assert not place.isChecked()
    place.trigger()
    assert not table2.isColumnHidden(VisitsTableModel.PLACE) and table2.columnWidth(VisitsTableModel.PLACE) > 0
