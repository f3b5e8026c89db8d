"""Derived data follows what a transaction touched, and only that (issue 9.2).

The search index and the partner summary are updated row by row in the writing transaction:
importing new partners inserts their rows and deletes or rewrites nothing else, however many they
are; an edit rewrites the edited entries only. A full rebuild is a maintenance action.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text

from prm_desktop.services import batches, search_index
from prm_desktop.services.contacts import ContactInput, add_contact, update_contact
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import PartnerFilter, count_partners, search_partner_ids
from prm_desktop.services.partners import PartnerInput, create_partner, delete_partner, update_partner
from prm_desktop.storage.models import Note

_REWRITES = re.compile(r"DELETE FROM (search_index|search_rows|partner_summary)|DROP TABLE", re.IGNORECASE)


def _partner(uow, name, **fields):
    return create_partner(uow, PartnerInput(name=name, **fields), allow_duplicates=True)


def _note(uow, partner_id, body):
    with uow(label="note") as work:
        note = Note(partner_id=partner_id, body=body)
        work.session.add(note)
        work.commit()
        return note.id


def _entries(uow) -> dict[tuple[str, str], tuple[int, str]]:
    """``(kind, entity_id) -> (FTS row id, body)`` of every index entry."""
    with uow.read() as session:
        rows = session.execute(text(
            "SELECT r.kind, r.entity_id, r.id, i.body FROM search_rows r JOIN search_index i ON i.rowid = r.id"))
        return {(kind, entity): (rowid, body) for kind, entity, rowid, body in rows}


def _content(uow) -> list[tuple[str, str, str | None, str]]:
    with uow.read() as session:
        return sorted(session.execute(text("SELECT kind, entity_id, partner_id, body FROM search_index")).all())


@contextmanager
def _statements(uow) -> Iterator[list[str]]:
    """The SQL statements run on the portfolio's engine inside the block."""
    engine = uow.session_factory.kw["bind"]
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _portfolio(uow):
    """Two partners with a contact and a note each."""
    made = []
    for name, person, body in (("Acme Réseaux", "Jean Dupont", "Réunion cybersécurité"),
                               ("Bâtir Conseil", "Zoé Petit", "Plan de formation")):  # fmt: skip
        partner = _partner(uow, name, city="Lyon")
        contact = add_contact(uow, partner.id, ContactInput(name=person))
        made.append((partner.id, contact.id, _note(uow, partner.id, body)))
    return made


def test_importing_new_partners_inserts_their_entries_and_rewrites_nothing(uow, tmp_path):
    _portfolio(uow)
    before = _entries(uow)
    path = tmp_path / "new.csv"
    lines = ["name,city"] + [f"Nouveau {i:03d},Ville {i}" for i in range(60)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with _statements(uow) as seen:
        _plan, result = import_file(uow, "partners", path)
    assert result is not None and result.created == 60
    assert [s for s in seen if _REWRITES.search(s)] == []
    # Only the new partners' summary rows were computed (every upsert is limited to a list of ids).
    upserts = [s for s in seen if "INSERT INTO partner_summary" in s]
    assert upserts and all("p.id IN (SELECT value FROM json_each(" in s for s in upserts)
    after = _entries(uow)
    assert {key: after[key] for key in before} == before
    assert len(after) == len(before) + 60
    assert count_partners(uow, PartnerFilter(text="nouveau")) == 60
    assert len(search_partner_ids(uow, "nouveau 042")) == 1


def test_editing_a_partner_rewrites_its_partner_entry_only(uow):
    (acme, contact, note), _other = _portfolio(uow)
    before = _entries(uow)
    update_partner(uow, acme, PartnerInput(name="Acme Systèmes", city="Lyon"))
    after = _entries(uow)
    assert after[("contact", contact)] == before[("contact", contact)]
    assert after[("note", note)] == before[("note", note)]
    assert after[("partner", acme)][1] == "acme systemes lyon jean dupont"
    assert {k: v for k, v in after.items() if k[1] != acme} == {k: v for k, v in before.items() if k[1] != acme}
    assert search_partner_ids(uow, "systemes") == [acme]
    assert search_partner_ids(uow, "reseaux") == []


def test_a_new_note_or_contact_leaves_the_other_entries(uow):
    (acme, contact, note), _other = _portfolio(uow)
    before = _entries(uow)
    added = _note(uow, acme, "Prévisionnel 2027")
    after = _entries(uow)
    assert {k: v for k, v in after.items() if k != ("note", added)} == before
    assert [h.entity_id for h in search_index.search(uow, "previsionnel")] == [added]
    other = add_contact(uow, acme, ContactInput(name="Léa Martin"))
    again = _entries(uow)
    # The partner entry holds its contacts' names: it is rewritten; the other entries stay.
    assert again[("partner", acme)][1] == "acme reseaux lyon jean dupont lea martin"
    unchanged = {k: v for k, v in after.items() if k != ("partner", acme)}
    assert {k: again[k] for k in unchanged} == unchanged
    assert search_partner_ids(uow, "lea") == [acme]
    assert {h.entity_id for h in search_index.search(uow, "lea martin", kinds=("contact",))} == {other.id}


def test_search_stays_right_after_import_edit_delete_and_undo(uow, tmp_path):
    (acme, contact, _note_id), (batir, _c, _n) = _portfolio(uow)

    def same_as_a_rebuild() -> None:
        incremental = _content(uow)
        search_index.rebuild_all(uow)
        assert _content(uow) == incremental

    path = tmp_path / "p.csv"
    path.write_text("name,city\nŒuvre Numérique,Nîmes\nAcme Réseaux,Paris\n", encoding="utf-8")
    _plan, imported = import_file(uow, "partners", path)
    assert imported is not None
    same_as_a_rebuild()
    oeuvre = search_partner_ids(uow, "oeuvre")
    assert len(oeuvre) == 1
    update_contact(uow, contact, ContactInput(name="Jean Durand"))
    assert search_partner_ids(uow, "dupont") == [] and search_partner_ids(uow, "durand") == [acme]
    same_as_a_rebuild()
    delete_partner(uow, acme)
    assert search_partner_ids(uow, "durand") == [] and search_index.search(uow, "cybersecurite") == []
    same_as_a_rebuild()
    batches.undo_batch(uow, batches.last_undoable(uow).id)  # the delete
    assert search_partner_ids(uow, "durand") == [acme]
    assert [h.entity_id for h in search_index.search(uow, "cybersecurite")] == [_note_id]
    same_as_a_rebuild()
    batches.undo_batch(uow, imported.batch_id)
    assert search_partner_ids(uow, "oeuvre") == [] and search_partner_ids(uow, "batir") == [batir]
    same_as_a_rebuild()
