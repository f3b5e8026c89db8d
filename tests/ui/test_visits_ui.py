"""The Visits tab: models without a window, the visit form and the report editor through qtbot,
draft restore, and the lists (to plan, to close, actions)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.visit_rules import ActionInput, VisitInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.visits import editing, lists, report
from prm_desktop.services.visits.due import DueRow
from prm_desktop.ui.visits.form import VisitForm
from prm_desktop.ui.visits.models import ActionsTableModel, DueTableModel, VisitListModel
from prm_desktop.ui.visits.report_editor import ReportEditor, draft_key

ROW = DueRow("p1", "Atlas Informatique", "Lyon", "Auvergne-Rhône-Alpes", "gold", "Claire", None, date(2026, 3, 1), 12)


def _cell(model, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(0, column), role)


def test_due_model_columns_and_grouping(qapp) -> None:
    model = DueTableModel()
    model.set_rows([ROW])
    assert model.columnCount() == 7
    assert _cell(model, DueTableModel.PLACE) == "Lyon"
    assert _cell(model, DueTableModel.LAST_VISIT) == "Never"
    assert _cell(model, DueTableModel.OVERDUE) == "12 days late"
    model.group_by = "region"
    assert _cell(model, DueTableModel.PLACE) == "Auvergne-Rhône-Alpes"
    assert model.headerData(DueTableModel.PLACE, Qt.Orientation.Horizontal) == "Region"
    set_language("fr")
    assert _cell(model, DueTableModel.OVERDUE) == "12\u00a0jours de retard"
    assert _cell(model, DueTableModel.DUE) == "1 mars 2026"


def _partner_and_visit(uow, when=datetime(2026, 3, 2, 9, tzinfo=UTC)):
    acme = create_partner(uow, PartnerInput(name="Acme", city="Lyon")).id
    return acme, editing.create_visit(uow, VisitInput([acme], "on_site", when))


def test_visit_form_shows_errors_inline_then_saves(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    alice = add_contact(uow, acme, ContactInput(name="Alice", is_primary=True)).id
    bob = add_contact(uow, acme, ContactInput(name="Bob")).id
    data = editing.plan_defaults(uow, [acme])
    form = VisitForm(ui_ctx, data, partner_names="Acme", contacts=[(alice, "Alice"), (bob, "Bob")])
    assert form.attendee_ids() == [alice]  # the primary contact by default
    form.attendee_item(bob).setCheckState(Qt.CheckState.Checked)
    qtbot.addWidget(form)
    form.show()
    form.duration.setValue(0)
    with qtbot.waitSignal(form.failed, timeout=10000):
        form.submit()
    assert form.errors["duration_minutes"].isVisible()
    assert "between 1 minute and 24 hours" in form.errors["duration_minutes"].text()
    form.duration.setValue(90)
    form.objective.setText("Quarterly review")
    form.kind.setCurrentIndex(form.kind.findData("video"))
    with qtbot.waitSignal(form.saved, timeout=10000) as saved:
        form.submit()
    detail = editing.get_visit(uow, saved.args[0])
    assert (detail.kind, detail.duration_minutes, detail.objective) == ("video", 90, "Quarterly review")
    assert sorted(a.name for a in detail.attendees) == ["Alice", "Bob"]
    assert not form.errors["duration_minutes"].isVisible()


def test_report_editor_autosaves_restores_and_saves(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    _acme, visit = _partner_and_visit(uow)
    editor = ReportEditor(ui_ctx, visit, report.get_report(uow, visit))
    qtbot.addWidget(editor)
    editor.editors["context"].setPlainText("Met the new sales director.")
    editor.autosaves[0].flush()
    assert ui_ctx.drafts.load(draft_key(visit, "context")).text == "Met the new sales director."
    editor.close()
    # Reopened (after a crash or a close): the draft comes back.
    again = ReportEditor(ui_ctx, visit, report.get_report(uow, visit))
    qtbot.addWidget(again)
    assert again.restored and again.editors["context"].toPlainText() == "Met the new sales director."
    again.editors["competition"].setPlainText("Globex offered 20 % off.")
    again.internal["competition"].setChecked(True)
    again.rating.setCurrentIndex(again.rating.findData(4))
    with qtbot.waitSignal(again.saved, timeout=10000):
        again.save_button.click()
    stored = report.get_report(uow, visit)
    sections = {s.key: s for s in stored.sections}
    assert sections["context"].body == "Met the new sales director."
    assert sections["competition"].internal_only and stored.outcome_rating == 4
    assert ui_ctx.drafts.load(draft_key(visit, "context")) is None
    again.action_title.setText("Send the price list")
    with qtbot.waitSignal(again.action_added, timeout=10000):
        again.add_action()
    assert [a.title for a in report.list_actions(uow, "visit", visit_id=visit)] == ["Send the price list"]


def test_tab_lists_to_plan_to_close_and_actions(ui_ctx, qtbot) -> None:
    from prm_desktop.ui.visits.view import VisitsTab

    uow = ui_ctx.app.uow
    me = save_profile(uow, Profile(name="Claire Martin"))
    late = create_partner(uow, PartnerInput(name="Late Partner", assigned_tier="gold", owner_id=me.me_member_id,
                                            city="Lyon")).id  # fmt: skip
    done = editing.create_visit(uow, VisitInput([late], "on_site", datetime(2025, 1, 6, 9, tzinfo=UTC),
                                                owner_id=me.me_member_id))  # fmt: skip
    editing.mark_done(uow, done)
    past = editing.create_visit(uow, VisitInput([late], "phone", datetime(2026, 1, 6, 9, tzinfo=UTC),
                                                owner_id=me.me_member_id))  # fmt: skip
    report.add_action(uow, ActionInput(title="Call back", owner_member_id=me.me_member_id, due_on=date(2026, 1, 9)),
                      past)  # fmt: skip
    tab = VisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    assert tab.view == "upcoming" and tab.model.rowCount() == 0
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.chooser.setCurrentIndex(tab.chooser.findData("to_plan"))
    assert [r.name for r in tab.model.rows()] == ["Late Partner"]
    tab.table.selectRow(0)
    with qtbot.waitSignal(ui_ctx.signals.data_changed, timeout=10000):
        tab.plan_selected()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0 and not tab.loading, timeout=10000)  # planned: off the list
    qtbot.waitUntil(lambda: len(tab.windows) == 1, timeout=10000)  # the new visit opens in its form
    assert isinstance(tab.windows[0], VisitForm)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_view("to_close")
    assert [r.id for r in tab.model.rows()] == [past]
    with qtbot.waitSignal(ui_ctx.signals.data_changed, timeout=10000):
        tab.cancel_with_reason(past, "Partner moved the meeting")
    assert editing.get_visit(uow, past).status == "cancelled"
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_view("actions")
    assert isinstance(tab.model, ActionsTableModel) and tab.model.rowCount() == 1
    tab.table.selectRow(0)
    with qtbot.waitSignal(ui_ctx.signals.data_changed, timeout=10000):
        tab.buttons["action_done"].click()
    assert [a.status for a in report.list_actions(uow, "all")] == ["done"]
    assert lists.list_visits(uow, "to_close") == []
    assert isinstance(VisitListModel(), VisitListModel)


def test_visit_save_goes_through_the_write_queue(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    form = VisitForm(ui_ctx, editing.plan_defaults(uow, [acme]), partner_names="Acme", contacts=[])
    qtbot.addWidget(form)
    form.objective.setText("Review")
    with qtbot.waitSignal(form.saved, timeout=10000) as saved:
        form.submit()
        # queued like every GUI write: in order, and waited for when the window closes
        assert [t.label for t in ui_ctx.tasks.writes_pending()] == ["Saving the visit"]
    assert ui_ctx.tasks.writes_pending() == []
    assert editing.get_visit(uow, saved.args[0]).objective == "Review"
