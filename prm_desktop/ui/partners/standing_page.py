"""The Standing page of the partner editor: qualified vs assigned tier, what it lacks, at-risk dates.

The partner is evaluated off the GUI thread (the task runner) when the page is shown, and again when
another partner is loaded while it is shown; "Open the full view" asks the Competencies tab for it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCursor, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.services.standing import PartnerStanding, partner_standing, standing_line
from prm_desktop.ui.competencies.words import standing_html
from prm_desktop.ui.tasks import TaskRunner

__all__ = ["StandingPage", "StandingTips", "install_standing_tips"]

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


class StandingTips(QObject):
    """One-line standings for the Partners list tooltips, computed off the GUI thread and kept.

    Calling it gives the line when known; else it starts the evaluation and gives the fallback, and
    ``ready`` is emitted with the partner id once the line is known (the list shows it again).
    """

    ready = Signal(str, str)  # partner id, line

    def __init__(self, uow: Any, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._uow = uow
        self._runner = runner
        self._lines: dict[str, str] = {}
        self._pending: set[str] = set()

    def __call__(self, partner_id: str, fallback: str | None) -> str | None:
        """The partner's line, or ``fallback`` while it is being worked out."""
        line = self._lines.get(partner_id)
        if line:
            return line
        if partner_id not in self._pending and line is None:
            self._pending.add(partner_id)
            uow = self._uow
            self._runner.run(_("Evaluating the partner"), lambda _p: standing_line(uow, partner_id),
                             on_done=lambda text: self._done(partner_id, text),
                             on_error=lambda _exc, _trace: self._pending.discard(partner_id), quiet=True)
        return fallback

    def clear(self) -> None:
        """Forget every line (data changed)."""
        self._lines.clear()

    def _done(self, partner_id: str, text: str) -> None:
        self._pending.discard(partner_id)
        if len(self._lines) > 5000:
            self._lines.clear()
        self._lines[partner_id] = text or ""
        if text:
            self.ready.emit(partner_id, text)


def install_standing_tips(table: QTableView, model: Any, ctx: Any) -> StandingTips:
    """Make the Partners list's tier columns say the partner's standing in one line.

    Args:
        table: The partner list view.
        model: Its `PartnersTableModel` (gets ``standing_tip``).
        ctx: The `UiContext` (task runner, data-changed signal).
    """
    tips = StandingTips(ctx.app.uow, ctx.tasks, table)
    model.standing_tip = tips
    ctx.signals.data_changed.connect(lambda _what: tips.clear())

    def show_if_hovered(partner_id: str, text: str) -> None:
        if not QToolTip.isVisible():
            return
        index = table.indexAt(table.viewport().mapFromGlobal(QCursor.pos()))
        if index.isValid() and model.data(index, Qt.ItemDataRole.ToolTipRole) == text:
            QToolTip.showText(QCursor.pos(), text, table)

    tips.ready.connect(show_if_hovered)
    return tips
