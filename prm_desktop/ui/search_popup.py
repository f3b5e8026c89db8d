"""Edit › Search everything: one box, the hits of every kind in a list, each opened where it lives.

Typing waits a moment, then searches off the GUI thread (`search_everything`); the list shows one
heading per kind (partners, contacts, notes, internal stakeholders, visit reports, actions) and under
it the hits, matched words in bold, internal-only ones marked. Enter or a double click asks the main
window to open the hit (:attr:`SearchPopup.open_requested`).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import _
from prm_desktop.domain.search_snippet import Snippet
from prm_desktop.services.search_everything import EverythingHit, HitGroup, search_everything
from prm_desktop.ui.context import UiContext

if TYPE_CHECKING:
    from prm_desktop.ui.main_window import MainWindow

__all__ = ["HIT_ROLE", "SearchPopup", "hit_html", "open_hit"]

#: Item data role holding the hit (None on a heading).
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
DELAY_MS = 200
LIMIT_PER_KIND = 8


def _marked_html(snippet: Snippet) -> str:
    parts, last = [], 0
    for start, end in snippet.spans:
        parts += [escape(snippet.text[last:start]), "<b>", escape(snippet.text[start:end]), "</b>"]
        last = end
    parts.append(escape(snippet.text[last:]))
    return "".join(parts)


def hit_html(hit: EverythingHit) -> str:
    """A hit as rich text: its title, an internal-only mark, and the quoted text with matched words in bold."""
    flag = f" <i>({escape(_('internal only'))})</i>" if hit.internal_only else ""
    return f"{escape(hit.title)}{flag}<br/><small>{_marked_html(hit.snippet)}</small>"


class SearchPopup(QDialog):
    """The search-everything window (non-modal; hidden, not destroyed, when closed)."""

    #: ``(opens, open_id)``: ``partner``, ``stakeholder``, ``visit`` or ``action``, and its id.
    open_requested = Signal(str, str)
    #: Emitted when the hits of the current text are shown (tests wait on it).
    shown = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Search everything"))
        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Partners, contacts, notes, people, visit reports, actions…"))
        self.query.setAccessibleName(_("Search everything"))
        self.query.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.hits = QListWidget()
        self.hits.setAccessibleName(_("Search results"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.hits, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.query.returnPressed.connect(self._open_first)
        self.hits.itemActivated.connect(self._activate)
        self.hits.itemDoubleClicked.connect(self._activate)
        self.resize(560, 480)

    def start(self, text: str = "") -> None:
        """Show the window with the box focused (and ``text`` in it, when given)."""
        if text:
            self.query.setText(text)
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def search_now(self) -> None:
        """Search the box's text now (typing calls this after a short pause)."""
        self.timer.stop()
        query, uow = self.query.text(), self.ctx.app.uow
        self.ctx.tasks.run(_("Searching"), lambda _p: search_everything(uow, query, LIMIT_PER_KIND),
                           on_done=lambda groups: self._show(query, groups), quiet=True)  # fmt: skip

    def _show(self, query: str, groups: list[HitGroup]) -> None:
        if query != self.query.text():
            return  # the user typed on; a newer search is on its way
        self.hits.clear()
        bold = QFont(self.hits.font())
        bold.setBold(True)
        for group in groups:
            heading = QListWidgetItem(f"{group.label} ({len(group.hits)})")
            heading.setFont(bold)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.hits.addItem(heading)
            for hit in group.hits:
                item = QListWidgetItem()
                item.setData(HIT_ROLE, hit)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.title} {hit.snippet.text}")
                label = QLabel(hit_html(hit))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setContentsMargins(12, 2, 4, 2)
                item.setSizeHint(label.sizeHint())
                self.hits.addItem(item)
                self.hits.setItemWidget(item, label)
        if not query.strip():
            self.summary.setText("")
        elif not groups:
            self.summary.setText(_("Nothing found for “{query}”.", query=query.strip()))
        else:
            self.summary.setText(_("Enter or double-click opens a result where it lives."))
        self.shown.emit()

    def hit_items(self) -> list[QListWidgetItem]:
        """The list's hit rows (headings left out), in order."""
        items = [self.hits.item(i) for i in range(self.hits.count())]
        return [item for item in items if item.data(HIT_ROLE) is not None]

    def _open_first(self) -> None:
        current = self.hits.currentItem()
        items = self.hit_items()
        if current is not None and current.data(HIT_ROLE) is not None:
            self._activate(current)
        elif items:
            self._activate(items[0])

    def _activate(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if hit is None:
            return
        self.open_requested.emit(hit.opens, hit.open_id)
        self.hide()


def open_hit(window: MainWindow, ctx: UiContext, opens: str, open_id: str) -> None:
    """Open a hit where it lives.

    A partner in the Partners tab, a person in the Stakeholders tab, a visit in its form (Visits tab),
    an action about no partner nor visit in the Actions list.
    """
    if opens == "partner":
        window.show_tab("partners")
        ctx.signals.open_partner.emit(open_id)
        return
    tab = window.show_tab("stakeholders" if opens == "stakeholder" else "visits")
    if opens == "stakeholder" and hasattr(tab, "open_person"):
        tab.open_person(open_id)
    elif opens == "visit" and hasattr(tab, "open_visit"):
        tab.open_visit(open_id)
    elif opens == "action" and hasattr(tab, "show_view"):
        tab.show_view("actions")
