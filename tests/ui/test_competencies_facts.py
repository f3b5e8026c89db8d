"""Editing certifications, references, revenue and targets from the Competencies tab's partner view."""

from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.quarters import quarter_of
from prm_desktop.services.batches import last_undoable
from prm_desktop.services.evaluation import evaluate_partners
from prm_desktop.ui.competencies.partner_panel import PartnerPanel
from prm_desktop.ui.competencies.tables import MatrixTableModel
from prm_desktop.ui.tables import source_row
from tests.ui.conftest import make_demo

TODAY = date.today()


@pytest.fixture
def french():
    """The interface in French (requested before ``panel``: its widgets are built in French)."""
    set_language("fr")


@pytest.fixture
def panel(ui_ctx, qtbot):
    make_demo(ui_ctx.app.uow, partners=20)
    widget = PartnerPanel(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def _open(panel, qtbot, partner_id: str) -> None:
    with qtbot.waitSignals([panel.loaded, panel.facts_loaded], timeout=10000):
        panel.show_partner(partner_id)


def _accredited(panel, competency: str) -> str:
    model = panel.matrix_model
    for row in range(model.rowCount()):
        if model.row(row).competency_id == competency:
            return model.index(row, MatrixTableModel.ACCREDITED).data()
    raise AssertionError(competency)


def test_adding_a_certification_changes_the_matrix_and_can_be_undone(panel, ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    ev = next(e for e in evaluate_partners(uow, on=TODAY).evaluations if e.counts["security"].accredited == 0)
    _open(panel, qtbot, ev.partner_id)
    assert _accredited(panel, "security").startswith("✗ 0")
    editor = panel.certs_editor
    assert editor.contact.count() > 0
    editor.code.setCurrentIndex(editor.code.findData("SEC-TECH"))
    editor.obtained.setText("01/02/2026")
    editor.expires.setText("2099-12-31")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        assert editor.submit(update=False)
    assert _accredited(panel, "security").split()[1] == "1"
    assert "SEC-TECH" in [c.code for c in panel.certs_model.rows()]
    assert last_undoable(uow).label.startswith("Add certification SEC-TECH of ")
    assert editor.obtained.text() == ""  # the form is ready for the next one


def test_a_bad_date_shows_its_message_next_to_the_field_in_french(french, panel, ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    partner_id = evaluate_partners(uow, on=TODAY).evaluations[0].partner_id
    _open(panel, qtbot, partner_id)
    before = last_undoable(uow)
    panel.pages.setCurrentWidget(panel.facts)
    editor = panel.certs_editor
    editor.obtained.setText("31/02/2026")
    editor.submit(update=False)
    qtbot.waitUntil(lambda: editor.error_of("obtained_on") != "", timeout=10000)
    assert "31/02/2026" in editor.error_of("obtained_on")
    assert "jj/mm/aaaa" in editor.error_of("obtained_on")
    assert editor.boxes["obtained_on"].error.isVisible()
    assert editor.error_of("code") == editor.error_of("contact_id") == ""
    assert last_undoable(uow) == before
    panel.grab().save("/tmp/facts_cert_error_fr.png")


def test_revenue_in_french_and_a_target_reach_the_revenue_page(french, panel, ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    partner_id = evaluate_partners(uow, on=TODAY).evaluations[0].partner_id
    _open(panel, qtbot, partner_id)
    quarter = str(quarter_of(TODAY))
    revenue = panel.facts.revenue
    revenue.quarter.setText(quarter)
    revenue.amount.setText("1 234 567,5")
    revenue.family.setCurrentIndex(1)
    family = revenue.family.currentText()
    with qtbot.waitSignal(panel.facts_loaded, timeout=10000) as loaded:
        assert revenue.submit(update=False)
    added = [r for r in loaded.args[0].revenue if r.amount == 1234567.5]
    assert len(added) == 1 and added[0].quarter == quarter
    targets = panel.facts.targets
    targets.quarter.setText(quarter)
    targets.amount.setText("-3")
    targets.submit(update=False)
    qtbot.waitUntil(lambda: targets.error_of("amount") != "", timeout=10000)
    assert targets.error_of("amount") == "Le montant ne peut pas être négatif."
    existing = [source_row(targets.table, i).quarter for i in range(targets.table.model().rowCount())]
    if quarter in existing:  # the demo set one: change it
        targets.table.selectRow(existing.index(quarter))
    targets.amount.setText("2 000 000")
    with qtbot.waitSignals([panel.revenue_loaded, panel.facts_loaded], timeout=10000):
        assert targets.submit(update=quarter in existing)
    assert (quarter, 2_000_000) in [(t.quarter, t.amount) for t in targets.model.rows()]
    page = panel.show_revenue_page()
    assert page.model.rows()[-1].target == 2_000_000
    panel.pages.setCurrentWidget(panel.facts)
    # edit then delete the revenue line through the table
    shown_ids = [source_row(revenue.table, i).id for i in range(revenue.table.model().rowCount())]
    revenue.table.selectRow(shown_ids.index(added[0].id))
    shown_row = shown_ids.index(added[0].id)
    assert revenue.table.model().index(shown_row, 2).data() == family  # the family's name, not its key
    assert revenue.amount.text().replace("\u202f", " ").replace("\u00a0", " ") == "1 234 567,50"
    with qtbot.waitSignal(panel.facts_loaded, timeout=10000) as loaded:
        assert revenue.delete_selected()
    assert added[0].id not in [r.id for r in loaded.args[0].revenue]
    panel.pages.setCurrentWidget(panel.facts)
    panel.facts.setCurrentWidget(panel.facts.widget(2))
    panel.grab().save("/tmp/facts_revenue_fr.png")
