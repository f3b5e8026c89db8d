"""The list fits the screen: no empty editor beside it, column sets chosen and remembered."""

from __future__ import annotations

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner
from prm_desktop.ui.layout_memory import flush_layout
from prm_desktop.ui.partners.column_sets import COLUMN_SETS, column_set_named
from prm_desktop.ui.partners.partners_table_model import (
    COL_AT_RISK,
    COL_CITY,
    COL_NAME,
    COL_REVENUE,
    COL_STATUS,
    COLUMNS,
)


def seed(uow) -> None:
    for name, city in (("Œuvre Numérique", "Lyon"), ("Intégra Conseil", "Paris")):
        create_partner(uow, PartnerInput(name=name, city=city))


def new_tab(ui_ctx, qtbot, answers, settle):
    from prm_desktop.ui.partners.tab import PartnersTab

    tab = PartnersTab(ui_ctx, confirm=answers)
    qtbot.addWidget(tab)
    tab.resize(1366, 720)
    tab.show()
    qtbot.waitExposed(tab)
    settle(tab)
    return tab


def shown(tab) -> set[int]:
    return {c for c in range(len(COLUMNS)) if not tab.table.isColumnHidden(c)}


def test_with_nothing_selected_the_list_gets_the_whole_width(uow, tab, settle, qtbot) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    assert tab.editor.isHidden()
    qtbot.waitUntil(lambda: tab.table.width() > 0.9 * tab.width())
    tab.list.select_row(0)
    qtbot.waitUntil(lambda: tab.editor.isVisible())
    assert tab.editor.partner_id is not None
    assert tab.editor.width() > 250 and tab.table.width() > tab.editor.width()


def test_editor_opens_for_a_new_partner_and_closes_when_cancelled(tab, qtbot) -> None:
    tab.new_partner()
    assert tab.editor.isVisible()
    assert tab.editor.form.edit("name").hasFocus()
    tab.editor.cancel()
    assert tab.editor.isHidden()


def test_editor_closes_after_deleting_the_partner_shown(uow, tab, settle, qtbot) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    assert tab.editor.isVisible()
    assert tab.editor.delete()
    assert tab.editor.isHidden()


def test_a_column_set_shows_its_columns_and_is_checked_in_the_menu(tab) -> None:
    program = column_set_named("program")
    tab.list.apply_column_set(program)
    assert shown(tab) == set(program.columns)
    menu = tab.list.columns_menu()
    checked = [a.objectName() for a in menu.actions() if a.isCheckable() and a.isChecked()
               and a.objectName().startswith("columnSet_")]  # fmt: skip
    assert checked == ["columnSet_program"]
    column_actions = [a for a in menu.actions() if a in tab.list.column_actions]
    assert len(column_actions) == len(COLUMNS)
    assert not column_actions[COL_CITY].isChecked() and column_actions[COL_REVENUE].isChecked()


def test_every_set_fits_1366_pixels_except_all(tab) -> None:
    for column_set in COLUMN_SETS:
        tab.list.apply_column_set(column_set)
        width = sum(tab.table.columnWidth(c) for c in column_set.columns)
        if column_set.key != "all":
            assert width <= 1366 - 40, column_set.key


def test_french_menu_names_the_sets(ui_ctx, qtbot, answers, settle) -> None:
    set_language("fr")
    tab = new_tab(ui_ctx, qtbot, answers, settle)
    texts = [a.text() for a in tab.list.columns_menu().actions()]
    assert texts[:4] == ["Colonnes essentielles", "Colonnes du programme", "Colonnes des visites",
                         "Toutes les colonnes"]  # fmt: skip
    assert tab.bar.columns_button.text() == "Colonnes…" and tab.bar.columns_button.isVisible()


def test_hidden_columns_and_sets_survive_recreating_the_tab(ui_ctx, qtbot, answers, settle) -> None:
    first = new_tab(ui_ctx, qtbot, answers, settle)
    first.table.horizontalHeader().actions()[COL_STATUS].trigger()  # unticked in the header's menu
    assert first.table.isColumnHidden(COL_STATUS)
    flush_layout(first)  # what the window does when it rebuilds its tabs (language change) or closes
    first.close()
    second = new_tab(ui_ctx, qtbot, answers, settle)
    assert second.table.isColumnHidden(COL_STATUS)
    assert not second.table.horizontalHeader().actions()[COL_STATUS].isChecked()

    second.list.apply_column_set(column_set_named("visits"))
    flush_layout(second)
    third = new_tab(ui_ctx, qtbot, answers, settle)
    assert shown(third) == set(column_set_named("visits").columns)
    assert third.table.isColumnHidden(COL_AT_RISK) and not third.table.isColumnHidden(COL_NAME)


def test_the_close_button_gives_the_width_back_and_asks_about_changes(uow, tab, settle, answers, qtbot) -> None:
    seed(uow)
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    assert tab.editor.close_button.isVisible()
    tab.editor.form.edit("city").setText("Quimper")
    answers.queue.append(False)  # keep the changes
    tab.editor.close_button.click()
    assert tab.editor.isVisible() and answers.asked
    answers.queue.append(True)
    tab.editor.close_button.click()
    assert tab.editor.isHidden()
    assert tab.list.current_id() is None
    qtbot.waitUntil(lambda: tab.table.width() > 0.9 * tab.width())
