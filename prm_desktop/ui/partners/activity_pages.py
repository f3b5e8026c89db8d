"""The Visits and Actions pages of the partner editor, and what they share.

A page loads its rows off the GUI thread (the task runner) when it is shown, again when another
partner is loaded while it is shown and when the visits change; its writes go through the runner's
write queue. Without a `UiContext` (``set_context``) a page stays empty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.partner_page import PartnerPage
from prm_desktop.ui.tables import RowTableModel, make_table, source_row

__all__ = ["ActivityPage", "ActivityPages"]


class ActivityPage(PartnerPage):
    """A table of one partner's rows with buttons under it; subclasses say what to load.

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
        if isinstance(result, BaseException):
            self.set_note("⚠ " + str(result))
            return
        if result is None:
            self.model.set_rows([])
            self.set_note(_("Save the partner first.") if self.partner_id is None else "")
        else:
            self.show_rows(result)
        self.sync_buttons()

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
