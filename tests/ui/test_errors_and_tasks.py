"""Uncaught errors end in a dialog with "Copy details"; background tasks report progress and cancel."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtGui import QGuiApplication

from prm_desktop.logging_setup import setup_logging
from prm_desktop.ui.errors import ErrorReporter
from prm_desktop.ui.status_bar import StatusBar
from prm_desktop.ui.tasks import Progress, TaskCancelled, TaskRunner


@pytest.fixture
def reporter(tmp_path, qapp):
    log_file = setup_logging(tmp_path / "logs")
    reporter = ErrorReporter(log_file)
    reporter.install()
    yield reporter
    reporter.uninstall()
    if reporter.dialog is not None:
        reporter.dialog.close()
    logging.getLogger().handlers[-1].flush()


def _boom() -> None:
    raise ValueError("the visit has no partner")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_error_dialog(reporter, qtbot) -> None:
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    dialog = reporter.dialog
    assert "ValueError: the visit has no partner" in dialog.summary.text()
    assert dialog.details.isHidden()
    dialog.toggle.click()
    assert not dialog.details.isHidden() and "_boom" in dialog.details.toPlainText()
    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert "ValueError: the visit has no partner" in copied and "Traceback" in copied
    assert dialog.copy.text() == "Copied"
    log_text = reporter.log_file.read_text(encoding="utf-8")
    assert "Uncaught error: ValueError: the visit has no partner" in log_text


@pytest.mark.qt_no_exception_capture
def test_exception_in_another_thread_reaches_the_same_dialog(reporter, qtbot) -> None:
    QTimer.singleShot(0, _boom)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    worker = threading.Thread(target=_boom, name="import-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "import-worker" in reporter.dialog.details.toPlainText(), timeout=3000)
    assert reporter.count == 2
    assert reporter.dialog.summary.text().count("ValueError") == 2


@pytest.mark.qt_no_exception_capture
def test_main_thread_exception_through_excepthook(reporter, qtbot) -> None:
    import sys

    try:
        _boom()
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)


def test_qt_messages_go_to_the_log(reporter, qtbot) -> None:
    qWarning("a warning from Qt itself")
    logging.getLogger().handlers[-1].flush()
    assert "[default] a warning from Qt itself" in reporter.log_file.read_text(
        encoding="utf-8"
    ) or "a warning from Qt itself" in reporter.log_file.read_text(encoding="utf-8")


@pytest.fixture
def runner(qapp):
    tasks = TaskRunner()
    yield tasks
    tasks.cancel_all()
    assert tasks.wait(10000)
    qapp.processEvents()


def test_failed_task_without_handler_reaches_the_error_reporter(runner, reporter, qtbot) -> None:
    runner.failed.connect(lambda _id, exc, trace: reporter.report(exc, trace))
    with qtbot.waitSignal(runner.failed, timeout=5000):
        runner.run("Broken", lambda _p: _boom())
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=3000)
    assert "the visit has no partner" in reporter.dialog.summary.text()


def _slow(progress: Progress) -> str:
    for step in range(200):
        progress.check()
        progress(step, 200, f"step {step}")
        time.sleep(0.01)
    return "finished"


def test_status_bar_shows_progress_and_cancels(runner, qtbot) -> None:
    bar = StatusBar(runner)
    qtbot.addWidget(bar)
    bar.show()
    with qtbot.waitSignal(runner.started, timeout=2000):
        task = runner.run("Generating the demo", _slow)
    assert not bar.tasks.isHidden()
    qtbot.waitUntil(lambda: bar.tasks.bar.maximum() == 200 and bar.tasks.bar.value() > 0, timeout=5000)
    assert bar.tasks.label.text().startswith("Generating the demo — step")
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        bar.tasks.cancel.click()
    assert task.progress.cancelled
    assert bar.tasks.isHidden()


def test_quiet_tasks_stay_out_of_the_status_bar(runner, qtbot) -> None:
    bar = StatusBar(runner)
    qtbot.addWidget(bar)
    bar.show()
    results = []
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.run("Loading", lambda _p: 42, on_done=results.append, quiet=True)
    assert results == [42] and bar.tasks.isHidden()


def test_task_cancelled_error_is_not_a_failure(runner, qtbot) -> None:
    def work(_progress: Progress) -> None:
        raise TaskCancelled

    failures = []
    runner.failed.connect(lambda *args: failures.append(args))
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.run("Nothing", work)
    assert not failures
