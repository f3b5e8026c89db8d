"""The Qt binding must not leak or drop references to None/True/False: a long session would abort.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a Qt method returning
nothing; after a few thousand calls the interpreter aborts with "Fatal Python error: none_dealloc"
(a long working session does that many). The check runs in a subprocess so that a bad binding
fails this test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel
app = QApplication([])
label, box = QLabel(), QCheckBox()
refs = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
for i in range(50000):
    label.setText("x")
    box.setChecked(i % 2 == 0)
    box.isChecked()
after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
print(refs, after)
assert all(abs(a - b) < 100 for a, b in zip(refs, after)), (refs, after)
"""


def test_many_qt_calls_keep_none_true_and_false_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
