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
