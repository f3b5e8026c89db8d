"""Closing the window waits for the writes still in the task runner's queue, with a progress dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.ui.tasks import TaskRunner

__all__ = ["defer_close_for_writes"]


def defer_close_for_writes(window: QWidget, tasks: TaskRunner, event: QCloseEvent) -> bool:
    """Keep ``window`` open while writes are pending; it closes by itself once they are committed.

    Args:
        window: The window being closed.
        tasks: The task runner holding the write queue.
        event: The close event (ignored when the close is deferred).

    Returns:
        True when the close was deferred (the caller returns at once).
    """
    pending = tasks.writes_pending()
    if not pending:
        return False
    event.ignore()
    existing = window.findChild(QProgressDialog, "pendingWritesDialog")
    if existing is not None:
        return True
    dialog = QProgressDialog(window)
    dialog.setObjectName("pendingWritesDialog")
    dialog.setWindowTitle(_("Saving your changes"))
    dialog.setLabelText(_("Saving your changes before closing: {what}…", what=", ".join(t.label for t in pending)))
    dialog.setCancelButton(None)
    dialog.setRange(0, 0)
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def written() -> None:
        if tasks.writes_pending():
            return
        tasks.writes_done.disconnect(written)
        dialog.close()
        dialog.deleteLater()
        window.close()

    tasks.writes_done.connect(written)
    dialog.show()
    return True
