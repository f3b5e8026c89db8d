"""The status bar's words for each sync state (English; French comes from the catalog)."""

from __future__ import annotations

from prm_desktop.services.sync_session import SyncState, describe
from prm_desktop.storage.sync.review import SyncCounts


def _counts(waiting: int = 0, conflicts: int = 0, server: str | None = "https://sync.example.com") -> SyncCounts:
    return SyncCounts(waiting, conflicts, 0, server, "alice", None)


def test_each_state_in_words() -> None:
    assert describe(_counts(server=None), signed_in=False).text == "Sync not set up"
    assert describe(_counts(3), signed_in=False).text == "Signed out · 3 edits waiting"
    assert describe(_counts(1), signed_in=True).text == "1 edit waiting"
    assert describe(_counts(), signed_in=True).state is SyncState.UP_TO_DATE
    assert describe(_counts(2), signed_in=True, offline=True).text == "Offline · 2 edits waiting"
    assert describe(_counts(2, 1), signed_in=True, syncing=True).text == "Syncing…"
    assert describe(_counts(0, 2), signed_in=True).text == "2 conflicts"
    update = describe(_counts(), signed_in=True, update_needed=True)
    assert update.text == "Update needed" and "newer version" in update.tooltip
