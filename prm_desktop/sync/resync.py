"""Full resync: when the laptop's cursor or acknowledgements no longer match the server's database.

Before each sync the laptop asks the server its state (``/v1/state``) and compares it with what it
remembers:

- the server's *incarnation* changed, its counter is below the laptop's cursor, or it holds fewer
  of this laptop's entries than it acknowledged: its database was restored from a backup. Entries
  it lost go back in the outbox (sent again by the push that follows) and everything is pulled again;
- the cursor is older than the oldest tombstone the server keeps (``resync_below``, or a pull
  answered ``410 resync``): everything is pulled again, so deletions made meanwhile are not missed.

A full pull applies every row as an ordinary pull does (fields with unsent edits left alone), then
removes the rows the server once knew and no longer has. ``resync_due`` stays set until that end:
a sync interrupted half-way starts the full pull again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from prm_desktop.domain.i18n import _, _n
from prm_desktop.storage.sync import outbox
from prm_desktop.storage.sync.apply import RemoteApplier
from prm_desktop.storage.sync.resync import requeue_lost, sweep
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.sync.api import ServerApi

if TYPE_CHECKING:
    from prm_desktop.sync.engine import SyncReport

#: ``SyncReport.resync`` values.
RESTORED, TOO_OLD = "restored", "too_old"


def check_server(api: ServerApi, uow: UnitOfWorkFactory, report: SyncReport) -> bool:
    """Compare the server's state with this laptop's; returns whether a full pull is due.

    When the server's database went back in time, entries it lost are put back in the outbox now.
    """
    with uow.read() as session:
        current = outbox.state(session)
        client_id, cursor, pushed_seq = current.client_id, current.cursor, current.pushed_seq
        known, due = current.server_incarnation, current.resync_due
    server = api.state(client_id)
    acknowledged = server["acknowledged"]  # None: the id is another user's (the push takes a new one)
    restored = ((known is not None and server["incarnation"] != known) or server["counter"] < cursor
                or (acknowledged is not None and acknowledged < pushed_seq))
    too_old = 0 < cursor < server["resync_below"]
    if restored or too_old:
        report.resync = RESTORED if restored else TOO_OLD
    if not (restored or too_old) and known == server["incarnation"]:
        return due
    with uow(kind="sync", label=_("Sync: the server changed")) as work:
        current = outbox.state(work.session)
        if restored and acknowledged is not None:
            report.requeued = requeue_lost(work.session, acknowledged)
        current.resync_due = due or restored or too_old
        current.server_incarnation = server["incarnation"]
        due = current.resync_due
        work.commit()
    return due


class _Recording:
    """The server API seen by a full pull: notes every row each page brings."""

    def __init__(self, api: ServerApi, seen: set[tuple[str, str]]) -> None:
        self.api, self.seen = api, seen

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        page = self.api.pull(cursor, limit)
        self.seen.update((row["table"], row["row_id"]) for row in page["rows"])
        return page


def full_pull(api: ServerApi, uow: UnitOfWorkFactory, report: SyncReport,
              pull: Callable[..., None]) -> None:
    """Pull everything from cursor 0 with ``pull`` (the engine's), then remove what the server no longer has."""
    with uow(kind="sync", label=_("Sync: everything pulled again")) as work:
        current = outbox.state(work.session)
        current.cursor, current.resync_due = 0, True
        work.commit()
    seen: set[tuple[str, str]] = set()
    pull(_Recording(api, seen), uow, report)
    with uow(kind="sync", label=_("Sync: rows deleted on the server removed")) as work:
        applier = RemoteApplier(work)
        report.removed += sweep(applier, seen)
        applier.flush()
        outbox.state(work.session).resync_due = False
        work.commit()
    report.resync = report.resync or TOO_OLD


def notice(report: dict[str, Any]) -> str | None:
    """What to tell the user after a sync that pulled everything again (None: it did not)."""
    if report.get("resync") == RESTORED:
        return _n("The sync server was restored from a backup: {count} of your changes it had lost was sent again "
                  "and everything was received again.",
                  "The sync server was restored from a backup: {count} of your changes it had lost were sent "
                  "again and everything was received again.", report.get("requeued", 0),
                  count=report.get("requeued", 0))
    if report.get("resync"):
        return _("This laptop had not synced for longer than the server keeps deleted rows: everything was "
                 "received again; your changes were kept and sent.")
    return None
