"""Layouts that wrap their widgets onto more rows when the width runs out.

The partner filter bar must stay readable from a wide 100 % screen down to 1366×768 at 150 %
scaling (about 900 logical pixels for the whole window, the editor pane included):

- :class:`GridFlowLayout` puts equal cells in as many columns as fit (never narrower than the
  widest item's size hint) and stretches them to the full width, so combo boxes line up in a grid
  of one, two or three rows instead of being squashed;
- :class:`FlowLayout` lays items out left to right at their size hint, wrapping like text.

Both answer ``heightForWidth``, so the parent layout gives them the rows they need.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

__all__ = ["FlowLayout", "GridFlowLayout"]


class _WrappingLayout(QLayout):
    """Item bookkeeping shared by both layouts."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, row_spacing: int | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._row_gap = spacing if row_spacing is None else row_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        """Take ``item`` (``addWidget`` comes here)."""
        self._items.append(item)

    def count(self) -> int:
        """Number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        """The item at ``index`` or None."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        """Remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        """Grows in no direction of its own (its height follows its width)."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        """Its height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The height the items need at ``width``."""
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        """Place the items in ``rect``."""
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The minimum size (the width of the widest item, the height that needs)."""
        return self.minimumSize()

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _row_height(self, items: list[QLayoutItem]) -> int:
        return max((item.sizeHint().height() for item in items), default=0)

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        raise NotImplementedError


class GridFlowLayout(_WrappingLayout):
    """Equal cells in balanced rows (8 items in 4 + 4 rather than 6 + 2), stretched to fill the width.

    Args:
        parent: The widget laid out.
        spacing: Pixels between cells, across and down.
        min_cell_width: Cells are never narrower than this (nor than the widest item's size hint).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 4, row_spacing: int | None = None,
                 min_cell_width: int = 0) -> None:  # fmt: skip
        super().__init__(parent, spacing, row_spacing)
        self._min_cell = min_cell_width

    def cell_width(self) -> int:
        """The narrowest a cell may be."""
        return max([self._min_cell, *(item.sizeHint().width() for item in self._visible())])

    def columns_for(self, width: int) -> int:
        """How many cells fit side by side in ``width``."""
        cell = max(1, self.cell_width())
        return max(1, (width + self._gap) // (cell + self._gap))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """One cell (the height for a width comes from :meth:`heightForWidth`)."""
        margins = self.contentsMargins()
        return QSize(self.cell_width() + margins.left() + margins.right(),
                     self._row_height(self._visible()) + margins.top() + margins.bottom())  # fmt: skip

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        items = self._visible()
        if not items:
            return 0
        fit = min(self.columns_for(area.width()), len(items))
        rows = (len(items) + fit - 1) // fit
        columns = (len(items) + rows - 1) // rows
        cell = max(1, (area.width() - (columns - 1) * self._gap) // columns)
        row_height = self._row_height(items)
        if apply:
            for i, item in enumerate(items):
                row, column = divmod(i, columns)
                x = area.x() + column * (cell + self._gap)
                y = area.y() + row * (row_height + self._row_gap)
                item.setGeometry(QRect(QPoint(x, y), QSize(cell, row_height)))
        return rows * row_height + (rows - 1) * self._row_gap + margins.top() + margins.bottom()


class FlowLayout(_WrappingLayout):
    """Items at their size hint, left to right, wrapping onto a new row like words of text."""

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """The widest item, one row high (the height for a width comes from :meth:`heightForWidth`)."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return QSize(size.width() + margins.left() + margins.right(),
                     size.height() + margins.top() + margins.bottom())  # fmt: skip

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = item.sizeHint().width()
            if rows[-1] and used + self._gap + width > area.width():
                rows.append([])
                used = 0
            used += (self._gap if rows[-1] else 0) + width
            rows[-1].append(item)
        rows = [row for row in rows if row]
        y = area.y()
        for row in rows:
            height = self._row_height(row)
            x = area.x()
            for item in row:
                hint = item.sizeHint()
                width = min(hint.width(), area.width())
                if apply:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, hint.height())))
                x += width + self._gap
            y += height + self._row_gap
        total = y - area.y() - (self._row_gap if rows else 0)
        return max(0, total) + margins.top() + margins.bottom()
