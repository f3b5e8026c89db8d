"""The Review pack dialog: which partners, for whom (asked every time), which quarter; then the preview.

The audience is asked every time and "for the partner" is preselected: a pack e-mailed to a partner
must never be the internal one by default. The packs are built in a worker process (design §3) into
the portfolio's ``review-packs`` folder; the dialog shows the progress and can cancel, then shows the
result (`PackPreview`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.domain.partner_filter import PartnerFilter
from prm_desktop.services.review_pack import pack_period
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.reviews.build_dialog import BuildDialog
from prm_desktop.ui.reviews.preview import PackPreview

__all__ = ["OUTPUT_FOLDER", "ReviewPackDialog"]

#: Folder of the portfolio where the packs are written before being saved elsewhere.
OUTPUT_FOLDER = "review-packs"
JOB = "prm_desktop.worker.review_jobs:review_packs"
QUARTERS_OFFERED = 8


class ReviewPackDialog(BuildDialog):
    """Choose and build review packs, follow the progress (cancel), then preview, print and save.

    Args:
        ctx: The UI context.
        partner: ``(id, name)`` of the partner shown, preselected (None: none).
        list_filter: The partner list's filter (offered as "every partner of the list").
        list_count: How many partners that list holds (None: unknown).
        parent: The parent widget.
    """

    def __init__(self, ctx: UiContext, partner: tuple[str, str] | None, list_filter: PartnerFilter | None = None,
                 list_count: int | None = None, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.partner, self.list_filter = ctx, partner, list_filter
        self.task: Any = None
        self.setWindowTitle(_("Review pack"))
        self.setAccessibleName(_("Review pack"))
        self._fit_screen()
        self.scope_one = QRadioButton(_("{name} only", name=partner[1]) if partner else _("No partner selected"))
        count = _n("{n} partner", "{n} partners", list_count) if list_count is not None else _("all of them")
        self.scope_list = QRadioButton(_("Every partner of the list ({count})", count=count))
        self.scope_one.setEnabled(partner is not None)
        self.scope_list.setEnabled(list_filter is not None)
        (self.scope_one if partner else self.scope_list).setChecked(True)
        self.for_partner = QRadioButton(_("For the partner: nothing internal-only, one PDF per partner"))
        self.for_internal = QRadioButton(_("Internal: everything, marked “Confidential – internal use”, one PDF"))
        self.for_partner.setChecked(True)
        self.audiences = QButtonGroup(self)
        self.audiences.addButton(self.for_partner)
        self.audiences.addButton(self.for_internal)
        self.scopes = QButtonGroup(self)
        self.scopes.addButton(self.scope_one)
        self.scopes.addButton(self.scope_list)
        self.period = QComboBox()
        self.period.setAccessibleName(_("Period"))
        current = pack_period(ctx.app.uow).quarter
        for back in range(QUARTERS_OFFERED):
            self.period.addItem(str(current.shift(-back)))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress of the review packs"))
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.build_button = QPushButton(_("Build"))
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.preview = PackPreview()
        self.preview.message.connect(self.status.setText)
        self.preview.message.connect(ctx.status)
        form = QFormLayout()
        scope = QVBoxLayout()
        scope.addWidget(self.scope_one)
        scope.addWidget(self.scope_list)
        audience = QVBoxLayout()
        audience.addWidget(self.for_partner)
        audience.addWidget(self.for_internal)
        form.addRow(_("Partners"), scope)
        form.addRow(_("For whom"), audience)
        form.addRow(_("Period"), self.period)
        choices = QWidget()
        choices.setLayout(form)
        self.pages = QStackedWidget()
        self.pages.addWidget(choices)
        self.pages.addWidget(self.preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.build_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        ctx.tasks.progressed.connect(self._progressed)
        ctx.tasks.cancelled.connect(self._cancelled)

    # --- choices ---------------------------------------------------------------------------------

    def audience(self) -> str:
        """``partner`` or ``internal``."""
        return "internal" if self.for_internal.isChecked() else "partner"

    def output_folder(self) -> Path:
        """Where the packs are written (the portfolio's ``review-packs`` folder)."""
        return Path(self.ctx.app.paths.data_dir) / OUTPUT_FOLDER

    def _partners(self) -> Any:
        if self.scope_one.isChecked() and self.partner is not None:
            return [self.partner[0]]
        return self.list_filter

    # --- building --------------------------------------------------------------------------------

    def build(self) -> bool:
        """Build the packs chosen in a worker process; False when nothing is chosen or one is running."""
        if self.pages.currentWidget() is self.preview:  # "Change the choices": back to them
            self.pages.setCurrentIndex(0)
            self.build_button.setText(_("Build"))
            return False
        partners = self._partners()
        if partners is None or self.task is not None:
            return False
        args = (str(self.ctx.app.paths.data_dir), partners, self.audience(), str(self.output_folder()),
                self.period.currentText())  # fmt: skip
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.build_button.setEnabled(False)
        self.cancel_button.setText(_("Cancel"))
        self.status.setText(_("Building the review packs…"))
        self.task = self.ctx.tasks.run_in_process(_("Building the review packs"), JOB, args, on_done=self._done,
                                                  on_error=self._failed)  # fmt: skip
        return True

    def _progressed(self, task_id: int, done: int, total: int, message: str) -> None:
        if self.task is None or task_id != self.task.id:
            return
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if message:
            self.status.setText(message)

    def _finish(self) -> None:
        self.task = None
        self.progress.setVisible(False)
        self.build_button.setEnabled(True)
        self.cancel_button.setText(_("Close"))

    def _done(self, written: list[dict[str, Any]]) -> None:
        self._finish()
        pages = sum(int(w["pages"]) for w in written)
        self.preview.set_files([Path(w["path"]) for w in written], pages)
        self.pages.setCurrentWidget(self.preview)
        self.build_button.setText(_("Change the choices"))
        partners = sum(int(w["partners"]) for w in written)
        self.status.setText(_n("Review pack ready: {n} partner, {pages} pages.",
                               "Review packs ready: {n} partners, {pages} pages.", partners,
                               pages=format_number(pages)))  # fmt: skip

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self._finish()
        self.status.setText(_("The review pack could not be built: {error}", error=exc))
