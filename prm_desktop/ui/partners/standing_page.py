"""The Standing page of the partner editor: qualified vs assigned tier, what it lacks, at-risk dates.

The partner is evaluated off the GUI thread (the task runner) when the page is shown, and again when
another partner is loaded while it is shown; "Open the full view" asks the Competencies tab for it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.standing import PartnerStanding, partner_standing
from prm_desktop.ui.competencies.words import standing_html
from prm_desktop.ui.tasks import TaskRunner

__all__ = ["StandingPage"]

#: Gaps shown on the page (tier gaps come first); the Competencies tab shows them all.
PAGE_GAPS = 6


class StandingPage(QWidget):
    """Where the partner stands in the active program, in words.

    Args:
        uow: The unit-of-work factory.
    """

    loaded = Signal(object)  # PartnerStanding (tests wait for it)
    open_full_view = Signal(str)  # partner id

    def __init__(self, uow: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerStandingPage")
        self._uow = uow
        self._runner: TaskRunner | None = None
        self._partner_id: str | None = None
        self._dirty = False
        self._generation = 0
        self.standing: PartnerStanding | None = None
        self.text = QTextBrowser()
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(_("Where the partner stands"))
        self.full_button = QPushButton(_("Open the full view in Competencies"))
        self.full_button.setToolTip(_("Every competency and level, certifications, references and what-if trials"))
        self.full_button.clicked.connect(self._open_full)
        row = QHBoxLayout()
        row.addWidget(self.full_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)

    def set_runner(self, runner: TaskRunner) -> None:
        """Use the application's task runner (else the page makes its own)."""
        self._runner = runner

    def set_partner(self, partner_id: str | None) -> None:
        """Show a partner (None: nothing); evaluated now if the page is visible, else when shown."""
        self._partner_id = partner_id
        self._generation += 1
        self.standing = None
        self.full_button.setEnabled(partner_id is not None)
        if partner_id is None:
            self.text.setText(_("Save the partner to see where it stands in the program."))
            self._dirty = False
            return
        self.text.setText(_("Evaluating…"))
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Evaluate the partner shown again, off the GUI thread."""
        if self._partner_id is None:
            return
        self._dirty = False
        if self._runner is None:
            self._runner = TaskRunner(self)
        generation, partner_id, uow = self._generation, self._partner_id, self._uow
        self._runner.run(_("Evaluating the partner"), lambda _progress: partner_standing(uow, partner_id),
                         on_done=lambda result: self._show(generation, result),
                         on_error=lambda exc, _trace: self._failed(generation, exc), quiet=True)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Evaluate when first shown after a change."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _show(self, generation: int, result: PartnerStanding) -> None:
        if generation != self._generation:
            return
        self.standing = result
        note = _("{program}, evaluated on today’s facts.", program=result.program)
        self.text.setText(standing_html(result.current, max_gaps=PAGE_GAPS) + f"<p><i>{escape(note)}</i></p>")
        self.loaded.emit(result)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.text.setText(_("Could not evaluate the partner: {error}", error=str(exc)))

    def _open_full(self) -> None:
        if self._partner_id is not None:
            self.open_full_view.emit(self._partner_id)
