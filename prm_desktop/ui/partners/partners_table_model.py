"""The windowed partner list model: row count from SQL, rows fetched in small windows on demand.

The view only asks for the rows it shows, so the model fetches a window of :data:`PAGE_SIZE` rows
around the first row it is missing (never everything): jumping to the end of 100,000 partners loads
one window. Windows are cached (a few, least recently used first out) and dropped when the filter,
the sort or the data change. Sorting is done by SQL (:meth:`PartnersTableModel.sort`).

With a ``runner`` (the GUI passes the task runner), every query runs off the GUI thread: a new
filter or sort keeps showing the current rows until the count and first page arrive (then
:attr:`PartnersTableModel.applied` is emitted), a missing window shows ``…`` until it arrives, and
answers to a filter the user has since changed are dropped. Without one (tests, scripts) queries
run at once.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from prm_desktop.domain.i18n import _
from prm_desktop.ui.partners.list_columns import (
    COL_AT_RISK,
    COL_ATTAINMENT,
    COL_CITY,
    COL_CONTRACT_END,
    COL_LAST_VISIT,
    COL_NAME,
    COL_NEXT_VISIT,
    COL_OWNER,
    COL_QUALIFIED,
    COL_REVENUE,
    COL_STATUS,
    COL_TIER,
    COL_TYPE,
    COLUMNS,
    MOVEMENT_DEMOTION,
    MOVEMENT_PROMOTION,
    CellFormatter,
    Column,
)

__all__ = [
    "COLUMNS",
    "COL_AT_RISK",
    "COL_ATTAINMENT",
    "COL_CITY",
    "COL_CONTRACT_END",
    "COL_LAST_VISIT",
    "COL_NAME",
    "COL_NEXT_VISIT",
    "COL_OWNER",
    "COL_QUALIFIED",
    "COL_REVENUE",
    "COL_STATUS",
    "COL_TIER",
    "COL_TYPE",
    "FIRST_PAGE",
    "ID_ROLE",
    "PAGE_SIZE",
    "Column",
    "PartnerSource",
    "PartnersTableModel",
    "Runner",
]

log = logging.getLogger(__name__)

#: Rows fetched per query.
PAGE_SIZE = 200
#: Rows fetched with the count of a new filter or sort: a tall screen's worth (a keystroke waits for
#: them); the rows below are fetched a window at a time when scrolled to.
FIRST_PAGE = 80
#: Windows kept in memory (least recently used dropped first).
MAX_WINDOWS = 12
#: Role returning a row's partner id.
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ALIGNMENTS = tuple(
    int((Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter)
    for column in COLUMNS
)
_WARN_BRUSH = QBrush(QColor("#b3261e"))
#: Promotion / demotion candidates (the ▲ / ▼ text says it too: colour is never alone).
_MOVEMENT_BRUSHES = {MOVEMENT_PROMOTION: QBrush(QColor("#1b6e20")), MOVEMENT_DEMOTION: QBrush(QColor("#9a4a00"))}

#: ``runner(work, on_done, on_error)``: runs ``work()`` off the GUI thread, then calls back on it.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


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
        runner: Runs queries off the GUI thread (None: at once).
    """

    #: Emitted when a filter, sort or refresh was applied (the count and first page are in).
    applied = Signal()

    #: Gives the tier columns' tooltip a partner's standing in one line: ``(partner_id, fallback) -> text``.
    standing_tip: Callable[[str, str | None], str | None] | None = None

    def __init__(self, source: PartnerSource, flt: Any, today: Callable[[], date] = date.today,
                 parent: Any = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._runner = runner
        self.cells = CellFormatter(today)
        self._filter = flt
        self._sort_column = COL_NAME
        self._descending = False
        self._count = 0
        self._windows: OrderedDict[int, list[Any]] = OrderedDict()
        self._pending: set[int] = set()
        self._shown = 0  # generation of what is shown
        self._wanted = 0  # generation of the latest request
        self._target: tuple[Any, int, bool] = (flt, COL_NAME, False)
        # (row, column) -> (text, warning, movement)
        self._cells: dict[tuple[int, int], tuple[str, str, str | None]] = {}
        self._cells_day: date | None = None
        #: (offset, limit) of every window fetch since the last reset: tests and the bench read it.
        self.fetch_log: list[tuple[int, int]] = []
        self._request(keep=False)

    # --- state ---------------------------------------------------------------------------------

    @property
    def filter(self) -> Any:
        """The filter the latest request asked for (what the list shows once it arrives)."""
        return self._target[0]

    @property
    def sort_column(self) -> int:
        """The column the list is (or is being) sorted by."""
        return self._target[1]

    @property
    def descending(self) -> bool:
        """Whether the sort is descending."""
        return self._target[2]

    def busy(self) -> bool:
        """Whether a query is still running for what the user asked."""
        return self._wanted != self._shown or bool(self._pending)

    def set_tier_names(self, names: dict[str, str]) -> None:
        """Set how tier ids are shown (from the active program)."""
        self.cells.tier_names = dict(names)
        self._cells.clear()
        if self._count:
            for column in (COL_TIER, COL_QUALIFIED):
                self.dataChanged.emit(self.index(0, column), self.index(self._count - 1, column))

    def set_currency(self, currency: str) -> None:
        """Set the currency of the revenue totals (the active program's)."""
        if currency == self.cells.currency:
            return
        self.cells.currency = currency
        self._cells.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, COL_REVENUE), self.index(self._count - 1, COL_REVENUE))

    def set_filter(self, flt: Any) -> None:
        """Show the partners matching ``flt`` (recount; every cached window dropped).

        A filter equal to the one asked for last changes nothing (a first letter typed, shorter than
        a search, gives the same filter): no query, the list stays as it is.
        """
        if flt == self._target[0]:
            return
        self._target = (flt, self._target[1], self._target[2])
        self._request(keep=False)

    def refresh(self) -> None:
        """Reload after the data changed; keeps the view's selection when the count is unchanged."""
        self._request(keep=True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in SQL (Qt calls this when a header is clicked)."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == self._target[1:]:
            return
        self._target = (self._target[0], column, descending)
        self._request(keep=False)

    def loaded_row_count(self) -> int:
        """How many rows are held in memory (tests, bench)."""
        return sum(len(rows) for rows in self._windows.values())

    # --- queries -------------------------------------------------------------------------------

    def _request(self, keep: bool) -> None:
        """Count and fetch the first page (plus, on refresh, the windows shown) for the target."""
        self._wanted += 1
        generation = self._wanted
        flt, column, descending = self._target
        key = COLUMNS[column].sort_key
        offsets = sorted({0, *list(self._windows)[-2:]}) if keep else [0]
        source = self._source

        def work() -> Any:
            if generation != self._wanted:  # superseded while it waited for a thread
                return None
            count = source.count(flt)
            return count, {o: source.fetch(flt, key, descending, o, PAGE_SIZE if keep else FIRST_PAGE)
                           for o in offsets if o < count}  # fmt: skip

        def done(result: Any) -> None:
            if result is not None and generation == self._wanted:
                self._apply(generation, result, keep)

        self._run(work, done, lambda exc: self._failed(generation, exc))

    def _apply(self, generation: int, result: tuple[int, dict[int, list[Any]]], keep: bool) -> None:
        """Show an answer, repainting only what it changed.

        Same count and every row held before unchanged (a keystroke within the same matches, a
        refresh after an edit elsewhere): the page stays shown, nothing is repainted. A refresh of the
        list shown with the same count repaints only the rows that changed. Anything else resets the
        model (new rows from the top).
        """
        count, windows = result
        shown_target = (self._filter, self._sort_column, self._descending) == self._target
        self._shown = generation
        self._pending.clear()
        self.fetch_log = [(o, PAGE_SIZE if keep else FIRST_PAGE) for o in windows]
        changed = self._changed_rows(windows) if count == self._count else None
        day = self.cells.today()
        if changed is not None and day != self._cells_day:  # warnings depend on the day: all shown anew
            changed = list(range(count))
        self._cells_day = day
        if changed is not None and ((keep and shown_target) or (not changed and set(self._windows) <= set(windows))):
            self._filter, self._sort_column, self._descending = self._target
            self._windows = OrderedDict(windows)
            self._repaint_rows(changed)
        else:
            self.beginResetModel()
            self._cells.clear()
            self._filter, self._sort_column, self._descending = self._target
            self._count = count
            self._windows = OrderedDict(windows)
            self.endResetModel()
        self.applied.emit()

    def _changed_rows(self, windows: dict[int, list[Any]]) -> list[int]:
        """Rows whose content differs between the windows held and ``windows`` (or that only one holds)."""
        changed: set[int] = set()
        for offset, rows in windows.items():
            old = self._windows.get(offset)
            if old is None:
                changed.update(range(offset, offset + len(rows)))
                continue
            changed.update(offset + i for i, row in enumerate(rows) if i >= len(old) or old[i] != row)
            changed.update(range(offset + len(rows), offset + len(old)))
        for offset, rows in self._windows.items():
            if offset not in windows:
                changed.update(range(offset, offset + len(rows)))
        return sorted(changed)

    def _repaint_rows(self, rows: list[int]) -> None:
        """Forget the cells of ``rows`` and tell the view they changed (one signal per run of rows)."""
        if not rows:
            return
        dropped = set(rows)
        if len(dropped) > 1000:
            self._cells.clear()
        else:
            for key in [key for key in self._cells if key[0] in dropped]:
                del self._cells[key]
        runs: list[list[int]] = []
        for row in rows:
            if runs and row == runs[-1][1] + 1:
                runs[-1][1] = row
            else:
                runs.append([row, row])
        if len(runs) > 16:
            runs = [[rows[0], rows[-1]]]
        last_column = len(COLUMNS) - 1
        for first, last in runs:
            if first < self._count:
                self.dataChanged.emit(self.index(first, 0), self.index(min(last, self._count - 1), last_column))

    def _failed(self, generation: int, exc: BaseException) -> None:
        log.error("Loading the partner list failed: %s", exc, exc_info=exc)
        if generation == self._wanted:
            self._apply(generation, (0, {}), keep=False)

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        if self._runner is None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - logged, the list shows empty
                failed(exc)
            else:
                done(result)
        else:
            self._runner(work, done, failed)

    # --- rows ----------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any | None:
        """The row object (``PartnerRow``) shown at ``row``; fetched if needed (None until it arrives)."""
        if not 0 <= row < self._count:
            return None
        for start, rows in self._windows.items():
            if start <= row < start + len(rows):
                self._windows.move_to_end(start)
                return rows[row - start]
        return self._fetch_around(row)

    def partner_id(self, row: int) -> str | None:
        """The partner id shown at ``row`` (None when not fetched yet)."""
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
        if self._shown != self._wanted or any(o <= row < o + PAGE_SIZE for o in self._pending):
            return None  # a new list or this window is on its way
        offset = max(0, min(row - PAGE_SIZE // 4, self._count - PAGE_SIZE))
        generation = self._shown
        flt, key, descending = self._filter, COLUMNS[self._sort_column].sort_key, self._descending
        self._pending.add(offset)
        self.fetch_log.append((offset, PAGE_SIZE))
        found: list[Any] = []

        def done(rows: Any) -> None:
            if generation != self._shown or offset not in self._pending:
                return  # an answer about a list no longer shown
            self._pending.discard(offset)
            if rows is None:
                return
            self._windows[offset] = list(rows)
            while len(self._windows) > MAX_WINDOWS:
                self._windows.popitem(last=False)
            found.append(rows)
            if rows and self._runner is not None:
                last = min(offset + len(rows), self._count) - 1
                self.dataChanged.emit(self.index(offset, 0), self.index(last, len(COLUMNS) - 1))

        def failed(exc: BaseException) -> None:
            log.error("Fetching partner rows %d+%d failed: %s", offset, PAGE_SIZE, exc)
            if generation == self._shown:
                self._pending.discard(offset)

        def work() -> Any:
            if generation != self._wanted:  # the list changed while this waited for a thread
                return None
            return self._source.fetch(flt, key, descending, offset, PAGE_SIZE)

        self._run(work, done, failed)
        if found:
            index = row - offset
            rows = found[0]
            return rows[index] if 0 <= index < len(rows) else None
        return None

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

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        """Cell values, formatted for the current language.

        Painting asks for about ten roles per visible cell: the roles are tested as plain ints (no
        enum arithmetic per call) and the unused ones answered first.
        """
        if role == _DISPLAY or role == _FOREGROUND:
            if not index.isValid():
                return None
            cell = self._cell(index.row(), index.column())
            if cell is None:
                return "…" if role == _DISPLAY else None
            text, warning, movement = cell
            if role == _FOREGROUND:
                if warning:
                    return _WARN_BRUSH
                return _MOVEMENT_BRUSHES.get(movement) if movement else None
            return f"⚠ {text}" if warning else text
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()] if index.isValid() else None
        if role != _TOOLTIP and role != ID_ROLE or not index.isValid():
            return None
        column = index.column()
        item = self.row_at(index.row())
        if item is None:
            return None
        if role == ID_ROLE:
            return item.id
        tip = self.cells.tooltip(item, column)
        if self.standing_tip is not None and column in (COL_TIER, COL_QUALIFIED):
            return self.standing_tip(item.id, tip)
        return tip

    def _cell(self, row: int, column: int) -> tuple[str, str, str | None] | None:
        """A cell's text, warning and tier movement, formatted once per answer (painting asks for them often)."""
        key = (row, column)
        cell = self._cells.get(key)
        if cell is None:
            item = self.row_at(row)
            if item is None:
                return None
            if len(self._cells) > 20_000:
                self._cells.clear()
            cell = self._cells[key] = (self.cells.display(item, column), self.cells.warning(item, column),
                                       self.cells.movement(item, column))
        return cell
