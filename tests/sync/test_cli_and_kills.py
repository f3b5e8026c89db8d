"""The real commands in real processes: prm-server user add, prm-desktop sync, a client killed mid-push."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from prm_desktop.bootstrap import open_app
from prm_desktop.storage.models import Partner, SyncState, TeamMember
from prm_desktop.storage.sync import outbox

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def _server_cli(server_engine, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    url = server_engine.url.render_as_string(hide_password=False)
    return subprocess.run([sys.executable, "-m", "prm_server.cli", "--database-url", url, *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def _portfolio(folder: Path, partners: int) -> None:
    ctx = open_app(folder, seed_program=False)
    try:
        with ctx.uow(kind="edit") as work:
            alice = TeamMember(name="Alice")
            work.session.add(alice)
            work.session.flush()
            work.bulk_insert(Partner, [{"name": f"Partner {i}", "owner_id": alice.id} for i in range(partners)])
            work.commit()
    finally:
        ctx.close()


def test_prm_desktop_sync_signs_in_and_sends_the_portfolio(tmp_path: Path, server_engine, live_server,
                                                           monkeypatch, capsys) -> None:
    added = _server_cli(server_engine, "user", "add", "alice", "--member", "Alice", "--password-stdin",
                        stdin="correct horse\n")
    assert added.returncode == 0, added.stderr
    folder = tmp_path / "alice"
    _portfolio(folder, 3)
    for key, value in NO_KEYRING.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "correct horse")  # the terminal
    from prm_desktop.cli import main

    code = main(["--data-dir", str(folder), "sync", "--server", live_server, "--user", "alice"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "changes (0 refused)" in out and out.startswith("Sent ")
    assert "No keyring is available" in out
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'partners'")) == 3
    shared = _server_cli(server_engine, "share", "Partner 1", "--with", "alice")
    assert shared.returncode == 0 and "shared with user alice" in shared.stdout
    assert _server_cli(server_engine, "share", "Nobody", "--with", "alice").returncode == 1


_PUSHER = """
import sys
from prm_desktop.bootstrap import open_app
from prm_desktop.sync.api import ServerApi
from prm_desktop.sync.engine import SyncReport, push
import httpx
ctx = open_app(sys.argv[1], seed_program=False)
with httpx.Client(base_url=sys.argv[2]) as http:
    api = ServerApi(http)
    api.login("alice", "pw")
    push(api, ctx.uow, SyncReport(), batch=int(sys.argv[3]))
print("done")
"""


def test_a_client_killed_mid_push_loses_nothing_and_sends_nothing_twice(tmp_path: Path, server_engine,
                                                                        live_server) -> None:
    from prm_server import admin

    with server_engine.begin() as conn:
        admin.add_user(conn, "alice", "Alice", "pw", "team")
    folder = tmp_path / "alice"
    _portfolio(folder, 600)
    child = subprocess.Popen([sys.executable, "-c", _PUSHER, str(folder), live_server, "50"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    deadline = time.monotonic() + 120
    with server_engine.connect() as conn:  # kill once the server has acknowledged some batches, not all
        while time.monotonic() < deadline:
            acked = conn.execute(text("SELECT coalesce(max(last_seq), 0) FROM clients")).scalar()
            conn.rollback()
            if acked >= 100:
                break
            time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert acked >= 100
    ctx = open_app(folder, seed_program=False)
    try:
        with ctx.uow.read() as session:
            left = outbox.pending_count(session)
            before = session.get(SyncState, 1).pushed_seq
        assert left > 0  # killed before the end
        import httpx

        from prm_desktop.sync.api import ServerApi
        from prm_desktop.sync.engine import sync

        with httpx.Client(base_url=live_server) as http:
            api = ServerApi(http)
            api.login("alice", "pw")
            sync(api, ctx.uow)
        with ctx.uow.read() as session:
            assert outbox.pending_count(session) == 0
            assert session.get(SyncState, 1).pushed_seq >= before
            local = session.scalar(select(func.count()).select_from(Partner))
    finally:
        ctx.close()
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'partners'")) == local == 600
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'sync_conflicts'")) == 0


_PULLER = """
import sys
from prm_desktop.bootstrap import open_app
from prm_desktop.sync.api import ServerApi
from prm_desktop.sync.engine import SyncReport, pull
import httpx
ctx = open_app(sys.argv[1], seed_program=False)
with httpx.Client(base_url=sys.argv[2]) as http:
    api = ServerApi(http)
    api.login("alice", "pw")
    pull(api, ctx.uow, SyncReport(), page_size=int(sys.argv[3]))
print("done")
"""


def test_a_client_killed_mid_pull_resumes_from_the_page_it_saved(tmp_path: Path, server_engine,
                                                                 live_server) -> None:
    import sqlite3

    import httpx

    from prm_desktop.sync.api import ServerApi
    from prm_desktop.sync.engine import sync
    from prm_server import admin

    with server_engine.begin() as conn:
        admin.add_user(conn, "alice", "Alice", "pw", "team")
    _portfolio(tmp_path / "first", 600)
    ctx = open_app(tmp_path / "first", seed_program=False)
    with httpx.Client(base_url=live_server) as http:
        api = ServerApi(http)
        api.login("alice", "pw")
        sync(api, ctx.uow)
    ctx.close()
    second = tmp_path / "second"
    open_app(second, seed_program=False).close()
    child = subprocess.Popen([sys.executable, "-c", _PULLER, str(second), live_server, "20"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    cursor = 0
    while time.monotonic() < deadline and cursor < 100:
        with sqlite3.connect(f"file:{second / 'prm.sqlite3'}?mode=ro", uri=True, timeout=5) as db:
            cursor = db.execute("SELECT cursor FROM sync_state").fetchone()[0]
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    assert cursor >= 100
    ctx = open_app(second, seed_program=False)
    try:
        with ctx.uow.read() as session:
            saved = session.get(SyncState, 1).cursor
            partial = session.scalar(select(func.count()).select_from(Partner))
        assert 0 < partial < 600 and saved > 0  # the pages before the kill are there with their cursor
        with httpx.Client(base_url=live_server) as http:
            api = ServerApi(http)
            api.login("alice", "pw")
            sync(api, ctx.uow)
        with ctx.uow.read() as session:
            assert session.scalar(select(func.count()).select_from(Partner)) == 600
            assert outbox.pending_count(session) == 0  # pulled rows are never pushed back
    finally:
        ctx.close()
