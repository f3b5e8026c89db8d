"""The Actions page of the partner editor: this partner's open actions, then the done ones.

"Done" marks the selected action done in one click (on a done one, it opens it again); "Edit…" (or a
double click) opens the action form: description, owner, due date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.visit_rules import ACTION_STATUS_LABELS
from prm_desktop.services.visits import report
from prm_desktop.services.visits.report import ActionRow
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.activity_pages import ActivityPage
from prm_desktop.ui.tables import RowTableModel

__all__ = ["ActionsPage", "PartnerActionsModel"]


class PartnerActionsModel(RowTableModel[ActionRow]):
    """One partner's action items: what, owner, due, status, internal-only."""

    TITLE, OWNER, DUE, STATUS, INTERNAL = range(5)
    HEADERS = (N_("Action"), N_("Owner"), N_("Due"), N_("Status"), N_("Internal only"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()

    def display(self, item: ActionRow, column: int) -> str:
        if column == self.TITLE:
            return item.title
        if column == self.OWNER:
            return item.owner
        if column == self.DUE:
            if item.due_on is None:
                return ""
            late = item.status == "open" and item.due_on < self.today
            return _("{date} (overdue)", date=format_date(item.due_on)) if late else format_date(item.due_on)
        if column == self.STATUS:
            labels: dict[Any, str] = ACTION_STATUS_LABELS
            return _(labels[item.status]) if item.status in labels else item.status
        return _("Yes") if item.internal_only else ""

    def sort_key(self, item: ActionRow, column: int) -> Any:
        if column == self.DUE:
            return (item.due_on or date.max).isoformat()
        return super().sort_key(item, column)

    def tooltip(self, item: ActionRow, column: int) -> str | None:
        return item.title if column == self.TITLE else None


class ActionsPage(ActivityPage):
    """A partner's action items, open ones first, with "Done" in one click."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PartnerActionsModel(), _("The partner’s actions"), parent)
        self.setObjectName("partnerActionsPage")
        self.windows: Any = None
        self.done_button = self.add_button("partnerActionDone", _("Done"), self.toggle_done,
                                           _("Mark the selected action done (again: open it again)"))
        self.edit_button = self.add_button("partnerActionEdit", _("Edit…"), self.edit_selected,
                                           _("Change the description, the owner or the due date"))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        for column, width in enumerate((190, 110, 110, 60)):
            self.table.setColumnWidth(column, width)

    def fetch_rows(self, uow: Any, partner_id: str, limit: int) -> list[ActionRow]:
        return report.list_actions(uow, "partner", partner_id=partner_id, limit=limit)

    def show_rows(self, rows: list[ActionRow]) -> None:
        self.model.today = date.today()  # type: ignore[attr-defined]
        super().show_rows(rows)
        self.set_note("" if rows else _("No action for this partner. Actions are added from a visit report."))

    def sync_buttons(self) -> None:
        row = self.selected()
        self.done_button.setEnabled(row is not None and self.ctx is not None)
        self.edit_button.setEnabled(row is not None and self.ctx is not None)
        self.done_button.setText(_("Open again") if row is not None and row.status == "done" else _("Done"))

    def set_context(self, ctx: UiContext) -> None:
        """Use the application's context; action forms open from this page."""
        from prm_desktop.ui.visits.windows import VisitWindows

        super().set_context(ctx)
        self.windows = VisitWindows(ctx, self)

    def edit_selected(self) -> None:
        """Open the selected action in the action form."""
        row = self.selected()
        if row is not None and self.windows is not None:
            self.windows.open_action(row.id)

    def close_windows(self) -> None:
        """Close the windows opened from this page."""
        if self.windows is not None:
            self.windows.close_all()

    def toggle_done(self) -> None:
        """Mark the selected action done, or open it again when it is done."""
        row = self.selected()
        if row is None or self.ctx is None:
            return
        uow, done = self.ctx.app.uow, row.status != "done"
        self.write(_("Updating the action"), lambda: report.set_action_done(uow, row.id, done))
