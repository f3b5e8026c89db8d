"""The windowed partner list model: row count from SQL, rows fetched in small windows on demand.

The view only asks for the rows it shows, so the model fetches a window of :data:`PAGE_SIZE` rows
around the first row it is missing (never everything): jumping to the end of 100,000 partners loads
one window. Windows are cached (a few, least recently used first out) and dropped when the filter,
the sort or the data change. Sorting is done by SQL (:meth:`PartnersTableModel.sort`).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from prm_desktop.domain.formatting import format_date, format_money
from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.partners.labels import percent, status_label, type_label

__all__ = [
    "COLUMNS",
    "COL_ATTAINMENT",
    "COL_CITY",
    "COL_CONTRACT_END",
    "COL_LAST_VISIT",
    "COL_NAME",
    "COL_NEXT_VISIT",
    "COL_OWNER",
    "COL_REVENUE",
    "COL_STATUS",
    "COL_TIER",
    "COL_TYPE",
    "ID_ROLE",
    "PAGE_SIZE",
    "Column",
    "PartnerSource",
    "PartnersTableModel",
]

log = logging.getLogger(__name__)

#: Rows fetched per query.
PAGE_SIZE = 200
#: Windows kept in memory (least recently used dropped first).
MAX_WINDOWS = 12
#: Role returning a row's partner id.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Contracts ending within this many days are flagged.
CONTRACT_WARNING_DAYS = 90

_WARN = QColor("#b3261e")


@dataclass(frozen=True)
class Column:
    """One list column: the row attribute it shows, its header, and the service's sort key."""

    attr: str
    header: str
    sort_key: str
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name", N_("Name"), "name"),
    Column("type", N_("Type"), "type"),
    Column("assigned_tier", N_("Tier"), "assigned_tier"),
    Column("status", N_("Status"), "status"),
    Column("city", N_("City"), "city"),
    Column("owner_name", N_("Owner"), "owner_name"),
    Column("last_visit_on", N_("Last visit"), "last_visit_on"),
    Column("next_visit_due", N_("Next visit due"), "next_visit_due"),
    Column("revenue_window", N_("Revenue (window)"), "revenue_window", numeric=True),
    Column("attainment", N_("Attainment"), "attainment", numeric=True),
    Column("contract_end", N_("Contract end"), "contract_end"),
)
(
    COL_NAME,
    COL_TYPE,
    COL_TIER,
    COL_STATUS,
    COL_CITY,
    COL_OWNER,
    COL_LAST_VISIT,
    COL_NEXT_VISIT,
    COL_REVENUE,
    COL_ATTAINMENT,
    COL_CONTRACT_END,
) = range(len(COLUMNS))


class PartnerSource(Protocol):
    """Where rows come from (the partner query service, or a fake in tests)."""

    def count(self, flt: Any) -> int:
        """Number of partners matching ``flt``."""

    def fetch(self, flt: Any, sort_key: str, descending: bool, offset: int, limit: int) -> list[Any]:
        """Rows ``offset`` to ``offset + limit`` of the sorted, filtered list."""


class PartnersTableModel(QAbstractTableModel):
    """Partners matching a filter, sorted by SQL, fetched a window at a time.

    Args:
        source: The row source.
        flt: The initial filter (a ``PartnerFilter``).
        today: Returns the day used for "overdue" and "contract ends soon" flags.
        parent: Qt parent.
    """

    def __init__(self, source: PartnerSource, flt: Any, today: Callable[[], date] = date.today,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._filter = flt
        self._today = today
        self._sort_column = COL_NAME
        self._descending = False
        self._count = 0
        self._windows: OrderedDict[int, list[Any]] = OrderedDict()
        self._tier_names: dict[str, str] = {}
        #: (offset, limit) of every fetch since the last reset: tests and the bench read it.
        self.fetch_log: list[tuple[int, int]] = []
        self._count = self._safe_count()

    # --- state ---------------------------------------------------------------------------------

    @property
    def filter(self) -> Any:
        """The current filter."""
        return self._filter

    @property
    def sort_column(self) -> int:
        """The column the list is sorted by."""
        return self._sort_column

    @property
    def descending(self) -> bool:
        """Whether the sort is descending."""
        return self._descending

    def set_tier_names(self, names: dict[str, str]) -> None:
        """Set how tier ids are shown (from the active program)."""
        self._tier_names = dict(names)
        if self._count:
            self.dataChanged.emit(self.index(0, COL_TIER), self.index(self._count - 1, COL_TIER))

    def set_filter(self, flt: Any) -> None:
        """Show the partners matching ``flt`` (recounts and drops every cached window)."""
        self.beginResetModel()
        self._filter = flt
        self._drop_windows()
        self._count = self._safe_count()
        self.endResetModel()

    def refresh(self) -> None:
        """Reload after the data changed, keeping the view's selection when the count is unchanged."""
        count = self._safe_count()
        if count != self._count:
            self.beginResetModel()
            self._drop_windows()
            self._count = count
            self.endResetModel()
            return
        self._drop_windows()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, len(COLUMNS) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in SQL (Qt calls this when a header is clicked)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending) and self._windows:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._descending = column, descending
        self._drop_windows()
        self.layoutChanged.emit()

    def loaded_row_count(self) -> int:
        """How many rows are held in memory (tests, bench)."""
        return sum(len(rows) for rows in self._windows.values())

    # --- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any | None:
        """The row object (``PartnerRow``) shown at ``row``, fetched if needed; None if out of range."""
        if not 0 <= row < self._count:
            return None
        for start, rows in self._windows.items():
            if start <= row < start + len(rows):
                self._windows.move_to_end(start)
                return rows[row - start]
        return self._fetch_around(row)

    def partner_id(self, row: int) -> str | None:
        """The partner id shown at ``row``."""
        item = self.row_at(row)
        return item.id if item is not None else None

    def loaded_row_of(self, partner_id: str) -> int | None:
        """The row of a partner among the rows already fetched (no query), or None."""
        for start, rows in self._windows.items():
            for i, item in enumerate(rows):
                if item.id == partner_id:
                    return start + i
        return None

    def _fetch_around(self, row: int) -> Any | None:
        offset = max(0, min(row - PAGE_SIZE // 4, self._count - PAGE_SIZE))
        column = COLUMNS[self._sort_column]
        try:
            rows = self._source.fetch(self._filter, column.sort_key, self._descending, offset, PAGE_SIZE)
        except Exception:  # noqa: BLE001 - a failed fetch must not break painting
            log.exception("Fetching partner rows %d+%d failed", offset, PAGE_SIZE)
            return None
        self.fetch_log.append((offset, PAGE_SIZE))
        self._windows[offset] = list(rows)
        while len(self._windows) > MAX_WINDOWS:
            self._windows.popitem(last=False)
        index = row - offset
        return rows[index] if 0 <= index < len(rows) else None

    def _drop_windows(self) -> None:
        self._windows.clear()
        self.fetch_log = []

    def _safe_count(self) -> int:
        try:
            return int(self._source.count(self._filter))
        except Exception:  # noqa: BLE001 - an unreadable list shows empty, the error is logged
            log.exception("Counting partners failed")
            return 0

    # --- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of matching partners."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headers (translated)."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(COLUMNS[section].header)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell values, formatted for the current language."""
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[column].numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, ID_ROLE):
            return None
        item = self.row_at(index.row())
        if item is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == ID_ROLE:
            return item.id
        warning = self._warning(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(_WARN) if warning else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return warning or self._tooltip(item, column)
        text = self._display(item, column)
        return f"⚠ {text}" if warning else text

    def _display(self, item: Any, column: int) -> str:
        attr = COLUMNS[column].attr
        value = getattr(item, attr, None)
        if column == COL_TYPE:
            return type_label(value)
        if column == COL_STATUS:
            return status_label(value)
        if column == COL_TIER:
            return self._tier_names.get(value, value) if value else ""
        if column in (COL_LAST_VISIT, COL_NEXT_VISIT, COL_CONTRACT_END):
            return format_date(value, style="short")
        if column == COL_REVENUE:
            return format_money(value, decimals=0) if value is not None else ""
        if column == COL_ATTAINMENT:
            return percent(value)
        return "" if value is None else str(value)

    def _warning(self, item: Any, column: int) -> str:
        today = self._today()
        if column == COL_NEXT_VISIT:
            due = getattr(item, "next_visit_due", None)
            if due is not None and due == today:
                return _("Visit due today")
            if due is not None and due < today:
                return _("Visit overdue since {date}", date=format_date(due))
        elif column == COL_CONTRACT_END:
            end = getattr(item, "contract_end", None)
            if end is not None and today <= end <= today + timedelta(days=CONTRACT_WARNING_DAYS):
                return _("Contract ends on {date}: plan the renewal", date=format_date(end))
            if end is not None and end < today:
                return _("Contract ended on {date}", date=format_date(end))
        return ""

    def _tooltip(self, item: Any, column: int) -> str | None:
        if column == COL_TIER:
            qualified = getattr(item, "qualified_tier", None)
            assigned = getattr(item, "assigned_tier", None)
            if qualified != assigned:
                name = self._tier_names.get(qualified, qualified) if qualified else _("no tier")
                return _("Qualifies today for: {tier}", tier=name)
        if column == COL_NAME:
            at_risk = getattr(item, "at_risk_on", None)
            if at_risk is not None:
                return _("At risk of losing a level or tier on {date}", date=format_date(at_risk))
        text = self._display(item, column)
        return text or None
