"""Sync on loopback: initial pull (rows/s), 100 edits pushed and pulled, push throughput.

A throwaway PostgreSQL (``prm_server.embedded``) and ``prm-server serve`` in its own process; one
laptop pushes a generated portfolio (partners with three contacts each), a second laptop of the same
user pulls it all. Needs the PostgreSQL binaries (``initdb``); skipped with a note otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CONTACTS_PER_PARTNER = 3


def _server(url: str) -> tuple[subprocess.Popen, str]:
    import httpx

    from prm_server.embedded import free_port

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "prm_server.cli", "--database-url", url, "serve",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("prm-server did not start")


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
        process, base = _server(pg.url)
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
            start = time.perf_counter()
            push(api_a, first.uow, SyncReport())
            elapsed = time.perf_counter() - start
            figures["initial_push_rows_per_s"] = round(rows / elapsed)
            second = open_app(folder / "b", seed_program=False, refresh_derived=False)
            start = time.perf_counter()
            report = SyncReport()
            pull(api_b, second.uow, report)
            elapsed = time.perf_counter() - start
            figures["initial_pull_s"] = round(elapsed, 2)
            figures["initial_pull_rows_per_s"] = round(report.pulled / elapsed)
            figures["initial_pull_rows"] = report.pulled
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
        return figures
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        pg.stop()
        shutil.rmtree(folder, ignore_errors=True)
