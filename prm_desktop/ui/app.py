"""GUI entry point: logging and error hooks, the portfolio, the first-run welcome, the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from prm_desktop import __version__
from prm_desktop.bootstrap import DatabaseCorruptError, DatabaseError, explain_fault, open_app
from prm_desktop.config import (
    APP_NAME,
    ORG_NAME,
    DataDirSource,
    choose_data_dir,
    default_paths,
    save_data_dir,
    saved_data_dir,
)
from prm_desktop.domain.i18n import _, _n, set_language, system_language
from prm_desktop.logging_setup import LOG_FILENAME, setup_logging
from prm_desktop.services.drafts import open_drafts
from prm_desktop.services.listings import count_partners
from prm_desktop.services.profile import get_profile
from prm_desktop.ui.context import CMD_IMPORT, AppSignals, UiContext
from prm_desktop.ui.errors import ErrorReporter
from prm_desktop.ui.layout_memory import KEY_DATA_DIR, open_settings
from prm_desktop.ui.main_controller import MainController
from prm_desktop.ui.main_window import MainWindow
from prm_desktop.ui.maintenance_actions import recover_damaged_portfolio
from prm_desktop.ui.tasks import TaskRunner
from prm_desktop.ui.translations import install_qt_translations
from prm_desktop.ui.welcome import CHOICE_DEMO, CHOICE_IMPORT, WelcomeController, WelcomeDialog

log = logging.getLogger(__name__)

#: The daily backup starts this long after the window is shown (start-up stays quick).
DAILY_BACKUP_DELAY_MS = 5000
#: The stored program evaluations are refreshed (when stale) shortly after the window shows.
EVALUATION_DELAY_MS = 1500


def migrate_saved_folder() -> None:
    """Move a data folder chosen in Settings by an older version (Qt settings) to the shared config."""
    legacy = open_settings(default_paths().settings_file)
    folder = legacy.value(KEY_DATA_DIR)
    if not folder:
        return
    if saved_data_dir() is None:
        save_data_dir(str(folder))
    legacy.remove(KEY_DATA_DIR)
    legacy.sync()


def qt_application() -> QApplication:
    """The QApplication (created once, named for QSettings and the window manager)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("prm-desktop")
    from prm_desktop.ui.identity import app_icon

    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


class Shell:
    """The running desktop application: context, welcome or main window, controller, error reporter.

    Args:
        data_dir: Portfolio folder (None: ``PRM_DATA_DIR``, the folder chosen in Settings, or the
            platform's default).
        lang: Language forced on the command line (else the profile's, else the system's).
        install_hooks: Install the global error hooks (tests that check them pass True).

    Raises:
        DatabaseError: The portfolio cannot be opened.
    """

    def __init__(
        self, data_dir: str | os.PathLike[str] | None = None, lang: str | None = None, install_hooks: bool = True
    ) -> None:
        self.qapp = qt_application()
        migrate_saved_folder()
        choice = choose_data_dir(data_dir)
        self.explicit_folder = choice.explicit
        #: The folder chosen in Settings is missing (unplugged drive...): said once the window shows.
        self.missing_folder: str | None = None
        if choice.source is DataDirSource.SETTINGS and not choice.folder.is_dir():
            self.missing_folder = str(choice.folder)
            paths = default_paths().ensure()
        else:
            paths = choice.paths().ensure()
        setup_logging(paths.log_dir)
        log.info("PRM Desktop %s starting on %s", __version__, paths.data_dir)
        self.reporter = ErrorReporter(paths.log_dir / LOG_FILENAME)
        if install_hooks:
            self.reporter.install()
        app = open_app(paths.data_dir, refresh_derived=False)
        self.profile = get_profile(app.uow)
        self.language = lang or self.profile.language or system_language()
        set_language(self.language)
        install_qt_translations(self.language)
        self.ctx = UiContext(
            app=app,
            tasks=TaskRunner(),
            settings=open_settings(paths.settings_file),
            signals=AppSignals(),
            drafts=open_drafts(paths.drafts),
        )
        self.window: MainWindow | None = None
        self.controller: MainController | None = None
        self.welcome: WelcomeDialog | None = None
        self.welcome_controller: WelcomeController | None = None
        #: Called with the main window right after it is built (the start-up bench listens).
        self.window_listeners: list[Callable[[MainWindow], None]] = []

    def start(self) -> None:
        """Show the welcome on first run, else the main window."""
        if self.profile.first_run_done:
            self.show_main()
            return
        # A portfolio filled before the first start (``prm-desktop demo``, an import): profile only.
        self.welcome = WelcomeDialog(self.language, has_data=count_partners(self.ctx.app.uow) > 0)
        self.welcome_controller = WelcomeController(self.welcome, self.ctx.app.uow, on_language=self._language,
                                                    writes=self.ctx.tasks)
        self.welcome_controller.done.connect(self._welcomed)
        self.welcome.show()

    def _language(self, lang: str) -> None:
        self.language = lang
        install_qt_translations(lang)

    def _welcomed(self, choice: str) -> None:
        self.show_main()
        assert self.controller is not None
        if choice == CHOICE_DEMO:
            self.controller.maintenance.load_demo()
        elif choice == CHOICE_IMPORT:
            self.controller.partner_command(CMD_IMPORT, "import_file")

    def show_main(self) -> MainWindow:
        """Build and show the main window, then plan the daily backup."""
        if self.window is None:
            self.window = MainWindow(self.ctx)
            self.controller = MainController(self.window, self.ctx, self.reporter, explicit_folder=self.explicit_folder)
            for listener in self.window_listeners:
                listener(self.window)
        self.window.show()
        QTimer.singleShot(0, self._check_integrity)  # right after the first paint; writes wait for it
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self._daily_backup)
        QTimer.singleShot(EVALUATION_DELAY_MS, self._refresh_evaluations)
        drafts = self.ctx.drafts.pending() if self.ctx.drafts else []
        if self.missing_folder:
            log.warning("Data folder %s not found; the default one was opened", self.missing_folder)
            self.ctx.status(
                _(
                    "The data folder {path} cannot be found; the default folder is open. "
                    "Choose the folder again in Edit › Settings.",
                    path=self.missing_folder,
                )
            )
        elif drafts:
            self.ctx.status(
                _n(
                    "{count} unsaved text was kept; it comes back when you open it again.",
                    "{count} unsaved texts were kept; they come back when you open them again.",
                    len(drafts),
                    count=len(drafts),
                )
            )
        return self.window

    def _check_integrity(self) -> None:
        if self.controller is not None:
            self.controller.maintenance.check_integrity()

    def _refresh_evaluations(self) -> None:
        if self.controller is not None and self.window is not None and self.window.isVisible():
            self.controller.maintenance.refresh_evaluations()

    def _daily_backup(self) -> None:
        if self.controller is not None and self.window is not None and self.window.isVisible():
            self.controller.maintenance.daily_backup()

    def shutdown(self) -> None:
        """Stop background work, close the portfolio and put the error hooks back."""
        if self.controller is not None:
            self.controller.shutdown()
        else:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait(30000)
            if self.ctx.drafts is not None:
                self.ctx.drafts.close()
            self.ctx.app.close()
        self.reporter.uninstall()
        self.window = self.controller = None
        log.info("PRM Desktop stopped")


def open_shell(
    data_dir: str | None,
    lang: str | None,
    show_error: Callable[[str], None],
    recover: Callable[[str | None, str], bool] = recover_damaged_portfolio,
) -> Shell | None:
    """Open the portfolio for the GUI, or explain why not.

    A damaged database offers the newest good backup (``recover``, without opening it) and is opened
    again once restored; any other fault (read-only folder, full disk, newer version...) is shown
    with its own message by ``show_error``.

    Returns:
        The shell, or None when the portfolio cannot be opened.
    """
    for _attempt in range(2):
        try:
            return Shell(data_dir, lang)
        except DatabaseCorruptError as exc:
            log.error("Cannot open the portfolio: %s", exc)
            if not recover(str(choose_data_dir(data_dir).folder), str(exc)):
                return None
        except (DatabaseError, OSError) as exc:
            log.error("Cannot open the portfolio: %s", exc)
            show_error(explain_fault(exc, str(choose_data_dir(data_dir).folder)))
            return None
    return None


def run_gui(data_dir: str | None, lang: str | None = None) -> int:
    """Open the portfolio and show the welcome or the main window; returns the exit code."""
    qapp = qt_application()
    shell = open_shell(data_dir, lang, lambda message: QMessageBox.critical(None, "PRM Desktop", message))
    if shell is None:
        return 1
    _bench_hooks(shell)
    shell.start()
    try:
        return qapp.exec()
    finally:
        shell.shutdown()


def _bench_hooks(shell: Shell) -> None:
    """``PRM_BENCH_REPORT=FILE``: write the first-paint time (and peak memory) there, then quit.

    Used by ``bench/bench_startup.py``; with ``PRM_BENCH_TABS=1`` every tab is shown first.
    """
    report = os.environ.get("PRM_BENCH_REPORT")
    if not report:
        return
    from prm_desktop.ui.bench_probe import BenchProbe

    probe = BenchProbe(Path(report), visit_tabs=os.environ.get("PRM_BENCH_TABS") == "1")
    shell.window_listeners.append(probe.attach)
