"""Purging a partner the user may no longer see (its share removed, handed to another owner).

Every row of the partner goes (remote apply: logged, never pushed back); references to it from
rows the user still sees are withheld (emptied, or the dependent row removed). Local edits of its
rows not pushed yet are set aside as conflict records of kind ``revoked``, never silently lost.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update

from prm_desktop.storage.models import ChangeLogEntry
from prm_desktop.storage.sync.apply import MODELS, PENDING, RemoteApplier
from prm_desktop.storage.sync.conflicts import store_refused

#: ``change_log.pushed`` of a local edit set aside because its partner was revoked.
SET_ASIDE = 3


def purge_partner(applier: RemoteApplier, partner_id: str) -> int:
    """Remove a partner and everything of it from this laptop; returns the rows removed."""
    session = applier.session
    applier.write_rows()  # what this page brought is in the tables before they are searched
    log = ChangeLogEntry.__table__
    aside = session.execute(select(log.c.seq, log.c.table_name, log.c.row_id, log.c.data, log.c.hlc)
                            .where(log.c.pushed == PENDING, log.c.partner_id == partner_id)).all()
    for _seq, table, row_id, data, hlc in aside:
        store_refused(session, table, row_id, "revoked", json.loads(data), hlc, partner_id)
    if aside:
        session.execute(update(log).where(log.c.seq.in_([a.seq for a in aside])).values(pushed=SET_ASIDE))
        for _seq, table, row_id, _data, _hlc in aside:
            applier.pending.pop((table, row_id), None)
    removed = 0
    for table, model in MODELS.items():
        tbl = model.__table__
        own = tbl.c.id == partner_id if table == "partners" else (
            tbl.c.partner_id == partner_id if "partner_id" in tbl.c else None)
        if own is not None:
            for row_id, hlc in session.execute(select(tbl.c.id, tbl.c.hlc).where(own)).all():
                removed += applier.apply(table, row_id, None, hlc)
    for table, model in MODELS.items():  # what still points at it: the link is withheld
        tbl = model.__table__
        for column in tbl.columns:
            if column.key == "partner_id" or not any(fk.column.table.name == "partners" for fk in column.foreign_keys):
                continue
            for row in session.execute(select(tbl).where(column == partner_id)).mappings().all():
                if column.nullable:
                    applier.apply(table, row["id"], {column.key: None}, row["hlc"])
                else:
                    applier.apply(table, row["id"], None, row["hlc"])
    applier.write_rows()
    return removed
