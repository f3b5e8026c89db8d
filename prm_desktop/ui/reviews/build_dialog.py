"""What the review pack and day sheet dialogs share: a PDF built in a worker process, cancellable."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel

from prm_desktop.domain.i18n import _
from prm_desktop.ui.context import UiContext

__all__ = ["BuildDialog"]


class BuildDialog(QDialog):
    """Base of a dialog whose build runs as a task: Cancel stops it, closing cancels it.

    Subclasses set ``ctx``, ``task`` (the running task or None) and ``status`` (a label), connect
    ``ctx.tasks.cancelled`` to :meth:`_cancelled`, and implement :meth:`_finish` (back to idle).
    """

    ctx: UiContext
    task: Any
    status: QLabel

    def _fit_screen(self) -> None:
        """760 × 820 for the preview, within 90 % of the screen (1366×768 at 150 % leaves 910 × 512)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 760, 820
        if area is not None:
            width, height = min(width, int(area.width() * 0.9)), min(height, int(area.height() * 0.9))
        self.resize(width, height)

    def cancel_or_close(self) -> None:
        """Cancel the build running, else close the dialog."""
        if self.task is not None:
            self.ctx.tasks.cancel(self.task.id)
            self.status.setText(_("Cancelling…"))
        else:
            self.reject()

    def _finish(self) -> None:
        """Back to idle once the build ended (done, failed or cancelled)."""
        raise NotImplementedError

    def _cancelled(self, task_id: int) -> None:
        if self.task is not None and task_id == self.task.id:
            self._finish()
            self.status.setText(_("Cancelled: no file was left half-written."))

    def done(self, result: int) -> None:  # noqa: D401 - Qt API
        """Closing cancels a build still running."""
        if self.task is not None:
            self.ctx.tasks.cancel(self.task.id)
        super().done(result)
