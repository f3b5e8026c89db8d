"""A large fill's search entries built by another process: the same index, byte for byte; a failure writes nothing.

`fill_process.start` sends the rows a rebuild indexes to a process started with "spawn"; the rebuild
then inserts what it built. The index (every column of both tables, row ids included) must equal the
one a rebuild in this process makes; a process that stops or fails makes the rebuild raise, and the
caller's transaction writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.services import search_index
from prm_desktop.services.demo import generate_demo
from prm_desktop.storage.search import fill_process
from prm_desktop.storage.search import index as store
from prm_desktop.storage.search.fill_process import SearchFillError


@pytest.fixture
def demo(app_ctx):
    generate_demo(app_ctx.uow, partners=60, seed=5)
    return app_ctx


def _index(session: Session) -> tuple[list[tuple], list[tuple]]:
    rows = [tuple(r) for r in session.execute(text("SELECT * FROM search_rows ORDER BY id"))]
    entries = [tuple(r) for r in session.execute(text(
        "SELECT rowid, kind, entity_id, partner_id, body FROM search_index ORDER BY rowid"))]  # fmt: skip
    return rows, entries


def test_entries_built_by_another_process_are_those_a_rebuild_here_makes(demo) -> None:
    with demo.uow(kind="maintenance", label="test") as work:
        store.rebuild(work.session)
        here = _index(work.session)
        store.rebuild(work.session, fill_process.start(work.session))
        there = _index(work.session)
    rows, entries = here
    assert {kind for _rowid, kind, *_rest in rows} >= {"partner", "contact", "note", "stakeholder", "visit"}
    assert len(entries) == len(rows) > 300
    assert there == here


def test_a_first_fill_through_the_commit_hooks_builds_the_index_elsewhere_and_alike(
        app_ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[fill_process.PreparedFill] = []
    start = fill_process.start
    monkeypatch.setattr(fill_process, "PARALLEL_MIN", 1)
    monkeypatch.setattr(fill_process, "start", lambda session: started.append(start(session)) or started[-1])
    generate_demo(app_ctx.uow, partners=60, seed=5)  # its first commit fills the empty index
    assert started and started[0].process.exitcode == 0
    with app_ctx.uow(kind="maintenance", label="test") as work:
        filled = _index(work.session)
        store.rebuild(work.session)
        assert _index(work.session) == filled
    assert search_index.search(app_ctx.uow, filled[1][0][4].split()[0])


def test_a_stopped_process_makes_the_fill_raise_and_nothing_is_written(demo) -> None:
    with demo.uow.read() as session:
        before = _index(session)
    with pytest.raises(SearchFillError), demo.uow(kind="maintenance", label="test") as work:
        prepared = fill_process.start(work.session)
        prepared.process.kill()
        store.rebuild(work.session, prepared)
        work.commit()
    with demo.uow.read() as session:
        assert _index(session) == before and before[0]


def test_an_error_in_the_other_process_is_raised_here() -> None:
    prepared = fill_process.PreparedFill()
    prepared.send("partner", ("not", "rows"))  # the builder cannot unpack it, over there
    with pytest.raises(ValueError, match="not enough values to unpack"):
        list(prepared)
    assert not prepared.process.is_alive()


def _points_at(fd: Path, folder: str) -> bool:
    try:
        return str(fd.readlink()).startswith(folder)
    except OSError:
        return False


def test_an_index_built_in_a_file_elsewhere_finds_what_a_rebuild_here_finds_and_the_file_goes(demo) -> None:
    words = ["Lyon", "Dupont", "visite", "Partenaire", "ly"]
    search_index.rebuild_all(demo.uow)
    here = {w: search_index.search(demo.uow, w, kinds=search_index.KINDS, limit=1000) for w in words}
    with demo.uow(kind="maintenance", label="test") as work:
        prepared = fill_process.start(work.session)
        store.rebuild(work.session, prepared)
        work.session.execute(text("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)"))
        work.commit()
    there = {w: search_index.search(demo.uow, w, kinds=search_index.KINDS, limit=1000) for w in words}
    assert any(here.values()) and there == here
    assert not prepared.process.is_alive() and not any(Path(prepared._folder).glob("*"))
    fds = Path("/proc/self/fd")
    if fds.is_dir():  # the file was detached once the transaction ended: no handle keeps its space
        assert not [fd for fd in fds.iterdir() if _points_at(fd, prepared._folder)]
    with demo.uow(kind="maintenance", label="test") as work:  # the index takes later writes as usual
        search_index.reindex(work.session, [], [("note", "x-1", None)])
        work.commit()
