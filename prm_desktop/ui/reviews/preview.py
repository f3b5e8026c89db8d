"""The preview of the packs just built: pages shown with QtPdf, then print, save, open the folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _, _n
from prm_desktop.ui.reviews.printing import PrintError, print_pdf, printer_for

__all__ = ["PackPreview"]


class PackPreview(QWidget):
    """Shows one of the PDFs written (a choice when there are several) with Print, Save and Open folder."""

    #: A message for the status bar (saved, printed, failed).
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None,
                 save_title: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.files: list[Path] = []
        self.saved_to: Path | None = None
        self.save_title = save_title or _("Save the review pack")
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(name or _("Preview of the review pack"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Review pack shown"))
        self.chooser.currentIndexChanged.connect(self._show)
        self.summary = QLabel()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.clicked.connect(self.save_with_dialog)
        self.folder_button = QPushButton(_("Open the folder"))
        self.folder_button.clicked.connect(self.open_folder)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.chooser)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_files(self, files: list[Path], pages: int) -> None:
        """Show the files just written (the first one)."""
        self.files, self.saved_to = list(files), None
        self.summary.setText(_n("{n} file, {pages} pages in all", "{n} files, {pages} pages in all", len(files),
                                pages=pages))  # fmt: skip
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([f.name for f in files])
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(files) > 1)
        self._show(0)

    def current_file(self) -> Path | None:
        """The file shown."""
        index = self.chooser.currentIndex()
        return self.files[index] if 0 <= index < len(self.files) else None

    def _show(self, index: int) -> None:
        self.document.close()
        if 0 <= index < len(self.files):
            self.document.load(str(self.files[index]))

    def print_with_dialog(self) -> bool:
        """Ask for the printer (QPrintDialog), then print the file shown."""
        path = self.current_file()
        if path is None:
            return False
        printer = printer_for(path)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.print_to(printer)

    def print_to(self, printer: object) -> bool:
        """Print the file shown on a printer already chosen."""
        path = self.current_file()
        if path is None:
            return False
        try:
            pages = print_pdf(path, printer)  # type: ignore[arg-type]
        except PrintError as exc:
            self.message.emit(_("The pack could not be printed: {error}", error=exc))
            return False
        self.message.emit(_n("{n} page sent to the printer.", "{n} pages sent to the printer.", pages))
        return True

    def save_with_dialog(self) -> bool:
        """Ask where to save (a file for one pack, a folder for several), then copy them there."""
        if not self.files:
            return False
        if len(self.files) == 1:
            target, _filter = QFileDialog.getSaveFileName(self, self.save_title, str(Path.home() /
                                                          self.files[0].name), _("PDF files (*.pdf)"))  # fmt: skip
        else:
            target = QFileDialog.getExistingDirectory(self, _("Folder for the review packs"), str(Path.home()))
        return bool(target) and self.save_to(Path(target))

    def save_to(self, target: Path) -> bool:
        """Copy the pack to ``target`` (a file), or the packs into ``target`` (a folder)."""
        try:
            if len(self.files) == 1 and target.suffix.lower() == ".pdf":
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.files[0], target)
                self.saved_to = target.parent
            else:
                target.mkdir(parents=True, exist_ok=True)
                for path in self.files:
                    shutil.copyfile(path, target / path.name)
                self.saved_to = target
        except OSError as exc:
            self.message.emit(_("The pack could not be saved: {error}", error=exc))
            return False
        self.message.emit(_("Saved in {folder}.", folder=self.saved_to))
        return True

    def folder(self) -> Path | None:
        """The folder "Open the folder" opens: where the packs were saved, else where they were written."""
        if self.saved_to is not None:
            return self.saved_to
        return self.files[0].parent if self.files else None

    def open_folder(self) -> bool:
        """Open the folder in the system's file manager."""
        folder = self.folder()
        return folder is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
