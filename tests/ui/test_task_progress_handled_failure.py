"""A background task whose failure its caller handles leaves the status bar's progress like any other."""

from __future__ import annotations


def test_a_failed_task_handled_by_its_caller_leaves_the_status_bar(ui_ctx, qtbot) -> None:
    from prm_desktop.ui.status_bar import StatusBar

    bar = StatusBar(ui_ctx.tasks)
    qtbot.addWidget(bar)
    bar.show()
    handled: list[str] = []

    def fail(_progress) -> None:
        raise ValueError("wrong password")

    with qtbot.waitSignal(ui_ctx.tasks.idle, timeout=10000):
        ui_ctx.tasks.run("Signing in", fail, on_error=lambda exc, _trace: handled.append(str(exc)))
    assert handled == ["wrong password"]
    assert bar.tasks.isHidden()
