"""``kill -9`` during ``prm-desktop import`` leaves the portfolio as it was or with the whole import, never half.

Real subprocesses are killed at random moments of a 6,000-row import; after each kill the database passes
its integrity check, holds either none or all of the file's partners, and its change log agrees with
its tables (no row written without its log entry, no log entry without its row).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from prm_desktop.bootstrap import open_app
from prm_desktop.storage.log_audit import log_mismatches
from tests.storage.damage import quick_check_ok

KILLS = 6
ROWS = 6000


def _partners(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM partners WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_kill_9_during_import_leaves_all_or_nothing(data_dir: Path, tmp_path: Path) -> None:
    open_app(data_dir).close()  # an empty portfolio with the seed program
    source = tmp_path / "partners.csv"
    lines = ["name;city;postal_code"] + [f"Partenaire Kill {i:05d};Lyon;69001" for i in range(ROWS)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "import", "partners", str(source)]
    # How long an import takes here: the kills land at random moments within it.
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    duration = time.monotonic() - started
    db = data_dir / "prm.sqlite3"
    assert _partners(db) == ROWS
    # Each later run re-imports the same rows under new names, so a whole import adds ROWS partners.
    rng = random.Random(5)
    expected = ROWS
    for round_ in range(KILLS):
        renamed = tmp_path / f"partners-{round_}.csv"
        renamed.write_text(source.read_text(encoding="utf-8").replace("Kill", f"Kill{round_}"), encoding="utf-8")
        proc = subprocess.Popen([*command[:-1], str(renamed)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, duration))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        count = _partners(db)
        assert count in (expected, expected + ROWS), (round_, count)
        expected = count
        assert quick_check_ok(db)
    ctx = open_app(data_dir)
    try:
        with ctx.uow.read() as session:
            assert log_mismatches(session) == []
    finally:
        ctx.close()
