"""The list side of the Partners tab: search as you type, filters, sort and layout remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner
from prm_desktop.ui.partners.filter_bar import SEARCH_DEBOUNCE_MS
from prm_desktop.ui.partners.partners_table_model import COL_CITY, COL_NAME


def seed(uow) -> None:
    for name, city, siren, ptype in (
        ("Œuvre Numérique", "Lyon", None, "reseller"),
        ("Intégra Conseil", "Paris", None, "consultancy"),
        ("Armorique Logiciels", "Brest", "732829320", "isv"),
        ("Bresse Distribution", "Bourg-en-Bresse", None, "distributor"),
    ):
        create_partner(uow, PartnerInput(name=name, city=city, siren=siren, type=ptype))


def names(tab) -> list[str]:
    model = tab.list.model
    return [model.data(model.index(r, COL_NAME)) for r in range(model.rowCount())]


def type_search(qtbot, tab, text: str) -> None:
    tab.focus_search()
    tab.bar.search.clear()
    qtbot.keyClicks(tab.bar.search, text)
    with qtbot.waitSignal(tab.list.filtered, timeout=2000):
        pass


def test_lists_every_partner_sorted_by_name(uow, tab, settle) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    assert names(tab) == ["Armorique Logiciels", "Bresse Distribution", "Intégra Conseil", "Œuvre Numérique"]
    assert tab.bar.count_label.text() == "4 partners"


def test_search_cases(uow, tab, qtbot, settle) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    type_search(qtbot, tab, "oeuvre")
    assert names(tab) == ["Œuvre Numérique"]
    type_search(qtbot, tab, "integ")
    assert names(tab) == ["Intégra Conseil"]
    type_search(qtbot, tab, "732 829 320")
    assert names(tab) == ["Armorique Logiciels"]
    type_search(qtbot, tab, "zzz")
    assert names(tab) == []
    assert tab.bar.count_label.text() == "0 partners"


def test_typing_is_debounced_into_one_query(uow, tab, qtbot) -> None:
    seed(uow)
    searches = []
    tab.list.filtered.connect(lambda: searches.append(tab.bar.search.text()))
    tab.focus_search()
    qtbot.keyClicks(tab.bar.search, "armor")
    assert searches == []
    qtbot.wait(SEARCH_DEBOUNCE_MS * 3)
    assert searches == ["armor"]


def test_ctrl_f_focuses_the_search_box(tab, qtbot) -> None:
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.bar.search.hasFocus()


def test_type_filter_and_clear(uow, tab, settle) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    tab.bar.type_combo.setCurrentIndex(tab.bar.type_combo.findData("distributor"))
    settle(tab)
    assert names(tab) == ["Bresse Distribution"]
    tab.bar.clear()
    settle(tab)
    assert len(names(tab)) == 4


def test_city_filter_choices_come_from_the_data(uow, tab, ui_ctx, settle) -> None:
    seed(uow)
    ui_ctx.changed("partners")
    tab.reload_choices()
    settle(tab)
    combo = tab.bar.city_combo
    assert combo.findData("Lyon") > 0
    combo.setCurrentIndex(combo.findData("Lyon"))
    settle(tab)
    assert names(tab) == ["Œuvre Numérique"]


def test_sort_and_layout_are_remembered(uow, ui_ctx, qtbot, answers, settle) -> None:
    from prm_desktop.ui.partners.tab import PartnersTab

    seed(uow)
    first = PartnersTab(ui_ctx, confirm=answers)
    qtbot.addWidget(first)
    first.table.horizontalHeader().setSortIndicator(COL_CITY, Qt.SortOrder.DescendingOrder)
    first.table.setColumnWidth(COL_NAME, 333)
    first.list.save_layout()
    settle(first)
    assert names(first)[0] == "Intégra Conseil"  # Paris, Lyon, Brest, Bourg: descending city
    second = PartnersTab(ui_ctx, confirm=answers)
    qtbot.addWidget(second)
    settle(second)
    assert second.list.model.sort_column == COL_CITY
    assert second.list.model.descending
    assert second.table.columnWidth(COL_NAME) == 333
