"""The sync state in the status bar: a flat button (click: the Conflicts view)."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton, QWidget

from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.sync_session import SyncState, SyncStatus

#: A sign before the words, so the state reads at a glance (not by colour alone).
MARKS = {
    SyncState.NOT_SET_UP: "○", SyncState.SIGNED_OUT: "○", SyncState.OFFLINE: "⚠", SyncState.SYNCING: "⟳",
    SyncState.UP_TO_DATE: "✓", SyncState.WAITING: "↑", SyncState.CONFLICTS: "⚠",
    SyncState.UPDATE_NEEDED: "⚠",
}


class SyncStatusButton(QToolButton):
    """Shows a `SyncStatus`; clicking opens the Conflicts view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAutoRaise(True)
        self.setAccessibleName(_("Synchronisation"))
        self.status: SyncStatus | None = None
        self.setText("○ " + _("Sync not set up"))

    def show_status(self, status: SyncStatus, detail: str = "") -> None:
        """Show the state (``detail``: a progress step or the last sync's time, in the tooltip)."""
        self.status = status
        self.setText(f"{MARKS[status.state]} {status.text}")
        tip = status.tooltip + (f"\n{detail}" if detail else "")
        if status.counts.set_aside:
            tip += "\n" + _n("{count} edit set aside: see Sync › Conflicts….",
                              "{count} edits set aside: see Sync › Conflicts….", status.counts.set_aside,
                              count=status.counts.set_aside)
        self.setToolTip(tip + "\n" + _("Click to see the conflicts."))
        self.setAccessibleDescription(tip)
