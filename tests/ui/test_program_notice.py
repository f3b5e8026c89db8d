"""A portfolio still on the first shipped default program hears about the corrected one in the window too."""

from __future__ import annotations

from pathlib import Path

from prm_desktop.bootstrap import open_app
from prm_desktop.services import programs
from tests.ui.conftest import finish_first_run

OLD_DEFAULT = Path(__file__).resolve().parents[1] / "data" / "default_program_v1.toml"


def _portfolio_on_the_old_default(data_dir: Path) -> None:
    app = open_app(data_dir, seed_program=False)
    try:
        programs.import_program(app.uow, OLD_DEFAULT.read_text("utf-8"))
        finish_first_run(app.uow)
    finally:
        app.close()


def test_the_window_says_once_that_a_corrected_default_program_exists(make_shell, data_dir, qtbot) -> None:
    _portfolio_on_the_old_default(data_dir)
    shell = make_shell()
    shell.start()
    window = shell.window
    qtbot.waitUntil(lambda: shell.controller.program_notice.box is not None, timeout=5000)
    notice = shell.controller.program_notice.box
    assert notice.isVisible() and not notice.isModal()
    assert "vendor-2026-v2" in notice.text() and "stays active" in notice.text()
    assert "vendor-2026-v2" in window.status.currentMessage()
    notice.close()

    from prm_desktop.ui.program_notice import ProgramNotice

    window.status.clearMessage()
    again = ProgramNotice(window, shell.ctx)  # as at the next start: the status bar only, no box
    again.check()
    qtbot.waitUntil(lambda: "vendor-2026-v2" in window.status.currentMessage(), timeout=5000)
    assert again.box is None


def test_no_notice_on_the_current_default(make_shell, data_dir, qapp) -> None:
    from tests.ui.conftest import prepare_portfolio

    prepare_portfolio(data_dir, demo=False)
    shell = make_shell()
    shell.start()
    assert shell.ctx.tasks.wait()
    qapp.processEvents()  # the notice's read reports back
    assert shell.controller.program_notice.box is None
    assert "vendor-2026" not in shell.window.status.currentMessage()
