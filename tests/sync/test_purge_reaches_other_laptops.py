"""A personal-data purge made on one laptop erases the person from the other laptops' history too.

The other laptop held the person's values in its own tables, but also in its change log (the
entries it recorded when it pulled the contact and when it edited it) and in batch labels. The
purged row it pulls is recognised (its name is ``(redacted)`` where the laptop's copy had a name)
and the laptop redacts its history as the purging laptop did: nothing of the person is left in any
table or column of its SQLite file.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from prm_desktop.domain.stakeholders import StakeholderInput
from prm_desktop.services.drafts import open_drafts
from prm_desktop.services.people.directory import create_stakeholder, update_stakeholder
from prm_desktop.services.people.purge import purge_contact, purge_stakeholder, redact_drafts_file
from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import Contact, Note, Stakeholder
from tests.services.test_stakeholder_purge import _tables_holding
from tests.sync.test_purge_on_server import _contact
from tests.sync.test_two_laptops import _share_everything

NAME, EMAIL, PHONE = "Jeanne Dupont", "jeanne.dupont@client.fr", "06 11 22 33 44"
OLD_EMAIL = "jeanne@ancien-client.fr"


def test_a_contact_purged_on_one_laptop_leaves_nothing_on_the_other(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _contact(alice, name=NAME, email=OLD_EMAIL, phone=PHONE)
    alice.sync()
    bob.sync()
    _contact(bob, email=EMAIL)  # Bob's own edit: his change log holds both addresses
    with bob.uow(kind="edit") as work:
        work.session.add(Note(partner_id=pid, body=f"Appeler {NAME} au {PHONE}"))
        work.commit()
    bob.sync()
    alice.sync()
    bob_db = bob.ctx.paths.database
    assert "change_log.data" in _tables_holding(bob_db, OLD_EMAIL)

    with alice.uow.read() as session:
        contact_id = session.scalar(select(Contact.id))
    drafts = open_drafts(bob.ctx.paths.drafts)
    drafts.save(f"note:new:{pid}:", f"Rappeler {NAME} ({EMAIL})", "Note about Acme")
    drafts.close()
    purge_contact(alice.uow, contact_id)
    alice.sync()
    report = bob.sync()
    # what the app does after a sync (worker job and `prm-desktop sync`): the drafts too, then the report is shown
    redact_drafts_file(bob.ctx.paths.drafts, report.take_purged_values())

    assert report.people_purged == 1
    for value in (NAME, EMAIL, OLD_EMAIL, PHONE):
        assert _tables_holding(bob_db, value) == [], value
        assert value not in str(asdict(report))
    drafts = open_drafts(bob.ctx.paths.drafts)
    assert [d.text for d in drafts.pending()] == ["Rappeler (redacted) ((redacted))"]
    drafts.close()
    with bob.uow.read() as session:
        contact = session.get(Contact, contact_id)
        assert (contact.name, contact.email, contact.phone) == ("(redacted)", None, None)
        assert contact.deleted_at is not None
        assert session.scalar(select(Note.body)) == "Appeler (redacted) au (redacted)"
        assert log_mismatches(session) == []
    with alice.uow.read() as session:  # and on the laptop that purged: its history agrees with its rows
        assert log_mismatches(session) == []


def test_a_stakeholder_purged_on_one_laptop_leaves_nothing_on_the_other(laptops) -> None:
    alice, bob, _pid = _share_everything(laptops)
    karim = create_stakeholder(alice.uow, StakeholderInput("Karim Haddad", "Avant-vente", email="k@old.example"))
    update_stakeholder(alice.uow, karim.id, StakeholderInput("Karim Haddad", "Avant-vente",
                                                             email="karim.haddad@vendor.example"))
    alice.sync()
    bob.sync()
    bob_db = bob.ctx.paths.database
    with bob.uow.read() as session:
        assert session.get(Stakeholder, karim.id).name == "Karim Haddad"
    assert "change_log.data" in _tables_holding(bob_db, "karim.haddad@vendor.example")

    purge_stakeholder(alice.uow, karim.id)
    alice.sync()
    report = bob.sync()

    for value in ("Karim Haddad", "k@old.example", "karim.haddad@vendor.example"):
        assert _tables_holding(bob_db, value) == [], value
    assert report.people_purged == 1
    with bob.uow.read() as session:
        assert session.get(Stakeholder, karim.id).name == "(redacted)"
        assert log_mismatches(session) == []


def test_pulling_everything_again_purges_no_one_twice(laptops) -> None:
    """A tombstone already redacted here, pulled again by a full resync, is not a new purge."""
    from prm_desktop.sync.engine import SyncReport, receive

    alice, bob, _pid = _share_everything(laptops)
    with alice.uow.read() as session:
        contact_id = session.scalar(select(Contact.id))
    purge_contact(alice.uow, contact_id)
    alice.sync()
    assert bob.sync().people_purged == 1
    again = SyncReport()
    receive(bob.api, bob.uow, again, full=True)
    assert again.pages > 0 and again.people_purged == 0
    with bob.uow.read() as session:
        assert session.get(Contact, contact_id).name == "(redacted)"
