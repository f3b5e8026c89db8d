"""An action's owner (me, a team member, an internal stakeholder, a partner contact), description and
due date are edited in the action form, opened from the partner's Actions page or the Actions view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.partner_rules import TeamMemberInput
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import ActionInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits import report
from prm_desktop.services.visits.people import people_choices
from prm_desktop.ui.visits.action_form import ActionForm


def _setup(uow):
    me = save_profile(uow, Profile(name="Claire Martin")).me_member_id
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice", is_primary=True)).id
    expert = create_stakeholder(uow, StakeholderInput(name="Marc Leroy")).id
    julie = create_team_member(uow, TeamMemberInput(name="Julie Petit")).id
    action = report.add_action(uow, ActionInput(title="Send the price list", owner_member_id=me,
                                                due_on=date(2026, 3, 9), partner_id=acme))  # fmt: skip
    return me, acme, alice, expert, julie, action


def _choose(form: ActionForm, kind: str, person_id: str) -> None:
    form.owner.setCurrentIndex(next(i for i in range(form.owner.count())
                                    if form.owner.itemData(i) == (kind, person_id)))


def test_owner_offers_me_the_team_stakeholders_and_contacts(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    me, acme, alice, expert, julie, action = _setup(uow)
    form = ActionForm(ui_ctx, report.get_action(uow, action), people_choices(uow, [acme]), me, action)
    qtbot.addWidget(form)
    texts = [form.owner.itemText(i).strip() for i in range(form.owner.count())]
    assert texts[:2] == ["Nobody yet", "Me (Claire Martin)"]
    for earlier, later in (("Team members", "Julie Petit"), ("Julie Petit", "Internal stakeholders"),
                           ("Internal stakeholders", "Marc Leroy"), ("Marc Leroy", "Partner contacts"),
                           ("Partner contacts", "Alice")):  # fmt: skip
        assert texts.index(earlier) < texts.index(later)
    assert "Claire Martin" not in texts  # me only once
    assert form.owner.owner() == ("member", me) and form.title.text() == "Send the price list"
    heading = texts.index("Internal stakeholders")
    assert not form.owner.model().item(heading).isEnabled()


def test_edit_description_owner_and_due_date(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    me, acme, alice, expert, julie, action = _setup(uow)
    form = ActionForm(ui_ctx, report.get_action(uow, action), people_choices(uow, [acme]), me, action)
    qtbot.addWidget(form)
    form.show()
    form.title.setText("")
    with qtbot.waitSignal(form.failed, timeout=10000):
        form.submit()
    assert form.errors["title"].isVisible() and "required" in form.errors["title"].text()
    form.title.setText("Send the 2026 price list")
    _choose(form, "contact", alice)
    form.due.setDate(QDate(2026, 4, 1))
    form.internal.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.submit()
    stored = report.get_action(uow, action)
    assert (stored.title, stored.owner_contact_id, stored.owner_member_id, stored.due_on, stored.internal_only) == (
        "Send the 2026 price list", alice, None, date(2026, 4, 1), True)
    assert [r.owner for r in report.list_actions(uow, "partner", partner_id=acme)] == ["Alice"]
    reopened = ActionForm(ui_ctx, report.get_action(uow, action), people_choices(uow, [acme]), me, action)
    qtbot.addWidget(reopened)
    assert reopened.owner.owner() == ("contact", alice) and reopened.owner.currentText().strip() == "Alice"
    for kind, person, name in (("stakeholder", expert, "Marc Leroy"), ("member", julie, "Julie Petit")):
        _choose(form, kind, person)
        with qtbot.waitSignal(form.saved, timeout=10000):
            form.submit()
        assert [r.owner for r in report.list_actions(uow, "partner", partner_id=acme)] == [name]
    form.no_due.setChecked(True)
    form.owner.setCurrentIndex(0)
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.submit()
    stored = report.get_action(uow, action)
    assert stored.due_on is None and not any((stored.owner_member_id, stored.owner_contact_id,
                                              stored.owner_stakeholder_id))  # fmt: skip


def test_actions_view_edit_and_french(ui_ctx, qtbot) -> None:
    from prm_desktop.ui.visits.view import VisitsTab

    set_language("fr")
    uow = ui_ctx.app.uow
    me, acme, alice, expert, julie, action = _setup(uow)
    tab = VisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_view("actions")
    assert tab.buttons["action_edit"].isVisible() and tab.buttons["action_edit"].text() == "Modifier…"
    tab.table.selectRow(0)
    tab.buttons["action_edit"].click()
    qtbot.waitUntil(lambda: len(tab.action_windows.windows) == 1, timeout=10000)
    form = tab.action_windows.windows[0]
    texts = [form.owner.itemText(i).strip() for i in range(form.owner.count())]
    assert texts[:2] == ["Personne pour l’instant", "Moi (Claire Martin)"] and "Membres de l’équipe" in texts
    assert form.no_due.text() == "Pas d’échéance"
    tab.retire()
    assert not form.isVisible()


def test_report_editor_adds_an_action_owned_by_whom_is_chosen(ui_ctx, qtbot) -> None:
    from datetime import UTC, datetime

    from prm_desktop.domain.visit_rules import VisitInput
    from prm_desktop.services.visits import editing
    from prm_desktop.ui.visits.windows import report_editor, report_parts

    uow = ui_ctx.app.uow
    me, acme, alice, expert, julie, _action = _setup(uow)
    visit = editing.create_visit(uow, VisitInput([acme], "on_site", datetime(2026, 3, 2, 9, tzinfo=UTC)))
    editor = report_editor(ui_ctx, *report_parts(uow, visit))
    qtbot.addWidget(editor)
    assert editor.action_owner.owner() == ("member", me)  # me by default
    editor.resize(640, 560)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.action_title.width() > 400  # the description stays readable beside the owner's choice
    for kind, person, title in (("contact", alice, "Send the signed order"), ("member", me, "Book the room")):
        editor.action_title.setText(title)
        editor.action_owner.setCurrentIndex(next(i for i in range(editor.action_owner.count())
                                                 if editor.action_owner.itemData(i) == (kind, person)))  # fmt: skip
        with qtbot.waitSignal(editor.action_added, timeout=10000):
            editor.add_action()
    owners = {r.title: r.owner for r in report.list_actions(uow, "visit", visit_id=visit)}
    assert owners == {"Send the signed order": "Alice", "Book the room": "Claire Martin"}
    editor.close()
