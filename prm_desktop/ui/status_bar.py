"""The status bar: messages, background-task progress with Cancel, the database and the sync state."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.ui.tasks import TaskRunner

MESSAGE_MS = 8000


class TaskProgress(QWidget):
    """Label, progress bar and Cancel button of the running background tasks (hidden when idle)."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._running: dict[int, str] = {}
        self._current: int | None = None
        self.label = QLabel()
        self.label.setAccessibleName(_("Background task"))
        self.bar = QProgressBar()
        self.bar.setAccessibleName(_("Background task progress"))
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.setAccessibleName(_("Cancel the background task"))
        self.cancel.setToolTip(_("Stop the running task; nothing half-done is kept."))
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        tasks.started.connect(self._started)
        tasks.progressed.connect(self._progressed)
        tasks.finished.connect(self._ended)
        tasks.failed.connect(self._ended)
        tasks.cancelled.connect(self._ended)
        tasks.handled.connect(self._ended)
        self.setVisible(False)

    def _started(self, task_id: int, label: str) -> None:
        self._running[task_id] = label
        self._current = task_id
        self.label.setText(label)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel.setEnabled(True)
        self.setVisible(True)

    def _progressed(self, task_id: int, done: int, total: int, message: str) -> None:
        if task_id != self._current:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        label = self._running.get(task_id, "")
        self.label.setText(f"{label} — {message}" if message else label)

    def _ended(self, task_id: int, *_args: object) -> None:
        self._running.pop(task_id, None)
        if task_id == self._current:
            self._current = next(reversed(self._running), None) if self._running else None
            if self._current is not None:
                self.label.setText(self._running[self._current])
                self.bar.setRange(0, 0)
        self.setVisible(bool(self._running))

    def _cancel(self) -> None:
        if self._current is not None:
            self._tasks.cancel(self._current)
            self.cancel.setEnabled(False)
            self.label.setText(_("Cancelling…"))


class StatusBar(QStatusBar):
    """Messages on the left; tasks, database and sync state on the right."""

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Status bar"))
        self.tasks = TaskProgress(tasks)
        self.database = QLabel()
        self.database.setAccessibleName(_("Database"))
        self.sync = QLabel("○ " + _("Offline"))
        self.sync.setAccessibleName(_("Synchronisation"))
        self.sync.setToolTip(_("Synchronisation is not set up: everything stays on this laptop."))
        self.addPermanentWidget(self.tasks)
        self.addPermanentWidget(self.database)
        self.addPermanentWidget(self.sync)

    def set_database(self, partners: int, path: str) -> None:
        """Show how many partners the open portfolio holds (its file in the tooltip)."""
        self.database.setText(
            _n("Portfolio: {count} partner", "Portfolio: {count} partners", partners, count=format_number(partners))
        )
        self.database.setToolTip(_("Database: {path}", path=path))

    def say(self, message: str) -> None:
        """Show a message for a few seconds."""
        self.showMessage(message, MESSAGE_MS)
