"""Drafts are saved while typing and come back after a close or a crash (a real killed process)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from prm_desktop.services.drafts import open_drafts
from prm_desktop.ui.autosave import Autosave

REPO = Path(__file__).resolve().parents[2]
KEY = "visit-report:0190-demo"


def test_typing_is_saved_after_a_pause_and_restored(tmp_path, qtbot) -> None:
    drafts = open_drafts(tmp_path / "drafts.sqlite3")
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    autosave = Autosave(editor, drafts, KEY, label="Visit report", delay_ms=50)
    with qtbot.waitSignal(autosave.saved, timeout=2000):
        qtbot.keyClicks(editor, "Objectif : renouveler le contrat")
    assert drafts.load(KEY).text == "Objectif : renouveler le contrat"
    assert drafts.load(KEY).label == "Visit report"

    again = QPlainTextEdit()
    qtbot.addWidget(again)
    restore = Autosave(again, drafts, KEY)
    assert restore.restore()
    assert again.toPlainText() == "Objectif : renouveler le contrat"
    assert not restore.pending  # restoring is not typing
    restore.discard()
    assert drafts.load(KEY) is None and drafts.pending() == []
    drafts.close()


def test_closing_the_editor_saves_at_once(tmp_path, qtbot) -> None:
    drafts = open_drafts(tmp_path / "drafts.sqlite3")
    editor = QLineEdit()
    qtbot.addWidget(editor)
    editor.show()
    autosave = Autosave(editor, drafts, "note:new", delay_ms=60_000)
    qtbot.keyClicks(editor, "Rappeler Mme Durand")
    assert autosave.pending and drafts.load("note:new") is None
    editor.close()
    assert drafts.load("note:new").text == "Rappeler Mme Durand"
    drafts.close()


def test_continuous_typing_is_saved_at_least_every_max_wait(tmp_path, qtbot) -> None:
    drafts = open_drafts(tmp_path / "drafts.sqlite3")
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    Autosave(editor, drafts, KEY, delay_ms=60_000, max_wait_ms=100)
    deadline = time.monotonic() + 5
    while drafts.load(KEY) is None and time.monotonic() < deadline:
        qtbot.keyClicks(editor, "a")
        qtbot.wait(20)
    assert drafts.load(KEY) is not None
    drafts.close()


CHILD = textwrap.dedent("""
    import sys, time
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit
    from prm_desktop.services.drafts import open_drafts
    from prm_desktop.ui.autosave import Autosave

    app = QApplication([])
    editor = QPlainTextEdit()
    editor.show()
    autosave = Autosave(editor, open_drafts(sys.argv[1]), sys.argv[2], label="Compte rendu", delay_ms=100)
    for word in sys.argv[3].split(" "):
        QTest.keyClicks(editor, word + " ")
        app.processEvents()
        time.sleep(0.02)
    end = time.monotonic() + 0.5
    while time.monotonic() < end:  # a pause: the draft is written
        app.processEvents()
        time.sleep(0.01)
    print("TYPED", flush=True)
    while True:  # and the user keeps typing until the process is killed
        QTest.keyClicks(editor, "x")
        app.processEvents()
        time.sleep(0.01)
""")


def test_draft_survives_a_killed_process(tmp_path, qtbot) -> None:
    path = tmp_path / "drafts.sqlite3"
    typed = "Compte rendu : le partenaire veut passer Gold, deux certifications de plus en mars."
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), KEY, typed],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read()
        time.sleep(0.3)  # mid-typing
    finally:
        child.kill()  # SIGKILL: no clean-up, no flush, no atexit
        child.wait(10)
    assert child.returncode == -9 or sys.platform == "win32"

    drafts = open_drafts(path)
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    autosave = Autosave(editor, drafts, KEY)
    assert autosave.restore()
    assert editor.toPlainText().startswith(typed)
    assert drafts.pending()[0].label == "Compte rendu"
    drafts.close()
