"""On a partner's page: “⚠ N sync conflicts on this partner — review” (hidden when there are none)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from prm_desktop.domain.i18n import _n
from prm_desktop.services.sync_conflicts import count_for_partner


class PartnerConflictsLink(QLabel):
    """A link to the Conflicts view of one partner; ``requested(partner_id)`` when clicked."""

    requested = Signal(str)

    def __init__(self, uow: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnerSyncConflicts")
        self._uow, self._partner_id = uow, None
        self.setWordWrap(True)
        self.linkActivated.connect(lambda _href: self._partner_id and self.requested.emit(self._partner_id))
        self.setVisible(False)

    def set_partner(self, partner_id: str | None) -> None:
        """Count the open conflicts of ``partner_id`` (None: hide)."""
        self._partner_id = partner_id
        count = count_for_partner(self._uow, partner_id) if partner_id else 0
        if count:
            text = _n("⚠ {count} sync conflict on this partner — review it",
                      "⚠ {count} sync conflicts on this partner — review them", count, count=count)
            self.setText(f'<a href="#conflicts">{text}</a>')
            self.setAccessibleName(text)
        self.setVisible(bool(count))
