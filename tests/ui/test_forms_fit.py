"""Forms keep their fields and whole messages visible at 1366×768, at 100 % and at 150 % scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prm_desktop.domain.i18n import set_language
from tests.ui.fit_probe import (
    contact_pairs,
    editor_pairs,
    message_fit_problems,
    show_contact_errors,
    show_editor_errors,
    show_welcome_errors,
    welcome_pairs,
)

PROBE = Path(__file__).with_name("fit_probe.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def french():
    set_language("fr")
    yield
    set_language("en")


def test_editor_messages_are_whole_and_fields_keep_their_height(ui_ctx, qtbot, french) -> None:
    from prm_desktop.ui.partners.tab import PartnersTab

    tab = PartnersTab(ui_ctx, confirm=lambda *_a: True)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    show_editor_errors(tab)
    qtbot.wait(10)
    shown = [label for label, _field in editor_pairs(tab) if label.isVisible()]
    assert len(shown) >= 5  # name, SIREN, postal code, e-mail, contract end and the editor's message
    assert any(label.heightForWidth(label.width()) > label.fontMetrics().height() * 2 for label in shown)
    assert message_fit_problems(editor_pairs(tab)) == []


def test_contact_form_messages_are_whole_and_fields_keep_their_height(ui_ctx, qtbot, french) -> None:
    from prm_desktop.ui.partners.tab import PartnersTab

    tab = PartnersTab(ui_ctx, confirm=lambda *_a: True)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    show_contact_errors(tab, ui_ctx.app.uow)
    qtbot.wait(10)
    assert sum(label.isVisible() for label, _field in contact_pairs(tab)) == 3  # name, e-mail, left on
    assert message_fit_problems(contact_pairs(tab)) == []


def test_welcome_messages_are_whole_and_fields_keep_their_height(app_ctx, qtbot, french) -> None:
    from prm_desktop.ui.welcome.view import WelcomeDialog

    dialog = WelcomeDialog("fr")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    show_welcome_errors(dialog, app_ctx.uow)
    qtbot.wait(10)
    assert all(label.isVisible() for label, _field in welcome_pairs(dialog))
    assert "exemple" in dialog.form.errors["email"].text()
    assert message_fit_problems(welcome_pairs(dialog)) == []


def test_at_150_percent_on_a_1366x768_screen_messages_fit_too(tmp_path: Path) -> None:
    screen = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}  # fmt: skip
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(screen), encoding="utf-8")
    (tmp_path / "portfolio").mkdir()
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run([sys.executable, str(PROBE), str(tmp_path / "portfolio"), str(tmp_path)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ratio"] == 1.5 and report["screen"] == [911, 512]  # 1366×768 device pixels at 150 %
    assert report["problems"] == []
    assert (tmp_path / "editor.png").stat().st_size > 0 and (tmp_path / "welcome.png").stat().st_size > 0
