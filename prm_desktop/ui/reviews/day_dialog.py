"""File › Visit day sheet…: a day's visits to print before leaving — mine by default, the team's on request.

The sheet is built in a worker process (design §3) into the portfolio's ``review-packs`` folder, then
shown with the review packs' preview (print, save, open the folder). It is an internal document:
watermarked, and its file name ends in ``-interne``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.reviews.build_dialog import BuildDialog
from prm_desktop.ui.reviews.pack_dialog import OUTPUT_FOLDER
from prm_desktop.ui.reviews.preview import PackPreview

__all__ = ["DaySheetDialog", "day_sheet_name"]

JOB = "prm_desktop.worker.review_jobs:day_sheet"


def day_sheet_name(day: date, everyone: bool) -> str:
    """``fiche-visites-2026-05-12-interne.pdf`` (``-equipe`` before ``-interne`` for the team's)."""
    return f"fiche-visites-{day.isoformat()}{'-equipe' if everyone else ''}-interne.pdf"


class DaySheetDialog(BuildDialog):
    """Choose the day (today by default) and whose visits, build the sheet, then preview, print and save.

    Args:
        ctx: The UI context.
        day: The day offered first (today by default).
        parent: The parent widget.
    """

    def __init__(self, ctx: UiContext, day: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Any = None
        self.setObjectName("daySheetDialog")
        self.setWindowTitle(_("Visit day sheet"))
        self.setAccessibleName(_("Visit day sheet"))
        self._fit_screen()
        day = day or date.today()
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName(_("Day"))
        self.mine = QCheckBox(_("Mine only"))
        self.mine.setChecked(True)
        self.mine.setToolTip(_("Untick to list the visits of the whole team that day"))
        self.build_button = QPushButton(_("Build"))
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the day sheet"))
        self.progress.setVisible(False)
        self.status = QLabel(_("The day's visits, each with the partner's key facts, attendees, open actions "
                               "and last report: an internal document to print before leaving."))
        self.status.setWordWrap(True)
        self.preview = PackPreview(name=_("Preview of the day sheet"), save_title=_("Save the day sheet"))
        self.preview.message.connect(self.status.setText)
        self.preview.message.connect(ctx.status)
        self.preview.setVisible(False)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.cancel_or_close)
        self.close_button = close
        choices = QHBoxLayout()
        choices.addWidget(QLabel(_("Day")))
        choices.addWidget(self.day)
        choices.addWidget(self.mine)
        choices.addStretch(1)
        choices.addWidget(self.build_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(0)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 1)
        layout.addLayout(bottom)
        ctx.tasks.cancelled.connect(self._cancelled)

    def chosen_day(self) -> date:
        """The day chosen."""
        return self.day.date().toPython()

    def build(self) -> bool:
        """Build the sheet of the day chosen in a worker process; False while one is being built."""
        if self.task is not None:
            return False
        day, everyone = self.chosen_day(), not self.mine.isChecked()
        out = Path(self.ctx.app.paths.data_dir) / OUTPUT_FOLDER / day_sheet_name(day, everyone)
        self.preview.document.close()  # the file shown may be written again
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.build_button.setEnabled(False)
        self.close_button.setText(_("Cancel"))
        self.status.setText(_("Building the day sheet…"))
        self.task = self.ctx.tasks.run_in_process(_("Building the day sheet"), JOB,
                                                  (str(self.ctx.app.paths.data_dir), day.isoformat(), everyone,
                                                   str(out)),
                                                  on_done=self._done, on_error=self._failed)  # fmt: skip
        return True

    def _finish(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.build_button.setEnabled(True)
        self.close_button.setText(_("Close"))

    def _done(self, written: dict[str, Any]) -> None:
        self._finish()
        pages, visits = int(written["pages"]), int(written["visits"])
        self.preview.set_files([Path(written["path"])], pages)
        self.preview.setVisible(True)
        self.status.setText(_n("Day sheet ready: {n} visit, {pages} pages.", "Day sheet ready: {n} visits, {pages} "
                               "pages.", visits, pages=format_number(pages)))  # fmt: skip

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._finish()
        self.status.setText(_("The day sheet could not be built: {error}", error=exc))
