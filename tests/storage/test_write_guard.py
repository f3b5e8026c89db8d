"""No write to a synced table escapes the change log, whatever API it uses; read sessions never write."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import delete, func, insert, select, text, update

from prm_desktop.services import partner_summary, search_index
from prm_desktop.storage.change_log import UnloggedWriteError
from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import ChangeLogEntry, Partner, PartnerSummary, utcnow
from prm_desktop.storage.write_guard import written_tables


@pytest.fixture
def acme(uow) -> str:
    with uow(label="New partner Acme") as work:
        partner = Partner(name="Acme", city="Lyon")
        work.session.add(partner)
        work.commit()
    return partner.id


def _city(uow, partner_id: str) -> str:
    with uow.read() as session:
        return session.scalar(select(Partner.city).where(Partner.id == partner_id))


def _log_size(uow) -> int:
    with uow.read() as session:
        return session.scalar(select(func.count()).select_from(ChangeLogEntry))


BYPASSES = {
    "core update": lambda s, pid: s.execute(update(Partner.__table__).where(Partner.__table__.c.id == pid)
                                            .values(city="Paris")),
    "core insert": lambda s, pid: s.execute(insert(Partner.__table__).values(
        id="x", name="X", name_key="x", created_at=utcnow(), updated_at=utcnow(), hlc="0",
        type="reseller", status="active")),
    "core delete": lambda s, pid: s.execute(delete(Partner.__table__).where(Partner.__table__.c.id == pid)),
    "text update": lambda s, pid: s.execute(text("UPDATE partners SET city = 'Paris' WHERE id = :id"), {"id": pid}),
    "text replace": lambda s, pid: s.execute(text(
        "INSERT OR REPLACE INTO partners SELECT * FROM partners WHERE id = :id"), {"id": pid}),
    "connection execute": lambda s, pid: s.connection().execute(
        text('update "partners" set city = \'Paris\' where id = :id'), {"id": pid}),
    "driver sql": lambda s, pid: s.connection().exec_driver_sql(
        "UPDATE main.partners SET city = 'Paris' WHERE id = ?", (pid,)),
}


@pytest.mark.parametrize("bypass", BYPASSES, ids=list(BYPASSES))
def test_every_unlogged_write_in_a_unit_of_work_is_refused(uow, acme, bypass) -> None:
    before = _log_size(uow)
    with uow() as work:
        with pytest.raises(UnloggedWriteError):
            BYPASSES[bypass](work.session, acme)
        work.commit()
    assert _city(uow, acme) == "Lyon" and _log_size(uow) == before
    with uow.read() as session:
        assert log_mismatches(session) == []


@pytest.mark.parametrize("bypass", BYPASSES, ids=list(BYPASSES))
def test_a_read_session_cannot_write_synced_tables(uow, acme, bypass) -> None:
    with uow.read() as session:
        with pytest.raises(UnloggedWriteError):
            BYPASSES[bypass](session, acme)
        session.commit()
    assert _city(uow, acme) == "Lyon"


def test_a_read_session_cannot_write_derived_tables_either(uow, acme) -> None:
    with uow.read() as session:
        with pytest.raises(UnloggedWriteError):
            session.execute(delete(PartnerSummary))
        raw = session.connection().connection.driver_connection
        with pytest.raises(sqlite3.OperationalError, match="readonly"):  # PRAGMA query_only backs the guard
            raw.execute("DELETE FROM partner_summary")
        session.commit()
    with uow.read() as session:
        assert session.scalar(select(func.count()).select_from(PartnerSummary)) == 1


def test_orm_changes_in_a_read_session_are_refused(uow, acme) -> None:
    with uow.read() as session:
        session.get(Partner, acme).city = "Paris"
        with pytest.raises(UnloggedWriteError):
            session.flush()
    assert _city(uow, acme) == "Lyon"


def test_stamps_set_by_hand_are_refused(uow, acme) -> None:
    with uow() as work:
        work.session.get(Partner, acme).hlc = "0" * 20
        with pytest.raises(UnloggedWriteError):
            work.session.flush()


def test_logged_paths_and_derived_tables_still_write(uow, acme) -> None:
    with uow(kind="import") as work:
        ids = work.bulk_insert(Partner, [{"name": "Bolt"}, {"name": "Cobalt"}])
        work.bulk_update(Partner, [({"id": ids[0], "city": None}, {"city": "Nantes"})])
        work.session.get(Partner, acme).city = "Paris"
        work.session.execute(text("DELETE FROM partner_summary WHERE partner_id = :id"), {"id": ids[1]})
        work.commit()
    partner_summary.refresh_all(uow)
    search_index.rebuild_all(uow)
    assert _city(uow, acme) == "Paris" and _city(uow, ids[0]) == "Nantes"
    assert search_index.search(uow, "cobalt")
    with uow.read() as session:
        assert log_mismatches(session) == []


@pytest.mark.parametrize(("sql", "tables"), [
    ("SELECT * FROM partners WHERE name = 'UPDATE partners'", set()),
    ("UPDATE partners SET city = ?", {"partners"}),
    ("update or ignore Contacts set name = ?", {"contacts"}),
    ('INSERT INTO "notes" (id) VALUES (?)', {"notes"}),
    ("REPLACE INTO main.targets VALUES (?)", {"targets"}),
    ("WITH x AS (SELECT 1) DELETE FROM visits WHERE id IN x", {"visits"}),
    ("INSERT INTO partner_summary SELECT * FROM partners ON CONFLICT DO UPDATE SET name = excluded.name",
     {"partner_summary", "set"}),
    ("-- UPDATE partners\nSELECT 1", set()),
])
def test_written_tables_reads_the_sql_itself(sql, tables) -> None:
    assert written_tables(sql) == tables


def test_the_audit_sees_writes_that_leave_the_stamp_unchanged(app_ctx, uow, acme) -> None:
    with uow.read() as session:
        assert log_mismatches(session) == []
    raw = sqlite3.connect(app_ctx.db.path)  # another program, or code that bypasses SQLAlchemy
    with raw:
        raw.execute("UPDATE partners SET city = 'Paris'")
        raw.execute("INSERT INTO contacts (id, partner_id, name, is_primary, created_at, updated_at, hlc) "
                    "SELECT 'c1', id, 'Jean', 0, created_at, updated_at, hlc FROM partners")
    raw.close()
    with uow.read() as session:
        problems = log_mismatches(session)
    assert any("partners" in p and "city" in p and "'Paris'" in p for p in problems), problems
    assert any("contacts c1 has no logged insert" in p for p in problems), problems
