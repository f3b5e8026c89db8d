"""The contacts sub-table of the partner editor (a plain list model: a partner has few contacts)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import N_, _

__all__ = ["CONTACT_COLUMNS", "ContactsTableModel"]

CONTACT_COLUMNS: tuple[str, ...] = (N_("Name"), N_("Role"), N_("E-mail"), N_("Phone"), N_("Primary"),
                                    N_("Left on"))  # fmt: skip
_ATTRS = ("name", "role", "email", "phone", "is_primary", "left_on")


class ContactsTableModel(QAbstractTableModel):
    """A partner's contacts (``ContactInfo`` items); people who left are marked in text, not colour only.

    Args:
        today: The day deciding whether a contact has left.
    """

    def __init__(self, today: Callable[[], date] = date.today, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []
        self._today = today

    def set_contacts(self, items: Sequence[Any]) -> None:
        """Show these contacts."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def contact(self, row: int) -> Any | None:
        """The contact at ``row``."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, contact_id: str) -> int | None:
        """The row showing ``contact_id``."""
        for i, item in enumerate(self._items):
            if item.id == contact_id:
                return i
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of contacts."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """Number of columns."""
        return 0 if parent.isValid() else len(CONTACT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Translated headers."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(CONTACT_COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the tooltip of a contact who left says so."""
        item = self.contact(index.row()) if index.isValid() else None
        if item is None:
            return None
        attr = _ATTRS[index.column()]
        left = item.left_on is not None and item.left_on <= self._today()
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(item, attr)
            if attr == "is_primary":
                return "★ " + _("Primary") if value else ""
            if attr == "left_on":
                return (_("Left on {date}", date=format_date(value, style="short")) if left
                        else format_date(value, style="short"))  # fmt: skip
            return value or ""
        if role == Qt.ItemDataRole.ToolTipRole and left:
            return _("{name} has left the partner: no longer counts as accredited.", name=item.name)
        if role == Qt.ItemDataRole.ForegroundRole and left:
            return QBrush(QColor("#6b6b6b"))
        return None
