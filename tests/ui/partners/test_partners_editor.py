"""The partner editor: inline validation, keyboard, delete/restore, duplicate banner, contacts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partner_queries import PartnerFilter, count_partners
from prm_desktop.services.partners import create_partner, delete_partner, get_partner

CTRL = Qt.KeyboardModifier.ControlModifier


def new_with_name(qtbot, tab, name: str) -> None:
    qtbot.keyClick(tab.table, Qt.Key.Key_N, CTRL)
    assert tab.editor.form.edit("name").hasFocus()
    qtbot.keyClicks(tab.editor.form.edit("name"), name)


def test_ctrl_n_then_ctrl_s_creates_a_partner(uow, tab, qtbot, settle) -> None:
    new_with_name(qtbot, tab, "Garonne Conseil")
    qtbot.keyClicks(tab.editor.form.edit("city"), "Bordeaux")
    qtbot.keyClick(tab.editor.form.edit("city"), Qt.Key.Key_S, CTRL)
    settle(tab)
    assert count_partners(uow, PartnerFilter()) == 1
    assert tab.editor.partner_id is not None
    assert get_partner(uow, tab.editor.partner_id).city == "Bordeaux"
    assert tab.list.current_id() == tab.editor.partner_id
    assert tab.editor.title.text() == "Garonne Conseil"


def test_errors_are_shown_under_their_fields_and_nothing_is_written(uow, tab, qtbot) -> None:
    qtbot.keyClick(tab.table, Qt.Key.Key_N, CTRL)
    form = tab.editor.form
    qtbot.keyClicks(form.edit("siren"), "123")
    qtbot.keyClicks(form.edit("email"), "not-an-email")
    qtbot.keyClick(form.edit("email"), Qt.Key.Key_S, CTRL)
    errors = form.shown_errors()
    assert set(errors) >= {"name", "siren", "email"}
    assert errors["name"] == "This field is required."
    assert "9 digits" in errors["siren"]
    label = form.fields["siren"].error
    assert label.isVisible() and label.text().startswith("⚠ ")
    assert label.accessibleName() == "Error for SIREN"
    assert tab.editor.message.isVisible()
    assert count_partners(uow, PartnerFilter()) == 0
    assert form.edit("name").hasFocus()  # the first field in error
    qtbot.keyClicks(form.edit("name"), "Fixed SA")
    form.edit("siren").clear()
    qtbot.keyClicks(form.edit("siren"), "732829320")
    form.edit("email").clear()
    assert tab.save()
    assert form.shown_errors() == {}


def test_leaving_a_bad_field_shows_its_error_only(tab, qtbot) -> None:
    tab.new_partner()
    form = tab.editor.form
    qtbot.keyClicks(form.edit("postal_code"), "7500")
    form.left_field.emit("postal_code")
    assert set(form.shown_errors()) == {"postal_code"}  # name untouched: no message yet


def test_escape_cancels_changes(uow, tab, qtbot, settle) -> None:
    partner = create_partner(uow, PartnerInput(name="Armorique Logiciels", city="Brest"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    assert tab.editor.partner_id == partner.id
    city = tab.editor.form.edit("city")
    city.setFocus()
    city.selectAll()
    qtbot.keyClicks(city, "Quimper")
    assert tab.editor.is_dirty()
    qtbot.keyClick(city, Qt.Key.Key_Escape)
    assert city.text() == "Brest"
    assert not tab.editor.is_dirty()


def test_escape_closes_a_new_partner(tab, qtbot) -> None:
    new_with_name(qtbot, tab, "Draft")
    qtbot.keyClick(tab.editor.form.edit("name"), Qt.Key.Key_Escape)
    assert not tab.editor.is_open()


def test_delete_key_asks_then_deletes_and_restore_brings_back(uow, tab, qtbot, answers, settle) -> None:
    partner = create_partner(uow, PartnerInput(name="Cévennes Cloud", city="Nîmes"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    tab.table.setFocus()
    answers.queue.append(False)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert answers.asked and "Cévennes Cloud" in answers.asked[-1][1]
    assert count_partners(uow, PartnerFilter()) == 1
    answers.queue.append(True)
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    settle(tab)
    assert count_partners(uow, PartnerFilter()) == 0
    assert tab.list.model.rowCount() == 0
    assert not tab.editor.is_open()
    # the Deleted partners view lists it, with Restore
    tab.bar.deleted_check.setChecked(True)
    settle(tab)
    assert tab.list.model.rowCount() == 1
    tab.list.select_row(0)
    assert tab.editor.partner_id == partner.id
    assert tab.editor.restore_button.isVisible() and not tab.editor.save_button.isVisible()
    assert not tab.editor.form.isEnabled()
    tab.editor.restore_button.click()
    settle(tab)
    assert count_partners(uow, PartnerFilter()) == 1
    assert tab.list.model.rowCount() == 0  # still in the deleted view, now empty
    tab.bar.deleted_check.setChecked(False)
    settle(tab)
    assert tab.list.model.rowCount() == 1


def test_switching_partner_with_unsaved_changes_asks(uow, tab, qtbot, answers, settle) -> None:
    create_partner(uow, PartnerInput(name="A partner", city="Lyon"))
    create_partner(uow, PartnerInput(name="B partner", city="Lyon"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    qtbot.keyClicks(tab.editor.form.edit("city"), " 2e")
    answers.queue.append(False)
    tab.list.select_row(1)
    assert tab.editor.title.text() == "A partner"
    assert tab.editor.is_dirty()
    answers.queue.append(True)
    tab.list.select_row(1)
    assert tab.editor.title.text() == "B partner"


def test_duplicate_banner_opens_the_existing_partner(uow, tab, qtbot, settle) -> None:
    existing = create_partner(uow, PartnerInput(name="Œuvre Numérique SAS", city="Lyon", siren="732829320"))
    tab.list.refresh()
    settle(tab)
    tab.new_partner()
    form = tab.editor.form
    qtbot.keyClicks(form.edit("name"), "oeuvre numerique")
    qtbot.keyClicks(form.edit("city"), "LYON")
    assert tab.save()  # submitted: the duplicate check runs with the write
    settle(tab)
    banner = tab.editor.banner
    assert banner.isVisible()
    assert "same name in the same city" in banner.findChildren(type(banner.title))[1].text()
    assert count_partners(uow, PartnerFilter()) == 1
    [button] = banner.buttons
    assert button.text() == "Open existing"
    button.click()
    assert tab.editor.partner_id == existing.id


def test_duplicate_banner_restores_a_deleted_partner(uow, tab, qtbot, settle) -> None:
    existing = create_partner(uow, PartnerInput(name="Jura Alliance", city="Dole", siren="732829320"))
    delete_partner(uow, existing.id)
    tab.new_partner()
    qtbot.keyClicks(tab.editor.form.edit("name"), "Another name")
    qtbot.keyClicks(tab.editor.form.edit("siren"), "732 829 320")
    assert tab.save()
    settle(tab)
    [button] = tab.editor.banner.buttons
    assert button.text() == "Restore"
    button.click()
    settle(tab)  # the restore goes through the write queue
    assert count_partners(uow, PartnerFilter()) == 1
    assert tab.editor.partner_id == existing.id
    assert not tab.editor.banner.isVisible()


def test_save_anyway_creates_the_look_alike(uow, tab, qtbot, settle) -> None:
    create_partner(uow, PartnerInput(name="Garonne Conseil", city="Bordeaux"))
    tab.new_partner()
    qtbot.keyClicks(tab.editor.form.edit("name"), "Garonne Conseil")
    qtbot.keyClicks(tab.editor.form.edit("city"), "Bordeaux")
    assert tab.save()
    settle(tab)
    assert tab.editor.banner.isVisible()
    tab.editor.banner.save_anyway_button.click()
    settle(tab)
    assert count_partners(uow, PartnerFilter()) == 2


def test_parent_and_distributors_pickers(uow, tab, qtbot, settle) -> None:
    group = create_partner(uow, PartnerInput(name="Groupe Œuvre", city="Paris"))
    distri = create_partner(uow, PartnerInput(name="Hauts-de-France Distribution", city="Lille", type="distributor"))
    tab.new_partner()
    form = tab.editor.form
    qtbot.keyClicks(form.edit("name"), "Filiale Lyon")
    results = form.parent_picker.search_now("groupe oeuvre")
    assert [r[0] for r in results] == [group.id]
    form.parent_picker.choose(*results[0])
    [hit] = form.distributors.picker.search_now("hauts")
    form.distributors.picker.choose(*hit)
    assert form.distributors.ids() == (distri.id,)
    assert tab.save()
    settle(tab)
    detail = get_partner(uow, tab.editor.partner_id)
    assert detail.parent.id == group.id
    assert [d.id for d in detail.distributors] == [distri.id]


def test_typed_but_unchosen_parent_is_an_error(tab, qtbot) -> None:
    tab.new_partner()
    qtbot.keyClicks(tab.editor.form.edit("name"), "Filiale")
    qtbot.keyClicks(tab.editor.form.parent_picker.edit, "Nobody known")
    assert not tab.save()
    assert "parent_id" in tab.editor.form.shown_errors()


def test_motions_tags_tier_and_owner_are_saved(uow, tab, qtbot, settle) -> None:
    tab.new_partner()
    form = tab.editor.form
    qtbot.keyClicks(form.edit("name"), "Motions SA")
    form.motion_checks["co-sell"].setChecked(True)
    form.motion_checks["resell"].setChecked(True)
    qtbot.keyClicks(form.edit("tags"), "cloud, grands comptes")
    form.tier_combo.setCurrentIndex(form.tier_combo.findData("gold"))
    qtbot.keyClicks(form.edit("contract_end"), "31/12/2027")
    assert tab.save(), form.shown_errors()
    settle(tab)
    detail = get_partner(uow, tab.editor.partner_id)
    assert set(detail.motions) == {"co-sell", "resell"}
    assert detail.tags == ("cloud", "grands comptes")
    assert detail.assigned_tier == "gold"
    assert detail.contract_end.isoformat() == "2027-12-31"
    assert form.edit("contract_end").text() == "31/12/2027"


def test_duplicate_banner_warns_of_a_namesake_without_a_city(uow, tab, qtbot, settle) -> None:
    existing = create_partner(uow, PartnerInput(name="Œuvre Numérique", city="Lyon"))
    tab.list.refresh()
    settle(tab)
    tab.new_partner()
    qtbot.keyClicks(tab.editor.form.edit("name"), "Oeuvre Numerique")
    assert tab.save()  # submitted: the duplicate check runs with the write
    settle(tab)
    banner = tab.editor.banner
    assert banner.isVisible()
    assert banner.findChildren(type(banner.title))[1].text() == "• Œuvre Numérique (Lyon): same name"
    assert count_partners(uow, PartnerFilter()) == 1
    assert [b.property("partner_id") for b in banner.buttons] == [existing.id]


def test_a_date_field_refuses_a_time_with_a_clear_message(tab, qtbot) -> None:
    tab.new_partner()
    form = tab.editor.form
    qtbot.keyClicks(form.edit("partner_since"), "2026-01-05 10:30")
    form.left_field.emit("partner_since")
    assert form.shown_errors() == {
        "partner_since": '"2026-01-05 10:30" has a time, but this field takes a date only: write 05/01/2026'
    }
