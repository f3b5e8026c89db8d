"""The partner view of the Competencies tab.

Standing, competency matrix, certifications and references, what-if trials. Evaluations run off the
GUI thread (the task runner); results come back by signal.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.services.standing import PartnerStanding, WhatIf, partner_standing
from prm_desktop.services.standing_facts import PartnerFacts, partner_facts
from prm_desktop.services.standing_revenue import QuarterRevenue, partner_revenue
from prm_desktop.ui.competencies.facts_pages import FactsPages
from prm_desktop.ui.competencies.tables import MatrixTableModel
from prm_desktop.ui.competencies.whatif import WhatIfPanel
from prm_desktop.ui.competencies.words import standing_html
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.form_scroll import FormScrollArea
from prm_desktop.ui.tables import make_table

if TYPE_CHECKING:
    from prm_desktop.ui.competencies.revenue import RevenuePanel

__all__ = ["PartnerPanel"]


class PartnerPanel(QWidget):
    """One partner's standing in full."""

    loaded = Signal(object)  # PartnerStanding
    trial_loaded = Signal(object)  # PartnerStanding with its what_if
    revenue_loaded = Signal(object)  # list[QuarterRevenue]
    facts_loaded = Signal(object)  # PartnerFacts: revenue lines, targets, distributors
    open_requested = Signal(str)  # partner id: show it in the Partners tab

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner_id: str | None = None
        self.standing: PartnerStanding | None = None
        self._generation = 0
        self._trials = 0
        self.title = QLabel(_("Select a partner on the left to see where it stands."))
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.open_button = QPushButton(_("Open in Partners"))
        self.open_button.setToolTip(_("Show this partner in the Partners tab"))
        self.open_button.clicked.connect(lambda: self.partner_id and self.open_requested.emit(self.partner_id))
        self.open_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.RichText)
        self.words.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.words.setAccessibleName(_("Where the partner stands"))
        self.matrix_model = MatrixTableModel(self)
        self.matrix = make_table(self.matrix_model, _("Competencies and levels of the partner"), self)
        self.matrix.setSortingEnabled(False)
        self.matrix.model().sort(-1)  # program order: each competency's levels, lowest first
        for column, width in ((0, 160), (1, 75), (2, 105), (3, 150), (4, 185)):
            self.matrix.setColumnWidth(column, width)
        standing_split = QSplitter(Qt.Orientation.Vertical)
        standing_split.addWidget(FormScrollArea(self.words, grow_window=False))
        standing_split.addWidget(self.matrix)
        standing_split.setChildrenCollapsible(False)
        standing_split.setSizes([260, 340])
        self.facts = FactsPages(ctx)
        self.facts.written.connect(self._written)
        self.certs_editor, self.refs_editor = self.facts.certifications, self.facts.references
        self.certs_model, self.refs_model = self.certs_editor.model, self.refs_editor.model
        self.certs_label, self.refs_label = self.facts.certs_label, self.facts.refs_label
        self.whatif = WhatIfPanel()
        self.whatif.changed.connect(self._try)
        self.pages = QTabWidget()
        self.pages.addTab(standing_split, _("Standing"))
        self.pages.addTab(self.facts, _("Certifications, references and revenue"))
        self.pages.addTab(FormScrollArea(self.whatif, grow_window=False), _("What if…"))
        # The chart (QtCharts) is built when its page is first shown: opening the window stays quick.
        self.revenue: RevenuePanel | None = None
        self._revenue_rows: list[QuarterRevenue] = []
        self._revenue_page = QWidget()
        QVBoxLayout(self._revenue_page).setContentsMargins(0, 0, 0, 0)
        self.pages.addTab(self._revenue_page, _("Revenue and targets"))
        self.pages.currentChanged.connect(self._page_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.pages.setEnabled(False)

    def show_partner(self, partner_id: str | None) -> None:
        """Evaluate and show a partner (None: nothing)."""
        self.partner_id = partner_id
        self._generation += 1
        self.open_button.setEnabled(partner_id is not None)
        self.pages.setEnabled(partner_id is not None)
        if partner_id is None:
            self.standing = None
            self.title.setText(_("Select a partner on the left to see where it stands."))
            self.words.setText("")
            self.matrix_model.set_rows([])
            self.facts.set_partner(None)
            self.whatif.set_standing(None)
            self._set_revenue([])
            return
        self.words.setText(_("Evaluating…"))
        generation, uow = self._generation, self.ctx.app.uow
        self.ctx.tasks.run(_("Evaluating the partner"), lambda _p: partner_standing(uow, partner_id),
                           on_done=lambda result: self._show(generation, result),
                           on_error=lambda exc, _t: self._failed(generation, exc), quiet=True)
        self.ctx.tasks.run(_("Reading revenue"), lambda _p: partner_revenue(uow, partner_id),
                           on_done=lambda rows: self._show_revenue(generation, rows),
                           on_error=lambda exc, _t: self._failed(generation, exc), quiet=True)
        self.ctx.tasks.run(_("Reading revenue lines and targets"), lambda _p: partner_facts(uow, partner_id),
                           on_done=lambda found: self._show_facts(generation, found),
                           on_error=lambda exc, _t: self._failed(generation, exc), quiet=True)

    def _show_facts(self, generation: int, found: PartnerFacts) -> None:
        if generation != self._generation:
            return
        self.facts.set_facts(self.partner_id, found)
        self.facts_loaded.emit(found)

    def _written(self, topic: str) -> None:
        """A fact was written: tell the other views, and show the partner's new standing."""
        self.ctx.changed(topic)
        if self.partner_id is not None:
            self.show_partner(self.partner_id)

    def _show_revenue(self, generation: int, rows: list[QuarterRevenue]) -> None:
        if generation != self._generation:
            return
        self._set_revenue(rows)
        self.revenue_loaded.emit(rows)

    def show_revenue_page(self) -> RevenuePanel:
        """Show the Revenue and targets page (building its chart the first time)."""
        self.pages.setCurrentWidget(self._revenue_page)
        return self._ensure_revenue()

    def _ensure_revenue(self) -> RevenuePanel:
        if self.revenue is None:
            from prm_desktop.ui.competencies import revenue as revenue_page  # loads QtCharts

            self.revenue = revenue_page.RevenuePanel()
            self._revenue_page.layout().addWidget(self.revenue)
            self.revenue.set_rows(self._revenue_rows)
        return self.revenue

    def _page_changed(self, index: int) -> None:
        if self.pages.widget(index) is self._revenue_page:
            self._ensure_revenue()

    def _set_revenue(self, rows: list[QuarterRevenue]) -> None:
        self._revenue_rows = rows
        if self.revenue is not None:
            self.revenue.set_rows(rows)

    def _show(self, generation: int, standing: PartnerStanding) -> None:
        if generation != self._generation:
            return
        self.standing = standing
        self.title.setText(standing.name)
        note = _("{program}, evaluated on {date}.", program=standing.program, date=format_date(standing.date))
        self.words.setText(standing_html(standing.current, max_gaps=4, in_tab=True) + f"<p><i>{escape(note)}</i></p>")
        self.matrix_model.currency = standing.current.currency
        self.matrix_model.set_rows(standing.current.matrix)
        self.facts.set_standing(standing)
        expired = sum(1 for c in standing.certifications if c.state == "expired")
        soon = sum(1 for c in standing.certifications if c.state == "expiring")
        self.certs_label.setText(_("Certifications: {count}, {soon} expiring within 90 days, {expired} expired",
                                   count=len(standing.certifications), soon=soon, expired=expired))
        validated = sum(1 for r in standing.references if r.validated)
        self.refs_label.setText(_("Customer references: {count}, {validated} validated",
                                  count=len(standing.references), validated=validated))
        self.whatif.set_standing(standing)
        self.loaded.emit(standing)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.words.setText(escape(_("Could not evaluate the partner: {error}", error=str(exc))))

    def _try(self, change: WhatIf) -> None:
        if self.partner_id is None:
            return
        self._trials += 1
        generation, uow, partner_id = (self._generation, self._trials), self.ctx.app.uow, self.partner_id
        self.ctx.tasks.run(_("Trying the changes"),
                           lambda _p: partner_standing(uow, partner_id, what_if=change),
                           on_done=lambda result: self._trial(generation, result),
                           on_error=lambda exc, _t: self._failed(generation[0], exc), quiet=True)

    def _trial(self, generation: tuple[int, int], standing: PartnerStanding) -> None:
        if generation != (self._generation, self._trials):
            return
        self.whatif.show_result(standing)
        self.trial_loaded.emit(standing)
