"""What every tab and dialog receives: the open portfolio, the task runner, settings, app signals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QSettings, Signal

from prm_desktop.bootstrap import AppContext
from prm_desktop.services.drafts import Drafts
from prm_desktop.ui.tasks import TaskRunner

#: Commands a tab offers to the menu bar (File › New partner, Import…, Export…).
CMD_NEW_PARTNER = "partners.new"
CMD_IMPORT = "partners.import"
CMD_EXPORT = "partners.export"


class AppSignals(QObject):
    """Application-wide notifications (tabs refresh on ``data_changed``)."""

    #: Emitted after any write through the app or an import/undo; the argument names what
    #: changed ("partners", "contacts", "visits", "stakeholders", "program", "*" for everything).
    data_changed = Signal(str)
    #: A short message for the status bar.
    status_message = Signal(str)
    #: Ask the main window to show a partner (partner id).
    open_partner = Signal(str)
    #: Ask the Competencies tab to show a partner's full standing (partner id).
    open_standing = Signal(str)
    #: Ask the main window to show an internal stakeholder in the Stakeholders tab (stakeholder id).
    open_person = Signal(str)


@dataclass
class UiContext:
    """Shared by the main window, tabs and dialogs.

    Attributes:
        app: The open portfolio (``app.uow`` is what services take; ``app.paths`` its folders).
            After File › Restore the main window replaces it and rebuilds every tab, so a tab may
            keep ``ctx.app.uow`` for its lifetime.
        tasks: The one background-task runner.
        settings: QSettings on the INI file of ``app.paths.settings_file``.
        signals: Application-wide signals.
        drafts: The drafts store (autosave of notes and visit reports), see `prm_desktop.ui.autosave`.
        commands: Menu commands offered by tabs, by name (``CMD_NEW_PARTNER``...); see
            `register_command`.
    """

    app: AppContext
    tasks: TaskRunner
    settings: QSettings
    signals: AppSignals
    drafts: Drafts | None = None
    commands: dict[str, Callable[[], None]] = field(default_factory=dict)

    def changed(self, what: str = "*") -> None:
        """Tell every view that data changed (call after a successful write)."""
        self.signals.data_changed.emit(what)

    def status(self, message: str) -> None:
        """Show a short message in the status bar."""
        self.signals.status_message.emit(message)

    def register_command(self, name: str, handler: Callable[[], None]) -> None:
        """Offer a menu command, e.g. ``ctx.register_command(CMD_IMPORT, self.start_import)``.

        The Partners tab registers ``CMD_NEW_PARTNER``, ``CMD_IMPORT`` and ``CMD_EXPORT``; the File
        menu runs them (and switches to the tab that registered them).
        """
        self.commands[name] = handler

    def run_command(self, name: str) -> bool:
        """Run a registered command; False when no tab offers it."""
        handler = self.commands.get(name)
        if handler is None:
            return False
        handler()
        return True
