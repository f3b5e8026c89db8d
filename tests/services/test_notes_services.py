from __future__ import annotations

import pytest

from prm_desktop.domain.notes_markdown import mention
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services import search_index
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.people.notes import (
    create_note,
    delete_note,
    partner_timeline,
    person_timeline,
    set_pinned,
    update_note,
)


@pytest.fixture
def karim(uow):
    return create_stakeholder(uow, StakeholderInput("Karim Haddad", "Avant-vente"))


@pytest.fixture
def acme(uow):
    return create_partner(uow, {"name": "Acme Intégration"})


def test_timeline_lists_pinned_first_then_newest(uow, acme) -> None:
    first = create_note(uow, NoteInput("Premier échange", partner_id=acme.id))
    second = create_note(uow, NoteInput("Deuxième échange", partner_id=acme.id, tags="cloud; renouvellement"))
    assert [n.id for n in partner_timeline(uow, acme.id)] == [second.id, first.id]
    set_pinned(uow, first.id, True)
    timeline = partner_timeline(uow, acme.id)
    assert [(n.id, n.pinned) for n in timeline] == [(first.id, True), (second.id, False)]
    assert timeline[1].tags == ("cloud", "renouvellement")
    delete_note(uow, first.id)
    assert [n.id for n in partner_timeline(uow, acme.id)] == [second.id]


def test_a_mention_puts_the_note_on_the_persons_timeline(uow, acme, karim) -> None:
    note = create_note(uow, NoteInput(f"Démo prévue avec {mention(karim.name, karim.id)}", partner_id=acme.id))
    assert [m.stakeholder_id for m in note.mentions] == [karim.id]
    assert [n.id for n in person_timeline(uow, karim.id)] == [note.id]
    update_note(uow, note.id, NoteInput("Démo annulée", partner_id=acme.id))
    assert person_timeline(uow, karim.id) == []


def test_a_note_about_a_person_only(uow, karim) -> None:
    note = create_note(uow, NoteInput("Préfère les appels le matin", stakeholder_id=karim.id, internal_only=True))
    (shown,) = person_timeline(uow, karim.id)
    assert (shown.id, shown.internal_only, shown.partner_id) == (note.id, True, None)


def test_bad_notes_are_refused(uow, acme) -> None:
    with pytest.raises(ValidationErrors) as caught:
        create_note(uow, NoteInput("  "))
    assert set(caught.value.by_field()) == {"body", "partner_id"}
    with pytest.raises(ValidationErrors) as caught:
        create_note(uow, NoteInput("Voir @[Fantôme](stakeholder:nobody)", partner_id=acme.id))
    assert caught.value.by_field() == {"body": "Fantôme is not a known stakeholder."}
    assert partner_timeline(uow, acme.id) == []


def test_the_search_index_holds_the_plain_text(uow, acme, karim) -> None:
    from sqlalchemy import text

    body = f"**Budget** validé par {mention(karim.name, karim.id)} — [offre](https://example.fr/offre-2026)"
    note = create_note(uow, NoteInput(body, partner_id=acme.id))
    with uow.read() as session:
        indexed = session.execute(
            text("SELECT body FROM search_index WHERE kind = 'note' AND entity_id = :id"), {"id": note.id}
        ).scalar_one()
    assert "**" not in indexed and "stakeholder:" not in indexed and "](" not in indexed
    assert "budget valide par" in indexed and "karim haddad" in indexed
    assert [h.entity_id for h in search_index.search(uow, "budget valide", kinds=["note"])] == [note.id]
    assert search_index.search(uow, "stakeholder", kinds=["note"]) == []
