"""Fixtures of the Partners tab tests: a UiContext on a fresh portfolio, and the tab itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def ui_ctx(app_ctx, tmp_path: Path, qapp):
    """A UiContext with its own task runner and INI settings; the runner is joined at teardown."""
    from prm_desktop.ui.context import AppSignals, UiContext
    from prm_desktop.ui.tasks import TaskRunner

    tasks = TaskRunner()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = UiContext(app=app_ctx, tasks=tasks, settings=settings, signals=AppSignals())
    yield ctx
    tasks.cancel_all()
    assert tasks.wait(30000)
    qapp.processEvents()


@pytest.fixture
def answers():
    """What the injected confirm function answers (append True/False); records the questions."""

    class Answers:
        def __init__(self) -> None:
            self.queue: list[bool] = []
            self.asked: list[tuple[str, str]] = []

        def __call__(self, title: str, text: str) -> bool:
            self.asked.append((title, text))
            return self.queue.pop(0) if self.queue else True

    return Answers()


@pytest.fixture
def tab(ui_ctx, qtbot, answers):
    """The Partners tab on an empty portfolio, shown at 1366×768."""
    from prm_desktop.ui.partners.tab import PartnersTab

    widget = PartnersTab(ui_ctx, confirm=answers)
    qtbot.addWidget(widget)
    widget.resize(1366, 720)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.list.busy(), timeout=10000)
    return widget


@pytest.fixture
def settle(qtbot):
    """Wait until the tab's saves and list queries (run on the task runner) have all come back."""

    def wait(tab, timeout: int = 10000) -> None:
        qtbot.waitUntil(lambda: not tab.ctx.tasks.writes_pending(), timeout=timeout)
        qtbot.waitUntil(lambda: not tab.list.busy(), timeout=timeout)
        qtbot.wait(1)

    return wait
