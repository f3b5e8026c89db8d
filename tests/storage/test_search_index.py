"""Full-text search (FTS5) over normalised text, kept in step by the commit hook."""

from __future__ import annotations

from sqlalchemy import text

from prm_desktop.services import search_index
from prm_desktop.services.contacts import ContactInput, add_contact, remove_contact, update_contact
from prm_desktop.services.partner_queries import PartnerFilter, count_partners, search_partner_ids
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner, restore_partner, update_partner
from prm_desktop.storage.models import Note


def _partner(uow, name, **fields):
    return create_partner(uow, PartnerInput(name=name, **fields), allow_duplicates=True)


def test_fts_query_quotes_prefix_tokens():
    assert search_index.fts_query("Œuvre num") == '"oeuvre"* AND "num"*'
    assert search_index.fts_query('ab" OR cd NEAR(') == '"ab"* AND "or"* AND "cd"* AND "near"*'
    assert search_index.fts_query("jean d") == '"jean"*'  # the one-letter word being typed is left out
    assert search_index.fts_query("j") == '"j"*'
    assert search_index.fts_query("  -- ") is None


def test_accents_ligatures_and_prefixes(uow):
    oeuvre = _partner(uow, "Œuvre Numérique", city="Lyon")
    integra = _partner(uow, "Intégra Conseil SAS", city="Paris")
    _partner(uow, "Autre Société")
    assert search_partner_ids(uow, "oeuvre") == [oeuvre.id]
    assert search_partner_ids(uow, "ŒUVRE num") == [oeuvre.id]
    assert search_partner_ids(uow, "integ") == [integra.id]
    assert search_partner_ids(uow, "intégra cons") == [integra.id]
    assert search_partner_ids(uow, "societe") != []
    assert search_partner_ids(uow, "lyo") == [oeuvre.id]
    assert search_partner_ids(uow, "integ lyon") == []
    assert search_partner_ids(uow, '"') == []


def test_siren_with_spaces_siret_and_postcode(uow):
    acme = _partner(uow, "Acme", siren="732829320", siret="73282932000074", postal_code="69002", city="Lyon")
    assert search_partner_ids(uow, "732 829 320") == [acme.id]
    assert search_partner_ids(uow, "732829") == [acme.id]
    assert search_partner_ids(uow, "732 829 320 00074") == [acme.id]
    assert search_partner_ids(uow, "69002") == [acme.id]


def test_contact_name_and_email_find_the_partner(uow):
    acme = _partner(uow, "Acme")
    other = _partner(uow, "Other")
    contact = add_contact(uow, acme.id, ContactInput(name="Jérôme Dupont", email="jerome.dupont@acme-it.fr"))
    assert search_partner_ids(uow, "jerome.dupont@acme-it.fr") == [acme.id]
    assert search_partner_ids(uow, "dupont") == [acme.id]
    hits = search_index.search(uow, "jérôme")
    assert {(h.kind, h.entity_id) for h in hits} == {("partner", acme.id), ("contact", contact.id)}
    update_contact(uow, contact.id, ContactInput(name="Jérôme Martin", email="jm@acme-it.fr"))
    assert search_partner_ids(uow, "dupont") == []
    assert search_partner_ids(uow, "martin") == [acme.id]
    remove_contact(uow, contact.id)
    assert search_partner_ids(uow, "martin") == []
    assert search_partner_ids(uow, "other") == [other.id]


def test_notes_are_their_own_entries(uow):
    acme = _partner(uow, "Acme")
    with uow(label="note") as work:
        note = Note(partner_id=acme.id, body="Réunion sur la cybersécurité", tags="sécurité")
        loose = Note(body="Budget prévisionnel de la direction")
        work.session.add_all([note, loose])
        work.commit()
    hits = search_index.search(uow, "cybersecurite", kinds=("note",))
    assert [(h.kind, h.entity_id, h.partner_id) for h in hits] == [("note", note.id, acme.id)]
    assert search_partner_ids(uow, "cybersecurite") == []
    assert [h.entity_id for h in search_index.search(uow, "previsionnel")] == [loose.id]
    with uow(label="edit note") as work:
        work.session.get(Note, loose.id).body = "Autre chose"
        work.commit()
    assert search_index.search(uow, "previsionnel") == []


def test_deleted_partners_are_not_found_and_come_back_on_restore(uow):
    acme = _partner(uow, "Acme Réseaux")
    add_contact(uow, acme.id, ContactInput(name="Zoé Petit"))
    delete_partner(uow, acme.id)
    assert search_partner_ids(uow, "acme") == []
    assert search_index.search(uow, "zoe") == []
    assert count_partners(uow, PartnerFilter(text="acme")) == 0
    assert count_partners(uow, PartnerFilter(text="acme", deleted=True)) == 1
    restore_partner(uow, acme.id)
    assert search_partner_ids(uow, "reseaux") == [acme.id]
    assert search_partner_ids(uow, "zoe") == [acme.id]


def test_index_follows_an_edit_in_the_same_commit(uow, monkeypatch):
    acme = _partner(uow, "Acme", city="Lyon")
    seen = {}
    real_commit = uow.session_factory.class_.commit

    def spy_commit(session):
        # Before the transaction commits, the index already holds the new text.
        seen["rows"] = session.execute(text("SELECT body FROM search_index WHERE kind = 'partner'")).scalars().all()
        return real_commit(session)

    monkeypatch.setattr(uow.session_factory.class_, "commit", spy_commit)
    update_partner(uow, acme.id, PartnerInput(name="Acme", city="Grenoble"))
    assert seen["rows"] == ["acme grenoble"]
    monkeypatch.undo()
    assert search_partner_ids(uow, "lyon") == []
    assert search_partner_ids(uow, "grenoble") == [acme.id]


def test_rebuild_all_gives_the_same_index(uow):
    acme = _partner(uow, "Acme", city="Lyon")
    add_contact(uow, acme.id, ContactInput(name="Jean Dupont", email="jd@acme.fr"))
    with uow.read() as session:
        before = sorted(session.execute(text("SELECT kind, entity_id, partner_id, body FROM search_index")).all())
    search_index.rebuild_all(uow)
    with uow.read() as session:
        after = sorted(session.execute(text("SELECT kind, entity_id, partner_id, body FROM search_index")).all())
        assert session.scalar(text("SELECT COUNT(*) FROM search_rows")) == len(after)
    assert before == after
    assert not search_index.is_empty_but_needed(uow)


def test_global_search_lists_partners_first_and_one_letter_lists_names(uow):
    acme = _partner(uow, "Acme")
    add_contact(uow, acme.id, ContactInput(name="Achille Martin"))
    _partner(uow, "Zeta Achats")
    hits = search_index.search(uow, "ach")
    assert [h.kind for h in hits] == ["partner", "partner", "contact"]
    assert [h.kind for h in search_index.search(uow, "ach", kinds=("contact",))] == ["contact"]
    assert len(search_index.search(uow, "a", limit=2)) == 2
    # In the partner list a lone letter means "names starting with it".
    assert search_partner_ids(uow, "a") == [acme.id]
    assert count_partners(uow, PartnerFilter(text="Z")) == 1
