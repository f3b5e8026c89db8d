"""Installing a newer version over an older one: a portfolio made by the 0002 release opens in today's app.

The fixture (tests/data/upgrade_0002, see its README) is a real portfolio folder and ``settings.ini``
written by the release whose newest migration was 0002. Today's app backs the database up, migrates
it, and keeps every row, the user's profile and the window layout.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from prm_desktop.bootstrap import open_app
from prm_desktop.cli import main as cli
from prm_desktop.services.profile import get_profile
from prm_desktop.storage.database import KNOWN_REVISIONS

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "upgrade_0002"
OLD_REVISION = "0002_partner_summary_search"


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


#: Tables computed from the data (rebuilt by migrations and at start-up), not the user's data.
DERIVED = ("search_", "partner_summary", "alembic_version", "sqlite_")


def _rows(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, set[tuple]]:
    """Every row of the user's tables, as sets of tuples (only ``columns`` of each table when given)."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if not r[0].startswith(DERIVED)]  # fmt: skip
        found = {}
        for table in tables:
            names = (columns or {}).get(table) or [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            listed = ", ".join(f'"{n}"' for n in names)
            found[table] = set(db.execute(f'SELECT {listed} FROM "{table}"'))  # noqa: S608
        return found


def _columns(path: Path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: [r[1] for r in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}


@pytest.fixture
def old_portfolio(data_dir: Path) -> Path:
    shutil.copytree(FIXTURE, data_dir, dirs_exist_ok=True)
    (data_dir / "README.md").unlink()
    assert _revision(data_dir / "prm.sqlite3") == OLD_REVISION
    return data_dir


def test_the_old_portfolio_is_backed_up_then_migrated_with_its_data_intact(old_portfolio: Path, capsys) -> None:
    database = old_portfolio / "prm.sqlite3"
    before, old_columns = _rows(database), _columns(database)
    app = open_app(str(old_portfolio))
    try:
        profile = get_profile(app.uow)
    finally:
        app.close()
    assert _revision(database) == KNOWN_REVISIONS[-1]
    backups = sorted((old_portfolio / "backups").glob("*before-upgrade*"))
    assert len(backups) == 1 and _revision(backups[0]) == OLD_REVISION
    assert _rows(backups[0]) == before  # the backup is the old portfolio as it was
    after = _rows(database, old_columns)  # the columns the old version had
    lost = {table: len(rows - after[table]) for table, rows in before.items() if rows - after[table]}
    assert lost == {}
    # What the new version adds: its shipped program (one batch), and the history of its own writes.
    added = {table: len(after[table] - rows) for table, rows in before.items() if after[table] - rows}
    assert set(added) <= {"programs", "batches", "change_log"} and added.get("programs", 0) <= 1
    assert (profile.name, profile.company_name, profile.language, profile.first_run_done) == (
        "Élodie Marchand", "Éditeur Exemple", "fr", True)
    # The imported partners, accents and all, sorted by city with the keys later migrations added.
    assert cli(["--data-dir", str(old_portfolio), "--lang", "en", "export", "partners", "--sort", "city",
                "--out", str(old_portfolio / "out.csv")]) == 0  # fmt: skip
    with (old_portfolio / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30
    assert {"name": "Bresse Numérique", "city": "Bourg-en-Bresse"}.items() <= next(
        r for r in rows if r["name"] == "Bresse Numérique").items()
    # The old import can still be undone (batches and the change log came through).
    assert cli(["--data-dir", str(old_portfolio), "--lang", "en", "batches"]) == 0
    assert "partenaires_excel_fr.csv" in capsys.readouterr().out


def test_the_window_comes_back_as_the_old_version_left_it(old_portfolio: Path, make_shell, qtbot) -> None:
    shell = make_shell(lang="en")
    shell.start()
    window = shell.window
    assert window is not None and shell.welcome is None  # first run done in the old version: no welcome
    assert window.tabs.currentIndex() == 3  # the Stakeholders tab, saved by the old version
    saved = QSettings(str(FIXTURE / "settings.ini"), QSettings.Format.IniFormat).value("window/main/geometry")
    reference = QMainWindow()
    assert reference.restoreGeometry(saved)
    assert window.size() == reference.size()  # the size the old version saved
