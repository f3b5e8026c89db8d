"""``kill -9`` during ``prm-desktop backup`` never leaves a damaged backup or a journal among the backups."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from prm_desktop.services.maintenance import list_backups
from tests.storage.damage import quick_check_ok
from tests.storage.test_backup_integrity import cli, make_portfolio

KILLS = 10
BALLAST_MB = 60


def _add_ballast(db_path: Path) -> None:
    """Make the database big enough for a backup to take a moment (random, incompressible rows)."""
    rng = random.Random(3)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE ballast (id INTEGER PRIMARY KEY, data BLOB)")
    conn.executemany("INSERT INTO ballast (data) VALUES (?)",
                     ((rng.randbytes(3000),) for _ in range(BALLAST_MB * 1000 // 3)))
    conn.commit()
    conn.close()


def _started(backups: Path, before: set[Path]) -> bool:
    partial = backups / ".partial"
    if partial.is_dir() and any(partial.iterdir()):
        return True
    return any(p not in before for p in backups.iterdir())


def test_kill_9_during_backup_leaves_only_sound_backups(data_dir) -> None:
    make_portfolio(data_dir)
    _add_ballast(data_dir / "prm.sqlite3")
    backups = data_dir / "backups"
    assert cli(data_dir, "backup") == 0
    rng = random.Random(11)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    landed = 0
    for _ in range(KILLS):
        before = set(backups.iterdir())
        proc = subprocess.Popen([sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "backup"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not _started(backups, before) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.3))
        if proc.poll() is None:
            landed += 1
        proc.kill()  # SIGKILL; a no-op when the backup already ended and was reaped by poll()
        proc.wait(timeout=60)
    assert landed >= KILLS // 2  # most kills hit a backup at work
    files = [p for p in backups.iterdir() if p.is_file()]
    assert not [p.name for p in files if not p.name.endswith(".sqlite3")]  # no journal, no -wal
    assert all(quick_check_ok(p) for p in files)
    assert {p for p in files} == {b.path for b in list_backups(backups)}
    assert cli(data_dir, "backup") == 0  # and the next backup cleans what the kills left
    partial = backups / ".partial"
    assert not partial.exists() or not list(partial.iterdir())
    assert quick_check_ok(data_dir / "prm.sqlite3")
