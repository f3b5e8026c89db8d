"""The Visits tab's lists have no cap: scrolled to the bottom, a list loads its next page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prm_desktop.domain.visit_rules import VisitInput
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.visits import editing


def _scroll_to_bottom(tab, qtbot) -> None:
    bar = tab.table.verticalScrollBar()
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        bar.setValue(bar.maximum())


def test_lists_page_on_scroll_without_a_cap(ui_ctx, qtbot, monkeypatch) -> None:
    from prm_desktop.ui.visits import view
    from prm_desktop.ui.visits.view import VisitsTab

    monkeypatch.setattr(view, "PAGE", 20)
    uow = ui_ctx.app.uow
    soon = datetime.now(UTC) + timedelta(days=1)
    partners = [create_partner(uow, PartnerInput(name=f"Partner {i:02}", city="Lyon")).id for i in range(45)]
    for i, partner in enumerate(partners):
        editing.create_visit(uow, VisitInput([partner], "video", soon + timedelta(hours=i)))
    tab = VisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1000, 400)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    assert tab.view == "upcoming" and tab.model.rowCount() == 20
    assert "scroll down" in tab.summary.text()
    tab.table.selectRow(5)
    _scroll_to_bottom(tab, qtbot)
    assert tab.model.rowCount() == 40
    assert tab.table.verticalScrollBar().value() > 0  # the list did not jump back to the top
    assert [r.partners for r in tab._selected()] == ["Partner 05"]  # nor lost the selection
    _scroll_to_bottom(tab, qtbot)
    assert [r.partners for r in tab.model.rows()][-1] == "Partner 44"
    assert tab.model.rowCount() == 45 and tab.summary.text() == "45 rows."


def test_the_email_draft_is_written_in_the_language_chosen(ui_ctx, qtbot, tmp_path) -> None:
    from email import message_from_bytes, policy

    from prm_desktop.domain.i18n import get_language
    from prm_desktop.domain.visit_rules import ReportSectionInput
    from prm_desktop.services.visits import report
    from prm_desktop.ui.visits.view import VisitsTab

    uow = ui_ctx.app.uow
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    visit = editing.create_visit(uow, VisitInput([acme], "on_site", datetime(2026, 3, 2, 9, tzinfo=UTC)))
    editing.mark_done(uow, visit)
    report.save_report(uow, visit, [ReportSectionInput("context", "Met the director.")])
    tab = VisitsTab(ui_ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_view("history")
    assert get_language() == "en" and tab.mail_language.isVisible()
    assert tab.mail_language.currentData() == "en"  # the interface's by default
    tab.mail_language.setCurrentIndex(tab.mail_language.findData("fr"))
    path = tmp_path / "report.eml"
    with qtbot.waitSignal(ui_ctx.signals.data_changed, timeout=10000):
        tab.write_eml(visit, str(path))
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Compte rendu de visite")
    assert "Contexte" in message.get_body(("plain",)).get_content()
    assert ui_ctx.settings.value("visits/mail_language") == "fr"  # the choice is kept for next time
