"""The Competencies tab: portfolio views on the left, the selected partner's full standing on the right.

Portfolio views (partners at risk, certifications expiring soon, promotion and demotion candidates,
tier distribution) read ``partner_summary``; a row shows its partner on the right, and double-click,
Enter or "Open in Partners" selects it in the Partners tab.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.standing_portfolio import VIEWS, PortfolioView, portfolio_view
from prm_desktop.ui.competencies.partner_panel import PartnerPanel
from prm_desktop.ui.competencies.programs import ProgramsPanel
from prm_desktop.ui.competencies.tables import PortfolioTableModel
from prm_desktop.ui.competencies.tier_review import TierReview, assign_button_text
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.layout_memory import remember_splitter
from prm_desktop.ui.list_tab import ListTab
from prm_desktop.ui.model_sort import model_sorted_table
from prm_desktop.ui.tables import source_row

__all__ = ["CompetenciesTab"]

#: The views whose rows may be given the tier they qualify for (several rows chosen at once).
_CANDIDATE_VIEWS = frozenset({"promotion", "demotion"})


class CompetenciesTab(ListTab):
    """Where partners stand in the program: portfolio views and one partner in full."""

    TOPICS = frozenset({"program", "contacts", "certifications", "references", "partners", "revenue"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("competenciesTab")
        self.setAccessibleName(_("Competencies"))
        self.kind = "at_risk"
        self.days = 90
        self.view_combo = QComboBox()
        self.view_combo.setAccessibleName(_("Portfolio view"))
        for key, label in VIEWS.items():
            self.view_combo.addItem(_(label), key)
        self.view_combo.currentIndexChanged.connect(self._kind_changed)
        self.days_label = QLabel(_("Within (days)"))
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 3650)
        self.days_spin.setValue(self.days)
        self.days_spin.setAccessibleName(_("Within (days)"))
        self.days_label.setBuddy(self.days_spin)
        self.days_spin.editingFinished.connect(self._days_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.view_combo, 1)
        bar.addWidget(self.days_label)
        bar.addWidget(self.days_spin)
        self.model = PortfolioTableModel(self)
        self.table = model_sorted_table(self.model, _("Portfolio view"), self)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.assign_button = QPushButton(assign_button_text(0))
        self.assign_button.setToolTip(_("Give the selected candidates the tier their facts qualify them for "
                                        "today (one change, Edit › Undo takes it back)"))
        self.assign_button.clicked.connect(self._assign_selected)
        self.tier_review = TierReview(ctx, self)
        self._reviewing = False
        self.tier_review.finished.connect(self._review_finished)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.assign_button, 0, Qt.AlignmentFlag.AlignRight)
        self.partner = PartnerPanel(ctx)
        self.partner.open_requested.connect(self.open_in_partners)
        self.programs = ProgramsPanel(ctx)
        self.programs.partner_selected.connect(self.partner.show_partner)
        self.left_tabs = QTabWidget()
        self.left_tabs.addTab(left, _("Portfolio"))
        self.left_tabs.addTab(self.programs, _("Programs"))
        self.left_tabs.currentChanged.connect(lambda i: i == 1 and self.programs.refresh())
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(self.partner)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([520, 800])
        remember_splitter(ctx.settings, self.splitter, "competencies")
        self.layout_.addWidget(self.splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        ctx.signals.open_standing.connect(self.show_partner)
        self._partner_stale = False
        ctx.signals.data_changed.connect(self._mark_partner_stale)
        self._show_days()
        self._show_assign()
        self.setFocusProxy(self.table)

    # --- public API ----------------------------------------------------------------------------

    def set_view(self, kind: str, days: int | None = None) -> None:
        """Show a portfolio view (a key of `VIEWS`), reloading it."""
        if days is not None:
            self.days = days
            self.days_spin.setValue(days)
        index = self.view_combo.findData(kind)
        if index != self.view_combo.currentIndex():
            self.view_combo.setCurrentIndex(index)
        else:
            self._kind_changed()

    def show_partner(self, partner_id: str) -> None:
        """Show a partner's full standing and bring this tab to the front."""
        self.partner.show_partner(partner_id)
        _bring_to_front(self)

    def open_in_partners(self, partner_id: str) -> None:
        """Select a partner in the Partners tab (and show that tab)."""
        self.ctx.signals.open_partner.emit(partner_id)
        tabs = _main_tabs(self)
        if tabs is not None:
            for i in range(tabs.count()):
                if tabs.widget(i).objectName() == "partnersTab":
                    tabs.setCurrentIndex(i)
                    break

    # --- ListTab -------------------------------------------------------------------------------

    def fetch(self, uow: Any) -> PortfolioView:
        return portfolio_view(uow, self.kind, days=self.days)

    def show_rows(self, result: PortfolioView) -> None:
        if result.kind != self.kind:
            return
        self.model.kind = result.kind
        self.model.currency = result.currency
        order = _first_order(result.kind)
        self.model.set_rows(result.rows, sorted_by=order)  # sorted once, by the model
        visible = PortfolioTableModel.VISIBLE[result.kind]
        for column in range(self.model.columnCount()):
            self.table.setColumnHidden(column, column not in visible)
        for column, width in ((0, 210), (1, 95), (2, 95), (3, 100), (4, 160), (5, 150), (6, 80), (7, 110), (8, 100)):
            self.table.setColumnWidth(column, width)
        if result.kind.startswith("revenue_"):
            self.table.setColumnWidth(0, 150)
        header = self.table.horizontalHeader()
        if order[0] < 0:
            self.table.setSortingEnabled(False)
        else:
            header.setSortIndicator(*order)  # the rows are in that order already: no second sort
            if not self.table.isSortingEnabled():
                self.table.setSortingEnabled(True)
        self.summary.setText(self._summary_text(result))
        if self._partner_stale and self.partner.partner_id is not None:
            self.partner.show_partner(self.partner.partner_id)  # its facts changed meanwhile
        self._partner_stale = False
        if result.rows and result.kind != "tiers" and self.partner.partner_id is None:
            self.table.selectRow(0)
        self._update_assign()  # a new set of rows clears the selection

    # --- internals -----------------------------------------------------------------------------

    def _summary_text(self, result: PortfolioView) -> str:
        count = len(result.rows)
        if result.kind == "tiers":
            return _("Partners by assigned tier and by the tier their facts qualify them for today.")
        if result.kind.startswith("revenue_"):
            return _("Revenue and target over the program’s revenue window; attainment is revenue divided "
                     "by target.")
        texts = {
            "at_risk": _n("{count} partner will lose a level or its tier when a certification expires.",
                          "{count} partners will lose a level or their tier when a certification expires.",
                          count, count=count),
            "expiring": _n("{count} certification expires within {days} days.",
                           "{count} certifications expire within {days} days.", count, count=count, days=self.days),
            "promotion": _n("{count} partner qualifies for a higher tier than assigned.",
                            "{count} partners qualify for a higher tier than assigned.", count, count=count),
            "demotion": _n("{count} partner qualifies only for a lower tier than assigned.",
                           "{count} partners qualify only for a lower tier than assigned.", count, count=count),
        }
        text = texts[result.kind] + " " + _("Double-click a row to open the partner in Partners.")
        if result.kind in _CANDIDATE_VIEWS and count:
            text += " " + _("Select rows (Ctrl or Shift for several) to give them the tier they qualify for.")
        if result.truncated:
            text += " " + _("Only the first {count} are listed.", count=count)
        return text

    def _mark_partner_stale(self, what: str) -> None:
        if what == "*" or what in self.TOPICS:
            self._partner_stale = True

    def _kind_changed(self, *_args: Any) -> None:
        self.kind = self.view_combo.currentData() or "at_risk"
        self._show_days()
        self._show_assign()
        self.refresh()

    def _days_changed(self) -> None:
        if self.days_spin.value() != self.days:
            self.days = self.days_spin.value()
            if self.kind == "expiring":
                self.refresh()

    def _show_days(self) -> None:
        self.days_label.setVisible(self.kind == "expiring")
        self.days_spin.setVisible(self.kind == "expiring")

    def _show_assign(self) -> None:
        candidates = self.kind in _CANDIDATE_VIEWS
        self.assign_button.setVisible(candidates)
        mode = QAbstractItemView.SelectionMode
        self.table.setSelectionMode(mode.ExtendedSelection if candidates else mode.SingleSelection)
        self._update_assign()

    def selected_partner_ids(self) -> list[str]:
        """The partners of the selected rows, in the rows' order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        items = (source_row(self.table, row) for row in rows)
        return [item.partner_id for item in items if item is not None and item.partner_id]

    def _update_assign(self) -> None:
        # Every candidate row is a partner: counting the selected rows is enough (run on each selection change).
        count = len(self.table.selectionModel().selectedRows()) if self.kind in _CANDIDATE_VIEWS else 0
        self.assign_button.setText(assign_button_text(count))
        self.assign_button.setEnabled(count > 0 and not self._reviewing)

    def _assign_selected(self) -> None:
        ids = self.selected_partner_ids()
        if self.kind in _CANDIDATE_VIEWS and ids and not self._reviewing:
            self._reviewing = True  # one review at a time: the button waits for its end
            self.assign_button.setEnabled(False)
            self.tier_review.start(ids)

    def _review_finished(self) -> None:
        self._reviewing = False
        self._update_assign()

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_assign()
        rows = self.table.selectionModel().selectedRows()
        item = source_row(self.table, rows[0].row()) if rows else None
        if item is not None and item.partner_id:
            self.partner.show_partner(item.partner_id)

    def _open_row(self, index: QModelIndex) -> None:
        item = source_row(self.table, index.row())
        if item is not None and item.partner_id:
            self.open_in_partners(item.partner_id)


def _first_order(kind: str) -> tuple[int, Qt.SortOrder]:
    """The column and order a view's rows are shown in first (column -1: as the service gives them)."""
    if kind in ("at_risk", "expiring"):
        return PortfolioTableModel.WHEN, Qt.SortOrder.AscendingOrder
    if kind.startswith("revenue_"):
        return PortfolioTableModel.REVENUE, Qt.SortOrder.DescendingOrder
    if kind == "tiers":
        return -1, Qt.SortOrder.AscendingOrder
    return PortfolioTableModel.PARTNER, Qt.SortOrder.AscendingOrder


def _main_tabs(widget: QWidget) -> QTabWidget | None:
    """The main window's tab widget holding ``widget``, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget) and parent.objectName() == "mainTabs":
            return parent
        parent = parent.parentWidget()
    return None


def _bring_to_front(widget: QWidget) -> None:
    tabs = _main_tabs(widget)
    if tabs is not None:
        index = tabs.indexOf(widget)
        if index >= 0:
            tabs.setCurrentIndex(index)
