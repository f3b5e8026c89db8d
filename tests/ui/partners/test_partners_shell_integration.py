"""The tab inside a main window: menu shortcuts do not collide, commands are registered, undo refreshes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.partners import create_partner
from prm_desktop.ui.context import CMD_EXPORT, CMD_IMPORT, CMD_NEW_PARTNER
from prm_desktop.ui.partners import create_tab


def test_create_tab_registers_the_menu_commands(ui_ctx, qtbot) -> None:
    tab = create_tab(ui_ctx)
    qtbot.addWidget(tab)
    assert {CMD_NEW_PARTNER, CMD_IMPORT, CMD_EXPORT} <= set(ui_ctx.commands)
    for method in ("new_partner", "import_file", "export_list", "focus_search"):
        assert callable(getattr(tab, method))
    ui_ctx.run_command(CMD_NEW_PARTNER)
    assert tab.editor.title.text() == "New partner"


def test_ctrl_n_inside_the_tab_is_not_ambiguous_with_the_menu(ui_ctx, answers, qtbot) -> None:
    from prm_desktop.ui.partners.tab import PartnersTab

    tab = PartnersTab(ui_ctx, confirm=answers)
    window = QMainWindow()
    qtbot.addWidget(window)
    fired = []
    action = QAction("New partner", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    action.triggered.connect(lambda: fired.append(1))
    window.addAction(action)
    window.setCentralWidget(tab)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    tab.focus_search()
    # through the window, so Qt's shortcut map sees the key as it would a real one
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.editor.title.text() == "New partner"
    assert fired == []


def test_undo_of_a_delete_brings_the_partner_back_in_the_list(uow, tab, ui_ctx, answers, settle) -> None:
    create_partner(uow, PartnerInput(name="Estuaire Infogérance", city="Nantes"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    answers.queue.append(True)
    assert tab.delete_selected()
    settle(tab)
    assert tab.list.model.rowCount() == 0
    undo_batch(uow, last_undoable(uow).id)
    ui_ctx.changed("*")
    settle(tab)
    assert tab.list.model.rowCount() == 1
