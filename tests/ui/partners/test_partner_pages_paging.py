"""The partner editor's Visits and Actions pages have no cap: scrolled to the bottom, a page reads the next rows.

They showed at most 200 visits per list (upcoming, to close, history) and 500 actions; now they read
a page at a time like the Visits tab's lists, keep the scroll position and the selection, and say
when more rows are left.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from prm_desktop.domain.visit_rules import ActionInput, VisitInput
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.services.visits import editing, report
from prm_desktop.ui.partners import activity_pages


def _scroll_to_bottom(page, qtbot) -> None:
    bar = page.table.verticalScrollBar()
    assert bar.maximum() > 0
    with qtbot.waitSignal(page.loaded, timeout=10000):
        bar.setValue(bar.maximum())


def _show(tab, page, partner_id, qtbot, settle) -> None:
    tab.open_partner(partner_id)
    settle(tab)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.editor.tabs.setCurrentWidget(page)


def test_a_partner_with_450_visits_shows_them_all_after_scrolling(uow, tab, qtbot, settle, monkeypatch) -> None:
    monkeypatch.setattr(activity_pages, "PAGE", 200, raising=False)
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    now = datetime.now(UTC).replace(microsecond=0)
    for i in range(450):  # 220 upcoming, then 230 whose date has passed (to close)
        when = now + timedelta(days=1, hours=i) if i < 220 else now - timedelta(days=1, hours=i)
        editing.create_visit(uow, VisitInput([acme], "video", when))
    page = tab.editor.activity.visits
    _show(tab, page, acme, qtbot, settle)
    assert page.model.rowCount() == 200
    assert page.note.isVisible() and page.note.text() == "200 rows shown; scroll down for more."
    page.table.selectRow(7)
    chosen = page.selected().id
    _scroll_to_bottom(page, qtbot)
    assert page.model.rowCount() == 400
    assert page.table.verticalScrollBar().value() > 0  # the list did not jump back to the top
    assert page.selected() is not None and page.selected().id == chosen  # nor lost the selection
    _scroll_to_bottom(page, qtbot)
    rows = page.model.rows()
    assert len(rows) == 450 and not page.note.isVisible()
    upcoming, to_close = rows[:220], rows[220:]
    assert all(r.starts_at > now for r in upcoming) and all(r.starts_at < now for r in to_close)
    assert [r.starts_at for r in upcoming] == sorted(r.starts_at for r in upcoming)  # soonest first
    assert [r.starts_at for r in to_close] == sorted(r.starts_at for r in to_close)  # oldest first
    # Another partner starts again at the first page.
    other = create_partner(uow, PartnerInput(name="Globex")).id
    editing.create_visit(uow, VisitInput([other], "video", now + timedelta(days=2)))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        tab.open_partner(other)
    assert page.model.rowCount() == 1 and not page.note.isVisible()


def test_the_actions_page_reads_its_next_page_when_scrolled(uow, tab, qtbot, settle, monkeypatch) -> None:
    monkeypatch.setattr(activity_pages, "PAGE", 40, raising=False)
    acme = create_partner(uow, PartnerInput(name="Acme")).id
    for i in range(85):
        report.add_action(uow, ActionInput(title=f"Action {i:02}", partner_id=acme, due_on=date(2026, 1, 1 + i % 28)))
    page = tab.editor.activity.actions
    _show(tab, page, acme, qtbot, settle)
    assert page.model.rowCount() == 40 and "scroll down for more" in page.note.text()
    _scroll_to_bottom(page, qtbot)
    _scroll_to_bottom(page, qtbot)
    assert page.model.rowCount() == 85 and not page.note.isVisible()
    assert sorted(r.title for r in page.model.rows()) == [f"Action {i:02}" for i in range(85)]
