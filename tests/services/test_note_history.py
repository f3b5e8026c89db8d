"""Each saved edit of a note is kept (from the change log) and can be read back, newest first."""

from __future__ import annotations

import pytest

from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.services.batches import undo_batch
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.note_history import note_history
from prm_desktop.services.people.notes import NoteNotFoundError, create_note, set_pinned, update_note


def test_every_saved_edit_is_a_version_newest_first(uow) -> None:
    acme = create_partner(uow, {"name": "Acme"}).id
    note = create_note(uow, NoteInput("First **draft**", partner_id=acme, tags="demo"))
    update_note(uow, note.id, NoteInput("Second text", partner_id=acme, tags="demo"))
    set_pinned(uow, note.id, True)  # pinning is no edit of the text
    update_note(uow, note.id, NoteInput("Second text", partner_id=acme, tags="demo, q1", pinned=True))
    update_note(uow, note.id, NoteInput("Third text", partner_id=acme, tags="demo, q1", pinned=True))
    versions = note_history(uow, note.id)
    assert [v.body for v in versions] == ["Third text", "Second text", "Second text", "First **draft**"]
    assert [v.tags for v in versions] == [("demo", "q1"), ("demo", "q1"), ("demo",), ("demo",)]
    assert [v.kind for v in versions] == ["edit", "edit", "edit", "created"]
    assert versions[-1].plain_text.strip() == "First draft"
    assert all(a.saved_at >= b.saved_at for a, b in zip(versions, versions[1:], strict=False))


def test_an_undone_edit_shows_as_a_version_too(uow) -> None:
    from prm_desktop.services.batches import last_undoable

    acme = create_partner(uow, {"name": "Acme"}).id
    note = create_note(uow, NoteInput("Kept", partner_id=acme))
    update_note(uow, note.id, NoteInput("Regretted", partner_id=acme))
    undo_batch(uow, last_undoable(uow).id)
    assert [(v.body, v.kind) for v in note_history(uow, note.id)] == [
        ("Kept", "undo"), ("Regretted", "edit"), ("Kept", "created")]  # fmt: skip


def test_history_of_an_unknown_note(uow) -> None:
    with pytest.raises(NoteNotFoundError):
        note_history(uow, "nope")


def test_a_note_creates_an_action_shown_in_the_actions_view(uow) -> None:
    from prm_desktop.domain.validation import ValidationErrors
    from prm_desktop.domain.visit_rules import ActionInput
    from prm_desktop.services.visits.report import add_action, list_actions
    from prm_desktop.storage.models import ActionItem

    acme = create_partner(uow, {"name": "Acme"}).id
    note = create_note(uow, NoteInput("Send the price list", partner_id=acme))
    action_id = add_action(uow, ActionInput(title="Send the price list"), note_id=note.id)
    rows = list_actions(uow, "all")
    assert [(r.id, r.title, r.partner_id, r.partner) for r in rows] == [
        (action_id, "Send the price list", acme, "Acme")]  # fmt: skip
    with uow.read() as session:
        assert session.get(ActionItem, action_id).note_id == note.id
    with pytest.raises(ValidationErrors):
        add_action(uow, ActionInput(title="Call"), note_id="no-such-note")
