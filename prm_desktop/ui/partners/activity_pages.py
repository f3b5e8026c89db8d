"""The Visits and Actions pages of the partner editor, and what they share.

A page loads its rows off the GUI thread (the task runner) when it is shown, again when another
partner is loaded while it is shown and when the visits change; its writes go through the runner's
write queue. Without a `UiContext` (``set_context``) a page stays empty. Like the Visits tab's lists,
a page has no cap: it reads :data:`PAGE` rows at a time, the next page when scrolled to the bottom
(scroll position and selection kept), and says when more rows are left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.partner_page import PartnerPage
from prm_desktop.ui.tables import RowTableModel, make_table, source_row

__all__ = ["PAGE", "ActivityPage", "ActivityPages"]

#: Rows read at a time; scrolled to the bottom, a page reads as many more.
PAGE = 1000


class ActivityPage(PartnerPage):
    """A table of one partner's rows with buttons under it, read a page at a time; subclasses say what to load.

    Args:
        model: The page's table model.
        name: The table's accessible name.
    """

    TOPICS = frozenset({"visits", "contacts"})
    LOAD_LABEL = N_("Loading the partner’s visits and actions")

    def __init__(self, model: RowTableModel[Any], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = make_table(model, name, self)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the services' order: what matters first
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.sync_buttons())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self._limit = PAGE  # rows wanted: grows by a page when the table is scrolled to its bottom
        self._wanted = PAGE  # the rows wanted by the read under way (set on the GUI thread)
        self._more = False  # more rows are left after those shown
        self._loading = False
        self._keep_scroll = False
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)

    def set_partner(self, partner_id: str | None, name: str = "") -> None:
        """Show a partner from its first page."""
        self._limit = PAGE
        super().set_partner(partner_id, name)

    def refresh(self) -> None:
        """Read the rows again: as many as are shown now (at least a page), so a scrolled table stays put."""
        self._wanted, self._loading = self._limit, True
        super().refresh()

    def fetch(self, uow: Any, partner_id: str) -> tuple[list[Any], bool]:
        """Read a page (worker thread); one row more than wanted says more are left."""
        limit = self._wanted
        rows = self.fetch_rows(uow, partner_id, limit + 1)
        return rows[:limit], len(rows) > limit

    def fetch_rows(self, uow: Any, partner_id: str, limit: int) -> list[Any]:
        """The partner's first ``limit`` rows in the page's order (worker thread: no widget is touched)."""
        raise NotImplementedError

    def _scrolled(self, value: int) -> None:
        """At the bottom of a table that has more rows, read the next page."""
        bar = self.table.verticalScrollBar()
        if self._more and not self._loading and value > 0 and value >= bar.maximum():
            self._limit = self.model.rowCount() + PAGE
            self._keep_scroll = True
            self.refresh()

    def set_note(self, text: str) -> None:
        """Show a line above the table (empty: none)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def add_button(self, name: str, label: str, slot: Callable[[], None], tip: str = "") -> QPushButton:
        """A button under the table."""
        button = QPushButton(label)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def show_result(self, result: Any) -> None:
        """Rows read by `fetch`; None clears the table; an exception shows its message above it."""
        self._loading = False
        if isinstance(result, BaseException):
            self._keep_scroll = False
            self.set_note("⚠ " + str(result))
            return
        if result is None:
            self._more = self._keep_scroll = False
            self.model.set_rows([])
            self.set_note(_("Save the partner first.") if self.partner_id is None else "")
        else:
            rows, self._more = result
            self._show_page(rows)
            if self._more:
                self.set_note(_("{count} rows shown; scroll down for more.", count=format_number(len(rows))))
        self.sync_buttons()

    def _show_page(self, rows: list[Any]) -> None:
        """Show the rows; after reading the next page, at the same scroll position and selection."""
        bar = self.table.verticalScrollBar()
        keep, self._keep_scroll = (bar.value() if self._keep_scroll else 0), False
        chosen = self.selected() if keep else None
        self.show_rows(rows)
        if keep:
            self.table.doItemsLayout()
            bar.setValue(keep)
        if chosen is not None:
            at = next((i for i, row in enumerate(self.model.rows()) if row.id == chosen.id), None)
            if at is not None:
                self.table.selectRow(self.table.model().mapFromSource(self.model.index(at, 0)).row())

    def show_rows(self, rows: Any) -> None:
        """Put the rows read by `fetch` in the table."""
        self.model.set_rows(rows)

    def sync_buttons(self) -> None:
        """Enable the buttons that apply (after a load or a selection change)."""

    def selected(self) -> Any:
        """The row selected, or None."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return source_row(self.table, rows[0].row()) if rows else None

    def write(self, label: str, work: Callable[[], Any], then: Callable[[Any], None] | None = None) -> None:
        """Run a write through the write queue; the app is told the visits changed."""
        if self.ctx is None:
            return
        ctx = self.ctx

        def done(result: Any) -> None:
            ctx.changed("visits")
            if then is not None:
                then(result)

        ctx.tasks.submit_write(label, lambda _p: work(), on_done=done,
                               on_error=lambda exc, _t: self.set_note("⚠ " + str(exc)))  # fmt: skip


class ActivityPages:
    """The Visits and Actions pages added to the partner editor's tabs.

    Args:
        tabs: The editor's tabs.
        before: The page they go before (None: at the end).
    """

    def __init__(self, tabs: QTabWidget, before: QWidget | None = None) -> None:
        from prm_desktop.ui.partners.actions_page import ActionsPage
        from prm_desktop.ui.partners.visits_page import VisitsPage

        self.visits = VisitsPage()
        self.actions = ActionsPage()
        at = tabs.indexOf(before) if before is not None else -1
        tabs.insertTab(at, self.visits, _("Visits"))
        tabs.insertTab(tabs.indexOf(self.visits) + 1, self.actions, _("Actions"))

    def set_context(self, ctx: UiContext) -> None:
        """Give both pages the application's context (task runner, data changes, windows)."""
        self.visits.set_context(ctx)
        self.actions.set_context(ctx)

    def set_partner(self, partner_id: str | None) -> None:
        """Show a partner on both pages (None for a new or deleted partner, or nothing)."""
        self.visits.set_partner(partner_id)
        self.actions.set_partner(partner_id)

    def close_windows(self) -> None:
        """Close the visit and action windows opened from the pages."""
        self.visits.close_windows()
        self.actions.close_windows()
