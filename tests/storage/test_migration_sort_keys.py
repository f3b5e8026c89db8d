"""Migration 0003: the partner summary gets folded sort keys for city, region and owner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from prm_desktop.storage import migrate
from prm_desktop.storage.database import open_database


def test_upgrade_fills_the_sort_keys_of_existing_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(path, "0002_partner_summary_search")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO partner_summary (partner_id, name, name_key, type, status, city, region, owner_name, "
            "tags, motions, revenue_window, target_window, computed_on) VALUES "
            "('p1', 'Île Œnologie', 'ile oenologie', 'reseller', 'active', 'Évry', 'Île-de-France', 'Élodie', "
            "'', '', 0, 0, '2026-12-01'), "
            "('p2', 'Vega', 'vega', 'reseller', 'active', NULL, '', NULL, '', '', 0, 0, '2026-12-01')"
        )
    open_database(path, tmp_path / "backups").close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT partner_id, city_key, region_key, owner_key FROM partner_summary ORDER BY 1")
        assert rows.fetchall() == [("p1", "evry", "ile de france", "elodie"), ("p2", None, None, None)]
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(partner_summary)")}
    assert {"ix_partner_summary_city_key", "ix_partner_summary_region_key", "ix_partner_summary_owner_key"} <= indexes
    assert not {"ix_partner_summary_city", "ix_partner_summary_region", "ix_partner_summary_owner_name"} & indexes
