"""Drafts of notes and visit reports: saved while typing, restored after a crash or a close.

Drafts live in their own small SQLite file (``paths.drafts``), never in the synced database. A
draft is keyed by what it edits, e.g. ``note:new:<partner id>`` or ``visit-report:<visit id>``;
the editor discards it once the real save succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prm_desktop.storage.drafts import DraftRow, DraftStore

__all__ = ["Draft", "Drafts", "open_drafts"]


@dataclass(frozen=True)
class Draft:
    """An unsaved text.

    Attributes:
        key: What it edits (``kind:id``).
        text: The text as last typed.
        label: What the user sees in a list of recovered drafts.
        updated_at: When it was last saved (UTC).
    """

    key: str
    text: str
    label: str
    updated_at: datetime


def _draft(row: DraftRow) -> Draft:
    return Draft(row.key, row.body, row.label, row.updated_at)


class Drafts:
    """The drafts of one portfolio."""

    def __init__(self, path: Path) -> None:
        self._store = DraftStore(path)

    def save(self, key: str, text: str, label: str = "") -> None:
        """Keep ``text`` as the draft of ``key``; an empty text discards the draft."""
        if text.strip():
            self._store.save(key, text, label)
        else:
            self._store.delete(key)

    def load(self, key: str) -> Draft | None:
        """The draft of ``key``, or None."""
        row = self._store.get(key)
        return _draft(row) if row else None

    def discard(self, key: str) -> None:
        """Forget the draft of ``key`` (call after the real save)."""
        self._store.delete(key)

    def pending(self) -> list[Draft]:
        """Every draft not saved for real yet, newest first."""
        return [_draft(r) for r in self._store.all()]

    def close(self) -> None:
        """Close the drafts file."""
        self._store.close()


def open_drafts(path: Path | str) -> Drafts:
    """Open (creating it if needed) the drafts file at ``path`` (``paths.drafts``)."""
    return Drafts(Path(path))
