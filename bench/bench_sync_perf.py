"""Sync of the real perf set (issue 19 point 6): initial pull of the 100,000-partner portfolio, 100 edits, 20 clients.

The server's PostgreSQL lives in ``bench/results/perf-data/sync-pg-<N>/`` and is kept between runs: the
first run loads the perf portfolio's synced rows into it with ``COPY`` (`bench.sync_seed`; pushing 3.9 M
rows would take a quarter of an hour) and writes ``seeded.json``. Two ``prm-server serve`` processes
serve it; the laptop alternates between them (as behind a load balancer) while it pulls into a new,
empty portfolio, until the portfolio is usable (search index and partner summary filled). Beside each
wall time: the laptop's CPU seconds, the two server processes' and PostgreSQL's, and the load average
(the machine is shared: rates are lower bounds). Then the server alone serving the same pages (no
laptop writing), 100 edits pushed and pulled back on that portfolio, and `bench.sync_clients`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.perfdata import database_file, perf_data_dir
from bench.sync_clients import cpu_s, run_concurrent, start_server
from bench.sync_seed import CLIENT_ID

USER, PASSWORD = "bench", "bench-pw"
#: The seeded database (kept as loaded: the rows the 100 edits change are put back after them).
SEED_DB = "prm_seed"


class _Cluster:
    """A PostgreSQL cluster kept in a folder (started and stopped, never removed here)."""

    def __init__(self, folder: Path) -> None:
        from prm_server.embedded import PostgresUnavailable, find_bindir, free_port

        bindir = find_bindir()
        if bindir is None:
            raise PostgresUnavailable("PostgreSQL is not installed (no initdb found)")
        self.bindir, self.folder, self.port = bindir, folder, free_port()
        self.run_as = "postgres" if os.geteuid() == 0 else None
        self.data = folder / "data"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE / DROP DATABASE)."""
        from sqlalchemy import create_engine

        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
        engine.dispose()

    def start(self) -> None:
        if not self.data.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            if self.run_as:
                shutil.chown(self.folder, user=self.run_as)
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c shared_buffers=256MB -c max_wal_size=512MB")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def cpu(self) -> float:
        """CPU seconds of every PostgreSQL process of this cluster so far (ended backends not counted)."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{pid}/task/{pid}/children")
        pids = [pid, *map(int, children.read_text().split())] if children.exists() else [pid]
        return sum(cpu_s(p) for p in pids)


class _TwoServers:
    """An httpx-like client sending each request to the next of two servers (a round-robin load balancer)."""

    def __init__(self, bases: list[str]) -> None:
        import httpx

        self.clients = [httpx.Client(base_url=base, timeout=600) for base in bases]
        self.turn = 0

    def _next(self) -> Any:
        self.turn += 1
        return self.clients[self.turn % len(self.clients)]

    def post(self, *args: Any, **kwargs: Any) -> Any:
        return self._next().post(*args, **kwargs)

    def request(self, *args: Any, **kwargs: Any) -> Any:
        return self._next().request(*args, **kwargs)

    def close(self) -> None:
        for client in self.clients:
            client.close()


def _seeded(cluster: _Cluster, partners: int) -> dict[str, Any]:
    """Load the perf portfolio into the cluster once (``seeded.json`` marks it done)."""
    from bench.sync_seed import seed
    from prm_server import admin
    from prm_server.app import make_engine
    from prm_server.migrate import upgrade

    marker = cluster.folder / "seeded.json"
    if marker.is_file():
        return json.loads(marker.read_text())
    cluster.admin(f"DROP DATABASE IF EXISTS {SEED_DB}")
    cluster.admin(f"CREATE DATABASE {SEED_DB}")
    engine = make_engine(cluster.url(SEED_DB))
    start = time.perf_counter()
    upgrade(engine)
    with engine.begin() as conn:
        admin.add_user(conn, USER, "Bench", PASSWORD)
    rows = seed(engine, database_file(perf_data_dir(partners)))
    engine.dispose()
    info = {"partners": partners, "rows": rows, "seed_s": round(time.perf_counter() - start, 1)}
    marker.write_text(json.dumps(info))
    return info


@contextmanager
def _put_back(cluster: _Cluster, partner_ids: list[str]) -> Iterator[None]:
    """Put the seeded rows of these partners back as they were after the block (the seed stays as loaded)."""
    from prm_server.app import make_engine

    engine = make_engine(cluster.url(SEED_DB))
    with engine.begin() as conn:
        saved = conn.exec_driver_sql(
            "SELECT row_id, data::text, field_hlc::text, hlc, change_no, last_client FROM rows "
            "WHERE team_id = 1 AND table_name = 'partners' AND row_id = ANY(%(ids)s)", {"ids": partner_ids}).all()
        counter = conn.exec_driver_sql("SELECT counter FROM teams").scalar()
    try:
        yield
    finally:
        with engine.begin() as conn:
            for row_id, data, stamps, hlc, change_no, last_client in saved:
                conn.exec_driver_sql(
                    "UPDATE rows SET data = %(d)s::jsonb, field_hlc = %(f)s::jsonb, hlc = %(h)s, change_no = %(c)s, "
                    "last_client = %(l)s WHERE team_id = 1 AND table_name = 'partners' AND row_id = %(r)s",
                    {"d": data, "f": stamps, "h": hlc, "c": change_no, "l": last_client, "r": row_id})
            conn.exec_driver_sql("DELETE FROM clients WHERE client_id <> %(c)s", {"c": CLIENT_ID})
            conn.exec_driver_sql("UPDATE teams SET counter = %(n)s", {"n": counter})
        engine.dispose()


class _LastPage:
    """The server API, noting when the last page arrived."""

    def __init__(self, api: Any) -> None:
        self.api, self.at = api, 0.0

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        page = self.api.pull(cursor, limit)
        if not page["has_more"]:
            self.at = time.perf_counter()
        return page


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _serve_alone(api: Any, page: int) -> dict[str, Any]:
    """The two servers serving every page to a reader that only decodes them (no laptop writing)."""
    cursor, rows, pages, start = 0, 0, 0, time.perf_counter()
    while True:
        answer = api.pull(cursor, page)
        rows, pages, cursor = rows + len(answer["rows"]), pages + 1, answer["cursor"]
        if not answer["has_more"]:
            break
    wall = time.perf_counter() - start
    return {"rows": rows, "pages": pages, "s": round(wall, 1), "rows_per_s": round(rows / wall)}


def run(partners: int = 100_000) -> dict[str, Any]:
    """Seed (once), then measure the initial pull, the server alone, 100 edits and 20 clients."""
    from sqlalchemy import select

    from prm_desktop.bootstrap import open_app
    from prm_desktop.storage.models import Partner
    from prm_desktop.storage.sync.bulk import derived_empty
    from prm_desktop.sync.api import ServerApi
    from prm_desktop.sync.engine import PULL_PAGE, SyncReport, pull, push
    from prm_server.embedded import PostgresUnavailable

    folder_pg = perf_data_dir(partners).parent / f"sync-pg-{partners}"
    if not (folder_pg / "seeded.json").is_file() and not database_file(perf_data_dir(partners)).is_file():
        return {"skipped": f"no perf set of {partners} partners (python -m bench.perfdata)"}
    try:
        cluster = _Cluster(folder_pg)
        cluster.start()
    except PostgresUnavailable as exc:
        return {"skipped": str(exc)}
    folder = Path(tempfile.mkdtemp(prefix="prm-bench-sync-perf-"))
    servers: list[Any] = []
    figures: dict[str, Any] = {"cpu_cores": os.cpu_count()}
    try:
        figures["seed"] = _seeded(cluster, partners)
        servers = [start_server(cluster.url(SEED_DB)), start_server(cluster.url(SEED_DB))]
        http = _TwoServers([base for _p, base in servers])
        api = ServerApi(http)
        api.login(USER, PASSWORD)

        def cpu() -> tuple[float, float, float, float]:
            return (time.perf_counter(), time.process_time(), sum(cpu_s(p.pid) for p, _b in servers), cluster.cpu())

        laptop = open_app(folder / "laptop", seed_program=False, refresh_derived=False)
        report, timed = SyncReport(), _LastPage(api)
        before, load = cpu(), _load()
        pull(timed, laptop.uow, report)
        after = cpu()
        wall = after[0] - before[0]
        with laptop.uow.read() as session:
            usable = not derived_empty(session)
        figures["initial_pull"] = {
            "rows": report.pulled, "pages": report.pages, "page_rows": PULL_PAGE, "s": round(wall, 1),
            "rows_per_s": round(report.pulled / wall), "usable": usable,
            "after_last_page_arrived_s": round(after[0] - timed.at, 1),  # its rows, then the derived tables filled
            "laptop_cpu_s": round(after[1] - before[1], 1), "servers_cpu_s": round(after[2] - before[2], 1),
            "postgres_cpu_s": round(after[3] - before[3], 1),
            "rows_per_laptop_cpu_s": round(report.pulled / (after[1] - before[1])),
            "load_before": load, "load_after": _load(),
        }
        load, before = _load(), cpu()
        figures["server_alone"] = {**_serve_alone(api, PULL_PAGE), "load_before": load,
                                   "servers_cpu_s": round(cpu()[2] - before[2], 1),
                                   "postgres_cpu_s": round(cpu()[3] - before[3], 1)}
        with laptop.uow.read() as session:
            ids = list(session.scalars(select(Partner.id).order_by(Partner.id).limit(100)))
        with laptop.uow(kind="edit") as work:
            for pid in ids:
                work.session.get(Partner, pid).city = "Nantes (bench)"
            work.commit()
        with _put_back(cluster, ids):
            load, start = _load(), time.perf_counter()
            push(api, laptop.uow, SyncReport())
            pushed = time.perf_counter() - start
            back = SyncReport()
            pull(api, laptop.uow, back)
            both = time.perf_counter() - start
        figures["edits_100"] = {"push_s": round(pushed, 3), "push_and_pull_s": round(both, 3),
                                "pages_back": back.pages, "load_before": load}
        laptop.close()
        http.close()
        for process, _base in servers:
            process.terminate()
            process.wait(10)
        servers = []
        load = _load()
        figures["concurrent"] = {**run_concurrent(cluster.url(), clients=20, rounds=10, partners=200),
                                 "load_before": load, "load_after": _load()}
        return figures
    finally:
        for process, _base in servers:
            process.terminate()
            process.wait(10)
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
