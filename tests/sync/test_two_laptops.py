"""Two laptops edit offline and sync through a real server on PostgreSQL: nothing is lost."""

from __future__ import annotations

import json

from sqlalchemy import select

from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import Contact, Partner, SyncConflict, TeamMember, utcnow


def _team_and_partner(laptop) -> str:
    with laptop.uow(kind="edit") as work:
        alice = TeamMember(name="Alice")
        bob = TeamMember(name="Bob")
        work.session.add_all([alice, bob])
        work.session.flush()
        partner = Partner(name="Acme", city="Paris", owner_id=alice.id)
        work.session.add(partner)
        work.session.flush()
        work.session.add(Contact(partner_id=partner.id, name="Jeanne"))
        work.commit()
        return partner.id


def _edit(laptop, partner_id: str, **values) -> None:
    with laptop.uow(kind="edit") as work:
        partner = work.session.get(Partner, partner_id)
        for key, value in values.items():
            setattr(partner, key, value)
        work.commit()


def _partner(laptop, partner_id: str) -> Partner | None:
    with laptop.uow.read() as session:
        return session.get(Partner, partner_id)


def _conflicts(laptop) -> list[SyncConflict]:
    with laptop.uow.read() as session:
        return list(session.scalars(select(SyncConflict)))


def _share_everything(laptops):
    alice = laptops("alice", "Alice")
    bob = laptops("bob", "Bob")
    pid = _team_and_partner(alice)
    alice.sync()
    from prm_server import admin

    with bob.api.http.app.state.engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")
    bob.sync()
    assert _partner(bob, pid).name == "Acme"
    return alice, bob, pid


def test_edits_of_different_fields_offline_both_arrive(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(alice, pid, city="Lyon")
    _edit(bob, pid, phone="01 02 03 04 05")
    alice.sync()
    bob.sync()
    alice.sync()
    for laptop in (alice, bob):
        partner = _partner(laptop, pid)
        assert (partner.city, partner.phone) == ("Lyon", "01 02 03 04 05")
        assert _conflicts(laptop) == []
        with laptop.uow.read() as session:
            assert log_mismatches(session) == []


def test_the_same_field_edited_twice_keeps_the_loser_as_a_conflict_both_see(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(alice, pid, city="Lyon")
    _edit(bob, pid, city="Nantes")  # later stamp: wins
    alice.sync()
    bob.sync()
    alice.sync()
    assert _partner(alice, pid).city == _partner(bob, pid).city == "Nantes"
    for laptop in (alice, bob):
        [conflict] = _conflicts(laptop)
        assert (conflict.field, json.loads(conflict.lost_value), json.loads(conflict.kept_value)) == (
            "city", "Lyon", "Nantes")


def test_an_edit_of_a_row_deleted_elsewhere_is_kept_as_a_conflict(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(alice, pid, deleted_at=utcnow())
    _edit(bob, pid, city="Nantes")
    alice.sync()
    bob.sync()
    alice.sync()
    assert _partner(alice, pid).deleted_at is not None and _partner(bob, pid).deleted_at is not None
    for laptop in (alice, bob):
        kinds = {(c.kind, c.lost_value) for c in _conflicts(laptop)}
        assert ("edit_deleted", json.dumps({"city": "Nantes"})) in kinds


def test_a_delete_of_a_row_edited_elsewhere_is_a_conflict_too(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(bob, pid, city="Nantes")
    _edit(alice, pid, deleted_at=utcnow())  # later: the delete wins, the edit is kept
    bob.sync()
    alice.sync()
    bob.sync()
    assert _partner(bob, pid).deleted_at is not None
    kinds = [c.kind for c in _conflicts(bob)]
    assert "edit_deleted" in kinds


def test_an_app_too_old_for_the_server_is_told_to_update_and_keeps_its_outbox(laptops) -> None:
    import pytest

    from prm_desktop.storage.sync import outbox
    from prm_desktop.sync.api import UpdateRequired

    alice = laptops("alice", "Alice")
    _team_and_partner(alice)
    with alice.uow.read() as session:
        waiting = outbox.pending_count(session)
    alice.api.headers["X-PRM-Protocol"] = "0"  # what an older release sends
    with pytest.raises(UpdateRequired, match="update the app"):
        alice.sync()
    with alice.uow.read() as session:
        assert outbox.pending_count(session) == waiting > 0
