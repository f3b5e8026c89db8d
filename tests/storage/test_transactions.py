"""Transactions that hold: a unit of work owns the write lock from its first read; reads see one snapshot.

Two real connections (two engines on one file) and two real processes: another process commits in
the middle of a unit of work, and the database and its change log must stay consistent.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, select

from prm_desktop.services import batches
from prm_desktop.services.imports.apply import import_file
from prm_desktop.storage.database import open_database
from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import ChangeLogEntry, Partner

#: The other process: opens the portfolio, says "ready", waits for a line on stdin, then edits a
#: partner's city in its own unit of work, as the partner form does (a deleted partner is refused).
OTHER_PROCESS = """
import sys
from prm_desktop.storage import database
database.BUSY_TIMEOUT_MS = 60_000  # wait as long as the test needs, never fail on a busy database
from prm_desktop.bootstrap import open_app
from prm_desktop.storage.models import Partner

ctx = open_app(sys.argv[1], seed_program=False, refresh_derived=False)
print("ready", flush=True)
sys.stdin.readline()
with ctx.uow(kind="edit", label="Edit in the other window") as work:
    partner = work.session.get(Partner, sys.argv[2])
    if partner.deleted_at is not None:
        print("deleted", flush=True)
        raise SystemExit(0)
    partner.city = sys.argv[3]
    work.commit()
print("committed", flush=True)
"""


class OtherProcess:
    """A second PRM Desktop process editing the same portfolio, started before the race."""

    def __init__(self, data_dir: Path, partner_id: str, city: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", OTHER_PROCESS, str(data_dir), partner_id, city],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def edit_now(self) -> None:
        """Let it edit, and give it the chance to commit before we go on (it cannot if we hold the lock)."""
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass  # it waits for our transaction: that is the point

    def result(self) -> str:
        """What the other process printed once it finished (it must exit cleanly)."""
        out, _err = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0
        return out.strip()


def _in_the_middle_of(engine, action) -> Callable[[], None]:
    """Run ``action`` once, just before the first write to ``partners`` this engine makes (returns "stop")."""
    fired = []

    def listener(_conn, _cursor, statement, *_args) -> None:
        if not fired and statement.lstrip().upper().startswith("UPDATE PARTNERS"):
            fired.append(True)
            action()

    event.listen(engine, "before_cursor_execute", listener)
    return lambda: event.remove(engine, "before_cursor_execute", listener)


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _city(uow, partner_id: str) -> str:
    with uow.read() as session:
        return session.scalar(select(Partner.city).where(Partner.id == partner_id))


def _audit(uow) -> list[str]:
    with uow.read() as session:
        return log_mismatches(session)


def _ids_by_name(uow) -> dict[str, str]:
    with uow.read() as session:
        return {name: pid for pid, name in session.execute(select(Partner.id, Partner.name))}


def test_a_read_session_sees_one_snapshot_while_another_connection_commits(app_ctx, uow) -> None:
    with uow() as work:
        acme = Partner(name="Acme", city="Lyon")
        work.session.add(acme)
        work.commit()
    other = open_database(app_ctx.db.path)  # a second engine: another window, another process
    try:
        with uow.read() as session:
            assert session.scalar(select(Partner.city).where(Partner.id == acme.id)) == "Lyon"
            with other.uow(label="Move Acme") as work:
                work.session.get(Partner, acme.id).city = "Paris"
                work.commit()
            assert session.scalar(select(Partner.city).where(Partner.id == acme.id)) == "Lyon"
            assert session.scalar(select(ChangeLogEntry.data).order_by(ChangeLogEntry.seq.desc())).find("Paris") < 0
        assert _city(uow, acme.id) == "Paris"  # the next read session sees the commit
    finally:
        other.close()


def test_a_unit_of_work_holds_the_write_lock_from_its_first_read(app_ctx, uow) -> None:
    with uow() as work:
        work.session.add(Partner(name="Acme", city="Lyon"))
        work.commit()
    other = sqlite3.connect(app_ctx.db.path, timeout=0, isolation_level=None)
    try:
        with uow() as work:
            work.session.scalar(select(Partner.city))  # a check, before any write
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # another writer must wait for us
        other.execute("BEGIN IMMEDIATE")  # once we are done, it can write
        other.execute("ROLLBACK")
        with uow.read() as session:
            session.scalar(select(Partner.city))
            other.execute("BEGIN IMMEDIATE")  # a read session never blocks a writer
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_an_edit_in_another_process_during_an_import_is_neither_lost_nor_mislogged(
        app_ctx, uow, data_dir, tmp_path) -> None:
    import_file(uow, "partners", _csv(tmp_path, "a.csv", "name;city\nAcme;Lyon\nBolt;Nantes\n"))
    acme = _ids_by_name(uow)["Acme"]
    other = OtherProcess(data_dir, acme, "Paris")
    stop = _in_the_middle_of(app_ctx.db.engine, other.edit_now)
    try:
        _plan, result = import_file(uow, "partners", _csv(tmp_path, "b.csv", "name;city\nAcme;Nice\n"))
    finally:
        stop()
    assert other.result() == "committed"
    assert result.updated == 1
    assert _audit(uow) == []  # today: the import logged Lyon -> Nice after the other process's Lyon -> Paris
    assert _city(uow, acme) == "Paris"  # the edit came last: it is kept
    with pytest.raises(batches.UndoRefusedError, match="Edit in the other window"):
        batches.undo_batch(uow, result.batch_id)
    batches.undo_batch(uow, batches.last_undoable(uow).id)  # the other window's edit
    assert _city(uow, acme) == "Nice"
    batches.undo_batch(uow, result.batch_id)
    assert _city(uow, acme) == "Lyon" and _audit(uow) == []


def test_undo_in_one_process_never_deletes_an_edit_another_process_made_meanwhile(
        app_ctx, uow, data_dir, tmp_path) -> None:
    _plan, imported = import_file(uow, "partners", _csv(tmp_path, "a.csv", "name;city\nAcme;Lyon\nBolt;Nantes\n"))
    ids = _ids_by_name(uow)
    other = OtherProcess(data_dir, ids["Acme"], "Paris")
    stop = _in_the_middle_of(app_ctx.db.engine, other.edit_now)
    try:
        undone = batches.undo_batch(uow, imported.batch_id)
    finally:
        stop()
    assert undone.reverted == 2
    assert other.result() == "deleted"  # the form says the partner is gone; no edit vanished silently
    with uow.read() as session:
        assert all(p.deleted_at is not None for p in session.scalars(select(Partner)))
        edits = session.scalars(select(ChangeLogEntry).where(ChangeLogEntry.row_id == ids["Acme"])
                                .order_by(ChangeLogEntry.seq)).all()
    assert [e.op for e in edits] == ["insert", "update"]  # today: insert, the other edit, then the undo
    assert _audit(uow) == []
