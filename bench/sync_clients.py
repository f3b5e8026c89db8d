"""Twenty laptops syncing at once through two server processes on one PostgreSQL (part of ``bench_sync``).

Two ``prm-server serve`` processes share one database (clients alternate between them, as behind a
load balancer). Each client is its own process with its own portfolio and user (all bound to the
team member owning the partners, so everyone sees everything): it pulls the team's portfolio, then,
at the same moment as the others, runs rounds of a few edits (cities of random partners, one new
contact) each followed by a sync (push then pull), timing every sync. Two more syncs after
everyone is done, and every client reports a digest of its partners and contacts: the bench checks
they converged (the same rows everywhere, every contact added by anyone present).

Client side: ``python -m bench.sync_clients FOLDER SERVER USER ROUNDS EDITS SEED``; it speaks to
the orchestrator by lines (``ready``/``done``/``synced``/``result`` out, ``go`` in).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pw"
MEMBER = "Alice"


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    """``prm-server serve`` on ``url`` in its own process; returns it and its base URL."""
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
    process.terminate()
    raise RuntimeError("prm-server did not start")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process used so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _digest(uow: Any) -> tuple[str, dict[str, int]]:
    """A hash of every live partner and contact (synced columns only) and their counts."""
    from sqlalchemy import select

    from prm_desktop.storage.change_log import SYNC_COLUMNS, to_json_value
    from prm_desktop.storage.models import Contact, Partner

    sha = hashlib.sha256()
    counts = {}
    with uow.read() as session:
        for model in (Partner, Contact):
            tbl = model.__table__
            columns = [c for c in tbl.columns if c.key not in SYNC_COLUMNS]
            rows = session.execute(select(*columns).where(tbl.c.deleted_at.is_(None)).order_by(tbl.c.id)).all()
            counts[tbl.name] = len(rows)
            for row in rows:
                sha.update(json.dumps([to_json_value(v) for v in row], default=str).encode())
    return sha.hexdigest(), counts


def _wait_go() -> None:
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("orchestrator gone")


def client_main(argv: list[str]) -> None:
    """One laptop: pull, then rounds of edits and syncs in step with the others (see the module doc)."""
    import httpx
    from sqlalchemy import select

    from prm_desktop.bootstrap import open_app
    from prm_desktop.storage.models import Contact, Partner
    from prm_desktop.sync.api import ServerApi
    from prm_desktop.sync.engine import SyncReport, pull, sync

    folder, base, user, rounds, edits, seed = argv[0], argv[1], argv[2], int(argv[3]), int(argv[4]), int(argv[5])
    rng = random.Random(seed)
    app = open_app(folder, seed_program=False, refresh_derived=False)
    with httpx.Client(base_url=base, timeout=120) as http:
        api = ServerApi(http)
        api.login(user, PASSWORD)
        start = time.perf_counter()
        pull(api, app.uow, SyncReport())
        first = time.perf_counter() - start
        with app.uow.read() as session:
            partners = list(session.scalars(select(Partner.id).order_by(Partner.id)))
        print(json.dumps({"ready": round(first, 3)}), flush=True)
        _wait_go()
        latencies, pushed, pulled = [], 0, 0
        cpu = time.process_time()
        for round_no in range(rounds):
            with app.uow(kind="edit") as work:
                for k in range(edits):
                    work.session.get(Partner, rng.choice(partners)).city = f"{user} r{round_no} e{k}"
                work.session.add(Contact(partner_id=rng.choice(partners), name=f"{user} round {round_no}"))
                work.commit()
            start = time.perf_counter()
            report = sync(api, app.uow)
            latencies.append(time.perf_counter() - start)
            pushed += report.pushed
            pulled += report.pulled
        print(json.dumps({"latencies": latencies, "pushed": pushed, "pulled": pulled,
                          "cpu": time.process_time() - cpu}), flush=True)
        _wait_go()
        sync(api, app.uow)  # everyone's last edits go up...
        print(json.dumps({"synced": True}), flush=True)
        _wait_go()
        pull(api, app.uow, SyncReport())  # ...and come down everywhere
    digest, counts = _digest(app.uow)
    app.close()
    print(json.dumps({"digest": digest, "counts": counts}), flush=True)


def _seed(folder: Path, base: str, user: str, partners: int) -> None:
    """The team's portfolio, pushed by a first laptop: ``partners`` partners with three contacts each."""
    import httpx

    from prm_desktop.bootstrap import open_app
    from prm_desktop.storage.models import Contact, Partner, TeamMember
    from prm_desktop.sync.api import ServerApi
    from prm_desktop.sync.engine import SyncReport, push

    app = open_app(folder, seed_program=False, refresh_derived=False)
    with app.uow(kind="import") as work:
        member = TeamMember(name=MEMBER)
        work.session.add(member)
        work.session.flush()
        ids = work.bulk_insert(Partner, [{"name": f"Partner {i}", "owner_id": member.id, "city": "Lyon"}
                                         for i in range(partners)])
        work.bulk_insert(Contact, [{"partner_id": pid, "name": f"Contact {k}"} for pid in ids for k in range(3)])
        work.commit()
    with httpx.Client(base_url=base, timeout=120) as http:
        api = ServerApi(http)
        api.login(user, PASSWORD)
        push(api, app.uow, SyncReport())
    app.close()


def _read(process: subprocess.Popen, key: str) -> dict[str, Any]:
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"a bench client stopped (waiting for {key})")
    answer = json.loads(line)
    if key not in answer:
        raise RuntimeError(f"a bench client said {line!r} (waiting for {key})")
    return answer


def _go(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_concurrent(postgres_url: str, clients: int = 20, rounds: int = 10, edits: int = 5,
                   partners: int = 200) -> dict[str, Any]:
    """Run the concurrent-clients bench on a new database of the cluster at ``postgres_url``.

    Returns:
        Throughput, sync latency percentiles and the convergence check.
    """
    from sqlalchemy import create_engine

    from prm_server import admin
    from prm_server.app import make_engine
    from prm_server.migrate import upgrade

    with create_engine(postgres_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS prm_bench_clients")
        conn.exec_driver_sql("CREATE DATABASE prm_bench_clients")
    url = postgres_url.rsplit("/", 1)[0] + "/prm_bench_clients"
    engine = make_engine(url)
    upgrade(engine)
    users = [f"c{i:02}" for i in range(clients)]
    with engine.begin() as conn:
        for user in ["seed", *users]:
            admin.add_user(conn, user, MEMBER, PASSWORD)
    engine.dispose()
    folder = Path(tempfile.mkdtemp(prefix="prm-bench-clients-"))
    servers: list[tuple[subprocess.Popen, str]] = []
    processes: list[subprocess.Popen] = []
    try:
        servers = [start_server(url), start_server(url)]
        _seed(folder / "seed", servers[0][1], "seed", partners)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        for i, user in enumerate(users):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "bench.sync_clients", str(folder / user), servers[i % 2][1], user,
                 str(rounds), str(edits), str(i)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
                env=env))
        first_pulls = [_read(p, "ready")["ready"] for p in processes]
        server_cpu = sum(cpu_s(server.pid) for server, _base in servers)
        start = time.perf_counter()
        _go(processes)
        done = [_read(p, "latencies") for p in processes]
        elapsed = time.perf_counter() - start
        server_cpu = sum(cpu_s(server.pid) for server, _base in servers) - server_cpu
        _go(processes)
        for process in processes:
            _read(process, "synced")
        _go(processes)
        results = [_read(p, "digest") for p in processes]
        for process in processes:
            process.wait(60)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
        for server, _base in servers:
            server.terminate()
            server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    latencies = [s for d in done for s in d["latencies"]]
    syncs = len(latencies)
    edited = clients * rounds * (edits + 1)
    expected_contacts = partners * 3 + clients * rounds
    digests = {r["digest"] for r in results}
    return {
        "clients": clients, "server_processes": 2, "rounds": rounds, "edits_per_round": edits + 1,
        "first_pull_s_median": round(statistics.median(first_pulls), 3),
        "phase_s": round(elapsed, 2),
        "syncs": syncs,
        "syncs_per_s": round(syncs / elapsed, 1),
        "edits_pushed_per_s": round(edited / elapsed, 1),
        "rows_pulled": sum(d["pulled"] for d in done),
        "sync_latency_p50_s": round(_percentile(latencies, 0.50), 3),
        "sync_latency_p95_s": round(_percentile(latencies, 0.95), 3),
        "sync_latency_max_s": round(max(latencies), 3),
        "clients_cpu_s": round(sum(d["cpu"] for d in done), 1),
        "servers_cpu_s": round(server_cpu, 1),  # the two server processes (PostgreSQL's own not counted)
        "cpu_cores": os.cpu_count(),
        "converged": len(digests) == 1 and all(r["counts"]["contacts"] == expected_contacts for r in results),
        "distinct_final_states": len(digests),
        "contacts_everywhere": sorted({r["counts"]["contacts"] for r in results}),
        "contacts_expected": expected_contacts,
    }


if __name__ == "__main__":
    client_main(sys.argv[1:])
