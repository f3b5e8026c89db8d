"""Our own database errors read as plain sentences in the error dialog; details keep the traceback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from prm_desktop.storage.faults import DatabaseBusyError
from prm_desktop.ui.errors import ErrorReporter

BUSY = "The portfolio is busy: another window is writing to it. Try again in a moment."


@pytest.fixture
def reporter(qapp):
    reporter = ErrorReporter()
    reporter.install()
    yield reporter
    reporter.uninstall()
    if reporter.dialog is not None:
        reporter.dialog.close()


def _busy() -> None:
    raise DatabaseBusyError(BUSY)


def _foreign() -> None:
    raise KeyError("partner")


@pytest.mark.qt_no_exception_capture
def test_a_database_error_shows_only_its_message(reporter, qtbot) -> None:
    QTimer.singleShot(0, _busy)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    dialog = reporter.dialog
    assert dialog.summary.text() == BUSY
    details = dialog.details.toPlainText()
    assert "Traceback" in details and "DatabaseBusyError" in details and "_busy" in details


@pytest.mark.qt_no_exception_capture
def test_other_errors_still_name_their_class(reporter, qtbot) -> None:
    QTimer.singleShot(0, _foreign)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    assert reporter.dialog.summary.text() == "KeyError: 'partner'"
