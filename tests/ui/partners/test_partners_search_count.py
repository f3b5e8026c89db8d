"""Search as you type in the partner list counts the matches once per keystroke (issue 9.4)."""

from __future__ import annotations

import re
from contextlib import contextmanager

from PySide6.QtCore import Qt
from sqlalchemy import event

from prm_desktop.services.partner_queries import PartnerFilter
from prm_desktop.services.partners import PartnerInput, create_partner
from prm_desktop.ui.partners.list_source import QuerySource
from prm_desktop.ui.partners.partners_table_model import COL_NAME, PartnersTableModel

_FTS_COUNT = re.compile(r"COUNT\(\*\) FROM search_index WHERE search_index MATCH", re.IGNORECASE)


@contextmanager
def _fts_counts(engine):
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if _FTS_COUNT.search(statement):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_one_match_count_per_keystroke(app_ctx, qapp):
    uow = app_ctx.uow
    for name in ("Acme Réseaux", "Acmé Conseil", "Bâtir Digital"):
        create_partner(uow, PartnerInput(name=name, city="Lyon"), allow_duplicates=True)
    model = PartnersTableModel(QuerySource(uow), PartnerFilter())
    for typed, expected in (("ac", 2), ("acm", 2), ("acme", 2), ("acme res", 1)):
        with _fts_counts(app_ctx.db.engine) as counts:
            model.set_filter(PartnerFilter(text=typed))
            names = [model.data(model.index(row, COL_NAME)) for row in range(model.rowCount())]
        assert len(names) == expected
        assert len(counts) == 1, typed
    with _fts_counts(app_ctx.db.engine) as counts:  # a new sort of the same search: one count again
        model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert model.descending
    assert len(counts) == 1
