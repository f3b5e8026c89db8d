"""GUI entry point (a plain main window until the desktop shell lands)."""

from __future__ import annotations

import sys


def run_gui(data_dir: str | None, lang: str | None = None) -> int:
    """Open the portfolio and show the main window; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    from prm_desktop.bootstrap import DatabaseError, open_app

    app = QApplication.instance() or QApplication(sys.argv)
    try:
        ctx = open_app(data_dir)
    except DatabaseError as exc:
        QMessageBox.critical(None, "PRM Desktop", str(exc))
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"PRM Desktop — {ctx.paths.database}")
    window.setCentralWidget(QLabel(str(ctx.paths.database)))
    window.resize(1200, 720)
    window.show()
    return app.exec()
