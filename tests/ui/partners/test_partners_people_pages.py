"""The partner editor's pages in the issue's order, and its Notes and People pages."""

from __future__ import annotations

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.stakeholders import LinkInput, StakeholderInput
from prm_desktop.services.contacts import ContactInput, add_contact
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.people import directory, links, notes
from prm_desktop.services.people.notes import NoteInput


def _titles(tab) -> list[str]:
    tabs = tab.editor.tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_pages_come_in_the_order_a_partner_is_discussed(uow, tab, qtbot, settle) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    tab.open_partner(acme)
    settle(tab)
    assert _titles(tab) == ["Details", "Standing", "Contacts (0)", "Visits", "Notes", "People", "Actions"]
    set_language("fr")
    from prm_desktop.ui.partners.editor import PartnerEditor

    editor = PartnerEditor(uow, lambda _text: [], lambda *_a: True)
    qtbot.addWidget(editor)
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert titles == ["Fiche", "Situation", "Contacts", "Visites", "Notes", "Personnes", "Actions"]


def test_notes_page_shows_and_writes_the_partner_notes(uow, tab, qtbot, settle) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    notes.create_note(uow, NoteInput("Met the **director**.", partner_id=acme))
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.notes
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    assert page.timeline.list.count() == 1
    assert "Met the director." in page.timeline.list.item(0).text()
    page.timeline.start_new()
    page.timeline.body.setPlainText("Second visit planned.")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.timeline.save()
    assert [n.plain_text.strip() for n in notes.partner_timeline(uow, acme)][0] == "Second visit planned."
    assert page.timeline.list.count() == 2


def test_people_page_shows_our_people_their_contacts_and_gaps(uow, tab, qtbot, settle) -> None:
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    add_contact(uow, acme, ContactInput(name="Alice Martin", is_primary=True))
    claire = directory.create_stakeholder(uow, StakeholderInput(name="Claire Dubois", business_unit="Sales"))
    links.link_stakeholder(uow, claire.id, acme, LinkInput("account_executive", "high", "champion"))
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.people
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    assert page.links.rowCount() == 1
    assert page.links.rows()[0].stakeholder_name == "Claire Dubois"
    assert "No executive sponsor" in page.gaps.text()
    assert [c.name for c in page.map_widget.partner_map.contacts] == ["Alice Martin"]
    with qtbot.waitSignal(tab.ctx.signals.open_person, timeout=1000) as opened:
        page.open_selected_person(0)
    assert opened.args == [claire.id]


def test_a_note_creates_an_action_from_the_notes_page(uow, tab, qtbot, settle) -> None:
    from prm_desktop.services.visits.report import list_actions
    from prm_desktop.ui.visits.action_form import ActionForm

    acme = create_partner(uow, PartnerInput(name="Acme")).id
    notes.create_note(uow, NoteInput("Send the **price list** before Friday.\nThey compare with Globex.",
                                     partner_id=acme))  # fmt: skip
    tab.open_partner(acme)
    settle(tab)
    page = tab.editor.notes
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)
    page.timeline.list.setCurrentRow(0)
    page.timeline.action_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, ActionForm) and w.isVisible() for w in page.windows.windows),
                    timeout=10000)  # fmt: skip
    form = next(w for w in page.windows.windows if isinstance(w, ActionForm))
    assert form.title.text() == "Send the price list before Friday."
    with qtbot.waitSignal(form.saved, timeout=10000):
        form.submit()
    [action] = list_actions(uow, "all")
    assert (action.title, action.partner_id) == ("Send the price list before Friday.", acme)
