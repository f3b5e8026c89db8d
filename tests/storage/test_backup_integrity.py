"""Damage is found before it spreads; restore is safe (CLI and services, real SQLite files)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from prm_desktop.cli import main
from prm_desktop.config import resolve_paths
from prm_desktop.services.maintenance import list_backups
from tests.storage.damage import damage_table, quick_check_ok

PARTNERS = 24


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def make_portfolio(data_dir: Path, partners: int = PARTNERS) -> None:
    from prm_desktop.bootstrap import open_app
    from prm_desktop.services.demo import generate_demo

    app = open_app(data_dir)
    try:
        generate_demo(app.uow, partners=partners, seed=7)
    finally:
        app.close()


def partner_count(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM partners WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_a_damaged_database_is_never_backed_up_over_the_good_backups(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    for _ in range(3):
        assert cli(data_dir, "backup") == 0
    good = {b.path for b in list_backups(data_dir / "backups")}
    damage_table(data_dir / "prm.sqlite3")
    capsys.readouterr()
    for _ in range(10):
        assert cli(data_dir, "backup") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 10 and all("is damaged" in line and "--latest-good" in line for line in err)
    kept = list_backups(data_dir / "backups")
    assert {b.path for b in kept} == good
    assert all(quick_check_ok(b.path) for b in kept)
    assert not [p for p in (data_dir / "backups").iterdir() if p.is_file() and p not in good]


def test_the_integrity_check_finds_a_damaged_page_and_names_the_newest_good_backup(data_dir) -> None:
    from prm_desktop.services.maintenance import check_integrity

    make_portfolio(data_dir)
    paths = resolve_paths(data_dir)
    assert not check_integrity(paths).damaged
    assert cli(data_dir, "backup") == 0
    newest = list_backups(paths.backup_dir)[0]
    damage_table(paths.database)
    report = check_integrity(paths)
    assert report.damaged and report.problems
    assert report.good_backup is not None and report.good_backup.path == newest.path
    assert "is damaged" in report.message


def test_restore_latest_good_sets_the_damaged_file_aside(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    assert cli(data_dir, "backup") == 0
    damage_table(data_dir / "prm.sqlite3")
    capsys.readouterr()
    assert cli(data_dir, "restore", "--latest-good") == 0
    out = capsys.readouterr().out
    assert "damaged" in out
    aside = list(data_dir.glob("prm-damaged-*.sqlite3"))
    assert len(aside) == 1 and re.fullmatch(r"prm-damaged-\d{8}T\d{6}Z\.sqlite3", aside[0].name)
    assert str(aside[0].name) in out
    assert not quick_check_ok(aside[0])  # kept as it was, never deleted
    assert quick_check_ok(data_dir / "prm.sqlite3")
    assert partner_count(data_dir / "prm.sqlite3") == PARTNERS
    assert not [p.name for p in data_dir.iterdir() if "restoring" in p.name]
    assert cli(data_dir, "info") == 0


def test_restore_refuses_a_backup_from_a_newer_version(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    assert cli(data_dir, "backup") == 0
    backup = list_backups(data_dir / "backups")[0].path
    conn = sqlite3.connect(backup)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    before = (data_dir / "prm.sqlite3").read_bytes()
    capsys.readouterr()
    assert cli(data_dir, "restore", str(backup)) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "newer version of PRM Desktop" in err
    assert (data_dir / "prm.sqlite3").read_bytes() == before
    assert [b.reason for b in list_backups(data_dir / "backups")] == ["manual"]
    assert cli(data_dir, "info") == 0


def test_restore_refuses_a_damaged_backup(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    assert cli(data_dir, "backup") == 0
    backup = list_backups(data_dir / "backups")[0].path
    damage_table(backup)
    capsys.readouterr()
    assert cli(data_dir, "restore", str(backup)) == 1
    assert "damaged" in capsys.readouterr().err
    assert partner_count(data_dir / "prm.sqlite3") == PARTNERS


HOLD_OPEN = """
import sys, time
from prm_desktop.bootstrap import open_app
app = open_app(sys.argv[1], refresh_derived=False)
print("open", flush=True)
sys.stdin.readline()
app.close()
"""


def test_restore_is_refused_while_another_process_has_the_portfolio_open(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    assert cli(data_dir, "backup") == 0
    backup = list_backups(data_dir / "backups")[0].path
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(data_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        capsys.readouterr()
        assert cli(data_dir, "restore", str(backup)) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "open in another PRM Desktop window or command" in err
        assert [b.reason for b in list_backups(data_dir / "backups")] == ["manual"]
    finally:
        holder.communicate("\n", timeout=60)
    assert cli(data_dir, "restore", str(backup)) == 0
    assert sorted(b.reason for b in list_backups(data_dir / "backups")) == ["before-restore", "manual"]


def test_cli_check_says_whether_the_database_is_damaged(data_dir, capsys) -> None:
    make_portfolio(data_dir)
    assert cli(data_dir, "check") == 0
    assert "passed the integrity check" in capsys.readouterr().out
    damage_table(data_dir / "prm.sqlite3")
    assert cli(data_dir, "check") == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "is damaged" in err and "--latest-good" in err
