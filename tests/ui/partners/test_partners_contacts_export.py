"""The contacts tab of the editor, the import Cancel, and the export of the filtered list."""

from __future__ import annotations

import csv

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from prm_desktop.domain.partner_rules import ContactInput, PartnerInput
from prm_desktop.services.contacts import add_contact, list_contacts
from prm_desktop.services.partner_queries import PartnerFilter, count_partners
from prm_desktop.services.partners import create_partner
from prm_desktop.ui.partners.list_columns import COLUMNS


def open_partner(uow, tab, settle, name: str = "Armorique Logiciels"):
    partner = create_partner(uow, PartnerInput(name=name, city="Brest"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    assert tab.editor.partner_id == partner.id
    return partner


def test_a_new_partner_has_no_contacts_yet(tab) -> None:
    tab.new_partner()
    panel = tab.editor.contacts
    assert not panel.add_button.isEnabled()
    assert "Save the partner first" in panel.message.text()


def test_add_edit_primary_remove_contacts(uow, tab, qtbot, answers, settle) -> None:
    partner = open_partner(uow, tab, settle)
    tab.editor.tabs.setCurrentWidget(tab.editor.contacts_page)
    panel = tab.editor.contacts
    panel.start_add()
    assert panel.form.isVisible() and panel.primary_check.isChecked()  # the first contact is primary
    qtbot.keyClicks(panel.c_edits["name"], "Yann Kerjean")
    qtbot.keyClicks(panel.c_edits["email"], "yann@@bad")
    assert not panel.save_form()
    assert panel.c_fields["email"].error.isVisible()
    assert list_contacts(uow, partner.id) == []
    panel.c_edits["email"].setText("yann.kerjean@armorique.example")
    assert panel.save_form()
    settle(tab)  # contact writes go through the write queue
    assert not panel.form.isVisible()
    assert tab.editor.tabs.tabText(tab.editor.tabs.indexOf(tab.editor.contacts_page)) == "Contacts (1)"
    add_contact(uow, partner.id, ContactInput(name="Soizic Le Bihan"))
    panel.set_partner(partner.id)
    row = panel.model.row_of(next(c.id for c in list_contacts(uow, partner.id) if c.name == "Soizic Le Bihan"))
    panel.table.selectRow(row)
    panel.make_primary()
    settle(tab)
    [primary] = [c for c in list_contacts(uow, partner.id) if c.is_primary]
    assert primary.name == "Soizic Le Bihan"
    assert panel.model.data(panel.model.index(0, 4)) == "★ Primary"
    # a contact who left: date in the past, cannot stay primary
    panel.table.selectRow(0)
    panel.edit_selected()
    panel.c_edits["left_on"].setText("01/01/2020")
    assert not panel.save_form()
    assert panel.c_fields["is_primary"].error.isVisible()
    panel.primary_check.setChecked(False)
    assert panel.save_form()
    settle(tab)
    left = panel.model.data(panel.model.index(panel.model.row_of(primary.id), 5))
    assert left == "Left on 01/01/2020"
    panel.table.selectRow(panel.model.row_of(primary.id))
    answers.queue.append(True)
    panel.remove_selected()
    settle(tab)
    assert [c.name for c in list_contacts(uow, partner.id)] == ["Yann Kerjean"]


def test_import_can_be_cancelled(uow, tab, qtbot, tmp_path) -> None:
    rows = 40_000  # large enough for the worker to be still writing when the Cancel arrives
    big = tmp_path / "partenaires.csv"
    big.write_text("Raison sociale;Ville;Code postal\n"
                   + "".join(f"Partenaire {i:06d};Lyon;69001\n" for i in range(rows)), encoding="utf-8")
    wizard = tab.import_file()
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.step_done, timeout=60000, check_params_cb=lambda s: s == "checked"):
        wizard.set_file(str(big))
    wizard.next_button.click()
    assert wizard.close_button.text() == "Cancel import"
    qtbot.waitUntil(lambda: wizard.progress.maximum() == rows, timeout=30000)
    with qtbot.waitSignal(wizard.step_done, timeout=30000):
        wizard.close_button.click()
    assert wizard.progress_label.text() == "Import cancelled: nothing was written."
    assert count_partners(uow, PartnerFilter()) == 0


def _wait_export(tab, qtbot) -> None:
    qtbot.waitUntil(lambda: tab.transfer.last_result is not None or tab.transfer.last_error is not None,
                    timeout=10000)
    assert tab.transfer.last_error is None


def test_export_the_filtered_list(uow, tab, qtbot, tmp_path, ui_ctx, settle) -> None:
    messages: list[str] = []
    ui_ctx.signals.status_message.connect(messages.append)
    for name, city in (("Œuvre Numérique", "Lyon"), ("Garonne Conseil", "Bordeaux"), ("Ångström AB", "Lyon")):
        create_partner(uow, PartnerInput(name=name, city=city))
    tab.reload_choices()
    settle(tab)
    tab.bar.city_combo.setCurrentIndex(tab.bar.city_combo.findData("Lyon"))
    settle(tab)
    path = tmp_path / "lyon.csv"
    tab.export_list(str(path))
    _wait_export(tab, qtbot)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "Garonne" not in data.decode("utf-8-sig")
    assert "Exported 2 partners to lyon.csv." in messages

    fr = tmp_path / "lyon_fr.csv"
    tab.transfer.last_result = None
    tab.export_list(str(fr), excel_fr=True)
    _wait_export(tab, qtbot)
    assert fr.read_bytes().decode("cp1252").splitlines()[0].count(";") > 5

    xlsx = tmp_path / "lyon.xlsx"
    tab.transfer.last_result = None
    tab.export_list(str(xlsx))
    _wait_export(tab, qtbot)
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert len(rows) == 3



def test_export_follows_the_lists_order_and_computed_columns(uow, tab, qtbot, tmp_path, settle) -> None:
    for name in ("Alpha Réseaux", "Zénith Conseil", "Mistral Data"):
        create_partner(uow, PartnerInput(name=name, city="Lyon"))
    tab.reload_choices()
    settle(tab)
    tab.list.model.sort(COLUMNS.index(next(c for c in COLUMNS if c.attr == "name")), Qt.SortOrder.DescendingOrder)
    settle(tab)
    for index, column in enumerate(COLUMNS):
        if column.attr in ("attainment", "at_risk_on", "revenue_window"):
            tab.table.setColumnHidden(index, True)
        elif column.attr in ("qualified_tier", "next_visit_due"):
            tab.table.setColumnHidden(index, False)
    path = tmp_path / "list.csv"
    tab.export_list(str(path))
    _wait_export(tab, qtbot)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    names = [row[header.index("name")] for row in rows[1:]]
    assert names == ["Zénith Conseil", "Mistral Data", "Alpha Réseaux"]  # the list's order, not the file's
    assert "attainment" not in header and "at_risk_on" not in header  # hidden in the list: not exported
    assert "revenue" not in header
    assert header[-2:] == ["next_visit", "qualified_tier"]  # shown in the list: exported, in the list's order
