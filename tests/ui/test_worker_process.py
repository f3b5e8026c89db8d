"""Heavy work runs in worker processes; GUI writes go one at a time, in order, and survive a close.

Real processes (``spawn``), a real SQLite file and real widgets: import, refresh and demo report the
id of the process they ran in, which is never the GUI's.
"""

from __future__ import annotations

import os
import threading

import pytest
from PySide6.QtWidgets import QProgressDialog

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services import portfolio
from prm_desktop.services.imports.tabular import TableError
from prm_desktop.services.partner_queries import PartnerFilter, count_partners, fetch_partner_rows
from prm_desktop.services.partners import create_partner
from prm_desktop.ui.tasks import TaskRunner
from tests.ui.conftest import prepare_portfolio


class Recorder:
    """Labels and worker process ids of the tasks a runner ran."""

    def __init__(self, tasks: TaskRunner) -> None:
        self.labels: dict[int, str] = {}
        self.pids: dict[str, int] = {}
        tasks.started.connect(lambda task_id, label: self.labels.__setitem__(task_id, label))
        tasks.worker_reported.connect(lambda task_id, pid: self.pids.__setitem__(self.labels.get(task_id, ""), pid))

    def pid_of(self, prefix: str) -> int | None:
        return next((pid for label, pid in self.pids.items() if label.startswith(prefix)), None)


@pytest.fixture
def runner(qapp):
    tasks = TaskRunner()
    yield tasks
    tasks.cancel_all()
    assert tasks.wait(30000)
    qapp.processEvents()


def _open(make_shell, data_dir, demo: bool = True):
    prepare_portfolio(data_dir, demo)
    shell = make_shell()
    shell.start()
    assert shell.window is not None
    return shell


def test_a_job_runs_in_another_process_without_qt(runner, qtbot) -> None:
    results: list[dict] = []
    reported: list[int] = []
    runner.worker_reported.connect(lambda _id, pid: reported.append(pid))
    with qtbot.waitSignal(runner.finished, timeout=30000):
        task = runner.run_in_process("Probe", "prm_desktop.worker.jobs:probe", (), on_done=results.append)
    [result] = results
    assert result["pid"] != os.getpid()
    assert not result["qt_loaded"]
    assert reported == [result["pid"]] and task.worker_pid == result["pid"]


def test_cancelling_a_worker_job_reports_cancelled(runner, qtbot) -> None:
    progressed: list[int] = []
    runner.progressed.connect(lambda task_id, *_rest: progressed.append(task_id))
    task = runner.run_in_process("Long probe", "prm_desktop.worker.jobs:probe", (60.0,),
                                 on_done=lambda _r: pytest.fail("a cancelled job has no result"))  # fmt: skip
    qtbot.wait(300)
    with qtbot.waitSignal(runner.cancelled, timeout=30000):
        task.progress.cancel()
    assert task.process is not None
    assert task.process.wait(10)
    assert not task.process.process.is_alive()


def test_a_worker_error_comes_back_with_its_type_and_text(runner, qtbot, tmp_path) -> None:
    errors: list[BaseException] = []
    with qtbot.waitSignal(runner.idle, timeout=30000):
        runner.run_in_process("Reading", "prm_desktop.worker.jobs:import_read", (str(tmp_path / "missing.csv"),),
                              on_error=lambda exc, _trace: errors.append(exc))  # fmt: skip
    [error] = errors
    assert isinstance(error, TableError)  # the service's own exception, as the wizard expects it
    assert "missing.csv" in str(error)


def test_demo_and_refresh_run_in_worker_processes(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    recorder = Recorder(shell.ctx.tasks)
    maintenance = shell.controller.maintenance
    with qtbot.waitSignal(shell.ctx.signals.data_changed, timeout=60000,
                          check_params_cb=lambda what: what == "evaluations"):  # fmt: skip
        assert maintenance.load_demo(partners=12)  # then the evaluations are refreshed
    uow = shell.ctx.app.uow
    assert count_partners(uow, PartnerFilter()) == 12
    assert not portfolio.evaluations_stale(uow)
    demo_pid = recorder.pid_of("Loading the demo")
    refresh_pid = recorder.pid_of("Evaluating the portfolio")
    assert demo_pid is not None and demo_pid != os.getpid()
    assert refresh_pid is not None and refresh_pid != os.getpid()


def test_the_import_checks_and_writes_in_worker_processes(make_shell, data_dir, qtbot, samples) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    recorder = Recorder(shell.ctx.tasks)
    tab = shell.window.tabs.widget(0)
    wizard = tab.import_file()
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "checked"):
        wizard.set_file(str(samples / "partenaires_excel_fr.csv"))
    assert wizard.plan.ok and wizard.plan.pid != os.getpid()
    assert os.path.exists(wizard.plan.plan_file)  # the plan stays on disk, not in the GUI
    plan_file = wizard.plan.plan_file
    with qtbot.waitSignal(wizard.step_done, timeout=30000, check_params_cb=lambda s: s == "imported"):
        wizard.next_button.click()
    assert not os.path.exists(plan_file)
    assert count_partners(shell.ctx.app.uow, PartnerFilter()) > 0
    for step in ("Reading", "Checking", "Importing"):
        pid = recorder.pid_of(step)
        assert pid is not None and pid != os.getpid(), step


def test_writes_commit_one_at_a_time_in_submission_order(runner, qtbot) -> None:
    done: list[int] = []
    running: list[int] = []

    def write(number: int):
        def work(_progress):
            running.append(number)
            assert len(running) == 1, "two writes at once"
            threading.Event().wait(0.002 * (number % 3))
            running.remove(number)
            return number

        return work

    for number in range(20):
        runner.submit_write(f"Write {number}", write(number), on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 20, timeout=30000)
    assert done == list(range(20))
    assert not runner.writes_pending()


def _new_partner(qtbot, tab, name: str, city: str) -> None:
    tab.new_partner()
    qtbot.keyClicks(tab.editor.form.edit("name"), name)
    qtbot.keyClicks(tab.editor.form.edit("city"), city)


def test_two_quick_saves_of_a_new_partner_commit_in_order(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    tasks, uow = shell.ctx.tasks, shell.ctx.app.uow
    tab = shell.window.tabs.widget(0)
    gate = threading.Event()
    tasks.submit_write("Earlier write", lambda _p: gate.wait(20))
    _new_partner(qtbot, tab, "Garonne Conseil", "Bordeaux")
    assert tab.save()
    city = tab.editor.form.edit("city")
    city.clear()
    qtbot.keyClicks(city, "Pau")
    assert tab.save()
    assert len(tasks.writes_pending()) == 3  # both saves wait behind the earlier write
    gate.set()
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=30000)
    [partner] = fetch_partner_rows(uow, PartnerFilter())
    assert (partner.name, partner.city) == ("Garonne Conseil", "Pau")  # one partner, the last save wins
    assert tab.editor.partner_id == partner.id and not tab.editor.is_dirty()


def test_closing_with_a_pending_write_waits_and_loses_nothing(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    tasks, uow = shell.ctx.tasks, shell.ctx.app.uow
    existing = create_partner(uow, PartnerInput(name="Armorique Logiciels", city="Brest"))
    tab = shell.window.tabs.widget(0)
    gate = threading.Event()
    tasks.submit_write("Earlier write", lambda _p: gate.wait(20))
    _new_partner(qtbot, tab, "Jura Alliance", "Dole")
    assert tab.save()
    window = shell.window
    window.close()
    assert window.isVisible()  # still writing: the window waits
    dialog = window.findChild(QProgressDialog, "pendingWritesDialog")
    assert dialog is not None and dialog.isVisible()
    assert "Saving Jura Alliance" in dialog.labelText()
    gate.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30000)
    names = sorted(p.name for p in fetch_partner_rows(uow, PartnerFilter()))
    assert names == ["Armorique Logiciels", "Jura Alliance"]
    assert existing.id


def test_a_job_that_cannot_start_is_reported_and_leaves_no_task(runner, qtbot) -> None:
    errors: list[BaseException] = []
    with qtbot.waitSignal(runner.idle, timeout=30000):
        runner.run_in_process("Unpicklable", "prm_desktop.worker.jobs:probe", (lambda: None,),
                              on_error=lambda exc, _trace: errors.append(exc))  # fmt: skip
    assert len(errors) == 1
    assert not runner.running()


def test_a_save_that_comes_back_after_moving_on_names_its_own_partner(make_shell, data_dir, qtbot) -> None:
    shell = _open(make_shell, data_dir, demo=False)
    tasks, uow = shell.ctx.tasks, shell.ctx.app.uow
    other = create_partner(uow, PartnerInput(name="Armorique Logiciels", city="Brest"))
    tab = shell.window.tabs.widget(0)
    gate = threading.Event()
    tasks.submit_write("Earlier write", lambda _p: gate.wait(20))
    _new_partner(qtbot, tab, "Jura Alliance", "Dole")
    assert tab.save()
    tab.editor.load_partner(other.id)  # the user moves on before the save came back
    gate.set()
    qtbot.waitUntil(lambda: not tasks.writes_pending(), timeout=30000)
    assert shell.window.status.currentMessage() == "Saved Jura Alliance."
    assert tab.editor.title.text() == "Armorique Logiciels" and not tab.editor.is_dirty()
    assert sorted(p.name for p in fetch_partner_rows(uow, PartnerFilter())) == ["Armorique Logiciels", "Jura Alliance"]


def test_a_job_still_runs_when_the_spare_worker_died(runner, qtbot) -> None:
    from prm_desktop.worker import launcher

    with qtbot.waitSignal(runner.finished, timeout=30000):
        runner.run_in_process("Probe", "prm_desktop.worker.jobs:probe", ())
    spare = launcher._spare  # started after the first job, waiting for the next one
    assert spare is not None
    spare.process.kill()
    spare.process.join(10)
    results: list[dict] = []
    with qtbot.waitSignal(runner.finished, timeout=30000):
        runner.run_in_process("Probe again", "prm_desktop.worker.jobs:probe", (), on_done=results.append)
    assert results and results[0]["pid"] not in (os.getpid(), spare.process.pid)


def test_handing_a_job_over_leaves_the_gui_thread_at_once(runner, qtbot, monkeypatch) -> None:
    """Starting a worker process (and the threads reading it) never happens on the GUI thread."""
    import multiprocessing.process

    from prm_desktop.worker import launcher

    launcher.stop_spare()  # no spare: a new process must be started for this job
    gui = threading.get_ident()
    started_on: list[int] = []
    real_process_start = multiprocessing.process.BaseProcess.start
    real_thread_start = threading.Thread.start

    def process_start(self):
        started_on.append(threading.get_ident())
        return real_process_start(self)

    def thread_start(self):
        started_on.append(threading.get_ident())
        return real_thread_start(self)

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", process_start)
    monkeypatch.setattr(threading.Thread, "start", thread_start)
    results: list[dict] = []
    with qtbot.waitSignal(runner.finished, timeout=30000):
        runner.run_in_process("Probe", "prm_desktop.worker.jobs:probe", (), on_done=results.append)
    assert results and results[0]["pid"] != os.getpid()
    assert started_on and gui not in started_on


def test_program_import_and_activation_run_in_a_worker_process(ui_ctx, qtbot, samples, tmp_path) -> None:
    """Activating a program re-evaluates the portfolio: a worker does it; a bad file's errors come back whole."""
    from prm_desktop.services.programs import get_program
    from prm_desktop.ui.competencies.programs import ProgramsPanel

    recorder = Recorder(ui_ctx.tasks)
    uow = ui_ctx.app.uow
    seed = get_program(uow).id
    panel = ProgramsPanel(ui_ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.programs_loaded, timeout=30000):
        panel.refresh()
    with qtbot.waitSignal(panel.programs_loaded, timeout=60000):
        panel.import_file(samples / "program_example.toml")
    assert get_program(uow).id == "example-2026"
    panel.table.selectRow(1)
    with qtbot.waitSignal(panel.programs_loaded, timeout=60000):
        panel.activate_selected()
    assert get_program(uow).id == seed
    for step in ("Importing the program", "Activating the program"):
        pid = recorder.pid_of(step)
        assert pid is not None and pid != os.getpid(), step
    bad = tmp_path / "bad.toml"
    bad.write_text('[program]\nid = "bad"\nname = "Bad"\nvalid_from = 2026-01-01\nrevenue_window_quarters = 4\n\n'
                   '[[tiers]]\nid = "silver"\nname = "Silver"\nrank = 1\nmin_revenue = -5\nmin_competencies = 1\n',
                   encoding="utf-8")  # fmt: skip
    panel.import_file(bad)
    qtbot.waitUntil(lambda: panel.message.text().startswith("⚠"), timeout=30000)
    assert "line 10: tiers[0].min_revenue" in panel.message.text() or "min_revenue" in panel.message.text()
    assert "nothing was imported" in panel.message.text()
    assert recorder.pid_of("Importing the program") != os.getpid()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX niceness (Windows uses a priority class)")
def test_a_worker_runs_below_the_window_priority(runner, qtbot) -> None:
    """On a busy machine the window's thread gets the processor before the heavy work."""
    results: list[dict] = []
    for _ in range(2):  # a new process, then the spare one
        with qtbot.waitSignal(runner.finished, timeout=30000):
            runner.run_in_process("Probe", "prm_desktop.worker.jobs:probe", (), on_done=results.append)
    assert [r["niceness"] for r in results] == [min(19, os.nice(0) + 10)] * 2
