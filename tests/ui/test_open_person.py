"""Asking for a person anywhere (a mention clicked in a partner's notes) shows them in the Stakeholders tab."""

from __future__ import annotations

from tests.ui.test_search_popup import _shell


def test_open_person_shows_the_stakeholders_tab_on_that_person(make_shell, data_dir, qtbot) -> None:
    shell, ids = _shell(make_shell, data_dir)
    window = shell.window
    shell.ctx.signals.open_person.emit(ids["stakeholder"])
    people = window.tab("stakeholders")
    assert window.tabs.currentWidget() is people
    qtbot.waitUntil(lambda: people.person_header.text().startswith("Léa Œuvre-Martin"), timeout=10000)
