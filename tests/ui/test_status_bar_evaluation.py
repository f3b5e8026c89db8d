"""While the portfolio is re-evaluated, the status bar says so once, then how many partners are done.

The real refresh runs in its worker process, started as the app starts it; every text the status
bar's task label shows while the worker reports progress is recorded.
"""

from __future__ import annotations

import re

import pytest

from prm_desktop.ui import app as app_module
from tests.ui.conftest import DEMO_PARTNERS, prepare_portfolio

#: The label of the refresh task, then what the progress says (the same partners in both languages).
EXPECTED = {
    "en": ("Evaluating the portfolio against the program", r"(\d+) of {total} partners"),
    "fr": ("Évaluation du portefeuille selon le programme", r"(\d+) sur {total} partenaires"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_status_bar_names_the_evaluation_once_and_counts_the_partners(make_shell, data_dir, qtbot,
                                                                         monkeypatch, lang) -> None:
    prepare_portfolio(data_dir)
    monkeypatch.setattr(app_module, "EVALUATION_DELAY_MS", 3_600_000)  # the test starts the refresh itself
    monkeypatch.setattr(app_module, "DAILY_BACKUP_DELAY_MS", 3_600_000)
    shell = make_shell(lang)
    shell.start()
    tasks, bar = shell.ctx.tasks, shell.window.status
    # The database check starts right after the first paint: done before the refresh, so that only the
    # refresh's texts are recorded (under load it used to start while the refresh ran).
    qtbot.waitUntil(lambda: shell.ctx.app.integrity.state == "ok" and not tasks.running(), timeout=30000)
    shown: list[str] = []
    tasks.progressed.connect(lambda *_args: shown.append(bar.tasks.label.text()))  # after the bar's own slot
    with qtbot.waitSignal(shell.ctx.signals.data_changed, timeout=60000,
                          check_params_cb=lambda what: what == "evaluations"):  # fmt: skip
        assert shell.controller.maintenance.refresh_evaluations(force=True)
    label, counted = EXPECTED[lang]
    one_line = re.compile(re.escape(label) + "(?: — " + counted.format(total=DEMO_PARTNERS) + ")?")
    assert shown, "no progress was shown"
    assert [text for text in shown if not one_line.fullmatch(text)] == []
    assert shown[-1] == f"{label} — " + counted.format(total=DEMO_PARTNERS).replace(r"(\d+)", str(DEMO_PARTNERS))
