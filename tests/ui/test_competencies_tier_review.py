"""Tier review: the chosen promotion or demotion candidates given the tier they qualify for, after a question."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from sqlalchemy import select

from prm_desktop.services.standing_portfolio import portfolio_view
from prm_desktop.storage.models import Partner
from prm_desktop.ui.competencies.view import CompetenciesTab
from tests.ui.conftest import make_demo


def _tab(ui_ctx, qtbot, kind: str) -> CompetenciesTab:
    make_demo(ui_ctx.app.uow, partners=60)
    tab = CompetenciesTab(ui_ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show()
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.set_view(kind)
    return tab


def _settled(ui_ctx, qtbot, tab: CompetenciesTab) -> None:
    """Wait for the reload a write starts (its answer must not reach the tab once the test deleted it)."""
    qtbot.waitUntil(lambda: not tab.loading, timeout=10000)
    assert ui_ctx.tasks.wait(10000)
    qtbot.wait(50)


def _assigned(uow) -> dict[str, str | None]:
    with uow.read() as s:
        return {p.id: p.assigned_tier for p in s.scalars(select(Partner).where(Partner.deleted_at.is_(None)))}


def test_the_chosen_demotion_candidates_get_their_qualified_tier_in_one_undoable_change(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    tab = _tab(ui_ctx, qtbot, "demotion")
    rows = tab.model.rows()
    assert len(rows) >= 3, "the demo portfolio has demotion candidates"
    assert tab.assign_button.isVisible()
    assert tab.table.selectionMode() == tab.table.SelectionMode.ExtendedSelection
    tab.table.clearSelection()
    assert not tab.assign_button.isEnabled()
    for row in (0, 2):  # two of the candidates, not the one between them
        tab.table.selectionModel().select(tab.table.model().index(row, 0),
                                          tab.table.selectionModel().SelectionFlag.Select
                                          | tab.table.selectionModel().SelectionFlag.Rows)
    chosen = tab.selected_partner_ids()
    assert len(chosen) == 2 and tab.assign_button.isEnabled()
    assert tab.assign_button.text() == "Assign the qualified tier to 2 partners…"
    questions = []
    tab.tier_review.confirm = lambda _parent, title, text: questions.append(text) or True
    before = _assigned(uow)
    with qtbot.waitSignal(tab.tier_review.done, timeout=10000) as done:
        qtbot.mouseClick(tab.assign_button, Qt.MouseButton.LeftButton)
    changes = done.args[0]
    _settled(ui_ctx, qtbot, tab)
    assert sorted(c.partner_id for c in changes) == sorted(chosen)
    text = questions[0]
    assert text.startswith("Give 2 partners the tier they qualify for today?")
    for change in changes:  # each partner named with its change, "no tier" in words
        assert f"{change.name}: {change.assigned_name} → {change.qualified_name or 'no tier'}" in text
    after = _assigned(uow)
    assert {pid: after[pid] for pid in chosen} == {c.partner_id: c.qualified for c in changes}
    assert {pid: t for pid, t in after.items() if pid not in chosen} == {
        pid: t for pid, t in before.items() if pid not in chosen}
    left = {r.partner_id for r in portfolio_view(uow, "demotion").rows}
    assert not left & set(chosen) and len(left) == len(rows) - 2
    # One step of Edit › Undo, named for what it did.
    from prm_desktop.services.batches import last_undoable, undo_batch

    batch = last_undoable(uow)
    assert batch.label == "Assign the qualified tier to 2 partners"
    undo_batch(uow, batch.id)
    assert _assigned(uow) == before


def test_answering_no_writes_nothing(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    tab = _tab(ui_ctx, qtbot, "demotion")
    assert tab.model.rows(), "the demo portfolio has demotion candidates"
    tab.table.selectAll()
    assert tab.assign_button.text().startswith("Assign the qualified tier to ")
    before = _assigned(uow)
    asked = []
    tab.tier_review.confirm = lambda _parent, _title, text: asked.append(text) or False
    tab.assign_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    _settled(ui_ctx, qtbot, tab)
    assert _assigned(uow) == before
    assert {r.partner_id for r in portfolio_view(uow, "demotion").rows} == {r.partner_id for r in tab.model.rows()}


def test_other_views_show_no_assign_button_and_choose_one_row(ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot, "at_risk")
    assert not tab.assign_button.isVisible()
    assert tab.table.selectionMode() == tab.table.SelectionMode.SingleSelection


def test_many_partners_are_checked_and_written_in_a_worker_process(ui_ctx, qtbot, monkeypatch) -> None:
    from prm_desktop.ui.competencies import tier_review

    monkeypatch.setattr(tier_review, "WORKER_FROM", 2)  # two rows stand for a large choice
    uow = ui_ctx.app.uow
    tab = _tab(ui_ctx, qtbot, "demotion")
    tab.table.selectAll()
    chosen = tab.selected_partner_ids()
    jobs = []
    real = ui_ctx.tasks.run_in_process

    def spy(label, job, args=(), **kw):
        task = real(label, job, args, **kw)
        jobs.append((job, task))
        return task

    monkeypatch.setattr(ui_ctx.tasks, "run_in_process", spy)
    tab.tier_review.confirm = lambda *_a: True
    with qtbot.waitSignal(tab.tier_review.done, timeout=60000) as done:
        tab.assign_button.click()
    _settled(ui_ctx, qtbot, tab)
    assert [job for job, _task in jobs] == ["prm_desktop.worker.jobs:tier_changes",
                                            "prm_desktop.worker.jobs:tier_assign"]
    assert all(task.worker_pid not in (None, os.getpid()) for _job, task in jobs)
    after = _assigned(uow)
    assert {c.partner_id: c.qualified for c in done.args[0]} == {pid: after[pid] for pid in chosen}
    assert not {r.partner_id for r in portfolio_view(uow, "demotion").rows} & set(chosen)


def test_the_button_waits_for_the_review_to_end(ui_ctx, qtbot) -> None:
    tab = _tab(ui_ctx, qtbot, "demotion")
    tab.table.selectRow(0)
    states = []
    tab.tier_review.confirm = lambda *_a: states.append(tab.assign_button.isEnabled()) or False
    with qtbot.waitSignal(tab.tier_review.finished, timeout=10000):
        tab.assign_button.click()
        assert not tab.assign_button.isEnabled()  # a second click cannot start a second review
    assert states == [False] and tab.assign_button.isEnabled()
    _settled(ui_ctx, qtbot, tab)
