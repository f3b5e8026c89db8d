"""Resolving conflicts about a deletion (restore the row, or delete it after all) as ordinary logged edits,
and dismissing edits set aside (they stay in the change log). Records as a pull stores them."""

from __future__ import annotations

import json

from sqlalchemy import select

from prm_desktop.domain.partner_rules import PartnerInput
from prm_desktop.services import sync_conflicts as service
from prm_desktop.services.partners import create_partner, delete_partner
from prm_desktop.storage.models import ChangeLogEntry, Partner, SyncConflict
from prm_desktop.storage.sync import outbox
from prm_desktop.storage.sync.conflicts import store_conflict, store_refused


def _record(uow, **data) -> None:  # noqa: ANN001
    with uow(kind="sync", label="pull") as work:
        store_conflict(work.session, {"created_at": "2026-05-11T09:00:00+00:00", "author": "bob", **data})
        work.commit()


def _pending(uow) -> list:  # noqa: ANN001
    with uow.read() as session:
        return outbox.pending(session, 100)


def test_a_row_deleted_while_i_edited_it_can_be_restored_with_my_edit(uow) -> None:
    pid = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    delete_partner(uow, pid)  # as the pull brought Bob's deletion
    _record(uow, id="c1", table_name="partners", row_id=pid, partner_id=pid, field=None, kind="edit_deleted",
            kept_value=json.dumps("2026-05-11T08:00:00+00:00"), lost_value=json.dumps({"city": "Lyon"}))
    (conflict,) = service.list_conflicts(uow)
    assert service.can_restore(conflict)
    waiting = len(_pending(uow))
    assert service.resolve(uow, conflict, service.KEEP_OTHER)
    with uow.read() as session:
        partner = session.get(Partner, pid)
        assert partner.deleted_at is None and partner.city == "Lyon"
    (edit,) = _pending(uow)[waiting:]  # one ordinary edit, sent at the next sync
    assert (edit.table, edit.row_id, edit.op) == ("partners", pid, "update")
    assert edit.data["city"] == ["Paris", "Lyon"] and edit.data["deleted_at"][1] is None
    assert service.list_conflicts(uow) == []


def test_keeping_it_deleted_only_closes_the_record(uow) -> None:
    pid = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    delete_partner(uow, pid)
    _record(uow, id="c1", table_name="partners", row_id=pid, partner_id=pid, field=None, kind="edit_deleted",
            kept_value=json.dumps("2026-05-11T08:00:00+00:00"), lost_value=json.dumps({"city": "Lyon"}))
    waiting = len(_pending(uow))
    assert service.resolve(uow, service.list_conflicts(uow)[0], service.KEEP_CURRENT)
    with uow.read() as session:
        assert session.get(Partner, pid).deleted_at is not None
    assert len(_pending(uow)) == waiting and service.list_conflicts(uow) == []


def test_a_deletion_that_lost_can_be_made_after_all(uow) -> None:
    pid = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    _record(uow, id="c2", table_name="partners", row_id=pid, partner_id=pid, field="deleted_at", kind="delete_lost",
            kept_value=json.dumps(None), lost_value=json.dumps("2026-05-11T08:00:00+00:00"))
    (conflict,) = service.list_conflicts(uow)
    assert service.resolve(uow, conflict, service.KEEP_OTHER)
    with uow.read() as session:
        assert session.get(Partner, pid).deleted_at is not None
    assert _pending(uow)[-1].data["deleted_at"][0] is None


def test_edits_set_aside_can_be_dismissed_and_stay_in_the_change_log(uow) -> None:
    pid = create_partner(uow, PartnerInput(name="Acme", city="Paris")).id
    with uow(kind="sync", label="push") as work:
        store_refused(work.session, "partners", pid, "revoked", {"city": ["Paris", "Brest"]}, "h1", pid)
        store_refused(work.session, "partners", pid, "no access to this partner", {"city": ["Brest", "Nice"]}, "h2",
                      pid)  # fmt: skip
        work.commit()
    with uow.read() as session:
        logged = session.scalars(select(ChangeLogEntry.seq)).all()
    aside = service.list_set_aside(uow)
    assert len(aside) == 2
    assert service.dismiss_set_aside(uow, [aside[0].id]) == 1
    assert [c.id for c in service.list_set_aside(uow)] == [aside[1].id]
    assert service.dismiss_set_aside(uow, [c.id for c in aside]) == 1
    assert service.list_set_aside(uow) == []
    with uow.read() as session:
        assert session.scalars(select(ChangeLogEntry.seq)).all() == logged  # nothing deleted from the log
        records = session.scalars(select(SyncConflict)).all()
        assert len(records) == 2 and all(r.resolved_at is not None for r in records)
