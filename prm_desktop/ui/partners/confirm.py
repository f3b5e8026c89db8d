"""Yes/no questions of the Partners tab, behind a function tests can replace.

Qt's modal message boxes run their own event loop, which tests cannot drive; every widget of the tab
asks through a ``ConfirmFn`` given to it, so tests pass ``lambda title, text: True``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["ConfirmFn", "message_box_confirm"]

#: ``confirm(title, text) -> True when the user said yes``.
ConfirmFn = Callable[[str, str], bool]


def message_box_confirm(parent: QWidget | None) -> ConfirmFn:
    """A ``ConfirmFn`` asking with a message box over ``parent`` (No is the default button)."""

    def confirm(title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    return confirm
