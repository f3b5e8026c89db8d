"""Uncaught errors end in a dialog with "Copy details", never in silence; Qt's messages go to the log.

`ErrorReporter.install` hooks ``sys.excepthook`` (main thread and Qt slots: PySide6 hands slot
exceptions to it), ``threading.excepthook`` (other threads) and Qt's message handler. Errors from
any thread are relayed to the GUI thread by a queued signal; one dialog collects them.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.bootstrap import DatabaseError
from prm_desktop.domain.i18n import _

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(mode: QtMsgType, context: object, message: str) -> None:
    """Write one of Qt's own messages to the log."""
    category = getattr(context, "category", None) or "qt"
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "[%s] %s", category, message)


def versions_text() -> str:
    """One line with the versions that matter in a bug report."""
    import platform

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from prm_desktop import __version__

    return (
        f"PRM Desktop {__version__} · Python {sys.version.split()[0]} · Qt {qVersion()} · "
        f"PySide6 {pyside_version} · {platform.platform()}"
    )


class ErrorDialog(QDialog):
    """Says something went wrong, in plain words, with the technical details one click away."""

    def __init__(self, summary: str, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("PRM Desktop — Error"))
        self.setAccessibleName(_("Error"))
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAccessibleName(_("Error icon"))
        title = QLabel("<b>" + _("Something went wrong.") + "</b>")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = _("The details were written to the log ({path}).", path=log_file) if log_file else ""
        help_text = QLabel(
            " ".join(
                filter(
                    None,
                    [
                        where,
                        _(
                            "Your saved data is safe and you can keep working. If it happens again, use "
                            "Help › Report a problem."
                        ),
                    ],
                )
            )
        )
        help_text.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Technical details"))
        self.details.setVisible(False)
        self.toggle = QPushButton(_("Show details"))
        self.toggle.setAccessibleName(_("Show details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle)
        self.copy = QPushButton(_("Copy details"))
        self.copy.setAccessibleName(_("Copy details"))
        self.copy.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        close.setDefault(True)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(self.summary)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(help_text)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.adjustSize()

    def add(self, summary: str, details: str) -> None:
        """Add another error to an open dialog."""
        self.summary.setText(self.summary.text() + "\n" + summary)
        self.details.appendPlainText("\n" + "-" * 60 + "\n" + details)

    def copy_details(self) -> None:
        """Put the summary and details on the clipboard."""
        QGuiApplication.clipboard().setText(self.summary.text() + "\n\n" + self.details.toPlainText())
        self.copy.setText(_("Copied"))

    def _toggle(self, shown: bool) -> None:
        self.details.setVisible(shown)
        if shown:
            self.resize(max(self.width(), 640), max(self.height(), 420))
        else:
            self.adjustSize()
        self.toggle.setText(_("Hide details") if shown else _("Show details"))


def summarize(exc: BaseException) -> str:
    """A one-line description of an exception for the dialog."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def user_summary(exc: BaseException) -> str:
    """What the dialog says: our database errors' own plain message, else `summarize`."""
    if isinstance(exc, DatabaseError) and str(exc).strip():
        return str(exc).strip()  # already a translated sentence for the user (the class is in the details)
    return summarize(exc)


class ErrorReporter(QObject):
    """Logs uncaught errors from every thread and shows them in one dialog on the GUI thread."""

    #: summary, details — emitted from any thread, handled on the GUI thread.
    reported = Signal(str, str)

    def __init__(self, log_file: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: ErrorDialog | None = None
        self.count = 0
        self._previous: tuple[object, object] | None = None
        self.reported.connect(self._show)

    def install(self) -> None:
        """Hook ``sys.excepthook``, ``threading.excepthook`` and Qt's message handler."""
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook
        qInstallMessageHandler(qt_message_handler)

    def uninstall(self) -> None:
        """Put the previous hooks back."""
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None
        qInstallMessageHandler(None)

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """``sys.excepthook``: log, then show (Ctrl+C in a terminal still quits)."""
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        trace = "".join(traceback.format_exception(exc_type, exc, tb))
        self.report(exc, trace)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        """``threading.excepthook``: same as `excepthook` for a thread that died."""
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        trace = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
        name = args.thread.name if args.thread else "?"
        self.report(args.exc_value, _("In thread {name}:", name=name) + "\n" + trace)

    def report(self, exc: BaseException, trace: str) -> None:
        """Log an error and show it (thread-safe; also used for failed background tasks)."""
        try:
            log.error("Uncaught error: %s\n%s", summarize(exc), trace)
            self.count += 1
            self.reported.emit(user_summary(exc), versions_text() + "\n\n" + trace)
        except Exception:  # noqa: BLE001 - never let the error path raise
            sys.__stderr__.write(trace)

    def _show(self, summary: str, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(summary, details)
            return
        parent = QApplication.activeWindow()
        self.dialog = ErrorDialog(summary, details, self.log_file, parent)
        self.dialog.setModal(parent is not None)
        self.dialog.show()
        self.dialog.raise_()
