"""Sync on loopback: initial pull (rows/s), 100 edits pushed and pulled, push throughput, 20 clients at once.

A throwaway PostgreSQL (``prm_server.embedded``) and ``prm-server serve`` in its own process; one
laptop pushes a generated portfolio (partners with three contacts each), a second laptop of the same
user pulls it all. Beside each rate, the CPU seconds of the laptop's process and of the server
process (PostgreSQL's own processes not counted): on a shared machine the wall-clock rate is a lower
bound. Then `bench.sync_clients`: 20 client processes syncing at once through two server processes.
Needs the PostgreSQL binaries (``initdb``); skipped with a note otherwise.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.sync_clients import cpu_s, run_concurrent, start_server

CONTACTS_PER_PARTNER = 3
#: The 20-clients bench (`bench.sync_clients`): clients, rounds of edits and syncs, partners shared.
CLIENTS, ROUNDS, SHARED_PARTNERS = 20, 10, 200


class _Clock:
    """Wall time, this process's CPU time and the server process's CPU time of one step."""

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def __enter__(self) -> _Clock:
        self.wall, self.cpu, self.server = time.perf_counter(), time.process_time(), cpu_s(self.server_pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self.server = cpu_s(self.server_pid) - self.server


def run(partners: int = 20_000) -> dict[str, Any]:
    """Measure sync figures for a portfolio of ``partners`` partners (and three contacts each)."""
    import httpx

    from prm_desktop.bootstrap import open_app
    from prm_desktop.storage.models import Contact, Partner, TeamMember
    from prm_desktop.sync.api import ServerApi
    from prm_desktop.sync.engine import SyncReport, pull, push
    from prm_server import admin
    from prm_server.app import make_engine
    from prm_server.embedded import PostgresUnavailable, start_embedded
    from prm_server.migrate import upgrade

    try:
        pg = start_embedded()
    except PostgresUnavailable as exc:
        return {"skipped": str(exc)}
    folder = Path(tempfile.mkdtemp(prefix="prm-bench-sync-"))
    process = None
    try:
        engine = make_engine(pg.url)
        upgrade(engine)
        with engine.begin() as conn:
            admin.add_user(conn, "alice", "Alice", "pw")
        process, base = start_server(pg.url)
        first = open_app(folder / "a", seed_program=False, refresh_derived=False)
        with first.uow(kind="import") as work:
            member = TeamMember(name="Alice")
            work.session.add(member)
            work.session.flush()
            ids = work.bulk_insert(Partner, [{"name": f"Partner {i}", "owner_id": member.id, "city": "Lyon"}
                                             for i in range(partners)])
            work.bulk_insert(Contact, [{"partner_id": pid, "name": f"Contact {k}"} for pid in ids
                                       for k in range(CONTACTS_PER_PARTNER)])
            work.commit()
        rows = 1 + partners * (1 + CONTACTS_PER_PARTNER)
        figures: dict[str, Any] = {"rows": rows}
        with httpx.Client(base_url=base, timeout=600) as http_a, httpx.Client(base_url=base, timeout=600) as http_b:
            api_a, api_b = ServerApi(http_a), ServerApi(http_b)
            api_a.login("alice", "pw")
            api_b.login("alice", "pw")
            with _Clock(process.pid) as clock:
                push(api_a, first.uow, SyncReport())
            figures["initial_push_rows_per_s"] = round(rows / clock.wall)
            figures["initial_push_laptop_cpu_s"] = round(clock.cpu, 2)
            figures["initial_push_server_cpu_s"] = round(clock.server, 2)
            second = open_app(folder / "b", seed_program=False, refresh_derived=False)
            report = SyncReport()
            with _Clock(process.pid) as clock:
                pull(api_b, second.uow, report)
            figures["initial_pull_s"] = round(clock.wall, 2)
            figures["initial_pull_rows_per_s"] = round(report.pulled / clock.wall)
            figures["initial_pull_rows"] = report.pulled
            figures["initial_pull_pages"] = report.pages
            figures["initial_pull_laptop_cpu_s"] = round(clock.cpu, 2)
            figures["initial_pull_server_cpu_s"] = round(clock.server, 2)
            figures["initial_pull_rows_per_laptop_cpu_s"] = round(report.pulled / clock.cpu)
            with first.uow(kind="edit") as work:
                for pid in ids[:100]:
                    work.session.get(Partner, pid).city = "Nantes"
                work.commit()
            start = time.perf_counter()
            push(api_a, first.uow, SyncReport())
            pushed = time.perf_counter() - start
            report = SyncReport()
            pull(api_b, second.uow, report)
            figures["edits_100_push_s"] = round(pushed, 3)
            figures["edits_100_push_and_pull_s"] = round(time.perf_counter() - start, 3)
            figures["edits_100_pulled"] = report.pulled
            second.close()
        first.close()
        engine.dispose()
        figures["concurrent"] = run_concurrent(pg.url, clients=CLIENTS, rounds=ROUNDS, partners=SHARED_PARTNERS)
        return figures
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
