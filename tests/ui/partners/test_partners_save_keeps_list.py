"""A save from the editor updates its row in place: same rows, same selection, the count unchanged.

Guard for issue 9 (the GUI thread after a save): the reload a save triggers repaints the row it
changed instead of resetting the list, so the user's place and selection in the list stay.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services.partners import create_partner, get_partner
from prm_desktop.ui.partners.partners_table_model import COL_CITY, COL_NAME

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_save_updates_the_row_and_keeps_the_selection_without_resetting_the_list(uow, tab, qtbot, settle) -> None:
    for number in range(12):
        create_partner(uow, PartnerInput(name=f"Partenaire {number:02d}", city="Lyon"))
    tab.list.refresh()
    settle(tab)
    model = tab.list.model
    tab.list.select_row(5)
    settle(tab)
    partner_id = tab.list.current_id()
    assert tab.editor.partner_id == partner_id
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda top, bottom, *_r: changed.append((top.row(), bottom.row())))

    city = tab.editor.form.edit("city")
    city.selectAll()
    qtbot.keyClicks(city, "Nantes")
    qtbot.keyClick(city, Qt.Key.Key_S, CTRL)
    settle(tab)

    assert get_partner(uow, partner_id).city == "Nantes"
    assert model.data(model.index(5, COL_CITY)) == "Nantes"
    assert model.data(model.index(5, COL_NAME)) == "Partenaire 05"
    assert tab.list.current_id() == partner_id and tab.editor.partner_id == partner_id
    assert tab.bar.count_label.text() == "12 partners"
    assert not resets
    assert (5, 5) in changed


def test_the_editor_shows_the_saved_partner_without_reading_it_again_on_the_gui_thread(uow, tab, qtbot,
                                                                                      settle) -> None:
    """The save's answer is the partner as saved: the reload the save triggers skips the editor."""
    import threading

    from sqlalchemy import event

    create_partner(uow, PartnerInput(name="Garonne Conseil", city="Bordeaux"))
    tab.list.refresh()
    settle(tab)
    tab.list.select_row(0)
    settle(tab)
    gui_reads: list[str] = []

    def listen(_conn, _cursor, statement, _params, _context, _many) -> None:
        if threading.get_ident() == gui and "partners.siren" in statement and statement.lstrip().startswith("SELECT"):
            gui_reads.append(statement)

    gui = threading.get_ident()
    engine = tab.ctx.app.db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        city = tab.editor.form.edit("city")
        city.selectAll()
        qtbot.keyClicks(city, "Pau")
        qtbot.keyClick(city, Qt.Key.Key_S, CTRL)
        settle(tab)
    finally:
        event.remove(engine, "before_cursor_execute", listen)

    assert tab.editor.form.edit("city").text() == "Pau" and not tab.editor.is_dirty()
    assert tab.editor.title.text() == "Garonne Conseil"
    assert gui_reads == []
