"""The Visits page of the partner editor: this partner's visits, upcoming first, then the history.

"Plan a visit" plans one with the planning service's defaults and opens it; "Open" shows a planned or
cancelled visit in the visit form and a done one in its report editor.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.visit_rules import KIND_LABELS, STATUS_LABELS
from prm_desktop.services.visits import editing, lists
from prm_desktop.services.visits.lists import VisitRow
from prm_desktop.ui.context import UiContext
from prm_desktop.ui.partners.activity_pages import ActivityPage
from prm_desktop.ui.tables import RowTableModel

__all__ = ["PartnerVisitsModel", "VisitsPage", "partner_visits"]


def partner_visits(uow: Any, partner_id: str, now: datetime | None = None, limit: int | None = None) -> list[VisitRow]:
    """A partner's visits as the page shows them, the first ``limit`` of them (None: all).

    Upcoming ones (soonest first), planned ones whose date has passed, then done and cancelled ones
    (latest first).
    """
    now = now or datetime.now(UTC)
    rows: list[VisitRow] = []
    for which in ("upcoming", "to_close", "history"):
        wanted = -1 if limit is None else limit - len(rows)  # -1: no limit
        if wanted == 0:
            break
        rows += lists.list_visits(uow, which, now=now, partner_id=partner_id, limit=wanted)
    return rows


class PartnerVisitsModel(RowTableModel[VisitRow]):
    """One partner's visits: when, kind, status, report, place, other partners."""

    WHEN, KIND, STATUS, REPORT, PLACE, PARTNERS = range(6)
    HEADERS = (N_("When"), N_("Kind"), N_("Status"), N_("Report"), N_("Place"), N_("Partners"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.now = datetime.now(UTC)

    def set_rows(self, rows: Any) -> None:
        """Replace every row (the moment "to close" is judged against is now)."""
        self.now = datetime.now(UTC)
        super().set_rows(rows)

    def display(self, item: VisitRow, column: int) -> str:
        if column == self.WHEN:
            return format_datetime(item.starts_at, item.timezone, style="short")
        if column == self.KIND:
            return _(KIND_LABELS[item.kind]) if item.kind in KIND_LABELS else item.kind  # type: ignore[index]
        if column == self.STATUS:
            if item.status == "planned" and item.starts_at < self.now:
                return _("To close")
            return _(STATUS_LABELS[item.status]) if item.status in STATUS_LABELS else item.status  # type: ignore[index]
        if column == self.REPORT:
            if item.has_report:
                return _("Written")
            return _("To write") if item.status == "done" else ""
        if column == self.PLACE:
            return item.place
        return item.partners

    def sort_key(self, item: VisitRow, column: int) -> Any:
        if column == self.WHEN:
            return item.starts_at.isoformat()
        return super().sort_key(item, column)

    def tooltip(self, item: VisitRow, column: int) -> str | None:
        return self.display(item, column) or None if column in (self.PLACE, self.PARTNERS) else None


class VisitsPage(ActivityPage):
    """A partner's visits, with "Plan a visit" and "Open"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(PartnerVisitsModel(), _("The partner’s visits"), parent)
        self.setObjectName("partnerVisitsPage")
        self.windows: Any = None
        self.plan_button = self.add_button("partnerPlanVisit", _("Plan a visit"), self.plan,
                                           _("Plan a visit at the next free slot, then open it"))
        self.open_button = self.add_button("partnerOpenVisit", _("Open…"), self.open_selected,
                                           _("Open the visit, or its report when it is done"))
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        for column, width in enumerate((115, 75, 85, 95, 160)):
            self.table.setColumnWidth(column, width)

    def set_context(self, ctx: UiContext) -> None:
        """Use the application's context; visit windows open from this page."""
        from prm_desktop.ui.visits.windows import VisitWindows

        super().set_context(ctx)
        self.windows = VisitWindows(ctx, self)

    def fetch_rows(self, uow: Any, partner_id: str, limit: int) -> list[VisitRow]:
        return partner_visits(uow, partner_id, limit=limit)

    def show_rows(self, rows: list[VisitRow]) -> None:
        super().show_rows(rows)
        self.set_note("" if rows else _("No visit with this partner yet: plan one."))

    def sync_buttons(self) -> None:
        ready = self.partner_id is not None and self.ctx is not None
        self.plan_button.setEnabled(ready)
        self.open_button.setEnabled(ready and self.selected() is not None)

    def plan(self) -> None:
        """Plan a visit with this partner (the planning defaults), then open it in the form."""
        if self.partner_id is None or self.ctx is None:
            return
        uow, partner_id = self.ctx.app.uow, self.partner_id
        self.write(_("Planning a visit"), lambda: editing.plan_visit(uow, [partner_id]), self.open_visit)

    def open_selected(self) -> None:
        """Open the selected visit: its report when done, else the visit form."""
        row = self.selected()
        if row is None or self.windows is None:
            return
        if row.status == "done":
            self.windows.open_report(row.id)
        else:
            self.windows.open_visit(row.id)

    def open_visit(self, visit_id: str) -> None:
        """Open a visit in the form."""
        if self.windows is not None:
            self.windows.open_visit(visit_id)

    def close_windows(self) -> None:
        """Close the windows opened from this page."""
        if self.windows is not None:
            self.windows.close_all()
