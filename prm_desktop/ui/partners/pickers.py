"""Pick other partners by typing: the parent group (one) and the distributors (several).

The suggestions come from a search function (the same full-text search as the list), so "oeuvre"
suggests "Œuvre Numérique". A picker holds an id only once the user chose a suggestion; text typed
but not chosen is reported by :meth:`PartnerPicker.unresolved_text` so the form can say so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from prm_desktop.domain.i18n import _

__all__ = ["DistributorList", "PartnerPicker", "SearchFn"]

#: ``search(text) -> [(partner id, label shown), ...]``
SearchFn = Callable[[str], list[tuple[str, str]]]


class PartnerPicker(QWidget):
    """A line edit suggesting partners as you type; remembers the chosen partner's id.

    Args:
        search: The suggestion source.
        accessible_name: The field's accessible name.
        placeholder: The grey hint in the empty box.
    """

    #: Emitted when a partner is chosen (id, label) or the choice is cleared (None, "").
    chosen = Signal(object, str)

    def __init__(self, search: SearchFn, accessible_name: str, placeholder: str = "") -> None:
        super().__init__()
        self._search = search
        self._id: str | None = None
        self._label = ""
        self._results: list[tuple[str, str]] = []
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText(placeholder or _("Type a few letters of a partner's name"))
        self.edit.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.activated[str].connect(self._on_activated)
        self.edit.setCompleter(self.completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(lambda: self.search_now(self.edit.text()))
        self.edit.textEdited.connect(self._on_edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def value(self) -> str | None:
        """The chosen partner's id, or None."""
        return self._id

    def set_value(self, partner_id: str | None, label: str = "") -> None:
        """Show a chosen partner (or nothing)."""
        self._id = partner_id or None
        self._label = label if partner_id else ""
        self.edit.setText(self._label)

    def unresolved_text(self) -> str:
        """Text typed that is not a chosen partner (empty when the box is empty or resolved)."""
        text = self.edit.text().strip()
        return "" if not text or (self._id and text == self._label) else text

    def search_now(self, text: str) -> list[tuple[str, str]]:
        """Refresh the suggestions for ``text`` (returns them; tests call it directly)."""
        self._results = self._search(text) if text.strip() else []
        self._model.setStringList([label for _id, label in self._results])
        if self._results and self.edit.hasFocus():
            self.completer.complete()
        return self._results

    def choose(self, partner_id: str, label: str) -> None:
        """Choose a partner as if the user picked it in the suggestions."""
        self.set_value(partner_id, label)
        self.chosen.emit(partner_id, label)

    def _on_edited(self, text: str) -> None:
        if self._id and text != self._label:
            self._id = None
            self.chosen.emit(None, "")
        self._timer.start()

    def _on_activated(self, label: str) -> None:
        for partner_id, shown in self._results:
            if shown == label:
                self.choose(partner_id, label)
                return


class DistributorList(QWidget):
    """The distributors a partner buys through: a list, a picker to add one, and Remove."""

    changed = Signal()

    def __init__(self, search: SearchFn) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setAccessibleName(_("Distributors"))
        self.list.setMaximumHeight(72)
        self.picker = PartnerPicker(search, _("Add a distributor"), _("Add a distributor: type its name"))
        self.picker.chosen.connect(self._add)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setAccessibleName(_("Remove the selected distributor"))
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picker, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.setFocusProxy(self.picker)

    def ids(self) -> tuple[str, ...]:
        """The chosen distributors' ids, in the order shown."""
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))

    def set_items(self, items: list[tuple[str, str]]) -> None:
        """Show these distributors (id, label)."""
        self.list.clear()
        for partner_id, label in items:
            self._append(partner_id, label)
        self.picker.set_value(None)

    def add(self, partner_id: str, label: str) -> None:
        """Add a distributor (ignored when already listed)."""
        self._add(partner_id, label)

    def remove_selected(self) -> None:
        """Remove the selected distributor."""
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def _append(self, partner_id: str, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, partner_id)
        self.list.addItem(item)

    def _add(self, partner_id: object, label: str) -> None:
        if not partner_id or partner_id in self.ids():
            return
        self._append(str(partner_id), label)
        self.picker.set_value(None)
        self.changed.emit()
