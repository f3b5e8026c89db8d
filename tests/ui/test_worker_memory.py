"""The GUI process holds no portfolio-sized structure while the portfolio is refreshed.

A 10,000-partner demo portfolio (made by the CLI in its own process, about 15–30 s) is opened in the
main window; the count of Python objects of this (the GUI) process is sampled on the GUI thread while
the program evaluation of every partner is refreshed, and must stay within 5 % of the count before.
"""

from __future__ import annotations

import gc
import subprocess
import sys

from PySide6.QtCore import QTimer

from prm_desktop.services import portfolio
from prm_desktop.ui import app as app_module
from tests.ui.conftest import prepare_portfolio

PARTNERS = 10_000


def _objects() -> int:
    gc.collect()
    return len(gc.get_objects())


def test_refreshing_10000_partners_does_not_grow_the_gui_process(make_shell, data_dir, qtbot, monkeypatch) -> None:
    prepare_portfolio(data_dir, demo=False)
    subprocess.run([sys.executable, "-m", "prm_desktop", "--data-dir", str(data_dir), "demo",
                    "--partners", str(PARTNERS)], check=True, capture_output=True)  # fmt: skip
    monkeypatch.setattr(app_module, "EVALUATION_DELAY_MS", 3_600_000)  # the test starts the refresh itself
    monkeypatch.setattr(app_module, "DAILY_BACKUP_DELAY_MS", 3_600_000)
    shell = make_shell()
    shell.start()
    tasks, uow = shell.ctx.tasks, shell.ctx.app.uow
    qtbot.waitUntil(lambda: not tasks.running(), timeout=30000)
    qtbot.wait(200)
    assert portfolio.evaluations_stale(uow)
    before = _objects()
    peak = [before]
    sampler = QTimer()
    sampler.setInterval(20)
    sampler.timeout.connect(lambda: peak.append(len(gc.get_objects())))
    sampler.start()
    with qtbot.waitSignal(shell.ctx.signals.data_changed, timeout=180000,
                          check_params_cb=lambda what: what == "evaluations"):  # fmt: skip
        assert shell.controller.maintenance.refresh_evaluations()
    qtbot.waitUntil(lambda: not tasks.running(), timeout=30000)
    sampler.stop()
    after = _objects()
    assert not portfolio.evaluations_stale(uow)
    assert len(peak) > 5  # the GUI thread kept running while the worker evaluated
    assert max(peak) <= before * 1.05, (before, max(peak))
    assert after <= before * 1.05, (before, after)
