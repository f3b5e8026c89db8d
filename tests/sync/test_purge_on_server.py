"""A personal-data purge reaches the server: nothing of the person is left in any server table.

The person's values were on the server in the contact's row, in conflict records about it (both
the kept and the lost value), in a note mentioning them and in an edit another laptop made
offline before the purge. After the purge every table of the server database is searched.
"""

from __future__ import annotations

from sqlalchemy import select, text

from prm_desktop.storage.models import Contact, Note, SyncConflict
from prm_desktop.storage.sync import outbox
from tests.sync.test_two_laptops import _share_everything

NAME, EMAIL, PHONE = "Jeanne Dupont", "jeanne.dupont@client.fr", "06 11 22 33 44"
OTHER_EMAIL, LATE_PHONE = "j.dupont@perso.fr", "06 99 88 77 66"
VALUES = (NAME, EMAIL, PHONE, OTHER_EMAIL, LATE_PHONE)


def _server_tables_holding(engine, needle: str) -> list[str]:
    """Every table of the server database whose rows, as text, hold ``needle``."""
    with engine.connect() as conn:
        tables = conn.scalars(text("SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).all()
        assert {"rows", "clients", "users", "purges"} <= set(tables)
        return [t for t in tables
                if conn.scalar(text(f'SELECT count(*) FROM "{t}" x WHERE x::text ILIKE :n'), {"n": f"%{needle}%"})]


def _contact(laptop, **values) -> None:
    with laptop.uow(kind="edit") as work:
        contact = work.session.scalar(select(Contact))
        for key, value in values.items():
            setattr(contact, key, value)
        work.commit()


def _note(laptop, body: str) -> None:
    with laptop.uow(kind="edit") as work:
        work.session.scalar(select(Note)).body = body
        work.commit()


def _laptop_holds(laptop, needle: str) -> list[str]:
    with laptop.uow.read() as session:
        found = []
        for c in session.scalars(select(SyncConflict)):
            if needle in f"{c.kept_value} {c.lost_value}":
                found.append("sync_conflicts")
        found += ["contacts" for c in session.scalars(select(Contact)) if needle in f"{c.name} {c.email} {c.phone}"]
        found += ["notes" for n in session.scalars(select(Note)) if needle in n.body]
        return found


def test_a_purged_contact_leaves_nothing_in_any_server_table(laptops, server_engine) -> None:
    from prm_desktop.services.people.purge import purge_contact

    alice, bob, pid = _share_everything(laptops)
    _contact(alice, name=NAME, email=EMAIL, phone=PHONE)
    with alice.uow(kind="edit") as work:
        work.session.add(Note(partner_id=pid, body=f"Déjeuner avec {NAME}, à rappeler au {PHONE}"))
        work.commit()
    alice.sync()
    bob.sync()
    _contact(alice, email=OTHER_EMAIL)  # the same field edited on both laptops: a conflict record keeps both
    _contact(bob, email="jd@client.fr")
    _note(alice, f"Déjeuner avec {NAME} : rappeler")  # and a note: its conflict record holds the name
    _note(bob, f"Déjeuner avec {NAME}, au {PHONE}")
    alice.sync()
    bob.sync()
    alice.sync()
    assert "rows" in _server_tables_holding(server_engine, OTHER_EMAIL)
    assert "sync_conflicts" in _laptop_holds(bob, OTHER_EMAIL)
    with bob.uow.read() as session:
        assert {c.table_name for c in session.scalars(select(SyncConflict))} == {"contacts", "notes"}
    _contact(bob, phone=LATE_PHONE)  # offline on Bob's laptop, sent after the purge

    with alice.uow.read() as session:
        contact_id = session.scalar(select(Contact.id))
    purge_contact(alice.uow, contact_id)
    alice.sync()
    for value in (NAME, EMAIL, PHONE, OTHER_EMAIL):
        assert _server_tables_holding(server_engine, value) == [], value
    bob.sync()
    alice.sync()
    for value in VALUES:
        assert _server_tables_holding(server_engine, value) == [], value
        assert _laptop_holds(alice, value) == [], value
        assert _laptop_holds(bob, value) == [], value
    for laptop in (alice, bob):
        with laptop.uow.read() as session:
            contact = session.get(Contact, contact_id)
            assert (contact.name, contact.email, contact.phone) == ("(redacted)", None, None)
            assert contact.deleted_at is not None
            assert outbox.pending_count(session) == 0
    bob.sync()
    _contact(bob, email="again@client.fr")  # an edit of a purged field never stores it again
    bob.sync()
    assert _server_tables_holding(server_engine, "again@client.fr") == []
