"""In the main window, a Competencies row opens its partner in Partners, and the Standing page's button
opens the partner's full view in Competencies."""

from __future__ import annotations

from prm_desktop.ui.tables import ROW_ROLE
from tests.ui.conftest import prepare_portfolio


def test_rows_open_partners_and_back(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, demo=True)
    shell = make_shell(lang="en")
    shell.start()
    window = shell.window
    competencies = window.tabs.widget(2)
    with qtbot.waitSignal(competencies.loaded, timeout=10000):
        window.tabs.setCurrentIndex(2)
    assert competencies.model.rowCount() > 0
    index = competencies.table.model().index(0, 0)
    wanted = index.data(ROW_ROLE).partner_id
    competencies.table.doubleClicked.emit(index)
    partners = window.tabs.widget(0)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: partners.editor.partner_id == wanted, timeout=10000)
    partners.editor.tabs.setCurrentWidget(partners.editor.standing)
    with qtbot.waitSignal(competencies.partner.loaded, timeout=10000) as shown:
        partners.editor.standing.full_button.click()
    assert window.tabs.currentIndex() == 2
    assert shown.args[0].partner_id == wanted
