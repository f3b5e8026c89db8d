"""Undo of a batch from the change log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from prm_desktop.services import batches
from prm_desktop.storage.models import Contact, Partner, TeamMember, utcnow


def _live(uow, model) -> int:
    with uow.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


def test_undo_of_a_bulk_insert_soft_deletes_the_rows(uow) -> None:
    with uow(kind="import", label="Import partners") as work:
        work.bulk_insert(Partner, [{"name": f"P{i}"} for i in range(20)])
        work.commit()
        batch_id = work.batch_id
    assert _live(uow, Partner) == 20
    result = batches.undo_batch(uow, batch_id)
    assert result.reverted == 20 and _live(uow, Partner) == 0
    with pytest.raises(batches.BatchNotFoundError):
        batches.undo_batch(uow, batch_id)


def test_undo_of_an_edit_waits_for_later_edits_of_the_same_row(uow) -> None:
    with uow() as work:
        p = Partner(name="Acme", city="Lyon", region="ARA")
        work.session.add(p)
        work.commit()
    with uow(label="Move Acme") as work:
        q = work.session.get(Partner, p.id)
        q.city, q.region = "Paris", "IDF"
        work.commit()
        edit_batch = work.batch_id
    with uow(label="Acme to Brittany") as work:
        work.session.get(Partner, p.id).region = "Bretagne"
        work.commit()
    with pytest.raises(batches.UndoRefusedError, match="“Acme to Brittany”"):
        batches.undo_batch(uow, edit_batch)
    batches.undo_batch(uow, batches.last_undoable(uow).id)
    result = batches.undo_batch(uow, edit_batch)
    with uow.read() as s:
        again = s.get(Partner, p.id)
        assert again.city == "Lyon" and again.region == "ARA"
    assert result.skipped == []


def test_undo_of_a_soft_delete_brings_the_row_back(uow) -> None:
    with uow() as work:
        p = Partner(name="Acme")
        work.session.add(p)
        work.session.flush()
        work.session.add(Contact(name="Jean", partner_id=p.id))
        work.commit()
    with uow(label="Delete Acme") as work:
        work.session.get(Partner, p.id).deleted_at = utcnow()
        work.commit()
    last = batches.last_undoable(uow)
    assert last is not None and last.label == "Delete Acme"
    batches.undo_batch(uow, last.id)
    assert _live(uow, Partner) == 1 and _live(uow, Contact) == 1
    assert batches.last_undoable(uow).label != "Delete Acme"


def test_undo_of_a_hard_delete_reinserts_the_row(uow) -> None:
    with uow() as work:
        p = Partner(name="Acme", city="Lyon")
        work.session.add(p)
        work.commit()
    with uow() as work:
        work.session.delete(work.session.get(Partner, p.id))
        work.commit()
        batch_id = work.batch_id
    assert _live(uow, Partner) == 0
    batches.undo_batch(uow, batch_id)
    with uow.read() as s:
        assert s.get(Partner, p.id).city == "Lyon"


# -- undo keeps later work (issue 10.7) ------------------------------------------------------------

def _import(uow, tmp_path, kind: str, name: str, text: str) -> str:
    from prm_desktop.services.imports.apply import import_file

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _plan, result = import_file(uow, kind, path)
    return result.batch_id


def _ids(uow, model) -> dict[str, str]:
    with uow.read() as s:
        return {name: row_id for row_id, name in s.execute(select(model.id, model.name))}


def _dangling(uow) -> list:
    from prm_desktop.storage.references import all_dead_references

    with uow.read() as s:
        return all_dead_references(s)


def test_undo_of_an_import_keeps_a_partner_edited_since(uow, tmp_path) -> None:
    from prm_desktop.services import partners

    imported = _import(uow, tmp_path, "partners", "p.csv", "name;city\nAcme;Lyon\nBolt;Nantes\n")
    acme = _ids(uow, Partner)["Acme"]
    partners.update_partner(uow, acme, {"name": "Acme", "city": "Villeurbanne"})
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, imported)
    assert "Edit partner Acme" in str(refused.value) and "Import partners from p.csv" in str(refused.value)
    assert [b.label for b in refused.value.later] == ["Edit partner Acme"]
    with uow.read() as s:
        assert s.get(Partner, acme).deleted_at is None and s.get(Partner, acme).city == "Villeurbanne"
    assert _live(uow, Partner) == 2  # nothing was written


def test_undo_of_an_import_waits_for_contacts_and_revenue_added_to_its_partners(uow, tmp_path) -> None:
    from prm_desktop.storage.models import RevenueLine

    imported = _import(uow, tmp_path, "partners", "p.csv", "name;city\nAcme;Lyon\n")
    contacts = _import(uow, tmp_path, "contacts", "c.csv", "partner;name\nAcme;Jean Dupont\n")
    revenue = _import(uow, tmp_path, "revenue", "r.csv", "partner;quarter;motion;amount\nAcme;2026-Q1;resell;1000\n")
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, imported)
    assert [b.id for b in refused.value.later] == [contacts, revenue]
    assert _live(uow, Contact) == 1 and _live(uow, RevenueLine) == 1 and _live(uow, Partner) == 1
    for batch_id in (revenue, contacts, imported):
        batches.undo_batch(uow, batch_id)
    assert _live(uow, Partner) == _live(uow, Contact) == _live(uow, RevenueLine) == 0
    assert _dangling(uow) == []


def test_undo_waits_for_partners_owned_by_team_members_it_created(uow, tmp_path) -> None:
    first = _import(uow, tmp_path, "partners", "p1.csv", "name;owner\nAcme;Claire Martin\n")
    second = _import(uow, tmp_path, "partners", "p2.csv", "name;owner\nBolt;Claire Martin\n")
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, first)
    assert [b.id for b in refused.value.later] == [second]
    assert _dangling(uow) == [] and _live(uow, Partner) == 2


def test_undo_waits_for_children_of_partners_it_created(uow, tmp_path) -> None:
    first = _import(uow, tmp_path, "partners", "p1.csv", "name\nGroupe Acme\n")
    second = _import(uow, tmp_path, "partners", "p2.csv", "name;parent\nAcme Lyon;Groupe Acme\n")
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, first)
    assert [b.id for b in refused.value.later] == [second]
    assert _dangling(uow) == []


def test_undoing_a_creation_tombstones_what_was_created_with_it(uow, tmp_path) -> None:
    imported = _import(uow, tmp_path, "partners", "p.csv",
                       "name;owner;parent\nGroupe Acme;Claire Martin;\nAcme Lyon;Claire Martin;Groupe Acme\n")
    batches.undo_batch(uow, imported)
    assert _live(uow, Partner) == _live(uow, TeamMember) == 0
    assert _dangling(uow) == []


def test_undo_never_restores_a_reference_to_a_row_deleted_since(uow) -> None:
    with uow(label="Team") as work:
        claire, marc = TeamMember(name="Claire"), TeamMember(name="Marc")
        work.session.add_all([claire, marc])
        work.session.flush()
        acme = Partner(name="Acme", owner_id=claire.id)
        work.session.add(acme)
        work.commit()
    with uow(label="Acme to Marc") as work:
        work.session.get(Partner, acme.id).owner_id = marc.id
        work.commit()
        handover = work.batch_id
    with uow(label="Claire leaves") as work:
        work.session.get(TeamMember, claire.id).deleted_at = utcnow()
        work.commit()
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, handover)
    assert [b.label for b in refused.value.later] == ["Claire leaves"]
    with uow.read() as s:
        assert s.get(Partner, acme.id).owner_id == marc.id


def test_the_refusal_is_translated_and_dated(uow, tmp_path) -> None:
    from prm_desktop.domain import i18n

    i18n.set_language("fr")
    imported = _import(uow, tmp_path, "partners", "p.csv", "name\nAcme\n")
    _import(uow, tmp_path, "contacts", "c.csv", "partner;name\nAcme;Jean\n")
    with pytest.raises(batches.UndoRefusedError) as refused:
        batches.undo_batch(uow, imported)
    message = str(refused.value)
    assert message.startswith("Impossible d’annuler «\u00a0Import des partenaires depuis p.csv\u00a0»\u00a0:")
    assert re.search(r"«\u00a0Import des contacts depuis c.csv\u00a0» \(\d\d/\d\d/\d{4} \d\d:\d\d\)", message), message


def test_undo_of_an_edit_of_a_contact_whose_partner_was_deleted_since(uow) -> None:
    from prm_desktop.services import partners

    with uow(label="Acme and Jean") as work:
        acme = Partner(name="Acme")
        work.session.add(acme)
        work.session.flush()
        jean = Contact(name="Jean", partner_id=acme.id, phone="01")
        work.session.add(jean)
        work.commit()
    with uow(label="Jean's new phone") as work:
        work.session.get(Contact, jean.id).phone = "02"
        work.commit()
        phone = work.batch_id
    partners.delete_partner(uow, acme.id)  # the contact keeps pointing at its (deleted) partner
    batches.undo_batch(uow, phone)  # reverting the phone neither adds nor restores a reference
    with uow.read() as s:
        assert s.get(Contact, jean.id).phone == "01"


def test_undo_of_a_batch_that_changed_rows_several_times(uow) -> None:
    from prm_desktop.storage.log_audit import log_mismatches

    with uow(label="Setup") as work:
        acme, bolt = Partner(name="Acme", city="Lyon", region="ARA"), Partner(name="Bolt", city="Nantes")
        work.session.add_all([acme, bolt])
        work.commit()
    with uow(kind="import", label="Three passes") as work:
        created = work.bulk_insert(Partner, [{"name": "Cobalt", "city": "Brest"}])[0]
        work.bulk_update(Partner, [({"id": acme.id, "city": "Lyon"}, {"city": "Paris"})])
        work.bulk_update(Partner, [({"id": bolt.id, "city": "Nantes"}, {"city": "Rennes"})])
        work.bulk_update(Partner, [({"id": acme.id, "city": "Paris", "region": "ARA"},
                                    {"city": "Nice", "region": "PACA"})])
        work.bulk_update(Partner, [({"id": created, "city": "Brest"}, {"city": "Quimper"})])
        work.session.delete(work.session.get(Partner, bolt.id))
        work.commit()
        batch_id = work.batch_id
    batches.undo_batch(uow, batch_id)
    with uow.read() as s:
        assert (s.get(Partner, acme.id).city, s.get(Partner, acme.id).region) == ("Lyon", "ARA")
        assert s.get(Partner, bolt.id).city == "Nantes" and s.get(Partner, bolt.id).deleted_at is None
        cobalt = s.get(Partner, created)
        assert cobalt.deleted_at is not None and cobalt.city == "Brest"
        assert log_mismatches(s) == []
