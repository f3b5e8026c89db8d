"""The window that shows a note's edit history: each saved version, newest first, rendered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.people.note_history import NoteVersion

__all__ = ["NoteHistoryDialog", "version_line"]

_KINDS = {"created": N_("Created"), "edit": N_("Edited"), "undo": N_("Edit undone")}


def version_line(version: NoteVersion, timezone: str | None = None) -> str:
    """One line of the list: when, what happened, the tags."""
    when = format_datetime(version.saved_at, timezone, style="short")
    tags = " ".join(f"#{tag}" for tag in version.tags)
    return " · ".join(filter(None, (when, _(_KINDS.get(version.kind, version.kind)), tags)))


class NoteHistoryDialog(QDialog):
    """Every saved version of one note (not modal); choosing a version shows its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Note history"))
        self.setModal(False)
        self.resize(720, 460)
        self.history: list[NoteVersion] = []
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.versions = QListWidget()
        self.versions.setAccessibleName(_("Saved versions"))
        self.versions.currentRowChanged.connect(self._show)
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("Text of the version"))
        self.text.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.versions)
        splitter.addWidget(self.text)
        splitter.setSizes([260, 460])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

    def set_history(self, subject: str, history: list[NoteVersion], timezone: str | None = None) -> None:
        """Show the versions of a note about ``subject``, the newest selected."""
        self.history = list(history)
        self.heading.setText(_("Each saved version of this note about {name}, newest first.", name=subject))
        self.versions.clear()
        for version in self.history:
            self.versions.addItem(version_line(version, timezone))
        if self.history:
            self.versions.setCurrentRow(0)

    def _show(self, row: int) -> None:
        self.text.setMarkdown(self.history[row].body if 0 <= row < len(self.history) else "")
