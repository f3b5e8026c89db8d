"""Every column that names another synced row leads an index: undo's reference checks stay lookups.

Undo never leaves a live row pointing at a row it removes (`storage.references.live_referrers`): for each
foreign key to the table undone it asks which live rows name those ids. A column without an index made
that a scan of its whole table. At 100,000 partners, undoing an added contact scanned 84,000 action items
and 250,000 visit attendees (135 ms), and undoing a partner's deletion scanned a million revenue lines
(350 ms).
"""

from __future__ import annotations

import sqlite3

from prm_desktop.storage.references import _references, dead_references, live_referrers
from tests.storage.test_lookup_indexes import _plans


def _leading_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    found = set()
    for _seq, name, *_rest in conn.execute(f"PRAGMA index_list({table})"):
        columns = list(conn.execute(f"PRAGMA index_info({name})"))
        if columns and columns[0][2] is not None:
            found.add(columns[0][2])
    return found


def test_every_reference_column_of_the_migrated_database_leads_an_index(app_ctx) -> None:
    with sqlite3.connect(app_ctx.db.path) as conn:
        missing = [f"{child.name}.{column.name}" for child, column, _target in _references()
                   if column.name not in _leading_columns(conn, child.name) and not column.primary_key]
    assert missing == []


def test_undo_asks_who_points_at_a_row_through_indexes(app_ctx) -> None:
    def call() -> None:
        with app_ctx.uow.read() as session:
            for table in ("contacts", "partners", "notes", "stakeholders", "team_members"):
                live_referrers(session, table, ["some-id"])

    plans = _plans(app_ctx, call)
    scans = [p for p in plans if "SCAN " in p.replace("SCAN json_each", "")]
    assert plans and scans == []


def test_undo_checks_what_restored_rows_point_at_by_their_ids(app_ctx) -> None:
    """Undoing a deletion checks that the rows brought back name live rows: by the rows' ids, not by walking
    the live rows' index (every live partner: 200 ms per column at 100,000 partners)."""

    def call() -> None:
        with app_ctx.uow.read() as session:
            for table in ("partners", "contacts", "notes", "visit_attendees", "action_items", "revenue_lines"):
                dead_references(session, table, ["some-id"])

    plans = _plans(app_ctx, call)
    assert plans and all(p.startswith("SEARCH ") and "(id=?)" in p.split(" | ")[0] for p in plans), plans
