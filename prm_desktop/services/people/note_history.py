"""A note's edit history: every saved version, read back from the change log (nothing extra is stored).

A version is the note as it was after a change of its text or tags: its creation, each edit, and
each undo that changed it back. Pinning and removing are not versions. A purge redacts the log, so
the versions of a purged person's notes no longer hold their data either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.domain.notes_markdown import to_plain_text
from prm_desktop.domain.stakeholder_notes import split_tags
from prm_desktop.services.people.notes import NoteNotFoundError
from prm_desktop.storage.models import Note
from prm_desktop.storage.people.note_log import note_log
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["NoteVersion", "note_history"]

#: What a version changes; the others (pinned, deleted_at…) make no new version.
_VERSIONED = frozenset({"body", "tags"})


@dataclass(frozen=True)
class NoteVersion:
    """The note's text and tags as saved at ``saved_at``; ``kind`` is created, edit or undo."""

    saved_at: datetime
    kind: str
    body: str
    plain_text: str
    tags: tuple[str, ...]


def note_history(uow: UnitOfWorkFactory, note_id: str) -> list[NoteVersion]:
    """Every saved version of a live note, newest first.

    Raises:
        NoteNotFoundError: No such live note.
    """
    with uow.read() as session:
        note = session.get(Note, note_id)
        if note is None or note.deleted_at is not None:
            raise NoteNotFoundError(_("No note with id {id}.", id=note_id))
        entries = note_log(session, note_id)
    state: dict[str, Any] = {}
    versions = []
    for op, raw, saved_at, batch_kind in entries:
        data = json.loads(raw)
        if op == "insert":
            state = dict(data)
            kind = "created"
        elif op == "update":
            changed = _VERSIONED & set(data)
            state.update({field: new for field, (_old, new) in data.items()})
            if not changed:
                continue
            kind = "undo" if batch_kind == "undo" else "edit"
        else:
            continue
        body = state.get("body") or ""
        versions.append(NoteVersion(saved_at, kind, body, to_plain_text(body), tuple(split_tags(state.get("tags")))))
    versions.reverse()
    return versions
