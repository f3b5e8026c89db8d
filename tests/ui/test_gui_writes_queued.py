"""Every GUI write goes through the serial write queue: deleting and restoring a partner, the contacts
panel and the welcome's profile wait their turn behind earlier writes (and never run on the GUI thread)."""

from __future__ import annotations

import threading

from prm_desktop.domain.partner_rules import ContactInput, PartnerInput
from prm_desktop.services.contacts import add_contact, list_contacts
from prm_desktop.services.partner_queries import PartnerFilter, count_partners
from prm_desktop.services.partners import create_partner
from prm_desktop.services.profile import get_profile
from tests.ui.conftest import prepare_portfolio


def _open(make_shell, data_dir):
    prepare_portfolio(data_dir, False)
    shell = make_shell()
    shell.start()
    assert shell.window is not None
    return shell


def _settle(qtbot, shell) -> None:
    qtbot.waitUntil(lambda: not shell.ctx.tasks.writes_pending(), timeout=30000)
    tab = shell.window.tabs.widget(0)
    qtbot.waitUntil(lambda: not tab.list.busy(), timeout=30000)


def _hold_the_queue(shell) -> threading.Event:
    gate = threading.Event()
    shell.ctx.tasks.submit_write("Earlier write", lambda _p: gate.wait(20))
    return gate


def test_deleting_and_restoring_a_partner_wait_their_turn(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir)
    uow, tab = shell.ctx.app.uow, shell.window.tabs.widget(0)
    tab.confirm = lambda *_a: True
    tab.editor._confirm = tab.confirm
    partner = create_partner(uow, PartnerInput(name="Cévennes Cloud", city="Nîmes"))
    tab.list.refresh()
    _settle(qtbot, shell)
    tab.list.select_row(0)
    assert tab.editor.partner_id == partner.id
    gate = _hold_the_queue(shell)
    assert tab.editor.delete()
    assert not tab.editor.is_open()
    assert count_partners(uow, PartnerFilter()) == 1  # behind the earlier write
    gate.set()
    _settle(qtbot, shell)
    assert count_partners(uow, PartnerFilter()) == 0
    assert "Deleted Cévennes Cloud" in shell.window.status.currentMessage()
    gate = _hold_the_queue(shell)
    assert tab.editor.restore(partner.id)
    assert count_partners(uow, PartnerFilter()) == 0
    gate.set()
    _settle(qtbot, shell)
    assert count_partners(uow, PartnerFilter()) == 1
    assert tab.editor.partner_id == partner.id and tab.editor.title.text() == "Cévennes Cloud"


def test_contact_writes_wait_their_turn(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir)
    uow, tab = shell.ctx.app.uow, shell.window.tabs.widget(0)
    partner = create_partner(uow, PartnerInput(name="Armorique Logiciels", city="Brest"))
    tab.list.refresh()
    _settle(qtbot, shell)
    tab.list.select_row(0)
    panel = tab.editor.contacts
    panel._confirm = lambda *_a: True
    gate = _hold_the_queue(shell)
    panel.start_add()
    panel.c_edits["name"].setText("Yann Kerjean")
    assert panel.save_form()
    assert list_contacts(uow, partner.id) == []  # behind the earlier write
    gate.set()
    _settle(qtbot, shell)
    assert [c.name for c in list_contacts(uow, partner.id)] == ["Yann Kerjean"]
    assert panel.count() == 1 and not panel.form.isVisible()
    assert "Contacts (1)" in [tab.editor.tabs.tabText(i) for i in range(tab.editor.tabs.count())]
    other = add_contact(uow, partner.id, ContactInput(name="Soizic Le Bihan"))
    panel.set_partner(partner.id)
    panel.table.selectRow(panel.model.row_of(other.id))
    gate = _hold_the_queue(shell)
    panel.make_primary()
    assert next(c for c in list_contacts(uow, partner.id) if c.id == other.id).is_primary is False
    gate.set()
    _settle(qtbot, shell)
    assert next(c for c in list_contacts(uow, partner.id) if c.id == other.id).is_primary
    panel.table.selectRow(panel.model.row_of(other.id))
    gate = _hold_the_queue(shell)
    panel.remove_selected()
    assert len(list_contacts(uow, partner.id)) == 2
    gate.set()
    _settle(qtbot, shell)
    assert [c.name for c in list_contacts(uow, partner.id)] == ["Yann Kerjean"]
    assert panel.count() == 1


def test_the_welcome_profile_waits_its_turn(make_shell, qtbot) -> None:
    shell = make_shell()
    shell.start()
    welcome = shell.welcome
    assert welcome is not None
    gate = threading.Event()
    shell.ctx.tasks.submit_write("Earlier write", lambda _p: gate.wait(20))
    welcome.form.name.setText("Claire Martin")
    welcome.empty.click()
    assert not get_profile(shell.ctx.app.uow).first_run_done  # behind the earlier write
    gate.set()
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=30000)
    profile = get_profile(shell.ctx.app.uow)
    assert profile.first_run_done and profile.name == "Claire Martin"
    assert not welcome.isVisible()
