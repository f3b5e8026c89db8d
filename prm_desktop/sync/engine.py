"""Push the outbox, then pull pages of changes; each step commits with its own bookkeeping.

Push: batches of change-log entries after the last acknowledged id; the acknowledgement is saved
in one SQLite transaction with the rows the server sent back for refused entries. Pull: each page
is applied in remote-apply mode and the cursor saved in the same SQLite transaction. A page whose
rows point at rows of a later page (deferred foreign keys fail at commit) is applied together
with the next page. The next page is fetched while one is written (a background thread: the
server works meanwhile); the commits of a pull of several pages leave the WAL to a thread of its
own, which copies it into the file while the next page is written (`wal.BackgroundCheckpoints`;
the pull returns once it is in).
A first pull into a portfolio whose derived tables are empty fills the search index and summaries
once, after its last page (`fill_derived`, `prm_desktop.storage.sync.bulk`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError

from prm_desktop.domain.hlc import HybridClock
from prm_desktop.domain.i18n import _
from prm_desktop.storage.search.fill_process import SOURCE_COMMITTED
from prm_desktop.storage.sync import outbox
from prm_desktop.storage.sync.apply import RemoteApplier
from prm_desktop.storage.sync.bulk import defer_indexes, derived_empty, every_row, restore_indexes
from prm_desktop.storage.sync.conflicts import store_conflict, store_refused
from prm_desktop.storage.sync.identity import renew_identity
from prm_desktop.storage.sync.pulled_purges import purges_in_page, redact_pulled_purges
from prm_desktop.storage.sync.purge import purge_partner
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.wal import BackgroundCheckpoints, checkpoint_later
from prm_desktop.sync.api import Refused, ResyncRequired, ServerApi, SyncError

#: Entries per push batch (one request, one server transaction; the server takes up to 5,000).
PUSH_BATCH = 2000
#: Rows per pull page asked for (the server allows up to 100,000): a page is one request and one commit,
#: and the server works out the user's access once per page (0.3 s for 100,000 partners).
PULL_PAGE = 50000
#: The largest page servers before 100,000-row pages allowed (asked for when one refuses `PULL_PAGE`).
OLD_MAX_PAGE = 20000
#: The first page is smaller: the laptop starts writing sooner, while the next (full) page is fetched.
FIRST_PAGE = 2000


@dataclass
class SyncReport:
    """What one sync did."""

    pushed: int = 0
    refused: int = 0
    pulled: int = 0
    conflicts: int = 0
    pages: int = 0
    withheld: int = 0
    purged: int = 0
    #: People whose personal data another laptop purged: redacted in this laptop's history too.
    people_purged: int = 0
    #: Their values (name, e-mail, phone), for the caller to redact in the drafts (`take_purged_values`).
    purged_values: list[str] = field(default_factory=list, repr=False)

    def take_purged_values(self) -> list[str]:
        """The purged people's values, taken out of the report (which can then be shown or logged)."""
        values, self.purged_values = self.purged_values, []
        return values
    #: Why everything was pulled again ("" : it was not; see `prm_desktop.sync.resync`).
    resync: str = ""
    #: Entries sent again because the server's database was restored from a backup.
    requeued: int = 0
    #: Rows removed by a full resync: deleted on the server while this laptop was away.
    removed: int = 0


def push(api: ServerApi, uow: UnitOfWorkFactory, report: SyncReport, batch: int = PUSH_BATCH) -> None:
    """Send the whole outbox, batch after batch.

    Raises:
        SyncError: The server refused a batch (the outbox keeps it).
    """
    renewed = False
    while True:
        with uow.read() as session:
            state = outbox.state(session)
            client_id, after, seen = state.client_id, state.pushed_seq, state.cursor
            entries = outbox.pending(session, batch)
        if not entries:
            return
        payload = [{"id": e.seq, "table": e.table, "row_id": e.row_id, "op": e.op, "data": e.data, "hlc": e.hlc,
                    **({"purge": True} if e.purge else {})} for e in entries]
        try:
            answer = api.push(client_id, after, seen, payload)
        except Refused as exc:
            if exc.code in ("identity_clash", "other_user") and not renewed:
                _renew(uow)
                renewed = True
                continue
            raise SyncError(_("The server refused the changes ({reason}); they stay on this computer.",
                              reason=str(exc))) from exc
        by_id = {e.seq: e for e in entries}
        with uow(kind="sync", label=_("Sync: changes sent")) as work:
            applier = RemoteApplier(work, pending={})  # refused rows are put back as the server has them
            outbox.acknowledge(work.session, answer["acknowledged_through"])
            for refused in answer["rejected"]:
                entry = by_id.get(refused["id"])
                if entry is not None:
                    store_refused(work.session, entry.table, entry.row_id, refused["reason"], entry.data,
                                  entry.hlc, entry.partner_id)
                row = refused.get("row")
                if row is not None:
                    applier.apply(row["table"], row["row_id"], None if row["gone"] else row["data"], row["hlc"])
            applier.flush()
            work.commit()
        report.pushed += answer["applied"] + answer["skipped"]
        report.refused += len(answer["rejected"])


def _renew(uow: UnitOfWorkFactory) -> None:
    with uow(kind="sync", label="identity") as work:
        device = renew_identity(work.session)
        work.commit()
    clock = HybridClock(device)
    clock.observe(uow.clock.tick())
    uow.clock = clock


def pull(api: ServerApi, uow: UnitOfWorkFactory, report: SyncReport, page_size: int = PULL_PAGE) -> None:
    """Fetch and apply pages until the server has nothing more.

    Raises:
        SyncError: Rows still point at rows that never came (the cursor stays before them).
    """
    held: list[dict[str, Any]] = []
    held_revoked: list[str] = []
    with uow.read() as session:
        cursor = outbox.state(session).cursor
        bulk = derived_empty(session)
        path = session.get_bind().url.database if session.get_bind().dialect.name == "sqlite" else None
    fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull")
    fetch = _Pages(api).pull
    checkpoints: BackgroundCheckpoints | None = None
    try:
        upcoming = fetcher.submit(fetch, cursor, min(page_size, FIRST_PAGE))
        while True:
            page = upcoming.result()
            if page["has_more"]:  # fetched while this page is written
                upcoming = fetcher.submit(fetch, page["cursor"], page_size)
            report.pages += 1
            rows = held + page["rows"]
            revoked = held_revoked + page.get("revoked", [])
            last = not page["has_more"]
            if not last and checkpoints is None and path:
                checkpoints = BackgroundCheckpoints(path)
            try:
                bulk = _apply_page(uow, rows, page["cursor"], report, revoked=revoked, bulk=bulk, last=last,
                                   checkpoints=checkpoints)
                held, held_revoked = [], []
            except IntegrityError as exc:
                if not last:  # their parents come in a later page: applied together (the saved cursor stays before)
                    held, held_revoked = rows, revoked
                else:
                    try:  # the parents never come: links to rows this user may not see are withheld
                        _apply_page(uow, rows, page["cursor"], report, withhold=True, revoked=revoked, bulk=bulk)
                    except IntegrityError as again:
                        raise SyncError(_("Some rows received point at rows the server did not send ({error}).",
                                          error=again.orig)) from exc
                    held, held_revoked = [], []
            if last:
                return
    finally:
        fetcher.shutdown(wait=False, cancel_futures=True)
        if checkpoints is not None:
            checkpoints.close()


class _Pages:
    """Pages from the server; a server that refuses a page that big (before 100,000-row pages) gets asked for less."""

    def __init__(self, api: ServerApi) -> None:
        self.api, self.most = api, None

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        if self.most is not None:
            limit = min(limit, self.most)
        try:
            return self.api.pull(cursor, limit)
        except SyncError as exc:
            if getattr(exc, "status", None) != 422 or limit <= OLD_MAX_PAGE:
                raise
            self.most = OLD_MAX_PAGE
            return self.api.pull(cursor, OLD_MAX_PAGE)


def _apply_page(uow: UnitOfWorkFactory, rows: list[dict[str, Any]], cursor: int, report: SyncReport,
                withhold: bool = False, revoked: list[str] | None = None, bulk: bool = False,
                last: bool = True, checkpoints: BackgroundCheckpoints | None = None) -> bool:
    """Apply one page and save ``cursor`` with it, in one SQLite transaction.

    Args:
        uow: The portfolio's unit-of-work factory.
        rows: The page's rows (with any held from the page before).
        cursor: The server cursor the page ends at.
        report: Counts of what was applied.
        withhold: Withhold links to rows that never came (the last try of a page).
        revoked: Partners to purge.
        bulk: A bulk pull (`prm_desktop.storage.sync.bulk`): the page is committed without the commit
            hooks while the derived tables are still empty and more pages come; the last one too, the
            derived tables then filled whole by a transaction of their own (`fill_derived`; still empty
            derived tables: else it is committed as touching every row).
        last: No page comes after this one.
        checkpoints: The commits leave the WAL to them (a pull of more than one page).

    Returns:
        Whether the pull goes on in bulk.
    """
    with uow(kind="sync", label=_("Sync: changes received")) as work, ExitStack() as later:
        if checkpoints is not None:
            later.enter_context(checkpoint_later(work.session))
        if bulk and not last:  # an empty portfolio's indexes are created once, with the last page
            defer_indexes(work.session)
        applier = RemoteApplier(work)
        if withhold:
            applier.withhold_unknown = {row["row_id"] for row in rows if not row["gone"]}
        latest = {(row["table"], row["row_id"]): row for row in rows}  # a held row may come again, newer
        rows = list(latest.values())
        applier.prefetch([key for key in latest if key[0] != "sync_conflicts"])
        if rows:
            applier.observe(max(row["hlc"] for row in rows))
        purges = purges_in_page(work.session, rows)
        fresh = applier.fresh_inserter() or (lambda *_args: False)
        for row in rows:
            table = row["table"]
            if table == "sync_conflicts":
                store_conflict(work.session, row["data"])
                report.conflicts += 1
            elif not row["gone"] and fresh(table, row["row_id"], row["data"], row["hlc"]):
                report.pulled += 1  # a whole row new here (most of a first pull)
            elif applier.apply(table, row["row_id"], None if row["gone"] else row["data"], row["hlc"]):
                report.pulled += 1
        for partner_id in revoked or ():
            report.purged += purge_partner(applier, partner_id)
        applier.flush()
        redact_pulled_purges(work.session, purges)
        report.people_purged += len(purges)
        report.purged_values += [value for purge in purges for value in purge.values]
        outbox.state(work.session).cursor = cursor
        deferring = bulk and not last and derived_empty(work.session)  # not empty: written meanwhile
        if not deferring:
            restore_indexes(work.session)
        filling = bulk and not deferring and derived_empty(work.session)
        if bulk and not deferring and not filling:
            work.recorder.touched.update(every_row(work.session))
        work.commit(hooks=not deferring and not filling)
        report.withheld += applier.withheld
    if checkpoints is not None:
        checkpoints.after_commit()
    if filling:
        fill_derived(uow)
        if checkpoints is not None:
            checkpoints.after_commit()  # its own commit's checkpoint is skipped while the thread's runs
    return deferring


def fill_derived(uow: UnitOfWorkFactory) -> None:
    """Fill the empty search index and summary of a bulk pull whose rows are all saved (its last step).

    A transaction of its own, after the one of the last page: it writes only the derived tables, so the
    search entries are built by another process reading the saved rows from the file itself
    (`fill_process.SOURCE_COMMITTED`) while this one fills the summary. Stopped before its commit, the
    derived tables stay empty: the next pull (nothing more to fetch) or the next start fills them.
    """
    with uow(kind="sync", label=_("Sync: changes received")) as work:
        if not derived_empty(work.session):  # filled meanwhile (an edit's commit found them empty)
            return
        work.session.info[SOURCE_COMMITTED] = True
        work.recorder.touched.update(every_row(work.session))
        work.commit()


def receive(api: ServerApi, uow: UnitOfWorkFactory, report: SyncReport, full: bool = False) -> None:
    """Pull; everything again when a full resync is due or the server answers that one is (see `resync`)."""
    from prm_desktop.sync import resync

    if not full:
        try:
            pull(api, uow, report)
            return
        except ResyncRequired:
            pass
    resync.full_pull(api, uow, report, pull)


def sync(api: ServerApi, uow: UnitOfWorkFactory) -> SyncReport:
    """Check the server's state, push everything, then pull everything (all of it again when due)."""
    from prm_desktop.sync import resync

    report = SyncReport()
    full = resync.check_server(api, uow, report)
    push(api, uow, report)
    receive(api, uow, report, full)
    return report
