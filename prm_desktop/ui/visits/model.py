"""Table model of the Visits tab."""

from __future__ import annotations

from typing import Any

from prm_desktop.domain.formatting import format_datetime
from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.listings import VisitRow
from prm_desktop.ui.tables import RowTableModel

KIND_LABELS = {"on_site": N_("On site"), "video": N_("Video"), "phone": N_("Phone"), "event": N_("Event")}
STATUS_LABELS = {"planned": N_("Planned"), "done": N_("Done"), "cancelled": N_("Cancelled")}


def kind_label(kind: str) -> str:
    """The visit kind in the current language."""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def status_label(status: str) -> str:
    """The visit status in the current language."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


class VisitsTableModel(RowTableModel[VisitRow]):
    """Visits, newest first: when, kind, partners, place, objective, status, owner."""

    WHEN, KIND, PARTNERS, PLACE, OBJECTIVE, STATUS, OWNER = range(7)
    HEADERS = (N_("When"), N_("Kind"), N_("Partners"), N_("Place"), N_("Objective"), N_("Status"), N_("Owner"))

    def display(self, item: VisitRow, column: int) -> str:
        if column == self.WHEN:
            return format_datetime(item.starts_at, item.timezone, style="short")
        if column == self.KIND:
            return kind_label(item.kind)
        if column == self.PARTNERS:
            return item.partners
        if column == self.PLACE:
            return item.place
        if column == self.OBJECTIVE:
            return item.objective
        if column == self.STATUS:
            return status_label(item.status)
        return item.owner

    def sort_key(self, item: VisitRow, column: int) -> Any:
        if column == self.WHEN:
            return item.starts_at.isoformat()
        return super().sort_key(item, column)

    def tooltip(self, item: VisitRow, column: int) -> str | None:
        if column in (self.PARTNERS, self.OBJECTIVE, self.PLACE):
            return self.display(item, column) or None
        return None
