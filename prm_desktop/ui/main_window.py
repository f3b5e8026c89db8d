"""The main window: four tabs, the menu bar and the status bar (layout only; see main_controller)."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import flush_layout, restore_window, save_window
from prm_desktop.ui.status_bar import StatusBar

log = logging.getLogger(__name__)

#: (key, title, package offering ``create_tab(ctx)``), in tab order.
TABS: tuple[tuple[str, str, str], ...] = (
    ("partners", N_("&Partners"), "prm_desktop.ui.partners"),
    ("visits", N_("&Visits"), "prm_desktop.ui.visits"),
    ("competencies", N_("&Competencies"), "prm_desktop.ui.competencies"),
    ("stakeholders", N_("&Stakeholders"), "prm_desktop.ui.stakeholders"),
)
WINDOW_NAME = "main"
MIN_WIDTH, MIN_HEIGHT = 640, 420


def create_tab(ctx: UiContext, key: str, package: str) -> QWidget:
    """Build one tab; a missing or broken tab becomes a plain message (the rest of the app works)."""
    try:
        module = importlib.import_module(package)
        return module.create_tab(ctx)
    except ImportError:
        log.info("Tab %s is not available yet", key)
        placeholder = QLabel(_("This tab arrives in a later version."))
    except Exception:
        log.exception("The %s tab could not be built", key)
        placeholder = QLabel(_("This tab could not be opened; the error was written to the log."))
    placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    placeholder.setObjectName(f"{key}Tab")
    placeholder.setAccessibleName(_("Tab not available"))
    return placeholder


class MainWindow(QMainWindow):
    """Tabs Partners, Visits, Competencies, Stakeholders; File, Edit, View and Help menus."""

    #: Emitted once, after the window was painted for the first time.
    first_painted = Signal()
    #: Emitted when the user closes the window (before it goes).
    closing = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._painted = False
        self.setObjectName("mainWindow")
        self.setWindowTitle("PRM Desktop")
        self.setAccessibleName(_("PRM Desktop main window"))
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setAccessibleName(_("Main tabs"))
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.status = StatusBar(ctx.tasks)
        self.setStatusBar(self.status)
        ctx.signals.status_message.connect(self.status.say)
        self.actions_: dict[str, QAction] = {}
        self._build_menus()
        self.build_tabs()
        if not restore_window(ctx.settings, self, WINDOW_NAME):
            self._default_geometry()

    def _default_geometry(self) -> None:
        """First start: fill a laptop screen (maximised up to 1440×900), else a comfortable size."""
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.width() <= 1440 or available.height() <= 900:
            self.resize(available.size() if available is not None else QSize(1280, 800))
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(1280, 800)

    # -- tabs ---------------------------------------------------------------------------------------
    def build_tabs(self) -> None:
        """Create every tab (again, after a restore replaced the portfolio)."""
        current = self.tabs.currentIndex()
        self.clear_tabs()
        for key, title, package in TABS:
            widget = create_tab(self.ctx, key, package)
            widget.setProperty("tabKey", key)
            self.tabs.addTab(widget, _(title))
        saved = self.ctx.settings.value("window/main/tab", 0)
        try:
            index = current if current >= 0 else int(saved)
        except (TypeError, ValueError):
            index = 0
        self.tabs.setCurrentIndex(min(max(index, 0), self.tabs.count() - 1))

    def clear_tabs(self) -> None:
        """Remove and delete every tab (a tab may offer ``retire()`` to drop late results first)."""
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            flush_layout(widget)
            retire = getattr(widget, "retire", None)
            if callable(retire):
                retire()
            widget.deleteLater()

    def tab(self, key: str) -> QWidget | None:
        """The tab widget with this key (``partners``, ``visits``...)."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if widget.property("tabKey") == key:
                return widget
        return None

    def show_tab(self, key: str) -> QWidget | None:
        """Bring a tab to the front and return it."""
        widget = self.tab(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
        return widget

    # -- menus --------------------------------------------------------------------------------------
    def _action(
        self, key: str, text: str, shortcut: QKeySequence | str | None = None, tip: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self.actions_[key] = action
        return action

    def _menu(self, title: str, name: str) -> QMenu:
        menu = self.menuBar().addMenu(title)
        menu.setObjectName(name)
        menu.setAccessibleName(title.replace("&", ""))
        return menu

    def _build_menus(self) -> None:
        self.menuBar().setAccessibleName(_("Menu bar"))
        a = self._action
        file_menu = self._menu(_("&File"), "menuFile")
        file_menu.addAction(
            a("new_partner", _("&New partner…"), QKeySequence.StandardKey.New, _("Add a partner to the portfolio"))
        )
        file_menu.addAction(
            a("import", _("&Import…"), "Ctrl+I", _("Import partners, contacts or revenue from a spreadsheet"))
        )
        file_menu.addAction(a("export", _("&Export…"), "Ctrl+E", _("Export the partner list to a spreadsheet")))
        file_menu.addSeparator()
        file_menu.addAction(a("review_pack", _("Review &pack…"), QKeySequence.StandardKey.Print,
                              _("Build, preview and print the review pack of the partner shown or of the list")))
        file_menu.addAction(a("day_sheet", _("Visit &day sheet…"), "Ctrl+Shift+P",
                              _("Build, preview and print my visits of a day, to take along")))
        file_menu.addSeparator()
        file_menu.addAction(a("backup", _("&Back up now"), None, _("Make a copy of the database now")))
        file_menu.addAction(a("restore", _("&Restore…"), None, _("Replace the data with a backup")))
        file_menu.addSeparator()
        file_menu.addAction(a("quit", _("&Quit"), QKeySequence.StandardKey.Quit, _("Close PRM Desktop")))
        edit_menu = self._menu(_("&Edit"), "menuEdit")
        undo = a("undo", _("&Undo"), QKeySequence.StandardKey.Undo, _("Undo the last change"))
        undo.setEnabled(False)
        edit_menu.addAction(undo)
        edit_menu.addSeparator()
        edit_menu.addAction(
            a("find", _("&Find a partner"), QKeySequence.StandardKey.Find, _("Search the partner list"))
        )
        edit_menu.addAction(a("search_all", _("Search &everything…"), "Ctrl+Shift+F",
                              _("Search partners, contacts, notes, people, visit reports and actions")))  # fmt: skip
        edit_menu.addSeparator()
        edit_menu.addAction(a("settings", _("&Settings…"), "Ctrl+,", _("Language, profile, data folder, backups")))
        view_menu = self._menu(_("&View"), "menuView")
        for number, (key, title, _package) in enumerate(TABS, start=1):
            view_menu.addAction(a(f"tab_{key}", _(title), f"Ctrl+{number}"))
        view_menu.addSeparator()
        view_menu.addAction(a("refresh", _("&Refresh"), QKeySequence.StandardKey.Refresh, _("Read the data again")))
        help_menu = self._menu(_("&Help"), "menuHelp")
        help_menu.addAction(a("about", _("&About PRM Desktop")))
        help_menu.addAction(
            a(
                "open_data_folder",
                _("Open the &data folder"),
                None,
                _("Show the folder holding the database, backups and logs"),
            )
        )
        help_menu.addAction(
            a(
                "report_problem",
                _("&Report a problem…"),
                None,
                _("Write a zip of the logs to send to support (your data is not included)"),
            )
        )

    # -- events -------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def save_layout(self) -> None:
        """Remember geometry, the current tab, splitters and columns."""
        save_window(self.ctx.settings, self, WINDOW_NAME)
        self.ctx.settings.setValue("window/main/tab", self.tabs.currentIndex())
        flush_layout(self)
        self.ctx.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        from prm_desktop.ui.pending_writes import defer_close_for_writes

        if defer_close_for_writes(self, self.ctx.tasks, event):
            return
        self.save_layout()
        self.closing.emit()
        super().closeEvent(event)
