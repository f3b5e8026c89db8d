"""Fixtures of the desktop shell tests: isolated user folders and settings, a UI context, a shell."""

from __future__ import annotations

from pathlib import Path

import pytest

DEMO_PARTNERS = 24


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs (default settings file, data folder pointer) point into the test's folder."""
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / "xdg" / var.lower()))
    monkeypatch.delenv("PRM_DATA_DIR", raising=False)
    monkeypatch.delenv("PRM_BENCH_REPORT", raising=False)


@pytest.fixture(autouse=True)
def _qt_in_english(qapp):
    """Qt's own texts back to English after each test."""
    yield
    from prm_desktop.ui.translations import install_qt_translations

    install_qt_translations("en")


@pytest.fixture
def ui_ctx(app_ctx, qapp):
    """A UI context on the test's portfolio; background tasks are joined at teardown."""
    from prm_desktop.services.drafts import open_drafts
    from prm_desktop.ui.context import AppSignals, UiContext
    from prm_desktop.ui.layout_memory import open_settings
    from prm_desktop.ui.tasks import TaskRunner

    ctx = UiContext(
        app=app_ctx,
        tasks=TaskRunner(),
        settings=open_settings(app_ctx.paths.settings_file),
        signals=AppSignals(),
        drafts=open_drafts(app_ctx.paths.drafts),
    )
    yield ctx
    ctx.tasks.cancel_all()
    assert ctx.tasks.wait(30000)
    qapp.processEvents()
    ctx.drafts.close()


def make_demo(uow, partners: int = DEMO_PARTNERS) -> object:
    """A small demo portfolio (one undoable batch)."""
    from prm_desktop.services.demo import generate_demo

    return generate_demo(uow, partners=partners, seed=7)


def finish_first_run(uow, name: str = "Claire Martin") -> None:
    """Store a profile so that the main window opens directly."""
    from prm_desktop.services.profile import Profile, save_profile

    save_profile(uow, Profile(name=name, company_name="Logiciels Atlas"), first_run_done=True)


def prepare_portfolio(data_dir: Path, demo: bool = True, partners: int = DEMO_PARTNERS) -> None:
    """Finish the first run (and add a demo portfolio) before a shell opens the folder."""
    from prm_desktop.bootstrap import open_app

    app = open_app(data_dir)
    try:
        finish_first_run(app.uow)
        if demo:
            make_demo(app.uow, partners)
    finally:
        app.close()


@pytest.fixture
def make_shell(data_dir: Path, qapp):
    """Build shells on the test's data folder; each is shut down (tasks joined) at teardown."""
    from prm_desktop.ui.app import Shell

    shells: list[Shell] = []

    def build(lang: str | None = "en", install_hooks: bool = False, default_folder: bool = False) -> Shell:
        shell = Shell(None if default_folder else data_dir, lang, install_hooks=install_hooks)
        shells.append(shell)
        return shell

    yield build
    for shell in shells:
        for widget in (shell.window, shell.welcome):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        shell.shutdown()
    qapp.processEvents()
