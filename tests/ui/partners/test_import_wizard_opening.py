"""Opening the import wizard does on the GUI thread only what its first page needs.

It took up to 38 ms of GUI-thread processor time at 100,000 partners: the modules of the check and
result steps (row checks, file readers, plan types) were loaded and the check and run pages built
before the file page could show. Now they are loaded off the GUI thread while the file is read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys, threading
from PySide6.QtWidgets import QApplication

app = QApplication([])
from prm_desktop.bootstrap import open_app
from prm_desktop.services.drafts import open_drafts
from prm_desktop.ui.context import AppSignals, UiContext
from prm_desktop.ui.layout_memory import open_settings
from prm_desktop.ui.tasks import TaskRunner

core = open_app(sys.argv[1])
ctx = UiContext(app=core, tasks=TaskRunner(), settings=open_settings(core.paths.settings_file), signals=AppSignals(),
                drafts=open_drafts(core.paths.drafts))
on_gui_thread = []


class Seen:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is threading.main_thread():
            on_gui_thread.append(name)
        return None


sys.meta_path.insert(0, Seen())
import prm_desktop.ui.partners.import_wizard as wizard_module  # as File › Import… does, at first use

wizard = wizard_module.ImportWizard(ctx)
wizard.show()
app.processEvents()
pages = wizard.pages.count()
sys.meta_path.pop(0)
ctx.tasks.wait(30000)
app.processEvents()
later = [name for name in ("prm_desktop.ui.partners.import_result", "prm_desktop.worker.jobs") if name in sys.modules]
wizard.close()
ctx.drafts.close()
core.close()
print(json.dumps({"gui_thread_imports": on_gui_thread, "pages": pages, "later_loaded": later}))
"""


def test_opening_the_wizard_loads_the_check_step_off_the_gui_thread(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
           "XDG_DATA_HOME": str(tmp_path / "xdg-data")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "portfolio")], capture_output=True, text=True,
                          env=env, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    heavy = ("prm_desktop.services.imports.plan_types", "prm_desktop.services.imports.rows",
             "prm_desktop.services.imports.tabular", "prm_desktop.ui.partners.import_result")  # fmt: skip
    assert not [name for name in report["gui_thread_imports"] if name in heavy], report["gui_thread_imports"]
    assert report["pages"] == 1  # the file page only; the others are built when the file was read
    # ... and what the next steps need is loaded by the time the file has been read.
    assert report["later_loaded"] == ["prm_desktop.ui.partners.import_result", "prm_desktop.worker.jobs"]
