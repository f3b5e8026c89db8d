"""The outbox is fit for sync: a seeded clock, one identity per copy, remote apply, cursor and conflicts."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from sqlalchemy import select

from prm_desktop.bootstrap import open_app
from prm_desktop.domain.hlc import HybridClock
from prm_desktop.storage.backup import backup_database, restore_database
from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import ChangeLogEntry, Partner, SyncConflict, SyncState
from prm_desktop.storage.sync import outbox
from prm_desktop.storage.sync.apply import PENDING, REMOTE, RemoteApplier


def _add_partner(ctx, name: str) -> str:
    with ctx.uow(kind="edit", label="add") as work:
        partner = Partner(name=name)
        work.session.add(partner)
        work.commit()
        return partner.id


def _rename(ctx, partner_id: str, name: str) -> str:
    with ctx.uow(kind="edit", label="rename") as work:
        partner = work.session.get(Partner, partner_id)
        partner.name = name
        work.commit()
        return partner.hlc


def _state(ctx) -> SyncState:
    with ctx.uow.read() as session:
        return session.get(SyncState, 1)


def test_a_new_edit_sorts_after_the_stored_ones_when_the_wall_clock_is_an_hour_behind(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    device = ctx.uow.clock.device
    ctx.uow.clock = HybridClock(device, wall=lambda: time.time() + 3600)  # this session ran an hour ahead
    pid = _add_partner(ctx, "Acme")
    first = _rename(ctx, pid, "Acme SA")
    ctx.close()
    ctx = open_app(data_dir)  # now the wall clock is an hour behind the stored stamps
    try:
        second = _rename(ctx, pid, "Acme France")
    finally:
        ctx.close()
    assert second > first


def test_a_copied_portfolio_speaks_under_a_new_identity_and_the_original_keeps_its_own(tmp_path: Path,
                                                                                         data_dir: Path) -> None:
    ctx = open_app(data_dir)
    _add_partner(ctx, "Acme")
    with ctx.uow() as work:
        outbox.acknowledge(work.session, 10**9)
        work.commit()
    original = _state(ctx)
    ctx.close()
    copy_dir = tmp_path / "copy"
    shutil.copytree(data_dir, copy_dir)
    copy = open_app(copy_dir)
    copied = _state(copy)
    pid = _add_partner(copy, "Bolt")
    with copy.uow.read() as session:
        new_hlc = session.scalar(select(ChangeLogEntry.hlc).where(ChangeLogEntry.row_id == pid))
    copy.close()
    again = open_app(data_dir)
    reopened = _state(again)
    again.close()
    assert copied.client_id != original.client_id
    assert copied.pushed_seq == 0  # nothing acknowledged under the new identity
    assert new_hlc.endswith(copied.client_id)  # the copy's stamps carry its own device
    assert reopened.client_id == original.client_id and reopened.pushed_seq == original.pushed_seq


def test_a_restored_backup_speaks_under_a_new_identity(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    _add_partner(ctx, "Acme")
    before = _state(ctx)
    path = ctx.db.path
    ctx.close()
    backup = backup_database(path, data_dir / "backups", reason="manual")
    restore_database(backup, path, data_dir / "backups")
    ctx = open_app(data_dir)
    after = _state(ctx)
    ctx.close()
    assert after.client_id != before.client_id
    assert after.pushed_seq == 0


def test_pulled_rows_are_logged_with_the_server_stamp_and_never_pushed_back(app_ctx) -> None:
    stamp = f"{int(time.time() * 1000) + 86_400_000:013d}-00000-{'f' * 16}"  # a day ahead, another device
    row = {"id": "0190aaaa-0000-7000-8000-000000000001", "name": "Remote SA", "city": "Lyon",
           "type": "reseller", "motions": "", "status": "active", "tags": "", "partner_since": "2020-01-31"}
    with app_ctx.uow(kind="sync", label="pull") as work:
        applier = RemoteApplier(work)
        assert applier.apply("partners", row["id"], row, stamp)
        applier.flush()
        work.commit()
    with app_ctx.uow.read() as session:
        partner = session.get(Partner, row["id"])
        entries = session.execute(select(ChangeLogEntry.pushed, ChangeLogEntry.hlc)
                                  .where(ChangeLogEntry.row_id == row["id"])).all()
        assert [e for e in outbox.pending(session, 1000) if e.row_id == row["id"]] == []
        assert log_mismatches(session) == []
    assert (partner.city, partner.hlc, str(partner.partner_since)) == ("Lyon", stamp, "2020-01-31")
    assert entries == [(REMOTE, stamp)]
    assert _rename(app_ctx, row["id"], "Remote") > stamp  # the clock observed the pulled stamp


def test_a_pulled_row_leaves_fields_edited_here_and_not_pushed_yet(app_ctx) -> None:
    pid = _add_partner(app_ctx, "Acme")
    with app_ctx.uow() as work:
        outbox.acknowledge(work.session, 10**9)
        work.commit()
    _rename(app_ctx, pid, "Acme local")
    with app_ctx.uow.read() as session:
        server_view = {"name": "Acme server", "city": "Nantes"}
        hlc = session.get(Partner, pid).hlc
    with app_ctx.uow(kind="sync") as work:
        applier = RemoteApplier(work)
        applier.apply("partners", pid, server_view, hlc)
        applier.flush()
        work.commit()
    with app_ctx.uow.read() as session:
        partner = session.get(Partner, pid)
        pending = outbox.pending(session, 100)
        assert log_mismatches(session) == []
    assert (partner.name, partner.city) == ("Acme local", "Nantes")
    assert [e.data["name"] for e in pending if e.row_id == pid] == [["Acme", "Acme local"]]


def test_conflicts_are_kept_in_their_own_table(app_ctx) -> None:
    from prm_desktop.storage.models import utcnow

    with app_ctx.uow() as work:
        work.session.add(SyncConflict(id="c1", table_name="partners", row_id="p1", partner_id="p1", field="city",
                                      kind="field", kept_value=json.dumps("Lyon"), lost_value=json.dumps("Nantes"),
                                      created_at=utcnow()))
        work.commit()
    with app_ctx.uow.read() as session:
        assert session.scalar(select(SyncConflict.lost_value)) == '"Nantes"'
        assert PENDING == 0


def test_changes_received_from_the_server_are_not_offered_for_undo(app_ctx) -> None:
    from prm_desktop.services.batches import last_undoable

    pid = _add_partner(app_ctx, "Acme")
    with app_ctx.uow() as work:
        outbox.acknowledge(work.session, 10**9)
        work.commit()
    stamp = f"{int(time.time() * 1000) + 1000:013d}-00000-{'f' * 16}"
    with app_ctx.uow(kind="sync", label="pull") as work:
        applier = RemoteApplier(work)
        assert applier.apply("partners", pid, {"city": "Lyon"}, stamp)
        applier.flush()
        work.commit()
    undoable = last_undoable(app_ctx.uow)
    assert undoable is not None and undoable.kind != "sync"
