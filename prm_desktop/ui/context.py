"""What every tab and dialog receives: the open portfolio, the task runner, settings, app signals."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal

from prm_desktop.bootstrap import AppContext
from prm_desktop.ui.tasks import TaskRunner


class AppSignals(QObject):
    """Application-wide notifications (tabs refresh on ``data_changed``)."""

    #: Emitted after any write through the app or an import/undo; the argument names what
    #: changed ("partners", "contacts", "visits", "stakeholders", "program", "*" for everything).
    data_changed = Signal(str)
    #: A short message for the status bar.
    status_message = Signal(str)
    #: Ask the main window to show a partner (partner id).
    open_partner = Signal(str)


@dataclass
class UiContext:
    """Shared by the main window, tabs and dialogs.

    Attributes:
        app: The open portfolio (``app.uow`` is what services take; ``app.paths`` its folders).
        tasks: The one background-task runner.
        settings: QSettings on the INI file of ``app.paths.settings_file``.
        signals: Application-wide signals.
    """

    app: AppContext
    tasks: TaskRunner
    settings: QSettings
    signals: AppSignals

    def changed(self, what: str = "*") -> None:
        """Tell every view that data changed (call after a successful write)."""
        self.signals.data_changed.emit(what)
