"""The import wizard on the sample files: preview, mapping, errors, progress and result."""

from __future__ import annotations

from pathlib import Path

import pytest

from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.partner_queries import PartnerFilter, count_partners
from prm_desktop.ui.partners.import_preview import guess_kind
from prm_desktop.ui.partners.import_wizard import PAGE_CHECK, PAGE_FILE, PAGE_RUN


def open_and_check(tab, qtbot, path: Path):
    wizard = tab.import_file()
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "checked"):
        wizard.set_file(str(path))
    return wizard


def run_import(wizard, qtbot) -> None:
    assert wizard.next_button.isEnabled(), wizard.summary.text()
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "imported"):
        wizard.next_button.click()


@pytest.mark.parametrize("name, expected", [
    ("partenaires_excel_fr.csv", 10),
    ("partners.xlsx", 10),
    ("salesforce_accounts_report.csv", 4),
])
def test_partner_samples_import(uow, tab, qtbot, samples, name, expected, settle) -> None:
    wizard = open_and_check(tab, qtbot, samples / name)
    assert wizard.kind_combo.currentData() == "partners"
    assert wizard.pages.currentIndex() == PAGE_CHECK
    assert wizard.plan.ok, [str(e) for e in wizard.plan.errors]
    assert wizard.preview.rowCount() == expected + 1  # the mapping row, then the data
    run_import(wizard, qtbot)
    assert wizard.pages.currentIndex() == PAGE_RUN
    assert count_partners(uow, PartnerFilter()) == expected
    assert f"{expected} partners" in wizard.result_label.text()
    assert "Undo" in wizard.result_label.text()
    settle(tab)
    assert tab.list.model.rowCount() == expected  # the list refreshed
    # importing the same file again changes nothing
    again = open_and_check(tab, qtbot, samples / name)
    assert not again.plan.has_changes
    assert not again.next_button.isEnabled()
    assert "already up to date" in again.summary.text()


def test_french_warnings_are_listed_by_line(tab, qtbot, samples) -> None:
    wizard = open_and_check(tab, qtbot, samples / "partenaires_excel_fr.csv")
    texts = [wizard.issues.item(i).text() for i in range(wizard.issues.count())]
    assert any(t.startswith("ℹ line 3: Code postal:") for t in texts), texts  # 1000 → 01000


def test_contacts_after_partners_and_undo(uow, tab, qtbot, samples) -> None:
    run_import(open_and_check(tab, qtbot, samples / "partenaires_excel_fr.csv"), qtbot)
    wizard = open_and_check(tab, qtbot, samples / "contacts.csv")
    assert wizard.kind_combo.currentData() == "contacts"
    run_import(wizard, qtbot)
    assert "4 created (4 contacts)" in wizard.result_label.text()
    assert count_partners(uow, PartnerFilter(text="Yann")) == 1  # found by its contact's name
    batch = last_undoable(uow)
    assert batch.kind == "import" and "contacts.csv" in batch.label
    undo_batch(uow, batch.id)
    assert count_partners(uow, PartnerFilter(text="Yann")) == 0  # contacts are searchable; gone again
    assert count_partners(uow, PartnerFilter()) == 10


def test_a_file_with_errors_writes_nothing(uow, tab, qtbot, tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("nom;type;siren;ville\nBon Partenaire;Revendeur;732829320;Lyon\n"
                   "Mauvais Type;Boulanger;;Paris\nMauvais SIREN;Revendeur;123;Nantes\n", encoding="utf-8")
    wizard = open_and_check(tab, qtbot, bad)
    assert not wizard.plan.ok
    texts = [wizard.issues.item(i).text() for i in range(wizard.issues.count())]
    assert any(t.startswith("⚠ line 3: type:") for t in texts), texts
    assert any(t.startswith("⚠ line 4: siren:") for t in texts), texts
    assert "nothing will be written" in wizard.summary.text()
    assert not wizard.next_button.isEnabled()
    wizard.start_import()  # refused
    assert wizard.pages.currentIndex() == PAGE_CHECK
    assert count_partners(uow, PartnerFilter()) == 0


def test_correcting_the_mapping_rechecks(uow, tab, qtbot, tmp_path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Société partenaire,Commune\nArmorique Logiciels,Brest\n", encoding="utf-8")
    wizard = open_and_check(tab, qtbot, odd)
    assert not wizard.plan.ok  # no name column recognised
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "checked"):
        wizard.preview.set_field(0, "name")
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "checked"):
        wizard.preview.set_field(1, "city")
    assert wizard.plan.ok
    run_import(wizard, qtbot)
    assert count_partners(uow, PartnerFilter(city="Brest")) == 1


def test_unreadable_file_stays_on_the_first_page(tab, qtbot, tmp_path) -> None:
    wizard = tab.import_file()
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.step_done, timeout=30000):
        wizard.set_file(str(tmp_path / "missing.csv"))
    assert wizard.pages.currentIndex() == PAGE_FILE
    assert wizard.file_error.text().startswith("⚠ ")


def test_guess_kind() -> None:
    assert guess_kind(["partner", "name", "role", "email"]) == "contacts"
    assert guess_kind(["Raison sociale", "Ville", "SIREN"]) == "partners"
    assert guess_kind(["partenaire", "trimestre", "montant"], "objectifs.csv") in ("targets", "revenue")


def test_a_file_with_thousands_of_errors_lists_the_first_ones_and_how_many_more(uow, tab, qtbot, tmp_path) -> None:
    """The issue list stays short (and the window light): the first errors, then "and N more"."""
    from prm_desktop.worker.jobs import MAX_ISSUES_SHOWN

    bad = tmp_path / "many.csv"
    rows = "".join(f"Partenaire {i};Boulanger;;Paris\n" for i in range(3000))
    bad.write_text("nom;type;siren;ville\n" + rows, encoding="utf-8")
    wizard = open_and_check(tab, qtbot, bad)
    assert not wizard.plan.ok
    texts = [wizard.issues.item(i).text() for i in range(wizard.issues.count())]
    assert len(texts) == MAX_ISSUES_SHOWN + 1
    assert texts[0].startswith("⚠ line 2: type:")
    assert texts[-1] == f"… and {3000 - MAX_ISSUES_SHOWN:,} more errors"
    assert len(wizard.plan.errors) == MAX_ISSUES_SHOWN and wizard.plan.error_count == 3000
    assert "nothing will be written" in wizard.summary.text()
