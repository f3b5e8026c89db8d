"""Undo of a batch from the change log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from prm_desktop.services import batches
from prm_desktop.storage.models import Contact, Partner


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


def test_undo_restores_old_values_but_keeps_later_edits(uow) -> None:
    with uow() as work:
        p = Partner(name="Acme", city="Lyon", region="ARA")
        work.session.add(p)
        work.commit()
    with uow(label="edit") as work:
        q = work.session.get(Partner, p.id)
        q.city, q.region = "Paris", "IDF"
        work.commit()
        edit_batch = work.batch_id
    with uow() as work:
        work.session.get(Partner, p.id).region = "Bretagne"
        work.commit()
    result = batches.undo_batch(uow, edit_batch)
    with uow.read() as s:
        again = s.get(Partner, p.id)
        assert again.city == "Lyon" and again.region == "Bretagne"
    assert len(result.skipped) == 1 and "region" in result.skipped[0]


def test_undo_of_a_soft_delete_brings_the_row_back(uow) -> None:
    from prm_desktop.storage.models import utcnow

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
