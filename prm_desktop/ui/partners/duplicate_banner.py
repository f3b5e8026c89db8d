"""The non-modal "this partner may already exist" banner of the editor.

Shown when saving finds a partner with the same SIREN, or the same normalised name (formats.md §4)
whatever its city. Each look-alike gets its own line: "Open existing" for a live one, "Restore" for a
deleted one; "Save anyway" saves the partner as a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _

__all__ = ["MAX_HITS", "DuplicateBanner"]

MAX_HITS = 3
_STYLE = "QFrame#duplicateBanner { background: #fff4e5; border: 1px solid #b26a00; border-radius: 4px; }"


class DuplicateBanner(QFrame):
    """Warning banner listing look-alike partners with what the user can do about each."""

    open_requested = Signal(str)
    restore_requested = Signal(str)
    save_anyway = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateBanner")
        self.setStyleSheet(_STYLE)
        self.setAccessibleName(_("Possible duplicate"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self._rows = QVBoxLayout()
        self.save_anyway_button = QPushButton(_("Save anyway"))
        self.save_anyway_button.setToolTip(_("Save it as a new partner all the same"))
        self.save_anyway_button.clicked.connect(self.save_anyway)
        self.close_button = QPushButton(_("Keep editing"))
        self.close_button.setAccessibleName(_("Close the warning and keep editing"))
        self.close_button.clicked.connect(self.hide)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.save_anyway_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addLayout(self._rows)
        layout.addLayout(bottom)
        self.buttons: list[QPushButton] = []
        self.hide()

    def show_hits(self, hits: Sequence[Any]) -> None:
        """Show the look-alikes (``DuplicateHit`` items) and what to do about each."""
        _clear(self._rows)
        self.buttons = []
        count = len(hits)
        self.title.setText("⚠ " + (_("This partner may already exist:") if count == 1
                                   else _("This partner may already exist ({count} look-alikes):", count=count)))
        for hit in list(hits)[:MAX_HITS]:
            reason = {"siren": _("same SIREN"), "name_city": _("same name in the same city")}.get(
                hit.reason, _("same name"))
            if hit.city:
                text = _("{name} ({city}): {reason}", name=hit.name, city=hit.city, reason=reason)
            else:
                text = _("{name}: {reason}", name=hit.name, reason=reason)
            if hit.deleted:
                text = _("{text} (deleted)", text=text)
            row = QHBoxLayout()
            label = QLabel("• " + text)
            label.setWordWrap(True)
            row.addWidget(label, 1)
            if hit.deleted:
                button = QPushButton(_("Restore"))
                button.setAccessibleName(_("Restore {name}", name=hit.name))
                button.clicked.connect(lambda _c=False, i=hit.partner_id: self.restore_requested.emit(i))
            else:
                button = QPushButton(_("Open existing"))
                button.setAccessibleName(_("Open {name}", name=hit.name))
                button.clicked.connect(lambda _c=False, i=hit.partner_id: self.open_requested.emit(i))
            button.setProperty("partner_id", hit.partner_id)
            self.buttons.append(button)
            row.addWidget(button)
            self._rows.addLayout(row)
        self.show()


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())
            item.layout().deleteLater()
