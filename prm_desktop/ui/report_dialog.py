"""Help › Report a problem…: a zip of the logs and versions to send to support (never the database)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _


class ReportDialog(QDialog):
    """Asks what happened, writes the zip, then shows where it is."""

    def __init__(self, write: Callable[[str], Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.setWindowTitle(_("Report a problem"))
        self.setAccessibleName(_("Report a problem"))
        self.resize(520, 340)
        self._write = write
        self.written: Path | None = None
        intro = QLabel(
            _(
                "PRM Desktop writes a zip file with its logs and version numbers. Your partners, "
                "notes and other data are not included. Send the file to your support contact."
            )
        )
        intro.setWordWrap(True)
        label = QLabel(_("&What happened? (optional)"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("What happened"))
        self.description.setTabChangesFocus(True)
        label.setBuddy(self.description)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("reportResult")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton(_("&Write the report"), QDialogButtonBox.ButtonRole.ActionRole)
        self.write_button.setAccessibleName(_("Write the report"))
        self.write_button.setDefault(True)
        self.open_folder = QPushButton(_("&Show the file"))
        self.open_folder.setAccessibleName(_("Show the report file in its folder"))
        self.open_folder.setVisible(False)
        self.buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.write)
        self.open_folder.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)

    def write(self) -> None:
        """Write the report zip and say where it is."""
        self.written = self._write(self.description.toPlainText())
        self.result.setText(_("Report written: {path}", path=self.written))
        self.open_folder.setVisible(True)
        self.write_button.setEnabled(False)

    def _open(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))
