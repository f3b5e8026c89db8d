"""A whole-portfolio refresh commits without copying the WAL into the file; the refresh job copies it after its outcome.

What the user relies on: the standings are there as soon as the refresh reports them (through the
WAL), and once the worker's refresh job has ended the database file on its own holds them (a copy
of the file, e.g. a backup tool's, is whole); a connection's own checkpoint setting is left as it was.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from contextlib import closing
from datetime import date
from multiprocessing import Event, Pipe
from pathlib import Path

from prm_desktop.services import portfolio, programs
from prm_desktop.services.demo import generate_demo
from prm_desktop.storage.wal import checkpoint_file, checkpoint_later
from prm_desktop.worker.child import child_main

ON = date.today()


def _file_alone(path: Path, tmp: Path) -> dict[str, tuple]:
    """The standings as the database file holds them without its WAL."""
    copy = tmp / "alone.sqlite3"
    shutil.copyfile(path, copy)
    with closing(sqlite3.connect(copy)) as conn:
        return {row[0]: row[1:] for row in conn.execute(
            "SELECT partner_id, qualified_tier, movement, at_risk_on FROM partner_summary")}  # fmt: skip


def _through_wal(path: Path) -> dict[str, tuple]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {row[0]: row[1:] for row in conn.execute(
            "SELECT partner_id, qualified_tier, movement, at_risk_on FROM partner_summary")}  # fmt: skip


def test_a_commit_inside_checkpoint_later_leaves_the_wal_and_restores_the_setting(app_ctx, tmp_path) -> None:
    uow, path = app_ctx.uow, app_ctx.db.path
    generate_demo(uow, partners=5, seed=2, today=ON)
    checkpoint_file(path)
    before = _file_alone(path, tmp_path)
    with uow(kind="edit") as work:
        raw = work.session.connection().connection.driver_connection
        raw.execute("PRAGMA wal_autocheckpoint=1")  # any commit would copy the WAL into the file
        work.session.connection().exec_driver_sql("UPDATE partner_summary SET movement = 'promotion'")
        with checkpoint_later(work.session):
            work.commit()
        assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1
        raw.execute("PRAGMA wal_autocheckpoint=1000")
    assert _file_alone(path, tmp_path) == before  # still only in the WAL
    assert {v[1] for v in _through_wal(path).values()} == {"promotion"}  # yet readers see it
    checkpoint_file(path)
    assert {v[1] for v in _file_alone(path, tmp_path).values()} == {"promotion"}


def test_the_refresh_job_puts_the_new_standings_in_the_file_after_sending_its_outcome(app_ctx, tmp_path,
                                                                                       samples) -> None:  # fmt: skip
    uow, path = app_ctx.uow, app_ctx.db.path
    generate_demo(uow, partners=40, seed=11, today=ON)
    portfolio.refresh_evaluations(uow, on=ON)
    programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))  # standings move
    checkpoint_file(path)
    before = _file_alone(path, tmp_path)
    reader, writer = Pipe(duplex=False)
    messages: list[tuple] = []
    pump = threading.Thread(target=lambda: _drain(reader, messages))
    pump.start()
    child_main(writer, Event(), "prm_desktop.worker.jobs:refresh", (str(app_ctx.paths.data_dir), True), None)
    pump.join(10)
    assert messages[-1][0] == "done"
    after = _through_wal(path)
    assert after != before  # the refresh moved standings
    assert _file_alone(path, tmp_path) == after  # and the file alone holds them once the job has ended


def _drain(conn, messages: list[tuple]) -> None:
    while True:
        try:
            messages.append(conn.recv())
        except (EOFError, OSError):
            return


def test_a_whole_portfolio_refresh_reports_before_the_wal_is_copied_into_the_file(app_ctx, tmp_path,
                                                                                   samples) -> None:  # fmt: skip
    from sqlalchemy import event

    uow, path = app_ctx.uow, app_ctx.db.path
    generate_demo(uow, partners=40, seed=11, today=ON)
    portfolio.refresh_evaluations(uow, on=ON)
    programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8"))
    checkpoint_file(path)
    before = _file_alone(path, tmp_path)

    def eager(dbapi_conn, _record, _proxy) -> None:  # any other commit copies the WAL into the file at once
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=1")

    event.listen(app_ctx.db.engine, "checkout", eager)
    try:
        result = portfolio.refresh_evaluations(uow, on=ON)
    finally:
        event.remove(app_ctx.db.engine, "checkout", eager)
    assert result.completed
    assert _through_wal(path) != before  # what the list shows at once
    assert _file_alone(path, tmp_path) == before  # the copy into the file is left for after the outcome
