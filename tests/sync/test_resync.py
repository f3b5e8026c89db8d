"""Full resync: a laptop away longer than the server keeps tombstones, and a server restored from a backup.

Either way the laptop keeps and sends its unsent edits, rows deleted on the server leave it, and
everyone converges. The tombstones are purged by the real ``prm-server purge-tombstones``; the
backup is a real ``pg_dump`` restored with ``pg_restore``.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict

from sqlalchemy import select, text

from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import Contact, Partner
from prm_desktop.storage.sync import outbox
from prm_desktop.sync.resync import notice
from prm_server import admin
from prm_server.embedded import find_bindir
from tests.sync.test_two_laptops import _edit, _share_everything


def _add_contact(laptop, partner_id: str, name: str) -> str:
    with laptop.uow(kind="edit") as work:
        contact = Contact(partner_id=partner_id, name=name)
        work.session.add(contact)
        work.commit()
        return contact.id


def _delete_contact(laptop, name: str) -> None:
    """A hard delete (as imports do for rows they replace): the server keeps a tombstone."""
    with laptop.uow(kind="edit") as work:
        work.session.delete(work.session.scalar(select(Contact).where(Contact.name == name)))
        work.commit()


def _picture(laptop, partner_id: str) -> tuple:
    with laptop.uow.read() as session:
        partner = session.get(Partner, partner_id)
        names = sorted(session.scalars(select(Contact.name).where(Contact.partner_id == partner_id)))
        assert log_mismatches(session) == []
        return partner.city, partner.phone, partner.email, names


def _pending(laptop) -> int:
    with laptop.uow.read() as session:
        return outbox.pending_count(session)


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False).replace("+psycopg", "")


def test_a_laptop_away_longer_than_the_tombstones_are_kept_resyncs_and_keeps_its_unsent_edits(
        laptops, server_engine) -> None:
    alice, bob, pid = _share_everything(laptops)
    _add_contact(alice, pid, "Paul")
    alice.sync()
    bob.sync()
    assert _picture(bob, pid)[3] == ["Jeanne", "Paul"]
    _edit(bob, pid, city="Brest")  # offline from here
    _add_contact(bob, pid, "Zoé")
    _delete_contact(alice, "Paul")
    alice.sync()
    with server_engine.begin() as conn:  # 181 days pass
        conn.execute(text("UPDATE rows SET gone_at = gone_at - interval '181 days' WHERE gone"))
        old_cursor = conn.scalar(text("SELECT counter FROM teams")) - 1
    done = subprocess.run([sys.executable, "-m", "prm_server.cli", "--database-url", _url(server_engine),
                           "purge-tombstones"], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("1 tombstones older than 180 days purged")
    answer = bob.api.http.get("/v1/pull", headers={**bob.api.headers,
                                                  "Authorization": f"Bearer {bob.api.tokens.access}"},
                              params={"cursor": old_cursor})
    assert answer.status_code == 410 and answer.json()["detail"]["code"] == "resync"

    report = bob.sync()
    assert report.resync == "too_old" and report.removed == 1
    assert "everything was received again; your changes were kept and sent" in notice(asdict(report))
    assert _picture(bob, pid) == ("Brest", None, None, ["Jeanne", "Zoé"])  # Paul gone; the offline edits kept
    assert _pending(bob) == 0
    alice.sync()
    assert _picture(alice, pid) == _picture(bob, pid)
    assert bob.sync().resync == ""  # once done, the next sync is an ordinary one


def test_a_full_resync_interrupted_half_way_starts_again_and_still_removes_what_the_server_deleted(
        laptops, server_engine) -> None:
    from prm_desktop.sync import engine

    alice, bob, pid = _share_everything(laptops)
    _add_contact(alice, pid, "Paul")
    alice.sync()
    bob.sync()
    _delete_contact(alice, "Paul")
    alice.sync()
    with server_engine.begin() as conn:
        conn.execute(text("UPDATE rows SET gone_at = gone_at - interval '181 days' WHERE gone"))
    from prm_server.maintenance import purge_tombstones

    with server_engine.begin() as conn:
        assert purge_tombstones(conn) == 1
    real_pull = bob.api.pull

    def cut(cursor: int, limit: int):  # the connection drops after the first page of the full pull
        if cursor > 0:
            raise engine.SyncError("connection lost")
        return real_pull(cursor, 1)

    bob.api.pull = cut
    try:
        bob.sync()
    except engine.SyncError:
        pass
    bob.api.pull = real_pull
    with bob.uow.read() as session:
        assert outbox.state(session).resync_due
    bob.sync()
    assert _picture(bob, pid)[3] == ["Jeanne"]
    with bob.uow.read() as session:
        assert not outbox.state(session).resync_due


def _pg(tool: str) -> str:
    """A client tool of the PostgreSQL the fixtures run (next to its real ``initdb``)."""
    return str((find_bindir() / "initdb").resolve().parent / tool)


def _run_as_postgres(command: list[str]) -> None:
    """A PostgreSQL client tool, signed in as the cluster's superuser over TCP."""
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_after_the_server_database_is_restored_from_a_backup_laptops_send_again_what_it_lost(
        laptops, server_engine, tmp_path) -> None:
    alice, bob, pid = _share_everything(laptops)
    url = _url(server_engine)
    dump = tmp_path / "server.dump"
    _run_as_postgres([_pg("pg_dump"), "-Fc", "-f", str(dump), url])  # the nightly backup

    _edit(alice, pid, city="Lyon")  # after the backup: acknowledged, then lost
    _add_contact(alice, pid, "Marc")
    alice.sync()
    bob.sync()
    _edit(bob, pid, phone="01 02 03 04 05")
    bob.sync()
    _edit(bob, pid, email="contact@acme.fr")  # unsent when the server comes back
    assert _picture(alice, pid)[:2] == ("Lyon", None)

    database = server_engine.url.database  # the admin restores the backup in place
    server_engine.dispose()
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    _run_as_postgres([_pg("psql"), admin_url, "-c", f"DROP DATABASE {database} WITH (FORCE)",
                      "-c", f"CREATE DATABASE {database}"])
    _run_as_postgres([_pg("pg_restore"), "-d", url, str(dump)])
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE data->>'name' = 'Marc'")) == 0  # lost

    report = alice.sync()
    assert report.resync == "restored" and report.requeued >= 2
    assert notice(asdict(report)).startswith(
        f"The sync server was restored from a backup: {report.requeued} of your changes it had lost were sent again")
    report = bob.sync()
    assert report.resync == "restored" and report.requeued >= 1
    alice.sync()
    expected = ("Lyon", "01 02 03 04 05", "contact@acme.fr", ["Jeanne", "Marc"])
    assert _picture(alice, pid) == expected
    assert _picture(bob, pid) == expected
    assert _pending(alice) == _pending(bob) == 0
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE data->>'name' = 'Marc'")) == 1


def test_the_admin_declares_a_file_level_restore_and_laptops_resync(laptops, server_engine) -> None:
    alice, bob, pid = _share_everything(laptops)
    before = bob.api.state("0" * 16)["incarnation"]
    done = subprocess.run([sys.executable, "-m", "prm_server.cli", "--database-url", _url(server_engine),
                           "restored"], capture_output=True, text=True, check=True)
    assert "every laptop sends again" in done.stdout
    assert bob.api.state("0" * 16)["incarnation"] != before
    _edit(bob, pid, city="Brest")
    assert bob.sync().resync == "restored"
    alice.sync()
    assert _picture(alice, pid) == _picture(bob, pid)
    with server_engine.begin() as conn:
        assert admin.row_count(conn, "team") > 0


def test_signing_in_as_another_user_on_the_same_portfolio_is_not_taken_for_a_restored_server(
        laptops, server_engine) -> None:
    from prm_desktop.sync.api import ServerApi

    alice = laptops("alice", "Alice")
    _add_contact(alice, _partner_of(alice), "Paul")
    alice.sync()
    with server_engine.begin() as conn:
        admin.add_user(conn, "carol", "Carol", "pw-carol", "team")
    alice.api = ServerApi(alice.api.http)
    alice.api.login("carol", "pw-carol")
    _add_contact(alice, _partner_of(alice), "Zoé")
    report = alice.sync()
    assert (report.resync, report.requeued) == ("", 0)
    assert _pending(alice) == 0


def _partner_of(laptop) -> str:
    from tests.sync.test_two_laptops import _team_and_partner

    with laptop.uow.read() as session:
        found = session.scalar(select(Partner.id))
    return found or _team_and_partner(laptop)
