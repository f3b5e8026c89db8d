"""The sync bench's seeding path (`bench.sync_seed`): a server loaded with COPY serves what a pushed one serves."""

from __future__ import annotations

import os
from pathlib import Path

from bench.sync_seed import seed, served_rows
from prm_desktop.bootstrap import open_app
from prm_desktop.config import resolve_paths
from prm_desktop.services.demo import generate_demo
from prm_desktop.sync.api import ServerApi
from prm_desktop.sync.engine import SyncReport, push
from prm_server import admin


def test_a_seeded_server_serves_the_same_pull_as_one_the_portfolio_was_pushed_to(
        tmp_path: Path, server, server_engine, postgres: str, server_template: str) -> None:
    app = open_app(tmp_path / "demo")
    generate_demo(app.uow, partners=12, seed=3)
    with server_engine.begin() as conn:
        admin.add_user(conn, "alice", "Nobody in the demo", "pw")
    api = ServerApi(server)
    api.login("alice", "pw")
    push(api, app.uow, SyncReport())
    app.close()
    with server_engine.begin() as conn:
        for (partner_id,) in conn.exec_driver_sql("SELECT row_id FROM rows WHERE table_name = 'partners'").all():
            admin.share(conn, partner_id, with_team="default")
    pushed = served_rows(server_engine, "alice")

    from sqlalchemy import create_engine

    from prm_server.app import make_engine

    admin_engine = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE prm_seeded_{os.getpid()} TEMPLATE {server_template}")
    engine = make_engine(postgres.rsplit("/", 1)[0] + f"/prm_seeded_{os.getpid()}")
    try:
        with engine.begin() as conn:
            admin.add_user(conn, "alice", "Nobody in the demo", "pw")
        assert seed(engine, resolve_paths(tmp_path / "demo").database) == len(pushed)
        seeded = served_rows(engine, "alice")
    finally:
        engine.dispose()
        with admin_engine.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE prm_seeded_{os.getpid()} WITH (FORCE)")
        admin_engine.dispose()
    assert len(pushed) > 400
    assert {r[0] for r in pushed} >= {"partners", "contacts", "visits", "notes", "programs", "team_members"}
    assert sorted(seeded, key=repr) == sorted(pushed, key=repr)
