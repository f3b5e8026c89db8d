"""Tell a portfolio still on the first shipped default program that the corrected one is available.

The CLI prints this notice with ``program list``; the window shows it after it opens: in a
non-modal box the first time (per data folder), in the status bar at every later start.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.programs import default_program_notice
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import read_bool

#: Settings key: the box was shown once for this data folder.
KEY_SEEN = "notices/old_default_program_seen"


class ProgramNotice(QObject):
    """Reads the notice in the background and shows it (see the module docstring).

    Args:
        window: The main window (parent of the box).
        ctx: The UI context.
    """

    def __init__(self, window: QWidget, ctx: UiContext) -> None:
        super().__init__(window)
        self.window, self.ctx = window, ctx
        #: The box, once shown.
        self.box: QMessageBox | None = None

    def check(self) -> None:
        """Look for the notice off the GUI thread; `_show` it when there is one."""
        uow = self.ctx.app.uow
        self.ctx.tasks.run(_("Reading the program"), lambda _p: default_program_notice(uow),
                           on_done=self._show, quiet=True)

    def _show(self, text: str | None) -> None:
        if not text:
            return
        self.ctx.status(text)
        if read_bool(self.ctx.settings, KEY_SEEN, False):
            return
        self.ctx.settings.setValue(KEY_SEEN, True)
        self.ctx.settings.sync()
        box = QMessageBox(QMessageBox.Icon.Information, _("A corrected default program is available"), text,
                          QMessageBox.StandardButton.Close, self.window)
        box.setObjectName("programNotice")
        box.setModal(False)
        box.show()
        self.box = box
