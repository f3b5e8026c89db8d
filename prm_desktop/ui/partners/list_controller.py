"""The partner list: the table view set up for 100,000 rows, its filter, sort and remembered layout.

Given the task runner, every list query (count and first page of a search, a sort, a window when
scrolling, the filter choices) runs off the GUI thread: on the 100,000-partner data set a one- or
two-letter FTS prefix takes up to seconds, and the window must never freeze. Typing is debounced
by the filter bar; answers to a search the user has since changed are dropped. The time from a
request to its rows being shown is kept in :attr:`ListController.last_search_ms` for the bench.

The header layout (order, widths, hidden columns) is saved with the list of column attributes it was
saved with (``partners/columns``): columns added since (the program evaluation's "Qualifies for" and
"At risk on") are appended by Qt on restore, then given their default width and placed beside their
neighbour (:data:`_PLACE_AFTER`) without disturbing the rest of the user's layout.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelectionModel, QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView

from prm_desktop.domain.i18n import _
from prm_desktop.services.team import list_team_members
from prm_desktop.ui.layout_memory import LayoutSaver
from prm_desktop.ui.partners.column_sets import ColumnSet, build_columns_menu
from prm_desktop.ui.partners.filter_bar import FilterBar, FilterValues
from prm_desktop.ui.partners.list_source import QuerySource, load_choices, make_filter
from prm_desktop.ui.partners.partners_table_model import (
    COL_AT_RISK,
    COL_NAME,
    COL_QUALIFIED,
    COL_TIER,
    COLUMNS,
    PartnersTableModel,
)
from prm_desktop.ui.tasks import TaskRunner

__all__ = ["SETTINGS_PREFIX", "ListController"]

log = logging.getLogger(__name__)

SETTINGS_PREFIX = "partners"
_DEFAULT_WIDTHS = (220, 120, 80, 90, 120, 120, 90, 100, 110, 80, 90, 110, 90)
#: The columns of layouts saved before ``partners/columns`` was written (the first version's).
_LEGACY_ATTRS = ("name", "type", "assigned_tier", "status", "city", "owner_name", "last_visit_on",
                 "next_visit_due", "revenue_window", "attainment", "contract_end")  # fmt: skip
#: Where a column missing from a saved layout (or from the defaults) is shown: after this column.
_PLACE_AFTER = {COL_QUALIFIED: COL_TIER, COL_AT_RISK: COL_QUALIFIED}


class ListController(QObject):
    """Owns the list model and wires the filter bar and the table view to it.

    Args:
        uow: The unit-of-work factory.
        settings: Where column layout and sort are remembered.
        bar: The filter bar.
        view: The table view.
        tasks: Runs the queries off the GUI thread (None: at once, for scripts and some tests).
    """

    #: Emitted with the partner id of the new current row (None when nothing is selected).
    current_changed = Signal(object)
    #: Emitted after the list was reloaded (new filter, sort or data: count shown, first rows ready).
    filtered = Signal()
    #: Emitted with (tiers, owners) as (id, name) lists once the filter choices are loaded.
    choices_loaded = Signal(list, list)

    def __init__(self, uow: Any, settings: QSettings, bar: FilterBar, view: QTableView,
                 tasks: TaskRunner | None = None) -> None:
        super().__init__(view)
        self._uow = uow
        self._settings = settings
        self._tasks = tasks
        self.bar = bar
        self.view = view
        self.source = QuerySource(uow)
        #: Milliseconds from the last filter/sort/refresh request to its rows being ready.
        self.last_search_ms = 0.0
        self._started = time.perf_counter()
        self._reselect: str | None = None
        self._choices_pending = 0
        self._restoring = False
        self.model = PartnersTableModel(self.source, make_filter(bar.values()), parent=self,
                                        runner=self._runner if tasks is not None else None)
        self.model.applied.connect(self._on_applied)
        #: One checkable action per column, in column order (the header's menu and the Columns button).
        self.column_actions: list[QAction] = []
        self._saver = LayoutSaver(self, self.save_layout)  # flushed when the tab goes away
        self._setup_view()
        self._restore_layout()
        bar.changed.connect(self.apply_filter)
        self.model.modelReset.connect(self._emit_current)
        self._update_count()

    def _runner(self, work: Callable[[], Any], done: Callable[[Any], None],
                failed: Callable[[BaseException], None]) -> None:
        """Run a list query on the task runner; answers reaching a closed tab are dropped."""
        assert self._tasks is not None

        def alive(callback: Callable[..., None]) -> Callable[..., None]:
            return lambda *args: callback(*args) if shiboken6.isValid(self.model) else None

        self._tasks.run(_("Searching partners"), lambda _progress: work(), on_done=alive(done),
                        on_error=alive(lambda exc, _trace: failed(exc)), quiet=True)  # fmt: skip

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
        # The scroll bar stays (disabled when every row fits): typing a search that shortens the list
        # does not widen the columns' area and paint the list again for it.
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setToolTip(_("Click to sort; drag to reorder; right-click to show or hide columns."))
        for column in range(len(COLUMNS)):
            action = QAction(_(COLUMNS[column].header), header)
            action.setCheckable(True)
            action.setChecked(True)
            action.setEnabled(column != COL_NAME)
            action.toggled.connect(lambda shown, c=column: self.set_column_visible(c, shown))
            header.addAction(action)
            self.column_actions.append(action)
        self.bar.columns_button.clicked.connect(self._button_menu)
        for column in range(len(COLUMNS)):
            view.setColumnWidth(column, self._default_width(column))
        view.selectionModel().currentRowChanged.connect(lambda *_a: self._emit_current())
        # A reset (a search or sort that changes the rows) is laid out at once: left to the view's own
        # timer, the new scroll range painted the whole list a second time, in the next keystroke's time.
        self.model.modelReset.connect(view.doItemsLayout)

    def _default_width(self, column: int) -> int:
        header = self.view.horizontalHeader()
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
        return max(_DEFAULT_WIDTHS[column], header.fontMetrics().horizontalAdvance(title) + 28)

    def _restore_layout(self) -> None:
        self._restoring = True
        try:
            state = self._settings.value(f"{SETTINGS_PREFIX}/header")
            header = self.view.horizontalHeader()
            known = set(_LEGACY_ATTRS)  # the default layout places the newer columns too
            clean = header.saveState()
            if state is not None and header.restoreState(state):
                saved = self._settings.value(f"{SETTINGS_PREFIX}/columns")
                if saved:  # INI files give "a,b" back as a list
                    known = set(saved if isinstance(saved, list) else str(saved).split(","))
                if any(column.attr not in known for column in COLUMNS):
                    self._rebuild_header(clean)
                header.setSectionHidden(COL_NAME, False)
            self._place_new_columns(known)
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
        header.sortIndicatorChanged.connect(lambda *_a: self._sort_clicked())
        header.sectionResized.connect(lambda *_a: self._saver.poke())
        header.sectionMoved.connect(lambda *_a: self._saver.poke())

    def _rebuild_header(self, clean: Any) -> None:
        """Re-apply a restored layout through the public API on the clean default state.

        A state saved with fewer sections restores (Qt appends the new ones), but the header then
        saves a state that no longer restores: rebuilding it from the default state keeps it sound.
        """
        header = self.view.horizontalHeader()
        count = len(COLUMNS)
        order = sorted(range(count), key=header.visualIndex)
        hidden = [header.isSectionHidden(column) for column in range(count)]
        widths = [header.sectionSize(column) for column in range(count)]
        header.restoreState(clean)
        for visual, column in enumerate(order):
            header.moveSection(header.visualIndex(column), visual)
        for column in range(count):
            header.resizeSection(column, widths[column] if not hidden[column] else self._default_width(column))
            header.setSectionHidden(column, hidden[column])

    def _place_new_columns(self, known: set[str]) -> None:
        """Give the columns a saved layout did not know their default width and place."""
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS)):
            if COLUMNS[column].attr in known:
                continue
            header.setSectionHidden(column, False)
            header.resizeSection(column, self._default_width(column))
            anchor = _PLACE_AFTER.get(column)
            if anchor is not None:
                target = header.visualIndex(anchor) + 1
                current = header.visualIndex(column)
                header.moveSection(current, target if current > target else target - 1)

    def set_column_visible(self, column: int, shown: bool) -> None:
        """Show or hide a column (remembered with the layout)."""
        self.view.setColumnHidden(column, not shown)
        self._saver.poke()

    def shown_columns(self) -> set[int]:
        """The columns shown now."""
        return {column for column in range(len(COLUMNS)) if not self.view.isColumnHidden(column)}

    def apply_column_set(self, column_set: ColumnSet) -> None:
        """Show the columns of a set and hide the others, keeping their order and widths (remembered)."""
        for column in range(len(COLUMNS)):
            shown = column in column_set.columns or column == COL_NAME
            self.view.setColumnHidden(column, not shown)
            if shown and self.view.columnWidth(column) == 0:
                self.view.setColumnWidth(column, self._default_width(column))
        self._sync_column_actions()
        self._saver.poke()

    def columns_menu(self) -> QMenu:
        """The columns menu: the column sets, then a check box per column."""
        return build_columns_menu(self.view, self.shown_columns(), self.column_actions, self.apply_column_set)

    def _header_menu(self, pos: QPoint) -> None:
        header = self.view.horizontalHeader()
        menu = self.columns_menu()
        menu.exec(header.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _button_menu(self) -> None:
        button = self.bar.columns_button
        menu = self.columns_menu()
        menu.exec(button.mapToGlobal(button.rect().bottomLeft()))
        menu.deleteLater()

    def _sync_column_actions(self) -> None:
        for column, action in enumerate(self.column_actions):
            blocked = action.blockSignals(True)
            action.setChecked(not self.view.isColumnHidden(column))
            action.blockSignals(blocked)

    def _sort_clicked(self) -> None:
        self._started = time.perf_counter()
        self._reselect = self.current_id()
        self._saver.poke()

    def save_layout(self) -> None:
        """Remember column order, widths and the sort now."""
        if self._restoring:
            return
        header = self.view.horizontalHeader()
        self._settings.setValue(f"{SETTINGS_PREFIX}/header", header.saveState())
        self._settings.setValue(f"{SETTINGS_PREFIX}/columns", [c.attr for c in COLUMNS])
        self._settings.setValue(f"{SETTINGS_PREFIX}/sort_column", self.model.sort_column)
        self._settings.setValue(f"{SETTINGS_PREFIX}/sort_descending", "true" if self.model.descending else "false")

    # --- filter --------------------------------------------------------------------------------

    def apply_filter(self, values: FilterValues | None = None) -> None:
        """Show the partners matching the filter bar (or ``values``)."""
        values = values or self.bar.values()
        self._started = time.perf_counter()
        self._reselect = None
        self.model.set_filter(make_filter(values))

    def sort(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the list (as a click on the header does)."""
        self._started = time.perf_counter()
        self.view.horizontalHeader().setSortIndicator(column, order)

    def refresh(self, select_id: str | None = None) -> None:
        """Reload the rows after a change; then select ``select_id`` (default: the current partner)."""
        self._started = time.perf_counter()
        self._reselect = select_id or self.current_id()
        self.model.refresh()

    def busy(self) -> bool:
        """Whether a list query (or the filter choices) is still running."""
        return self.model.busy() or self._choices_pending > 0

    def _on_applied(self) -> None:
        self.last_search_ms = (time.perf_counter() - self._started) * 1000
        self._update_count()
        if self._reselect is not None:
            self.select_id(self._reselect)
            self._reselect = None
        self.filtered.emit()

    def reload_choices(self) -> None:
        """Refill the filter combos from the data (off the GUI thread); then emits ``choices_loaded``."""
        uow = self._uow

        def work() -> Any:
            owners = [(m.id, m.name) for m in list_team_members(uow)]
            return load_choices(uow), owners

        def done(result: Any) -> None:
            self._choices_pending -= 1
            choices, owners = result
            self.bar.set_choices(choices)
            tiers = [(t, n) for t, n in choices.tiers if t]
            self.model.set_tier_names(dict(tiers))
            self.model.set_currency(choices.currency)
            self.choices_loaded.emit(tiers, owners)

        def failed(exc: BaseException) -> None:
            self._choices_pending -= 1
            log.error("Loading the filter choices failed: %s", exc, exc_info=exc)

        self._choices_pending += 1
        if self._tasks is None:
            try:
                done(work())
            except Exception as exc:  # noqa: BLE001 - the list still works without choices
                failed(exc)
        else:
            self._runner(work, done, failed)

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
        """Select a partner if it is among the rows fetched (the first page, the rows shown). True when found."""
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
