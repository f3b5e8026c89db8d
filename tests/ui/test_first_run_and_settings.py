"""First-run welcome and the settings dialog, end to end through the widgets."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import QTime

from prm_desktop import config
from prm_desktop.domain.i18n import get_language
from prm_desktop.services import demo
from prm_desktop.services.profile import get_profile
from prm_desktop.ui.layout_memory import (
    KEY_BACKUP_DAILY,
    KEY_BACKUP_KEEP,
    KEY_DATA_DIR,
    open_settings,
    read_bool,
    read_int,
)
from prm_desktop.ui.settings import SettingsController
from tests.ui.conftest import prepare_portfolio


def test_first_run_asks_language_and_profile_then_opens_an_empty_portfolio(make_shell, qtbot) -> None:
    shell = make_shell(lang=None)
    shell.start()
    welcome = shell.welcome
    assert welcome is not None and welcome.isVisible() and shell.window is None
    welcome.language.setCurrentIndex(welcome.language.findData("fr"))
    assert get_language() == "fr"
    assert welcome.windowTitle() == "Bienvenue dans PRM Desktop"
    assert "Charger un portefeuille" in welcome.demo.text()
    welcome.empty.click()  # no name yet: stays open with the message under the field
    assert welcome.isVisible() and shell.window is None
    assert not welcome.form.errors["name"].isHidden()
    assert "obligatoire" in welcome.form.errors["name"].text()
    qtbot.keyClicks(welcome.form.name, "Claire Martin")
    welcome.form.company.setText("Logiciels Atlas")
    welcome.form.days[5].setChecked(True)  # works on Saturdays
    welcome.form.start.setTime(QTime(8, 30))
    welcome.empty.click()
    qtbot.waitUntil(lambda: not welcome.isVisible(), timeout=30000)  # the profile is written by the write queue
    assert shell.window is not None and shell.window.isVisible()
    assert shell.window.tabs.tabText(1).replace("&", "") == "Visites"
    profile = get_profile(shell.ctx.app.uow)
    assert profile.first_run_done and profile.name == "Claire Martin" and profile.language == "fr"
    assert profile.working_days == (1, 2, 3, 4, 5, 6) and profile.work_start == time(8, 30)
    assert profile.me_member_id is not None


def test_first_run_demo_choice_loads_the_demo_in_the_background(make_shell, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(demo, "DEMO_PARTNERS", 12)
    shell = make_shell()
    shell.start()
    shell.welcome.form.name.setText("Claire Martin")
    shell.welcome.demo.click()
    qtbot.waitUntil(lambda: shell.controller is not None, timeout=30000)  # once the profile is written
    controller = shell.controller
    assert controller is not None
    qtbot.waitUntil(lambda: not shell.ctx.tasks.running(), timeout=60000)
    window = shell.window
    qtbot.waitUntil(lambda: "12 partners" in window.status.database.text(), timeout=5000)
    qtbot.waitUntil(lambda: window.actions_["undo"].isEnabled(), timeout=5000)
    assert "Demo portfolio" in window.actions_["undo"].text()
    assert "Demo portfolio loaded" in window.status.currentMessage()


def test_closing_the_welcome_opens_the_window_and_asks_again_next_time(make_shell, data_dir) -> None:
    shell = make_shell()
    shell.start()
    shell.welcome.reject()
    assert shell.window is not None and shell.window.isVisible()
    assert not get_profile(shell.ctx.app.uow).first_run_done


def _settings(shell):
    dialog = shell.controller.open_settings()
    controller = dialog.findChild(SettingsController)
    return dialog, controller


def test_settings_round_trip(make_shell, data_dir, tmp_path, qtbot) -> None:
    prepare_portfolio(data_dir, demo=False)
    shell = make_shell()
    shell.start()
    dialog, controller = _settings(shell)
    assert dialog.isVisible()
    assert dialog.profile.name.text() == "Claire Martin"
    assert dialog.folder.text() == str(data_dir)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert not dialog.language_note.isHidden()  # applies after a restart, and says so
    dialog.profile.name.setText("Claire Martin-Dubois")
    dialog.profile.email.setText("claire@atlas.example")
    dialog.profile.company.setText("Atlas SA")
    dialog.profile.days[4].setChecked(False)
    dialog.profile.end.setTime(QTime(17, 0))
    dialog.daily.setChecked(False)
    dialog.keep.setValue(4)
    new_folder = tmp_path / "elsewhere"
    controller.choose = lambda _parent, _start: str(new_folder)
    dialog.choose_folder.click()
    assert dialog.folder.text() == str(new_folder)
    assert dialog.copy_portfolio.isChecked() and dialog.folder_warning.isHidden()
    with qtbot.waitSignal(controller.saved, timeout=5000) as saved:
        dialog.ok.click()
    assert not dialog.isVisible()
    assert "after a restart" in saved.args[0] and "next start" in saved.args[0]
    shell.ctx.tasks.wait()
    qtbot.waitUntil(lambda: (new_folder / "prm.sqlite3").exists(), timeout=5000)
    assert config.saved_data_dir() == new_folder  # the CLI opens it too
    assert get_language() == "en"  # the running window keeps its language
    profile = get_profile(shell.ctx.app.uow)
    assert (profile.name, profile.email, profile.company_name) == (
        "Claire Martin-Dubois",
        "claire@atlas.example",
        "Atlas SA",
    )
    assert profile.working_days == (1, 2, 3, 4) and profile.work_end == time(17, 0) and profile.language == "fr"
    assert not read_bool(shell.ctx.settings, KEY_BACKUP_DAILY, True)
    assert read_int(shell.ctx.settings, KEY_BACKUP_KEEP, 10) == 4

    again, _controller = _settings(shell)
    assert again.profile.name.text() == "Claire Martin-Dubois"
    assert again.language.currentData() == "fr" and again.keep.value() == 4 and not again.daily.isChecked()
    assert not again.profile.days[4].isChecked()
    again.reject()


def test_settings_errors_stay_inline(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, demo=False)
    shell = make_shell()
    shell.start()
    dialog, _controller = _settings(shell)
    dialog.profile.name.clear()
    dialog.profile.email.setText("not an address")
    dialog.profile.start.setTime(QTime(18, 0))
    dialog.profile.end.setTime(QTime(9, 0))
    dialog.pages.setCurrentIndex(1)
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 0 and dialog.ok.isEnabled(), timeout=5000)
    assert dialog.isVisible()
    for field in ("name", "email", "work_end"):
        assert not dialog.profile.errors[field].isHidden(), field
    assert get_profile(shell.ctx.app.uow).name == "Claire Martin"
    dialog.reject()


def test_settings_warn_about_cloud_folders(make_shell, data_dir, tmp_path) -> None:
    prepare_portfolio(data_dir, demo=False)
    shell = make_shell()
    shell.start()
    dialog, controller = _settings(shell)
    controller.set_folder(Path(tmp_path / "Dropbox" / "PRM"))
    assert not dialog.folder_warning.isHidden()
    assert "cloud" in dialog.folder_warning.text()
    controller.set_folder(data_dir)
    assert dialog.folder_warning.isHidden() and dialog.copy_portfolio.isHidden()
    dialog.reject()


def test_data_folder_chosen_in_settings_is_opened_next_time(make_shell, tmp_path) -> None:
    chosen = tmp_path / "chosen"
    prepare_portfolio(chosen, demo=False)
    config.save_data_dir(chosen)
    shell = make_shell(default_folder=True)
    shell.start()
    assert shell.ctx.app.paths.data_dir == chosen and not shell.explicit_folder
    assert shell.missing_folder is None


def test_a_folder_chosen_by_an_older_version_moves_to_the_shared_config(make_shell, tmp_path) -> None:
    chosen = tmp_path / "chosen"
    prepare_portfolio(chosen, demo=False)
    legacy = open_settings(config.default_paths().settings_file)
    legacy.setValue(KEY_DATA_DIR, str(chosen))
    legacy.sync()
    shell = make_shell(default_folder=True)
    shell.start()
    assert shell.ctx.app.paths.data_dir == chosen
    assert config.saved_data_dir() == chosen
    assert open_settings(config.default_paths().settings_file).value(KEY_DATA_DIR) is None


def test_a_missing_chosen_folder_falls_back_to_the_default_and_says_so(make_shell, tmp_path) -> None:
    config.save_data_dir(tmp_path / "unplugged-usb-drive")
    shell = make_shell(default_folder=True)
    shell.start()
    assert shell.missing_folder == str(tmp_path / "unplugged-usb-drive")
    assert not (tmp_path / "unplugged-usb-drive").exists()
    assert str(shell.ctx.app.paths.data_dir).startswith(str(tmp_path / "xdg"))


def test_after_a_command_line_demo_the_welcome_asks_only_the_profile_and_undo_offers_the_demo(
    make_shell, data_dir, qtbot
) -> None:
    from prm_desktop.cli import main

    assert main(["--data-dir", str(data_dir), "demo", "--partners", "6"]) == 0
    shell = make_shell()
    shell.start()
    welcome = shell.welcome
    assert welcome is not None and welcome.isVisible()
    assert welcome.demo.isHidden() and welcome.import_.isHidden() and welcome.empty.isHidden()
    assert not welcome.continue_.isHidden() and "already holds partners" in welcome.intro.text()
    welcome.form.name.setText("Claire Martin")
    welcome.continue_.click()
    qtbot.waitUntil(lambda: not welcome.isVisible(), timeout=30000)
    assert shell.window is not None and shell.window.isVisible()
    assert get_profile(shell.ctx.app.uow).first_run_done
    undo = shell.window.actions_["undo"]
    qtbot.waitUntil(undo.isEnabled, timeout=5000)
    assert "Demo portfolio (6 partners)" in undo.text()


def test_the_welcome_and_the_command_line_load_demos_of_the_same_size() -> None:
    from prm_desktop.cli import build_parser

    args = build_parser().parse_args(["demo"])
    assert args.partners == demo.DEMO_PARTNERS


def test_settings_save_goes_through_the_write_queue(make_shell, data_dir, qtbot) -> None:
    prepare_portfolio(data_dir, demo=False)
    shell = make_shell()
    shell.start()
    dialog, controller = _settings(shell)
    dialog.profile.name.setText("Claire Martin-Dubois")
    dialog.keep.setValue(3)
    with qtbot.waitSignal(controller.saved, timeout=5000):
        dialog.ok.click()
        assert [task.label for task in shell.ctx.tasks.writes_pending()] == ["Saving the settings"]
        assert not dialog.ok.isEnabled()  # no second save while the first one runs
    assert not shell.ctx.tasks.writes_pending() and not dialog.isVisible()
    assert get_profile(shell.ctx.app.uow).name == "Claire Martin-Dubois"
    assert read_int(shell.ctx.settings, KEY_BACKUP_KEEP, 10) == 3
