"""Parts of the Stakeholders tab laid out apart from its behaviour.

Its combo boxes, the links table's widths and the Partner map page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.ui.partners.pickers import PartnerPicker
from prm_desktop.ui.stakeholders.links_model import LinksTableModel
from prm_desktop.ui.stakeholders.map_widget import StakeholderMapWidget
from prm_desktop.ui.tables import make_table

__all__ = ["build_map_page", "combo_of", "link_column_widths"]


def combo_of(name: str, labels: dict[Any, str]) -> QComboBox:
    """A combo box of ``labels`` (enum → label), its items carrying the enum values."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    for key, label in labels.items():
        combo.addItem(_(label), key.value)
    return combo


def link_column_widths(table: Any) -> None:
    """Column widths of a table of stakeholder links."""
    widths = {LinksTableModel.PARTNER: 190, LinksTableModel.PERSON: 170, LinksTableModel.BUSINESS_UNIT: 140,
              LinksTableModel.RELATION: 160, LinksTableModel.INFLUENCE: 140}  # fmt: skip
    for column, width in widths.items():
        table.setColumnWidth(column, width)


def build_map_page(tab: Any) -> QWidget:
    """The Partner map page: a partner picker, the map, its gaps, a legend and the links table.

    Sets ``map_picker``, ``map_widget``, ``map_gaps``, ``map_links`` and ``map_table`` on the tab.
    """
    page = QWidget()
    tab.map_picker = PartnerPicker(tab._suggest, _("Partner"), _("Type a partner’s name to see its map"))
    tab.map_picker.chosen.connect(tab._pick_map_partner)
    tab.map_widget = StakeholderMapWidget()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(tab.map_widget)
    tab.map_gaps = QLabel()
    tab.map_gaps.setWordWrap(True)
    tab.map_links = LinksTableModel(tab)
    tab.map_table = make_table(tab.map_links, _("Our people linked to the partner"), page)
    tab.map_table.setColumnHidden(LinksTableModel.PARTNER, True)
    link_column_widths(tab.map_table)
    legend = QLabel(
        _("Colour and label give the stance (green: champion, grey: neutral, orange: sceptic); "
          "the bigger the disc, the stronger the influence. Stance and influence are internal only.")
    )  # fmt: skip
    legend.setWordWrap(True)
    layout = QVBoxLayout(page)
    layout.addWidget(tab.map_picker)
    layout.addWidget(tab.map_gaps)
    layout.addWidget(scroll, 3)
    layout.addWidget(legend)
    layout.addWidget(tab.map_table, 2)
    return page
