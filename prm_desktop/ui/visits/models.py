"""Table models of the Visits tab: to plan, visit lists, actions (tested without a window)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from prm_desktop.domain.formatting import format_date, format_datetime
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.visit_rules import ACTION_STATUS_LABELS, KIND_LABELS, STATUS_LABELS
from prm_desktop.services.visits.due import DueRow
from prm_desktop.services.visits.lists import VisitRow
from prm_desktop.services.visits.report import ActionRow
from prm_desktop.ui.tables import RowTableModel

__all__ = ["ActionsTableModel", "DueTableModel", "VisitListModel"]


def _label(labels: dict[Any, str], value: str) -> str:
    return _(labels[value]) if value in labels else value


class DueTableModel(RowTableModel[DueRow]):
    """Partners to visit: place first (to plan a trip), then how late."""

    PLACE, PARTNER, TIER, OWNER, LAST_VISIT, DUE, OVERDUE = range(7)
    HEADERS = (N_("City"), N_("Partner"), N_("Tier"), N_("Owner"), N_("Last visit"), N_("Due"),
               N_("Days overdue"))  # fmt: skip
    NUMERIC = frozenset({OVERDUE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.group_by = "city"

    def display(self, item: DueRow, column: int) -> str:
        if column == self.PLACE:
            return (item.region if self.group_by == "region" else item.city) or ""
        if column == self.PARTNER:
            return item.name
        if column == self.TIER:
            return item.tier_name or item.tier_id or ""
        if column == self.OWNER:
            return item.owner_name or ""
        if column == self.LAST_VISIT:
            return format_date(item.last_visit) if item.last_visit else _("Never")
        if column == self.DUE:
            return format_date(item.due_on)
        return _("{days} days late", days=item.days_overdue) if item.days_overdue else _("Due today")

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        if section == self.PLACE and self.group_by == "region" and horizontal:
            return _("Region")
        return super().headerData(section, orientation, role)

    def sort_key(self, item: DueRow, column: int) -> Any:
        if column in (self.DUE, self.OVERDUE, self.LAST_VISIT):
            value = {self.DUE: item.due_on, self.OVERDUE: -item.days_overdue,
                     self.LAST_VISIT: item.last_visit or date.min}[column]  # fmt: skip
            return value.isoformat() if isinstance(value, date) else value
        return super().sort_key(item, column)


class VisitListModel(RowTableModel[VisitRow]):
    """Visits of one list: when, kind, partners, place, status, report written."""

    WHEN, KIND, PARTNERS, PLACE, STATUS, REPORT = range(6)
    HEADERS = (N_("When"), N_("Kind"), N_("Partners"), N_("Place"), N_("Status"), N_("Report"))

    def display(self, item: VisitRow, column: int) -> str:
        if column == self.WHEN:
            return format_datetime(item.starts_at, item.timezone, style="short")
        if column == self.KIND:
            return _label(KIND_LABELS, item.kind)
        if column == self.PARTNERS:
            return item.partners
        if column == self.PLACE:
            return item.place
        if column == self.STATUS:
            return _label(STATUS_LABELS, item.status)
        return _("Written") if item.has_report else ("" if item.status != "done" else _("To write"))

    def sort_key(self, item: VisitRow, column: int) -> Any:
        if column == self.WHEN:
            return item.starts_at.isoformat()
        return super().sort_key(item, column)

    def tooltip(self, item: VisitRow, column: int) -> str | None:
        return self.display(item, column) or None if column in (self.PARTNERS, self.PLACE) else None


class ActionsTableModel(RowTableModel[ActionRow]):
    """Action items: what, partner, owner, due, status, internal-only."""

    TITLE, PARTNER, OWNER, DUE, STATUS, INTERNAL = range(6)
    HEADERS = (N_("Action"), N_("Partner"), N_("Owner"), N_("Due"), N_("Status"), N_("Internal only"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = date.today()

    def display(self, item: ActionRow, column: int) -> str:
        if column == self.TITLE:
            return item.title
        if column == self.PARTNER:
            return item.partner
        if column == self.OWNER:
            return item.owner
        if column == self.DUE:
            if item.due_on is None:
                return ""
            late = item.status == "open" and item.due_on < self.today
            return _("{date} (overdue)", date=format_date(item.due_on)) if late else format_date(item.due_on)
        if column == self.STATUS:
            return _label(ACTION_STATUS_LABELS, item.status)
        return _("Yes") if item.internal_only else ""

    def sort_key(self, item: ActionRow, column: int) -> Any:
        if column == self.DUE:
            return (item.due_on or date.max).isoformat()
        return super().sort_key(item, column)
