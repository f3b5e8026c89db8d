"""The main window on a demo portfolio: every tab, menus, status bar, keyboard, layout memory."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

from prm_desktop.ui.list_tab import ListTab
from tests.ui.conftest import DEMO_PARTNERS, make_demo, prepare_portfolio


def _open(make_shell, data_dir, demo: bool = True, lang: str = "en"):
    prepare_portfolio(data_dir, demo)
    shell = make_shell(lang=lang)
    shell.start()
    return shell


def test_main_window_shows_every_tab_with_real_data(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir)
    window = shell.window
    assert window is not None and window.isVisible() and shell.welcome is None
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Partners", "Visits", "Competencies", "Stakeholders"]
    for index in range(1, 4):
        tab = window.tabs.widget(index)
        assert isinstance(tab, ListTab)
        with qtbot.waitSignal(tab.loaded, timeout=10000):
            window.tabs.setCurrentIndex(index)
        assert tab.model.rowCount() > 0, titles[index]
        assert tab.summary.text()
    window.tabs.setCurrentIndex(0)
    assert window.tabs.widget(0) is not None
    qtbot.waitUntil(lambda: "24 partners" in window.status.database.text(), timeout=5000)
    assert window.status.sync.text().endswith("Sync not set up")
    menus = {a.text().replace("&", "") for a in window.menuBar().actions()}
    assert menus == {"File", "Edit", "View", "Sync", "Help"}
    names = set(window.actions_)
    assert {
        "new_partner",
        "import",
        "export",
        "backup",
        "restore",
        "quit",
        "undo",
        "about",
        "open_data_folder",
        "report_problem",
        "settings",
    } <= names


def test_french_window_titles(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False, lang="fr")
    window = shell.window
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Partenaires", "Visites", "Compétences", "Parties prenantes"]
    assert [a.text().replace("&", "") for a in window.menuBar().actions()] == [
        "Fichier",
        "Édition",
        "Affichage",
        "Synchronisation",
        "Aide",
    ]
    assert window.status.sync.text().endswith("Synchronisation non configurée")


def test_keyboard_switches_tabs_and_widgets_have_accessible_names(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    window = shell.window
    qtbot.waitExposed(window)
    window.activateWindow()
    for number, key in enumerate(("partners", "visits", "competencies", "stakeholders"), start=1):
        window.actions_[f"tab_{key}"].trigger()
        assert window.tabs.currentIndex() == number - 1
        assert window.actions_[f"tab_{key}"].shortcut().toString() == f"Ctrl+{number}"
    assert window.actions_["undo"].shortcut().toString() == "Ctrl+Z"
    for index in range(1, 4):
        tab = window.tabs.widget(index)
        for widget in (
            tab.findChildren(QTableView)
            + tab.findChildren(QAbstractButton)
            + tab.findChildren(QLineEdit)
            + tab.findChildren(QComboBox)
        ):
            if not widget.objectName().startswith("qt_"):
                assert widget.accessibleName() or getattr(widget, "text", lambda: "")(), widget
    for widget in (window.tabs, window.status.database, window.status.sync, window.status.tasks.cancel):
        assert widget.accessibleName()


def test_window_layout_and_columns_are_remembered(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir)
    window = shell.window
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(720, 520)
    visits = window.tabs.widget(1)
    with qtbot.waitSignal(visits.loaded, timeout=10000):
        window.tabs.setCurrentIndex(1)
    visits.table.setColumnWidth(2, 333)
    competencies = window.tabs.widget(2)
    with qtbot.waitSignal(competencies.loaded, timeout=10000):
        window.tabs.setCurrentIndex(2)
    competencies.splitter.setSizes([300, 500])
    competencies.splitter.splitterMoved.emit(300, 1)
    window.tabs.setCurrentIndex(1)
    window.close()

    from prm_desktop.ui.main_window import MainWindow

    again = MainWindow(shell.ctx)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 1
    assert (again.size().width(), again.size().height()) == (720, 520)
    assert again.tabs.widget(1).table.columnWidth(2) == 333
    again.show()
    again.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: again.tabs.widget(2).splitter.sizes()[0] > 50)
    sizes = again.tabs.widget(2).splitter.sizes()
    assert sizes[0] < sizes[1]
    assert shell.ctx.app.paths.settings_file.read_text(encoding="utf-8").count("[window]") == 1
    again.clear_tabs()


def test_data_change_reloads_the_visible_tab(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    window = shell.window
    stakeholders = window.tabs.widget(3)
    with qtbot.waitSignal(stakeholders.loaded, timeout=10000):
        window.tabs.setCurrentIndex(3)
    assert stakeholders.model.rowCount() == 0
    make_demo(shell.ctx.app.uow)
    with qtbot.waitSignal(stakeholders.loaded, timeout=10000):
        shell.ctx.changed("stakeholders")
    assert stakeholders.model.rowCount() > 0
    qtbot.waitUntil(lambda: str(DEMO_PARTNERS) in window.status.database.text(), timeout=5000)


def test_qt_standard_dialogs_speak_french(qapp) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from prm_desktop.ui.translations import install_qt_translations

    assert install_qt_translations("fr")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    assert not install_qt_translations("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
