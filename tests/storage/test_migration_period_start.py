"""Migration 0011: revenue lines and targets get the calendar date their period starts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from prm_desktop.storage import migrate
from prm_desktop.storage.database import open_database

_SYNCED = "'2026-01-01 00:00:00', '2026-01-01 00:00:00', 'hlc'"


def _program(conn: sqlite3.Connection, key: str, month: int, active: bool) -> None:
    source = f'format = 1\n\n[program]\nid = "{key}"\nname = "P"\nfiscal_year_start_month = {month}\n'
    conn.execute("INSERT INTO programs (id, program_key, name, source, content_hash, is_active, superseded, "
                 f"created_at, updated_at, hlc) VALUES (?, ?, 'P', ?, 'h', ?, 0, {_SYNCED})",
                 (key, key, source, int(active)))


def _old_database(tmp_path: Path, month: int | None) -> Path:
    path = tmp_path / "old.sqlite3"
    migrate.upgrade(path, "0010_visit_ics")
    with sqlite3.connect(path) as conn:
        if month is not None:
            _program(conn, "old", 7, active=False)
            _program(conn, "active", month, active=True)
        for i, quarter in enumerate(("2026-Q1", "2025-Q4", "2026-Q3")):
            conn.execute("INSERT INTO revenue_lines (id, partner_id, quarter, motion, amount, created_at, "
                         f"updated_at, hlc) VALUES (?, 'p1', ?, 'resell', 100, {_SYNCED})", (f"r{i}", quarter))
        conn.execute("INSERT INTO targets (id, partner_id, quarter, amount, created_at, updated_at, hlc) "
                     f"VALUES ('t1', 'p1', '2025-Q4', 500, {_SYNCED})")
    return path


def _periods(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, period_start FROM revenue_lines UNION ALL SELECT id, period_start FROM targets")
        return dict(rows.fetchall())


def test_upgrade_dates_each_row_by_the_active_programs_fiscal_calendar(tmp_path: Path) -> None:
    path = _old_database(tmp_path, month=4)  # fiscal years from April: 2026-Q1 is April–June 2026
    open_database(path, tmp_path / "backups").close()
    assert _periods(path) == {"r0": "2026-04-01", "r1": "2026-01-01", "r2": "2026-10-01", "t1": "2026-01-01"}


def test_upgrade_without_a_program_reads_calendar_quarters(tmp_path: Path) -> None:
    path = _old_database(tmp_path, month=None)
    open_database(path, tmp_path / "backups").close()
    assert _periods(path) == {"r0": "2026-01-01", "r1": "2025-10-01", "r2": "2026-07-01", "t1": "2025-10-01"}
