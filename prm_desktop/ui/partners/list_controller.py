"""The partner list: the table view set up for 100,000 rows, its filter, sort and remembered layout.

Searching runs the count and the first page on the GUI thread: both are indexed queries (FTS5 for
the text, the summary table's indexes for the rest) measured well under the 30 ms budget on the
100,000-partner data set; the timings of the last search are kept in :attr:`ListController.last_search_ms`
for the bench. Typing is debounced by the filter bar, so one query runs per pause.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from prm_desktop.domain.i18n import _
from prm_desktop.ui.partners.filter_bar import FilterBar, FilterValues
from prm_desktop.ui.partners.list_source import QuerySource, load_choices, make_filter
from prm_desktop.ui.partners.partners_table_model import (
    COL_NAME,
    COLUMNS,
    PartnersTableModel,
)

__all__ = ["SETTINGS_PREFIX", "ListController"]

log = logging.getLogger(__name__)

SETTINGS_PREFIX = "partners"
_DEFAULT_WIDTHS = (220, 120, 80, 90, 120, 120, 90, 100, 110, 80, 90)


class ListController(QObject):
    """Owns the list model and wires the filter bar and the table view to it.

    Args:
        uow: The unit-of-work factory.
        settings: Where column layout and sort are remembered.
        bar: The filter bar.
        view: The table view.
    """

    #: Emitted with the partner id of the new current row (None when nothing is selected).
    current_changed = Signal(object)
    #: Emitted after the list was reloaded for a new filter (count shown, first rows ready).
    filtered = Signal()

    def __init__(self, uow: Any, settings: QSettings, bar: FilterBar, view: QTableView) -> None:
        super().__init__(view)
        self._uow = uow
        self._settings = settings
        self.bar = bar
        self.view = view
        self.source = QuerySource(uow)
        self.model = PartnersTableModel(self.source, make_filter(bar.values()), parent=self)
        #: Milliseconds of the last filter/search: count, and count plus first page.
        self.last_count_ms = 0.0
        self.last_search_ms = 0.0
        self._restoring = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)
        self._save_timer.timeout.connect(self.save_layout)
        self._setup_view()
        self._restore_layout()
        bar.changed.connect(self.apply_filter)
        self.model.modelReset.connect(self._emit_current)
        self._update_count()

    # --- setup ---------------------------------------------------------------------------------

    def _setup_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setObjectName("partnerList")
        view.setAccessibleName(_("Partner list"))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)
        vertical = view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header.setToolTip(_("Click to sort; drag to reorder; right-click to show or hide columns."))
        for column in range(len(COLUMNS)):
            action = QAction(_(COLUMNS[column].header), header)
            action.setCheckable(True)
            action.setChecked(True)
            action.setEnabled(column != COL_NAME)
            action.toggled.connect(lambda shown, c=column: self.set_column_visible(c, shown))
            header.addAction(action)
        metrics = header.fontMetrics()
        for column, width in enumerate(_DEFAULT_WIDTHS):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            view.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 28))
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._emit_current())

    def _restore_layout(self) -> None:
        self._restoring = True
        try:
            state = self._settings.value(f"{SETTINGS_PREFIX}/header")
            header = self.view.horizontalHeader()
            if state is not None:
                header.restoreState(state)
                header.setSectionHidden(COL_NAME, False)
                self._sync_column_actions()
            column = _int(self._settings.value(f"{SETTINGS_PREFIX}/sort_column"), COL_NAME)
            descending = str(self._settings.value(f"{SETTINGS_PREFIX}/sort_descending", "false")).lower() == "true"
            if not 0 <= column < len(COLUMNS):
                column = COL_NAME
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
            self.view.setSortingEnabled(True)
            self.model.sort(column, order)
        finally:
            self._restoring = False
        header.sortIndicatorChanged.connect(lambda *_a: self._save_timer.start())
        header.sectionResized.connect(lambda *_a: self._save_timer.start())
        header.sectionMoved.connect(lambda *_a: self._save_timer.start())

    def set_column_visible(self, column: int, shown: bool) -> None:
        """Show or hide a column (remembered with the layout)."""
        self.view.setColumnHidden(column, not shown)
        self._save_timer.start()

    def _sync_column_actions(self) -> None:
        for column, action in enumerate(self.view.horizontalHeader().actions()):
            blocked = action.blockSignals(True)
            action.setChecked(not self.view.isColumnHidden(column))
            action.blockSignals(blocked)

    def save_layout(self) -> None:
        """Remember column order, widths and the sort now."""
        if self._restoring:
            return
        header = self.view.horizontalHeader()
        self._settings.setValue(f"{SETTINGS_PREFIX}/header", header.saveState())
        self._settings.setValue(f"{SETTINGS_PREFIX}/sort_column", self.model.sort_column)
        self._settings.setValue(f"{SETTINGS_PREFIX}/sort_descending", "true" if self.model.descending else "false")

    # --- filter --------------------------------------------------------------------------------

    def apply_filter(self, values: FilterValues | None = None) -> None:
        """Show the partners matching the filter bar (or ``values``)."""
        values = values or self.bar.values()
        start = time.perf_counter()
        self.model.set_filter(make_filter(values))
        self.last_count_ms = (time.perf_counter() - start) * 1000
        if self.model.rowCount():
            self.model.row_at(0)  # the first page, so the timing includes it
        self.last_search_ms = (time.perf_counter() - start) * 1000
        self._update_count()
        self.filtered.emit()

    def reload_choices(self) -> list[tuple[str, str]]:
        """Refill the filter combos from the data; returns the tiers (id, name) for other widgets."""
        try:
            choices = load_choices(self._uow)
        except Exception:  # noqa: BLE001 - the list still works without choices
            log.exception("Loading the filter choices failed")
            return []
        self.bar.set_choices(choices)
        tiers = [(t, n) for t, n in choices.tiers if t]
        self.model.set_tier_names(dict(tiers))
        return tiers

    def refresh(self) -> None:
        """Reload the rows after a change, keeping the current partner selected when still listed."""
        current = self.current_id()
        self.model.refresh()
        self._update_count()
        if current is not None:
            self.select_id(current)

    # --- selection -----------------------------------------------------------------------------

    def current_id(self) -> str | None:
        """The partner id of the current row."""
        index = self.view.selectionModel().currentIndex()
        return self.model.partner_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Make ``row`` current and selected, and scroll to it."""
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def select_id(self, partner_id: str) -> bool:
        """Select a partner if it is on the rows shown or the first page (at most one query). True when found."""
        row = self.model.loaded_row_of(partner_id)
        if row is None and self.model.rowCount():
            top = max(self.view.rowAt(0), 0)
            self.model.row_at(top)
            if top:
                self.model.row_at(0)
            row = self.model.loaded_row_of(partner_id)
        if row is None:
            return False
        if self.current_id() != partner_id:
            self.select_row(row)
        return True

    def clear_selection(self) -> None:
        """Select nothing."""
        self.view.selectionModel().clear()

    def _emit_current(self) -> None:
        self.current_changed.emit(self.current_id())

    def _update_count(self) -> None:
        self.bar.set_count(self.model.rowCount(), deleted=self.bar.deleted_check.isChecked())


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
