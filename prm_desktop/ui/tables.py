"""A base for the read-only table models of the tabs, and a table view set up for keyboard use.

Each table has its own `RowTableModel` subclass with column constants and its ``HEADERS``; the
model formats cells (dates, money, labels) and gives a sort key per cell, so it is tested without
any window.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.ui.layout_memory import layout_changed

T = TypeVar("T")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Rows of plain dataclasses shown in columns; subclasses define ``HEADERS`` and `display`."""

    #: Column titles (English source strings marked with ``N_``), one per column constant.
    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Columns whose text is right-aligned (numbers, amounts).
    NUMERIC: ClassVar[frozenset[int]] = frozenset()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> T:
        """The item shown on row ``index``."""
        return self._rows[index]

    def rows(self) -> list[T]:
        """Every item, in model order."""
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802 - Qt API
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == SORT_ROLE:
            return self.sort_key(item, column)
        if role == ROW_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def display(self, item: T, column: int) -> str:
        """The text of a cell."""
        raise NotImplementedError

    def sort_key(self, item: T, column: int) -> Any:
        """What the column sorts on (default: the text without case or accents, so É sorts with E)."""
        return normalize_text(self.display(item, column))

    def tooltip(self, item: T, column: int) -> str | None:
        """A tooltip for a cell (default: none)."""
        return None


def make_table(model: RowTableModel[Any], accessible_name: str, parent: QWidget | None = None) -> QTableView:
    """A sortable, read-only table view on ``model`` (through a proxy), usable with the keyboard."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setAccessibleName(accessible_name)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt would start descending
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(lambda pos: _exec_columns_menu(view, pos))
    header.setToolTip(_("Click to sort; drag to reorder; right-click to show or hide columns."))
    return view


def columns_menu(view: QTableView) -> QMenu:
    """The header's menu: one check box per column (the first one always stays).

    Hiding a column resizes its section, which :func:`~prm_desktop.ui.layout_memory.remember_header`
    saves with the rest of the layout.
    """
    model = view.model()
    header = view.horizontalHeader()
    menu = QMenu(view)
    menu.setAccessibleName(_("Columns shown"))
    for column in range(model.columnCount()):
        action = menu.addAction(str(model.headerData(column, Qt.Orientation.Horizontal)))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(column != 0)
        action.toggled.connect(lambda shown, c=column: _show_column(view, c, shown))
    return menu


def _show_column(view: QTableView, column: int, shown: bool) -> None:
    view.setColumnHidden(column, not shown)
    if shown and view.columnWidth(column) == 0:
        view.resizeColumnToContents(column)
    layout_changed(view.horizontalHeader())


def _exec_columns_menu(view: QTableView, pos: QPoint) -> None:
    menu = columns_menu(view)
    menu.exec(view.horizontalHeader().viewport().mapToGlobal(pos))
    menu.deleteLater()


def source_row(view: QTableView, proxy_row: int) -> Any:
    """The item on a view's row (through its proxy), or None."""
    index = view.model().index(proxy_row, 0)
    return index.data(ROW_ROLE) if index.isValid() else None
