"""Form building blocks: a labelled field with its inline error message, and date text helpers.

An error is shown right under the field it is about, in red *and* with a ``⚠`` prefix so colour is
not the only cue; the field itself gets a red border and its accessible description carries the
message for screen readers.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _

__all__ = ["ERROR_STYLE", "FieldBox", "date_text", "line_edit"]

ERROR_STYLE = "color: #b3261e;"
_INVALID_STYLE = "border: 1px solid #b3261e;"


def date_text(value: date | None) -> str:
    """A date as the user types it back (``31/12/2026``), or empty."""
    return format_date(value, style="short") if value else ""


def line_edit(accessible_name: str, placeholder: str = "", max_length: int | None = None) -> QLineEdit:
    """A line edit with an accessible name (and optional placeholder and length limit)."""
    edit = QLineEdit()
    edit.setAccessibleName(accessible_name)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    if max_length:
        edit.setMaxLength(max_length)
    return edit


class FieldBox(QWidget):
    """A field's label, its input widget, and the error message shown below it when there is one.

    Args:
        name: The field's name in the service's errors (``"siren"``).
        label: The visible label (translated).
        widget: The input widget.
        required: Adds `` *`` to the label.
        hint: A short help text shown as tooltip.
    """

    def __init__(self, name: str, label: str, widget: QWidget, required: bool = False,
                 hint: str = "") -> None:
        super().__init__()
        self.name = name
        self.widget = widget
        self.label = QLabel(label + (" *" if required else ""))
        self.label.setBuddy(widget)
        self.error = QLabel()
        self.error.setObjectName(f"error_{name}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName(_("Error for {field}", field=label))
        self.error.hide()
        if not widget.accessibleName():
            widget.setAccessibleName(label)
        if hint:
            widget.setToolTip(hint)
        self._base_style = widget.styleSheet()
        if isinstance(widget, QLineEdit | QComboBox):
            widget.setMinimumHeight(widget.sizeHint().height())  # never squeezed when a message appears
        # Not Fixed: a fixed box is only as tall as its size hint, computed for a guessed width, and
        # clips a message that wraps to more lines at the real width. A growing box gets its height
        # for its width from the grid (the label's heightForWidth); the stretch keeps it top-aligned.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(1)
        layout.addWidget(self.label)
        layout.addWidget(widget)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def set_error(self, message: str | None) -> None:
        """Show ``message`` under the field (None or empty hides it)."""
        if message:
            self.error.setText("⚠ " + message)
            self.error.show()
            self.widget.setAccessibleDescription(message)
            if isinstance(self.widget, QLineEdit):
                self.widget.setStyleSheet(_INVALID_STYLE)
        else:
            self.error.clear()
            self.error.hide()
            self.widget.setAccessibleDescription("")
            self.widget.setStyleSheet(self._base_style)

    def error_text(self) -> str:
        """The message shown (without the prefix), or empty."""
        text = self.error.text()
        return text[2:] if text.startswith("⚠ ") else text
