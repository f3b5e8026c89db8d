"""Edit › Undo, File › Back up now and Restore…, the daily backup, Help menu actions."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import QUrl

from prm_desktop.services.listings import count_partners
from prm_desktop.services.maintenance import list_backups
from prm_desktop.services.profile import Profile, get_profile, save_profile
from tests.ui.conftest import DEMO_PARTNERS, make_demo, prepare_portfolio


def _shell(make_shell, data_dir, demo=True):
    prepare_portfolio(data_dir, demo=demo)
    shell = make_shell()
    shell.start()
    return shell


def test_undo_reverts_the_last_change_and_says_so(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    controller, window = shell.controller, shell.window
    save_profile(shell.ctx.app.uow, Profile(name="Claire Dubois"))
    shell.ctx.changed("profile")
    qtbot.waitUntil(lambda: "Edit my profile" in window.actions_["undo"].text(), timeout=3000)
    asked = []
    controller.confirm = lambda *args: asked.append(args) or True
    with qtbot.waitSignal(controller.undone, timeout=10000):
        window.actions_["undo"].trigger()
    assert not asked  # a small change is undone without a question
    assert get_profile(shell.ctx.app.uow).name == "Claire Martin"
    assert window.status.currentMessage() == "Undone: Edit my profile."


def test_undo_of_a_big_batch_asks_first(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir)
    controller, uow = shell.controller, shell.ctx.app.uow
    controller.confirm = lambda *_args: False
    assert not controller.undo()
    assert count_partners(uow) == DEMO_PARTNERS
    controller.confirm = lambda *_args: True
    with qtbot.waitSignal(controller.undone, timeout=20000):
        assert controller.undo()
    assert count_partners(uow) == 0
    assert "Demo portfolio" in shell.window.status.currentMessage()
    qtbot.waitUntil(lambda: "0 partners" in shell.window.status.database.text(), timeout=5000)


def test_nothing_to_undo(make_shell, data_dir) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    controller = shell.controller
    controller.confirm = lambda *_args: True
    while controller.undo():  # the profile of the first run
        shell.ctx.tasks.wait()
        shell.qapp.processEvents()
    assert shell.window.status.currentMessage() == "Nothing to undo."
    assert not shell.window.actions_["undo"].isEnabled()


def test_backup_now_runs_in_the_background_with_progress(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    window, maintenance = shell.window, shell.controller.maintenance
    with qtbot.waitSignal(shell.ctx.tasks.started, timeout=2000):
        with qtbot.waitSignal(maintenance.backed_up, timeout=10000) as done:
            window.actions_["backup"].trigger()
    assert done.args[0].exists()
    assert "Backup written" in window.status.currentMessage()
    assert window.status.tasks.isHidden()
    assert [b.reason for b in list_backups(shell.ctx.app.paths.backup_dir)] == ["manual"]


def test_daily_backup_at_most_once_a_day(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    maintenance = shell.controller.maintenance
    with qtbot.waitSignal(maintenance.backed_up, timeout=10000):
        assert maintenance.daily_backup()
    assert not maintenance.daily_backup()
    assert [b.reason for b in list_backups(shell.ctx.app.paths.backup_dir)] == ["daily"]


def test_the_daily_backup_leaves_the_status_bar_to_the_users_own_action(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    window, maintenance = shell.window, shell.controller.maintenance
    shell.ctx.status("Imported 120 partners")  # what the user just did, shown while the daily backup runs
    with qtbot.waitSignal(maintenance.backed_up, timeout=10000):
        assert maintenance.daily_backup()
    assert window.status.currentMessage() == "Imported 120 partners"


def test_restore_replaces_the_data_and_rebuilds_the_tabs(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    maintenance = shell.controller.maintenance
    with qtbot.waitSignal(maintenance.backed_up, timeout=10000):
        maintenance.backup_now()
    make_demo(shell.ctx.app.uow)
    assert count_partners(shell.ctx.app.uow) == DEMO_PARTNERS
    dialog = maintenance.open_restore()
    assert dialog.list.count() == 1 and dialog.restore.isEnabled()
    old_tab = shell.window.tabs.widget(1)
    with qtbot.waitSignal(maintenance.restored, timeout=20000):
        dialog.restore.click()
    assert count_partners(shell.ctx.app.uow) == 0
    assert shell.window.tabs.count() == 4 and shell.window.tabs.widget(1) is not old_tab
    assert "Backup restored" in shell.window.status.currentMessage()
    reasons = sorted(b.reason for b in list_backups(shell.ctx.app.paths.backup_dir))
    assert reasons == ["before-restore", "manual"]
    visits = shell.window.tabs.widget(1)
    with qtbot.waitSignal(visits.loaded, timeout=10000):
        shell.window.tabs.setCurrentIndex(1)
    assert visits.model.rowCount() == 0


def test_help_menu(make_shell, data_dir, qtbot) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    controller, window = shell.controller, shell.window
    opened: list[QUrl] = []
    controller.open_url = lambda url: opened.append(url) or True
    window.actions_["open_data_folder"].trigger()
    assert opened[0].toLocalFile() == str(data_dir)
    window.actions_["about"].trigger()
    assert controller.about_box.isVisible() and "PRM Desktop" in controller.about_box.text()
    controller.about_box.close()
    window.actions_["report_problem"].trigger()
    report = controller.report_dialog
    report.description.setPlainText("The list went blank after an import.")
    report.write_button.click()
    assert report.written is not None and report.written.exists()
    assert str(report.written) in report.result.text()
    with zipfile.ZipFile(report.written) as archive:
        names = archive.namelist()
        assert "versions.txt" in names and "description.txt" in names
        assert any(n.startswith("logs/prm-desktop.log") for n in names)
        assert not any(n.endswith((".sqlite3", "-wal")) for n in names)
        assert "Qt:" in archive.read("versions.txt").decode()
    report.close()


def test_partner_commands_reach_the_partners_tab(make_shell, data_dir) -> None:
    shell = _shell(make_shell, data_dir, demo=False)
    called = []
    shell.ctx.register_command("partners.import", lambda: called.append("import"))
    shell.window.tabs.setCurrentIndex(2)
    shell.window.actions_["import"].trigger()
    assert called == ["import"] and shell.window.tabs.currentIndex() == 0


def test_stale_program_evaluations_are_refreshed_in_the_background(make_shell, data_dir, qtbot) -> None:
    from prm_desktop.services import portfolio, programs

    shell = _shell(make_shell, data_dir, demo=True)
    maintenance, uow = shell.controller.maintenance, shell.ctx.app.uow
    source = programs.get_program_source(uow).replace("Programme partenaires 2026", "Programme 2026 (révisé)")
    programs.import_program(uow, source)
    assert portfolio.evaluations_stale(uow)  # a program change is re-evaluated in the background
    with qtbot.waitSignal(shell.ctx.signals.data_changed, timeout=20000,
                          check_params_cb=lambda what: what == "evaluations"):
        maintenance.refresh_evaluations()  # (or the one the window started itself is running)
    assert not portfolio.evaluations_stale(uow)
    assert not maintenance.refresh_evaluations()


def test_the_undo_action_is_updated_without_a_query_on_the_gui_thread(make_shell, data_dir, qtbot) -> None:
    """After each change the window says what Undo would undo; that read runs off the GUI thread.

    At 100,000 partners the read took 10–20 ms on the GUI thread after every save (longer when the
    file's pages are not in memory), part of the save's GUI stall.
    """
    import threading

    from sqlalchemy import event

    shell = _shell(make_shell, data_dir, demo=False)
    window, engine = shell.window, shell.ctx.app.db.engine
    gui = threading.get_ident()
    on_gui: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        if threading.get_ident() == gui and "batches" in statement:
            on_gui.append(statement)

    save_profile(shell.ctx.app.uow, Profile(name="Claire Dubois"))
    event.listen(engine, "before_cursor_execute", seen)
    try:
        shell.ctx.changed("profile")
        qtbot.waitUntil(lambda: "Edit my profile" in window.actions_["undo"].text(), timeout=5000)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert window.actions_["undo"].isEnabled()
    assert on_gui == []
