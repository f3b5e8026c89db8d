"""A keystroke that changes the partner list paints it once (issue 9: search per keystroke).

The list's model is reset when a search changes its rows. The view laid its items out again later,
on a timer of its own, and painted the whole list a second time for the new scroll range: two full
paints of the list per keystroke (about 5.5 ms each at 100,000 partners), the second one landing in
the time of the next keystroke. The layout is now done at once when the model is reset, and the scroll
bar stays when every row fits (its going away widened the list: one more full paint).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from prm_desktop.services.partners import PartnerInput, create_partner


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _type(tab, qtbot, text: str) -> None:
    tab.bar.search.end(False)
    qtbot.keyClicks(tab.bar.search, text)
    tab.bar.flush()
    qtbot.waitUntil(lambda: not tab.list.busy(), timeout=10000)


def test_a_search_that_changes_the_rows_paints_the_list_once(tab, qtbot, uow) -> None:
    for i in range(40):
        create_partner(uow, PartnerInput(name=f"Alpha {i:02}"), allow_duplicates=True)
        create_partner(uow, PartnerInput(name=f"Bravo {i:02}"), allow_duplicates=True)
    tab.list.refresh()
    qtbot.waitUntil(lambda: not tab.list.busy() and tab.list.model.rowCount() == 80, timeout=10000)
    qtbot.wait(200)  # every paint of the full list done
    paints = _Paints()
    tab.table.viewport().installEventFilter(paints)
    for typed, rows in (("br", 40), ("avo 12", 1), ("z", 0)):
        before = paints.count
        _type(tab, qtbot, typed)
        qtbot.wait(200)  # the view's own delayed work (layout, scroll range) has run
        assert tab.list.model.rowCount() == rows, (typed, tab.bar.search.text())
        # "br", then "bravo 12", then "bravo 12z" (no match): each change of the rows painted once.
        assert paints.count - before == 1, (typed, paints.count - before)
