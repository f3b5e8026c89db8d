"""The GUI checks integrity after the first paint, offers the newest good backup when damaged (even
when the database cannot be opened at all), restores safely, and survives a damaged drafts file."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog

from prm_desktop.bootstrap import open_app
from prm_desktop.services import maintenance
from prm_desktop.services.drafts import open_drafts
from prm_desktop.services.listings import count_partners
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.storage.database import DatabaseCorruptError
from tests.storage.damage import damage_table, quick_check_ok
from tests.storage.test_backup_integrity import HOLD_OPEN
from tests.ui.conftest import DEMO_PARTNERS, prepare_portfolio


def _portfolio_with_a_backup(data_dir) -> None:
    prepare_portfolio(data_dir, demo=True)
    app = open_app(data_dir)
    try:
        maintenance.backup_now(app.db, app.paths.backup_dir)
    finally:
        app.close()


def test_damage_found_after_the_first_paint_offers_the_newest_good_backup(make_shell, data_dir, qtbot) -> None:
    _portfolio_with_a_backup(data_dir)
    damage_table(data_dir / "prm.sqlite3", "contacts")
    shell = make_shell()
    shell.start()
    actions = shell.controller.maintenance
    qtbot.waitUntil(lambda: actions.damaged_dialog is not None, timeout=20000)
    report = shell.ctx.app.integrity.report
    assert report.damaged and report.good_backup is not None
    dialog = actions.damaged_dialog
    assert dialog is not None and dialog.isVisible()
    assert "is damaged" in dialog.message.text() and dialog.restore.isEnabled()
    with pytest.raises(DatabaseCorruptError):  # writes are refused until a good backup is back
        save_profile(shell.ctx.app.uow, Profile(name="Claire Dubois"))
    with qtbot.waitSignal(actions.restored, timeout=20000):
        dialog.restore.click()
    assert quick_check_ok(data_dir / "prm.sqlite3")
    assert len(list(data_dir.glob("prm-damaged-*.sqlite3"))) == 1
    assert "kept aside" in shell.window.status.currentMessage()
    assert count_partners(shell.ctx.app.uow) == DEMO_PARTNERS
    save_profile(shell.ctx.app.uow, Profile(name="Claire Dubois"))


def test_a_database_that_cannot_be_opened_offers_the_good_backup_without_opening_it(make_shell, data_dir,
                                                                                      qtbot) -> None:
    from prm_desktop.ui.maintenance_actions import recover_damaged_portfolio

    _portfolio_with_a_backup(data_dir)
    damage_table(data_dir / "prm.sqlite3", "alembic_version")
    with pytest.raises(DatabaseCorruptError) as refused:
        make_shell()
    shown = []

    def answer(dialog: QDialog) -> int:
        shown.append(dialog.message.text())
        assert dialog.restore.isEnabled()
        return QDialog.DialogCode.Accepted

    assert recover_damaged_portfolio(data_dir, str(refused.value), run=answer)
    assert "damaged" in shown[0]
    assert len(list(data_dir.glob("prm-damaged-*.sqlite3"))) == 1
    shell = make_shell()
    shell.start()
    assert count_partners(shell.ctx.app.uow) == DEMO_PARTNERS


def test_restore_from_the_window_is_refused_while_another_process_has_the_portfolio(make_shell, data_dir,
                                                                                    qtbot) -> None:
    _portfolio_with_a_backup(data_dir)
    shell = make_shell()
    shell.start()
    actions = shell.controller.maintenance
    backup = maintenance.list_backups(data_dir / "backups")[0].path
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(data_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        actions.restore(backup)
        qtbot.waitUntil(lambda: actions.error_box is not None, timeout=20000)
        assert "open in another PRM Desktop window or command" in actions.error_box.text()
        assert actions.error_box.isVisible()
    finally:
        holder.communicate("\n", timeout=60)
    assert [b.reason for b in maintenance.list_backups(data_dir / "backups")] == ["manual"]
    assert count_partners(shell.ctx.app.uow) == DEMO_PARTNERS  # the window reopened its portfolio


def test_a_damaged_drafts_file_is_set_aside_and_the_app_still_starts(make_shell, data_dir) -> None:
    prepare_portfolio(data_dir, demo=False)
    drafts = open_drafts(data_dir / "drafts.sqlite3")
    for i in range(40):
        drafts.save(f"note:new:{i}", "Compte rendu de visite " * 20, "Note")
    drafts.close()
    damage_table(data_dir / "drafts.sqlite3", "drafts")
    shell = make_shell()
    shell.start()
    assert shell.window.isVisible()
    assert len(list(data_dir.glob("drafts-damaged-*.sqlite3"))) == 1
    shell.ctx.drafts.save("note:new:x", "Bonjour")
    assert shell.ctx.drafts.load("note:new:x").text == "Bonjour"


def test_a_drafts_file_that_is_not_a_database_is_set_aside(tmp_path) -> None:
    path = tmp_path / "drafts.sqlite3"
    path.write_bytes(b"this is not an SQLite file at all" * 100)
    drafts = open_drafts(path)
    drafts.save("note:1", "Texte")
    assert drafts.load("note:1").text == "Texte"
    drafts.close()
    assert [p.read_bytes()[:8] for p in tmp_path.glob("drafts-damaged-*.sqlite3")] == [b"this is "]


def test_a_read_only_folder_is_explained_in_a_dialog(data_dir) -> None:
    from prm_desktop.ui.app import open_shell
    from tests.storage.test_fault_messages import read_only

    prepare_portfolio(data_dir, demo=False)
    shown: list[str] = []
    with read_only(data_dir):
        assert open_shell(str(data_dir), "en", shown.append) is None
    assert len(shown) == 1 and "cannot write in the folder" in shown[0] and str(data_dir) in shown[0]
    assert "Traceback" not in shown[0] and "restore" not in shown[0]


def test_back_up_now_on_a_damaged_database_is_refused_in_a_dialog(make_shell, data_dir, qtbot) -> None:
    _portfolio_with_a_backup(data_dir)
    damage_table(data_dir / "prm.sqlite3", "contacts")
    shell = make_shell()
    shell.start()
    actions = shell.controller.maintenance
    qtbot.waitUntil(lambda: actions.damaged_dialog is not None, timeout=20000)
    actions.damaged_dialog.reject()
    shell.window.actions_["backup"].trigger()
    qtbot.waitUntil(lambda: actions.error_box is not None, timeout=20000)
    assert "No backup was made" in actions.error_box.text()
    assert [b.reason for b in maintenance.list_backups(data_dir / "backups")] == ["manual"]
