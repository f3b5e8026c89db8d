"""Sync › Conflicts…: a conflict about a deletion reads in words and is resolved with “Keep it deleted” /
“Restore it” (or “Keep it” / “Delete it”); edits set aside are dismissed after a confirmation."""

from __future__ import annotations

import json

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner, delete_partner
from prm_desktop.storage.models import Partner
from prm_desktop.storage.sync.conflicts import store_conflict, store_refused


def _store(uow, records: list[dict], refused: list[tuple] = ()) -> None:  # noqa: ANN001
    with uow(kind="sync", label="pull") as work:
        for data in records:
            store_conflict(work.session, {"created_at": "2026-05-11T09:00:00+00:00", "author": "bob", **data})
        for args in refused:
            store_refused(work.session, *args)
        work.commit()


class Answers:
    def __init__(self, *answers: bool) -> None:
        self.queue, self.asked = list(answers), []

    def __call__(self, title: str, text: str) -> bool:
        self.asked.append((title, text))
        return self.queue.pop(0)


def _view(ui_ctx, qtbot, answers=None):  # noqa: ANN001, ANN202
    from prm_desktop.ui.sync.conflicts_view import ConflictsDialog

    view = ConflictsDialog(ui_ctx, confirm=answers or Answers())
    qtbot.addWidget(view)
    view.show()
    return view


def _cells(table, row: int) -> list[str]:  # noqa: ANN001
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_a_row_deleted_while_edited_is_kept_deleted_or_restored(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    gone = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    alive = create_partner(uow, PartnerInput(name="Globex", city="Brest")).id
    delete_partner(uow, gone)
    _store(uow, [
        {"id": "c1", "table_name": "partners", "row_id": gone, "partner_id": gone, "kind": "edit_deleted",
         "kept_value": json.dumps("2026-05-11T08:00:00+00:00"), "lost_value": json.dumps({"city": "Lyon"})},
        {"id": "c2", "table_name": "partners", "row_id": alive, "partner_id": alive, "field": "deleted_at",
         "kind": "delete_lost", "kept_value": json.dumps(None), "lost_value": json.dumps("2026-05-11T08:00:00+00:00"),
         "created_at": "2026-05-11T08:30:00+00:00"},
    ])  # fmt: skip
    view = _view(ui_ctx, qtbot)
    assert view.conflicts.rowCount() == 2
    assert _cells(view.conflicts, 0)[:4] == ["Acme", "Edited after it was deleted", "Deleted",
                                             "Restored with: City: Lyon"]  # fmt: skip
    view.conflicts.selectRow(0)
    assert (view.keep_current.text(), view.keep_other.text()) == ("Keep it deleted", "Restore it")
    assert view.keep_other.isEnabled()  # it could only be closed before
    assert _cells(view.conflicts, 1)[:4] == ["Globex", "Deleted while someone edited it", "Not deleted (edited later)",
                                             "Deleted"]  # fmt: skip
    view.conflicts.selectRow(1)
    assert (view.keep_current.text(), view.keep_other.text()) == ("Keep it", "Delete it")
    view.conflicts.selectRow(0)
    with qtbot.waitSignal(view.resolved, timeout=10000):
        view.keep_other.click()
    assert view.conflicts.rowCount() == 1
    with uow.read() as session:
        restored = session.get(Partner, gone)
        assert restored.deleted_at is None and restored.city == "Lyon"
    view.conflicts.selectRow(0)
    with qtbot.waitSignal(view.resolved, timeout=10000):
        view.keep_current.click()  # Globex: keep it
    assert view.conflicts.rowCount() == 0
    with uow.read() as session:
        assert session.get(Partner, alive).deleted_at is None


def test_edits_set_aside_are_dismissed_after_a_confirmation(ui_ctx, qtbot) -> None:
    uow = ui_ctx.app.uow
    pid = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    _store(uow, [], [("partners", pid, "revoked", {"city": ["Paris", "Brest"]}, "h1", pid),
                     ("partners", pid, "revoked", {"city": ["Brest", "Nice"]}, "h2", pid)])
    answers = Answers(False, True, True)
    view = _view(ui_ctx, qtbot, answers)
    assert view.aside.rowCount() == 2 and view.tabs.tabText(1) == "Edits set aside (2)"
    assert view.dismiss_all.isEnabled() and not view.dismiss_selected.isEnabled()
    view.dismiss_all.click()  # "No": nothing dismissed
    assert view.aside.rowCount() == 2
    assert "stay in the change log" in answers.asked[0][1] and "these 2 edits" in answers.asked[0][1]
    view.aside.selectRow(0)
    assert view.dismiss_selected.isEnabled()
    with qtbot.waitSignal(view.dismissed, timeout=10000):
        view.dismiss_selected.click()
    assert view.aside.rowCount() == 1 and view.tabs.tabText(1) == "Edits set aside (1)"
    view.dismiss_all.click()
    assert view.aside.rowCount() == 0 and not view.dismiss_all.isEnabled() and not view.export.isEnabled()
