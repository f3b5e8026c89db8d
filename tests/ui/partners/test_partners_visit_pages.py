"""The Visits and Actions pages of the partner editor: models without a window, then the pages in the tab."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from prm_desktop.domain.i18n import _, set_language
from prm_desktop.domain.visit_rules import ActionInput, ReportSectionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.visits import editing, report
from prm_desktop.services.visits.lists import VisitRow
from prm_desktop.services.visits.report import ActionRow
from prm_desktop.ui.partners.actions_page import PartnerActionsModel
from prm_desktop.ui.partners.visits_page import PartnerVisitsModel, partner_visits
from prm_desktop.ui.visits.action_form import ActionForm
from prm_desktop.ui.visits.form import VisitForm
from prm_desktop.ui.visits.report_editor import ReportEditor
from tests.ui.test_action_form import _choose, _setup

NOW = datetime.now(UTC)


def _visit(status: str, days: int, has_report: bool = False) -> VisitRow:
    return VisitRow(f"v{days}", NOW + timedelta(days=days), "Europe/Paris", 60, "on_site", status, "Acme", "Lyon",
                    None, has_report)  # fmt: skip


def _cells(model, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_visits_model_says_status_and_report(qapp) -> None:
    model = PartnerVisitsModel()
    model.set_rows([_visit("planned", 3), _visit("planned", -2), _visit("done", -30), _visit("done", -60, True),
                    _visit("cancelled", -90)])  # fmt: skip
    statuses = [_cells(model, r)[PartnerVisitsModel.STATUS] for r in range(5)]
    assert statuses == ["Planned", "To close", "Done", "Done", "Cancelled"]
    assert [_cells(model, r)[PartnerVisitsModel.REPORT] for r in range(5)] == ["", "", "To write", "Written", ""]
    set_language("fr")
    assert _cells(model, 1)[PartnerVisitsModel.STATUS] == "À clôturer"
    assert _cells(model, 2)[PartnerVisitsModel.REPORT] == "À rédiger"
    assert model.headerData(PartnerVisitsModel.REPORT, Qt.Orientation.Horizontal) == "Compte rendu"


def test_actions_model_shows_overdue_and_done(qapp) -> None:
    model = PartnerActionsModel()
    model.today = date(2026, 3, 10)
    model.set_rows([ActionRow("a1", "Send the price list", "Claire", date(2026, 3, 1), "open", True, "p", "Acme",
                              None, None),
                    ActionRow("a2", "Book the demo room", "Alice", date(2026, 3, 1), "done", False, "p", "Acme",
                              None, None)])  # fmt: skip
    first, second = _cells(model, 0), _cells(model, 1)
    assert first == ["Send the price list", "Claire", "1 Mar 2026 (overdue)", "Open", "Yes"]
    assert second[PartnerActionsModel.DUE] == "1 Mar 2026" and second[PartnerActionsModel.STATUS] == "Done"


def _partner_with_history(uow):
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon", address="1 rue de la Paix")).id
    other = create_partner(uow, PartnerInput(name="Globex")).id
    add_contact(uow, acme, ContactInput(name="Alice", is_primary=True))
    soon = editing.create_visit(uow, VisitInput([acme], "video", NOW + timedelta(days=5)))
    later = editing.create_visit(uow, VisitInput([acme], "on_site", NOW + timedelta(days=40)))
    late = editing.create_visit(uow, VisitInput([acme], "phone", NOW - timedelta(days=3)))
    done = editing.create_visit(uow, VisitInput([acme, other], "on_site", NOW - timedelta(days=20)))
    editing.mark_done(uow, done)
    report.save_report(uow, done, [ReportSectionInput("context", "Met the director.")])
    editing.create_visit(uow, VisitInput([other], "on_site", NOW + timedelta(days=2)))  # not Acme's
    return acme, [soon, later, late, done]


def test_partner_visits_upcoming_first_then_history(uow) -> None:
    acme, expected = _partner_with_history(uow)
    assert [r.id for r in partner_visits(uow, acme)] == expected


def test_visits_page_plans_and_opens(uow, tab, qtbot, settle) -> None:
    acme, expected = _partner_with_history(uow)
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.activity.visits
    assert tab.editor.tabs.tabText(tab.editor.tabs.indexOf(page)) == "Visits"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    assert [r.id for r in page.model.rows()] == expected
    assert page.table.model().data(page.table.model().index(3, PartnerVisitsModel.REPORT)) == "Written"
    # Plan a visit: planned with the defaults (address, primary contact), opened in the form, listed.
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.plan_button.click()
    qtbot.waitUntil(lambda: len(page.windows.windows) == 1, timeout=10000)
    form = page.windows.windows[0]
    assert isinstance(form, VisitForm) and form.isVisible()
    assert form.place.text() == "1 rue de la Paix, Lyon"
    assert form.attendee_item(form.attendee_ids()[0]).text() == "Alice"
    assert page.model.rowCount() == 5
    planned = [r for r in partner_visits(uow, acme) if r.id not in expected]
    assert len(planned) == 1 and planned[0].status == "planned"
    # Open a done visit: its report.
    page.table.selectRow([r.id for r in page.model.rows()].index(expected[3]))
    page.open_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, ReportEditor) for w in page.windows.windows), timeout=10000)
    editor = next(w for w in page.windows.windows if isinstance(w, ReportEditor))
    assert editor.editors["context"].toPlainText() == "Met the director."
    tab.editor.activity.close_windows()


def test_actions_page_marks_done_in_one_click(uow, tab, qtbot, settle) -> None:
    acme, visits = _partner_with_history(uow)
    report.add_action(uow, ActionInput(title="Send the price list", due_on=date(2026, 1, 5)), visits[3])
    report.add_action(uow, ActionInput(title="Book the demo room", due_on=date(2026, 2, 5)), visits[3])
    old = report.add_action(uow, ActionInput(title="Sign the NDA", partner_id=acme))
    report.set_action_done(uow, old)
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.activity.actions
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    assert [(r.title, r.status) for r in page.model.rows()] == [
        ("Send the price list", "open"), ("Book the demo room", "open"), ("Sign the NDA", "done")]
    assert not page.done_button.isEnabled()
    page.table.selectRow(0)
    assert page.done_button.isEnabled() and page.done_button.text() == "Done"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.done_button.click()
    assert [(r.title, r.status) for r in page.model.rows()] == [
        ("Book the demo room", "open"), ("Send the price list", "done"), ("Sign the NDA", "done")]


def test_pages_of_a_new_partner_are_empty(tab) -> None:
    tab.new_partner()
    page = tab.editor.activity.visits
    assert page.model.rowCount() == 0 and not page.plan_button.isEnabled()
    assert "Save the partner" in page.note.text()
    assert _("Actions") == "Actions"


def test_actions_page_edit_opens_the_form(uow, tab, qtbot, settle) -> None:
    me, acme, alice, expert, julie, action = _setup(uow)
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.activity.actions
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    assert not page.edit_button.isEnabled()
    page.table.selectRow(0)
    page.edit_button.click()
    qtbot.waitUntil(lambda: len(page.windows.windows) == 1, timeout=10000)
    form = page.windows.windows[0]
    assert isinstance(form, ActionForm) and form.owner.owner() == ("member", me)
    _choose(form, "stakeholder", expert)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.submit()
    assert [r.owner for r in page.model.rows()] == ["Marc Leroy"]
    tab.editor.activity.close_windows()


def test_page_buttons_in_french(qapp) -> None:
    from prm_desktop.ui.partners.actions_page import ActionsPage
    from prm_desktop.ui.partners.visits_page import VisitsPage

    set_language("fr")
    visits, actions = VisitsPage(), ActionsPage()
    assert (visits.plan_button.text(), visits.open_button.text()) == ("Planifier une visite", "Ouvrir…")
    assert (actions.done_button.text(), actions.edit_button.text()) == ("Faite", "Modifier…")
