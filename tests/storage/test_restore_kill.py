"""``kill -9`` during ``prm-desktop restore`` leaves either the old or the restored database, whole."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from prm_desktop.services.maintenance import list_backups
from tests.storage.damage import quick_check_ok
from tests.storage.test_backup_integrity import cli, make_portfolio, partner_count
from tests.storage.test_backup_kill import _add_ballast

KILLS = 10


def test_kill_9_during_restore_never_leaves_a_broken_portfolio(data_dir, tmp_path, capsys) -> None:
    make_portfolio(data_dir, partners=3)
    _add_ballast(data_dir / "prm.sqlite3")
    assert cli(data_dir, "backup") == 0
    backup = list_backups(data_dir / "backups")[0].path
    make_portfolio(data_dir, partners=5)  # the live database now differs from the backup
    live = data_dir / "prm.sqlite3"
    counts = {partner_count(live), 3}
    rng = random.Random(5)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # How long a restore runs once started, on a copy (this machine's speed): each kill lands within it.
    probe = tmp_path / "probe"
    shutil.copytree(data_dir, probe)
    proc = _restore(probe, probe / "backups" / backup.name, env)
    started = _started(proc, probe)
    proc.wait(timeout=60)
    window = max(0.02, time.monotonic() - started)
    landed = 0
    for _ in range(KILLS):
        proc = _restore(data_dir, backup, env)
        _started(proc, data_dir)
        time.sleep(rng.uniform(0, 0.8 * window))
        if proc.poll() is None:
            landed += 1
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        assert quick_check_ok(live)
        assert partner_count(live) in counts
    assert landed >= KILLS // 2
    capsys.readouterr()
    assert cli(data_dir, "restore", str(backup)) == 0  # the lock of a killed restore is gone
    assert partner_count(live) == 3
    assert not [p.name for p in data_dir.iterdir() if "restoring" in p.name]
    assert cli(data_dir, "info") == 0


def _restore(data_dir: Path, backup: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "restore",
                             str(backup)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _started(proc: subprocess.Popen, data_dir: Path) -> float:
    """When the restore began writing (its partial copy or its restoring file appeared), or it ended."""
    deadline = time.monotonic() + 60
    partial = data_dir / "backups" / ".partial"
    while proc.poll() is None and time.monotonic() < deadline and not (
        partial.is_dir() and any(partial.iterdir())
    ) and not list(data_dir.glob("*restoring*")):
        time.sleep(0.001)
    return time.monotonic()
