from __future__ import annotations

import pytest

from prm_desktop.domain.notes_markdown import mention
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.stakeholders import LinkInput, StakeholderInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.directory import create_stakeholder, list_directory
from prm_desktop.services.people.links import link_stakeholder, partner_map
from prm_desktop.services.people.notes import create_note, partner_timeline
from prm_desktop.ui.stakeholders.links_model import LinksTableModel
from prm_desktop.ui.stakeholders.map_widget import StakeholderMapWidget, layout_nodes


@pytest.fixture
def people(app_ctx):
    uow = app_ctx.uow
    acme = create_partner(uow, {"name": "Acme Intégration"})
    add_contact(uow, acme.id, ContactInput(name="Paul Martin", role="DG", is_primary=True))
    karim = create_stakeholder(
        uow, StakeholderInput("Karim Haddad", "Avant-vente", "Architecte", "karim@vendor.example")
    )
    lea = create_stakeholder(uow, StakeholderInput("Léa Roux", "Ventes", "Directrice"))
    link_stakeholder(uow, karim.id, acme.id, LinkInput("presales", "high", "champion"))
    link_stakeholder(uow, lea.id, acme.id, LinkInput("account_executive", "low", "sceptic"))
    create_note(uow, NoteInput(f"**Démo** faite par {mention(karim.name, karim.id)}", partner_id=acme.id))
    return acme, karim, lea


def _tab(ui_ctx, qtbot):
    from prm_desktop.ui.stakeholders.view import StakeholdersTab

    tab = StakeholdersTab(ui_ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    return tab


def _select(tab, qtbot, name: str) -> None:
    view = tab.table
    row = next(r for r in range(view.model().rowCount()) if view.model().index(r, 0).data() == name)
    view.setCurrentIndex(view.model().index(row, 0))
    qtbot.waitUntil(lambda: tab.person_header.text().startswith(name), timeout=10000)


def test_links_model_columns_without_a_window(people, app_ctx, qapp) -> None:
    acme, _karim, _lea = people
    model = LinksTableModel()
    model.set_rows(partner_map(app_ctx.uow, acme.id).links)
    cells = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert cells == [
        ["Acme Intégration", "Karim Haddad", "Avant-vente", "Presales", "High influence", "Champion"],
        ["Acme Intégration", "Léa Roux", "Ventes", "Account executive", "Low influence", "Sceptic"],
    ]


def test_person_view_shows_partners_and_mentioning_notes(people, ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot)
    assert tab.model.rowCount() == 2
    _select(tab, qtbot, "Karim Haddad")
    assert "Works with 1 partner." in tab.person_header.text()
    assert tab.person_links.index(0, LinksTableModel.STANCE).data() == "Champion"
    assert [n.plain_text for n in tab.person_notes.notes] == ["Démo faite par @Karim Haddad"]


def test_the_form_shows_field_errors_then_adds_a_person(people, ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot)
    tab.new_button.click()
    tab.form.edits["name"].setText("Zoé Blanc")
    tab.form.edits["email"].setText("zoe@")
    tab.form.save_button.click()
    qtbot.waitUntil(lambda: tab.form.fields["email"].error_text() != "", timeout=10000)
    assert tab.form.fields["email"].error_text() == "Enter a valid e-mail address, like name@example.fr."
    tab.form.edits["email"].setText("zoe@vendor.example")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.form.save_button.click()
    assert "Zoé Blanc" in [p.name for p in list_directory(ui_ctx.app.uow)]
    assert tab.model.rowCount() == 3 and tab.form.isHidden()


def test_partner_map_lists_people_contacts_and_gaps(people, ui_ctx, qtbot) -> None:
    acme, _karim, _lea = people
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    qtbot.waitUntil(lambda: tab.map_widget.partner_map is not None, timeout=10000)
    assert tab.map_gaps.text() == "Gaps: No executive sponsor"
    assert tab.map_links.rowCount() == 2
    assert "Karim Haddad: Presales, Champion, High influence" in tab.map_widget.accessibleDescription()
    nodes, _box = layout_nodes(tab.map_widget.partner_map, 800)
    assert [(n.title, n.left_side, n.radius) for n in nodes] == [
        ("Karim Haddad", True, 17), ("Léa Roux", True, 8), ("Paul Martin", False, 10)
    ]  # fmt: skip
    assert not tab.map_widget.grab().isNull()


def test_a_note_typed_is_kept_as_a_draft_then_saved(people, ui_ctx, qtbot) -> None:
    acme, _karim, _lea = people
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    qtbot.waitUntil(lambda: tab.partner_notes.partner_id == acme.id, timeout=10000)
    timeline = tab.partner_notes
    timeline.start_new()
    qtbot.keyClicks(timeline.body, "Relancer **Paul**")
    timeline.close_editor()
    timeline.start_new()
    assert timeline.body.toPlainText() == "Relancer **Paul**"
    assert timeline.draft_label.text() == "Unsaved text brought back from your draft."
    timeline.internal.setChecked(True)
    with qtbot.waitSignal(timeline.saved, timeout=10000):
        timeline.save_button.click()
    notes = partner_timeline(ui_ctx.app.uow, acme.id)
    assert [(n.plain_text, n.internal_only) for n in notes][0] == ("Relancer Paul", True)
    qtbot.waitUntil(lambda: len(timeline.notes) == 2 or bool(tab.message.text()), timeout=10000)
    assert tab.message.text() == ""
    timeline.start_new()
    assert timeline.body.toPlainText() == ""


def test_map_widget_without_partner_draws_a_hint(qtbot) -> None:
    widget = StakeholderMapWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 300)
    assert not widget.grab().isNull()
    assert widget.describe() == ""


def test_business_units_page_and_purge_from_the_tab(people, ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot)
    units = [[tab.units.index(r, c).data() for c in range(4)] for r in range(tab.units.rowCount())]
    assert units == [
        ["Avant-vente", "Karim Haddad", "1", "Acme Intégration"],
        ["Ventes", "Léa Roux", "1", "Acme Intégration"],
    ]
    _select(tab, qtbot, "Karim Haddad")
    asked = []
    tab.confirm = lambda title, text: asked.append(text) or False
    tab.purge_button.click()
    assert "Karim Haddad" in asked[0] and tab.model.rowCount() == 2  # said no: nothing purged
    tab.confirm = lambda title, text: True
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.purge_button.click()
    assert [p.name for p in list_directory(ui_ctx.app.uow)] == ["Léa Roux"]


def test_a_mention_chosen_in_the_editor_links_the_note_to_the_person(people, ui_ctx, qtbot) -> None:
    from prm_desktop.services.people.notes import person_timeline

    acme, _karim, lea = people
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    qtbot.waitUntil(lambda: tab.partner_notes.partner_id == acme.id, timeout=10000)
    timeline = tab.partner_notes
    timeline.start_new()
    qtbot.keyClicks(timeline.body, "Point avec ")
    index = timeline.mention_combo.findText("Léa Roux")
    timeline.mention_combo.activated.emit(index)
    assert timeline.body.toPlainText() == f"Point avec @[Léa Roux](stakeholder:{lea.id}) "
    with qtbot.waitSignal(timeline.saved, timeout=10000):
        timeline.save_button.click()
    assert [n.plain_text for n in person_timeline(ui_ctx.app.uow, lea.id)] == ["Point avec @Léa Roux"]


def test_person_saves_go_through_the_write_queue(people, ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot)
    tab.new_button.click()
    tab.form.edits["name"].setText("Zoé Blanc")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.form.save_button.click()
        assert len(ui_ctx.tasks.writes_pending()) == 1  # in order, and waited for when the window closes
    assert "Zoé Blanc" in [p.name for p in list_directory(ui_ctx.app.uow)]


def _click_mention(timeline) -> None:
    """Click the first mention link of the selected note, as the user would (the browser's anchorClicked)."""
    import re

    from PySide6.QtCore import QUrl

    href = re.search(r'href="(stakeholder:[^"]+)"', timeline.preview.toHtml()).group(1)
    timeline.preview.anchorClicked.emit(QUrl(href))


def test_a_mention_in_a_note_opens_the_person(people, ui_ctx, qtbot) -> None:
    acme, karim, _lea = people
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    qtbot.waitUntil(lambda: tab.partner_notes.list.count() == 1, timeout=10000)
    tab.partner_notes.list.setCurrentRow(0)
    _click_mention(tab.partner_notes)
    assert tab.pages.currentIndex() == 0
    qtbot.waitUntil(lambda: tab.person_header.text().startswith("Karim Haddad"), timeout=10000)
    assert tab.person_id == karim.id


def test_a_mention_in_the_partner_editor_notes_asks_for_the_person(people, ui_ctx, qtbot) -> None:
    from prm_desktop.ui.partners.people_pages import NotesPage

    acme, karim, _lea = people
    page = NotesPage()
    qtbot.addWidget(page)
    page.set_context(ui_ctx)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.set_partner(acme.id, acme.name)
        page.show()
    with qtbot.waitSignal(ui_ctx.signals.open_person, timeout=1000) as opened:
        _click_mention(page.timeline)
    assert opened.args == [karim.id]


def test_a_note_edit_history_shows_every_saved_version(people, ui_ctx, qtbot) -> None:
    from prm_desktop.services.people.notes import update_note

    acme, karim, _lea = people
    note = partner_timeline(ui_ctx.app.uow, acme.id)[0]
    update_note(ui_ctx.app.uow, note.id, NoteInput("Démo **reportée** à mars", partner_id=acme.id))
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    timeline = tab.partner_notes
    qtbot.waitUntil(lambda: timeline.list.count() == 1, timeout=10000)
    timeline.list.setCurrentRow(0)
    assert timeline.history_button.isEnabled()
    with qtbot.waitSignal(timeline.history_shown, timeout=10000):
        timeline.history_button.click()
    dialog = timeline.history_dialog
    assert dialog.isVisible() and dialog.versions.count() == 2
    assert "Edited" in dialog.versions.item(0).text() and "Created" in dialog.versions.item(1).text()
    assert "Démo reportée à mars" in dialog.text.toPlainText()
    dialog.versions.setCurrentRow(1)
    assert "Démo faite par" in dialog.text.toPlainText()


def test_notes_of_the_tab_offer_an_action(people, ui_ctx, qtbot) -> None:
    from prm_desktop.ui.visits.action_form import ActionForm

    acme, _karim, _lea = people
    tab = _tab(ui_ctx, qtbot)
    tab.show_partner(acme.id, acme.name)
    qtbot.waitUntil(lambda: tab.partner_notes.list.count() == 1, timeout=10000)
    tab.pages.setCurrentWidget(tab.partner_notes)
    tab.partner_notes.list.setCurrentRow(0)
    assert tab.partner_notes.action_button.isVisible()
    tab.partner_notes.action_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, ActionForm) and w.isVisible() for w in tab.windows.windows),
                    timeout=10000)  # fmt: skip
    form = next(w for w in tab.windows.windows if isinstance(w, ActionForm))
    assert form.title.text() == "Démo faite par @Karim Haddad" and form.data.partner_id == acme.id


def test_person_page_lists_the_open_actions_they_own(people, ui_ctx, qtbot) -> None:
    from datetime import date

    from prm_desktop.domain.visit_rules import ActionInput
    from prm_desktop.services.visits.report import add_action, set_action_done

    acme, karim, lea = people
    uow = ui_ctx.app.uow
    add_action(uow, ActionInput("Prepare the demo", owner_stakeholder_id=karim.id, due_on=date(2026, 3, 1),
                                partner_id=acme.id))  # fmt: skip
    done = add_action(uow, ActionInput("Send the slides", owner_stakeholder_id=karim.id, partner_id=acme.id))
    set_action_done(uow, done, True)
    add_action(uow, ActionInput("Call the CFO", owner_stakeholder_id=lea.id, partner_id=acme.id))
    tab = _tab(ui_ctx, qtbot)
    _select(tab, qtbot, "Karim Haddad")
    qtbot.waitUntil(lambda: tab.person_actions.rowCount() == 1, timeout=10000)
    [row] = tab.person_actions.rows()
    assert (row.title, row.partner) == ("Prepare the demo", "Acme Intégration")
