"""The visit form offers internal stakeholders and team members as attendees, besides partner contacts."""

from __future__ import annotations

from datetime import UTC, datetime

from prm_desktop.domain.partner_rules import TeamMemberInput
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits import editing
from prm_desktop.services.visits.people import people_choices
from prm_desktop.ui.visits.form import VisitForm
from prm_desktop.ui.visits.windows import VisitWindows


def test_form_saves_stakeholders_and_team_members_as_attendees(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice", is_primary=True)).id
    expert = create_stakeholder(uow, StakeholderInput(name="Marc Leroy", business_unit="Presales")).id
    colleague = create_team_member(uow, TeamMemberInput(name="Julie Petit")).id
    visit = editing.create_visit(uow, VisitInput([acme], "on_site", datetime(2026, 3, 2, 9, tzinfo=UTC),
                                                 contact_ids=[alice]))  # fmt: skip
    people = people_choices(uow, [acme])
    assert (expert, "Marc Leroy (Presales)") in people.stakeholders and (colleague, "Julie Petit") in people.members
    detail = editing.get_visit(uow, visit)
    form = VisitForm(ui_ctx, detail.as_input(), visit, "Acme", None, people.contacts, people.stakeholders,
                     people.members)  # fmt: skip
    qtbot.addWidget(form)
    texts = [form.attendees.item(i).text() for i in range(form.attendees.count())]
    assert texts.index("Partner contacts") < texts.index("Alice") < texts.index("Internal stakeholders") \
        < texts.index("Marc Leroy (Presales)") < texts.index("Team members") < texts.index("Julie Petit")
    form.attendee_item(expert).setCheckState(form.attendee_item(alice).checkState())
    form.attendee_item(colleague).setCheckState(form.attendee_item(alice).checkState())
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.submit()
    attendees = {(a.kind, a.name) for a in editing.get_visit(uow, visit).attendees}
    assert attendees == {("contact", "Alice"), ("stakeholder", "Marc Leroy"), ("member", "Julie Petit")}
    # Reopened: the three are checked.
    again = VisitForm(ui_ctx, editing.get_visit(uow, visit).as_input(), visit, "Acme", None, people.contacts,
                      people.stakeholders, people.members)  # fmt: skip
    qtbot.addWidget(again)
    assert (again.attendee_ids(), again.attendee_ids("stakeholder"), again.attendee_ids("member")) == (
        [alice], [expert], [colleague])


def test_visit_opened_from_elsewhere_offers_the_whole_team(ui_ctx, qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    uow = ui_ctx.app.uow
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    create_team_member(uow, TeamMemberInput(name="Julie Petit"))
    visit = editing.create_visit(uow, VisitInput([acme], "video", datetime(2026, 3, 2, 9, tzinfo=UTC)))
    host = QWidget()
    qtbot.addWidget(host)
    windows = VisitWindows(ui_ctx, host)
    windows.open_visit(visit)
    qtbot.waitUntil(lambda: len(windows.windows) == 1, timeout=10000)
    form = windows.windows[0]
    assert [form.attendees.item(i).text() for i in range(form.attendees.count())][-2:] == ["Team members",
                                                                                           "Julie Petit"]
    windows.close_all()
