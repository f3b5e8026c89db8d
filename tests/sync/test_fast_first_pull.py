"""A first pull writes whole new rows straight as insert tuples: the portfolio is the one the general path makes.

Every synced table (every column but the local ``created_at``/``updated_at``), the change log (what
undo, note history and a full resync read), the search index and the partner summary are compared
with a laptop that pulled the same rows through `RemoteApplier`'s general path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from prm_desktop.bootstrap import open_app
from prm_desktop.services import search_index
from prm_desktop.services.demo import generate_demo
from prm_desktop.storage.log_audit import log_mismatches
from prm_desktop.storage.models import SYNCED_MODELS, ChangeLogEntry
from prm_desktop.storage.search import fill_process
from prm_desktop.storage.sync.apply import RemoteApplier
from prm_desktop.sync import engine
from prm_desktop.sync.api import SyncError
from prm_desktop.sync.engine import SyncReport, pull, push
from prm_server import admin


def _portfolio(laptop) -> dict[str, object]:
    """What a user can see of a portfolio, and what its change log says, ids included."""
    found: dict[str, object] = {}
    with laptop.uow.read() as session:
        for mapper in SYNCED_MODELS:
            tbl = mapper.class_.__table__
            columns = [c for c in tbl.columns if c.key not in ("created_at", "updated_at")]
            found[tbl.name] = session.execute(select(*columns).order_by(tbl.c.id)).all()
        log = ChangeLogEntry.__table__
        found["change_log"] = sorted(
            (t, r, op, json.loads(d), h, p, pushed) for t, r, op, d, h, p, pushed in session.execute(
                select(log.c.table_name, log.c.row_id, log.c.op, log.c.data, log.c.hlc, log.c.partner_id,
                       log.c.pushed)))
        found["search_rows"] = session.execute(text("SELECT kind, entity_id, partner_id FROM search_rows "
                                                    "ORDER BY kind, entity_id")).all()
        found["search_text"] = sorted(session.execute(text("SELECT * FROM search_index")).all())
        found["partner_summary"] = session.execute(text("SELECT * FROM partner_summary ORDER BY partner_id")).all()
        assert log_mismatches(session) == []
    for query in ("Lyon", "Dupont", "visite", "Partenaire"):
        found[f"search {query}"] = sorted(search_index.search(laptop.uow, query, limit=500), key=repr)
    return found


@pytest.fixture
def pushed_demo(tmp_path: Path, laptops, server_engine):
    """A demo portfolio pushed to the server by a first laptop; ``laptops`` makes the others."""
    origin = laptops("alice", "Alice")
    app = open_app(tmp_path / "demo")
    generate_demo(app.uow, partners=60, seed=5)
    app.close()
    demo = open_app(tmp_path / "demo")
    push(origin.api, demo.uow, SyncReport())
    demo.close()
    with server_engine.begin() as conn:  # alice sees every partner of the demo
        for (partner_id,) in conn.exec_driver_sql("SELECT row_id FROM rows WHERE table_name = 'partners'").all():
            admin.share(conn, partner_id, with_team="team")
    return laptops


def test_a_first_pull_through_the_fast_path_makes_the_portfolio_the_general_path_makes(
        pushed_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = pushed_demo("alice", "Alice")
    report = SyncReport()
    pull(fast.api, fast.uow, report, page_size=400)
    assert report.pulled > 2000 and report.pages > 3
    monkeypatch.setattr(RemoteApplier, "fresh_rows", False)
    general = pushed_demo("alice", "Alice")
    pull(general.api, general.uow, SyncReport(), page_size=400)
    fast_view, general_view = _portfolio(fast), _portfolio(general)
    assert fast_view["partners"] and fast_view["search Lyon"] is not None
    for key, value in general_view.items():
        assert fast_view[key] == value, key


class _OlderServer:
    """A server from before 100,000-row pages: it refuses pages of more than 20,000 rows (422)."""

    def __init__(self, api) -> None:
        self.api, self.asked = api, []

    def pull(self, cursor: int, limit: int):
        self.asked.append(limit)
        if limit > 20000:
            error = SyncError("limit: Input should be less than or equal to 20000")
            error.status = 422
            raise error
        return self.api.pull(cursor, limit)


def test_a_server_that_refuses_big_pages_is_asked_for_smaller_ones(pushed_demo) -> None:
    laptop = pushed_demo("alice", "Alice")
    older = _OlderServer(laptop.api)
    report = SyncReport()
    pull(older, laptop.uow, report, page_size=50000)
    assert report.pulled > 0
    assert older.asked[1:] == [50000, 20000] and max(older.asked[3:], default=0) <= 20000


def test_a_first_pull_in_bulk_fills_the_search_index_and_summary_the_page_by_page_commits_fill(
        pushed_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk = pushed_demo("alice", "Alice")
    pull(bulk.api, bulk.uow, SyncReport(), page_size=400)
    monkeypatch.setattr(engine, "derived_empty", lambda session: False)  # each page committed with the hooks
    paged = pushed_demo("alice", "Alice")
    pull(paged.api, paged.uow, SyncReport(), page_size=400)
    bulk_view, paged_view = _portfolio(bulk), _portfolio(paged)
    assert bulk_view["search_rows"] and bulk_view["partner_summary"]
    for key in ("search_rows", "search_text", "partner_summary", *(k for k in paged_view if k.startswith("search "))):
        assert bulk_view[key] == paged_view[key], key


def test_a_first_pull_whose_search_entries_another_process_builds_fills_the_same_index(
        pushed_demo, monkeypatch: pytest.MonkeyPatch) -> None:
    here = pushed_demo("alice", "Alice")
    pull(here.api, here.uow, SyncReport(), page_size=400)
    started: list[fill_process.PreparedFill] = []
    start = fill_process.start_reading_file  # the rows are saved: that process reads them from the file itself
    monkeypatch.setattr(fill_process, "PARALLEL_MIN", 1)  # a large fill: built by another process
    monkeypatch.setattr(fill_process, "start_reading_file",
                        lambda session: started.append(start(session)) or started[-1])
    elsewhere = pushed_demo("alice", "Alice")
    pull(elsewhere.api, elsewhere.uow, SyncReport(), page_size=400)
    assert len(started) == 1 and started[0].process.exitcode == 0  # after the last page's commit, once
    here_view, elsewhere_view = _portfolio(here), _portfolio(elsewhere)
    assert here_view["search_rows"] and here_view["search Lyon"] is not None
    for key, value in here_view.items():
        assert elsewhere_view[key] == value, key


def test_dates_of_new_rows_are_stored_and_logged_as_the_general_path_stores_them() -> None:
    from datetime import date

    from sqlalchemy import create_engine

    from prm_desktop.storage.models import PartnerMetricValue
    from prm_desktop.storage.sync.fresh import fresh_plan, fresh_row

    dialect = create_engine("sqlite://").dialect
    plan = fresh_plan(PartnerMetricValue, dialect)
    processor = PartnerMetricValue.__table__.c.period_start.type._cached_bind_processor(dialect)
    for sent, stored in (("2024-03-01", "2024-03-01"), ("20240301", "2024-03-01"), ("0999-12-31", "0999-12-31")):
        values = dict.fromkeys(plan.keys)
        values.update(id="m1", partner_id="p1", metric="k", period_start=sent, period_end=sent)
        made = fresh_row(plan, values, "hlc", "now")
        assert made is not None
        row, snapshot = made
        assert row.count(stored) == 2 and stored == processor(date.fromisoformat(sent))
        assert json.loads(snapshot)["period_start"] == stored


def _indexes(laptop) -> list[tuple[str, str]]:
    with laptop.uow.read() as session:
        return session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                    "ORDER BY name")).all()


@pytest.fixture
def pushed_partners(laptops, server_engine):
    """150 partners with three contacts each, pushed to the server and shared with the team."""
    from prm_desktop.storage.models import Contact, Partner

    origin = laptops("bob", "Bob")
    with origin.uow(kind="edit", label="test") as work:
        ids = work.bulk_insert(Partner, [{"name": f"Partenaire {i}", "city": "Lyon"} for i in range(150)])
        work.bulk_insert(Contact, [{"partner_id": pid, "name": f"Dupont {n}"} for pid in ids for n in range(3)])
        work.commit()
    push(origin.api, origin.uow, SyncReport())
    with server_engine.begin() as conn:
        for partner_id in ids:
            admin.share(conn, partner_id, with_team="team")
    return laptops


class _Stops:
    """The server, seen by a laptop whose connection drops after ``pages`` pages (None: it never drops)."""

    def __init__(self, api, laptop, pages: int | None) -> None:
        self.api, self.laptop, self.pages, self.served = api, laptop, pages, 0
        self.indexes_while_pulling: list[int] = []

    def pull(self, cursor: int, limit: int):
        self.indexes_while_pulling.append(len(_indexes(self.laptop)))
        if self.pages is not None and self.served >= self.pages:
            raise SyncError("connection lost")
        self.served += 1
        return self.api.pull(cursor, limit)


def _whole_and_stopped(pushed_partners) -> tuple:
    """Two laptops of the same team: one pulled everything, the other's first pull stopped after 3 pages."""
    whole = pushed_partners("alice", "Alice")
    pull(whole.api, whole.uow, SyncReport(), page_size=100)
    stopped = pushed_partners("alice", "Alice")
    with pytest.raises(SyncError):
        pull(_Stops(stopped.api, stopped, 3), stopped.uow, SyncReport(), page_size=100)
    assert len(_indexes(stopped)) < len(_indexes(whole))  # left out until the last page
    return whole, stopped


def test_a_first_pull_writes_its_pages_without_the_secondary_indexes_and_ends_with_every_one(
        pushed_partners) -> None:
    laptop = pushed_partners("alice", "Alice")
    before = _indexes(laptop)
    server = _Stops(laptop.api, laptop, None)
    pull(server, laptop.uow, SyncReport(), page_size=100)
    assert min(server.indexes_while_pulling) < len(before) - 10  # the pages were written without them
    assert _indexes(laptop) == before and any(name == "ix_contacts_partner_id" for name, _sql in before)
    with laptop.uow.read() as session:
        assert session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sync_deferred_indexes'")).first() is None


def test_a_first_pull_stopped_midway_and_pulled_again_ends_like_one_never_stopped(pushed_partners) -> None:
    whole, stopped = _whole_and_stopped(pushed_partners)
    with stopped.uow.read() as session:
        assert 0 < session.execute(text("SELECT COUNT(*) FROM contacts")).scalar() < 450
    pull(stopped.api, stopped.uow, SyncReport(), page_size=100)
    assert _indexes(stopped) == _indexes(whole)
    stopped_view, whole_view = _portfolio(stopped), _portfolio(whole)
    for key in whole_view:
        if key != "change_log":  # the stopped pull's pages are other batches: the same entries
            assert stopped_view[key] == whole_view[key], key
    assert len(stopped_view["change_log"]) == len(whole_view["change_log"])


def test_a_first_pull_stopped_midway_gets_its_indexes_and_derived_tables_at_the_next_start(pushed_partners) -> None:
    from prm_desktop.services import partner_summary

    whole, stopped = _whole_and_stopped(pushed_partners)
    partner_summary.ensure_derived(stopped.uow)  # the next start (`open_app`, `refresh_derived_data`)
    assert _indexes(stopped) == _indexes(whole)
    with stopped.uow.read() as session:
        partners = session.execute(text("SELECT COUNT(*) FROM partners WHERE deleted_at IS NULL")).scalar()
        summaries = session.execute(text("SELECT COUNT(*) FROM partner_summary")).scalar()
    assert partners and summaries == partners
    assert search_index.search(stopped.uow, "Dupont", kinds=["contact"], limit=500)
    assert len(search_index.search(stopped.uow, "Partenaire", limit=500)) == partners


def test_a_first_pull_stopped_midway_gets_its_indexes_before_any_migration(pushed_partners) -> None:
    from prm_desktop.storage import migrate

    whole, stopped = _whole_and_stopped(pushed_partners)
    migrate.upgrade(stopped.ctx.db.path)  # what the next start of a newer app runs first
    assert _indexes(stopped) == _indexes(whole)
    pull(stopped.api, stopped.uow, SyncReport(), page_size=100)  # the pull then goes on and ends as usual
    assert _indexes(stopped) == _indexes(whole)
    with stopped.uow.read() as session:
        assert session.execute(text("SELECT COUNT(*) FROM partner_summary")).scalar() == 150
