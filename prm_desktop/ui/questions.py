"""Plain modal questions (a modal loop cannot be driven by tests: callers keep theirs replaceable)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["ask_yes_no"]


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """Ask a yes/no question in a modal box; No is the default answer."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
