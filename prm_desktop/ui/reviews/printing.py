"""Printing a PDF through a `QPrinter` (the print dialog only chooses the printer; this draws the pages).

Each page is rendered by QtPdf at the printer's resolution and drawn to fill the printable page,
keeping its proportions. Tests print to a `QPrinter` in PDF mode and read the result back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

__all__ = ["PrintError", "print_pdf", "printer_for"]


class PrintError(RuntimeError):
    """The PDF could not be read or the printer could not be started."""


def print_pdf(path: str | Path, printer: QPrinter, first: int = 1, last: int | None = None) -> int:
    """Print pages ``first``..``last`` (1-based, default all) of a PDF file; return the pages printed.

    Raises:
        PrintError: The file is not a readable PDF, or the printer refused to start.
    """
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise PrintError(str(path))
    count = document.pageCount()
    last = count if last is None else min(last, count)
    if not 1 <= first <= last:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(printer.printerName() or printer.outputFileName())
    try:
        dpi = printer.resolution()
        target = printer.pageLayout().paintRectPixels(dpi)
        for page in range(first - 1, last):
            if page > first - 1:
                printer.newPage()
            points = document.pagePointSize(page)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(page, size)
            painter.drawImage(QRectF(0, 0, size.width(), size.height()), image)
    finally:
        painter.end()
        document.close()
    return last - first + 1


def printer_for(path: str | Path) -> QPrinter:
    """A high-resolution A4 printer (the print dialog then lets the user change it)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).stem)
    printer.setColorMode(QPrinter.ColorMode.Color)
    return printer
