"""A real PostgreSQL for the sync tests (session-wide), a fresh server database per test, laptops."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
_NAMES = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """URL of a throwaway PostgreSQL cluster (fails under CI=true when PostgreSQL is missing)."""
    from prm_server.embedded import PostgresUnavailable, start_embedded

    try:
        pg = start_embedded()
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"{exc} (CI=true: the sync tests need PostgreSQL; .ci/run installs it)", pytrace=False)
        pytest.skip(str(exc))
    yield pg.url
    pg.stop()


@pytest.fixture(scope="session")
def server_template(postgres: str) -> str:
    """A migrated server database, copied for each test (``CREATE DATABASE ... TEMPLATE``: fast)."""
    from prm_server.app import make_engine
    from prm_server.migrate import upgrade

    name = f"prm_template_{os.getpid()}"
    with _admin(postgres) as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine = make_engine(postgres.rsplit("/", 1)[0] + f"/{name}")
    upgrade(engine)
    engine.dispose()
    return name


class _admin:
    """An autocommit connection to the cluster's ``postgres`` database."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")

    def __enter__(self):
        self.conn = self.engine.connect()
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()
        self.engine.dispose()


def new_server_database(postgres: str, template: str):
    """A fresh copy of the migrated template; returns ``(engine, drop)``."""
    from prm_server.app import make_engine

    name = f"prm_test_{os.getpid()}_{next(_NAMES)}"
    with _admin(postgres) as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    engine = make_engine(postgres.rsplit("/", 1)[0] + f"/{name}")

    def drop() -> None:
        engine.dispose()
        with _admin(postgres) as conn:
            conn.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")

    return engine, drop


@pytest.fixture
def server_engine(postgres: str, server_template: str):
    """A new, migrated database in the cluster for one test."""
    engine, drop = new_server_database(postgres, server_template)
    yield engine
    drop()


@pytest.fixture(scope="session")
def blank_portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty portfolio made once; each laptop starts from a copy (a copy takes its own identity)."""
    from prm_desktop.bootstrap import open_app

    folder = tmp_path_factory.mktemp("blank") / "portfolio"
    open_app(folder, seed_program=False).close()
    return folder


def new_portfolio(blank: Path, folder: Path):
    """Open a copy of the blank portfolio in ``folder``."""
    import shutil

    from prm_desktop.bootstrap import open_app

    shutil.copytree(blank, folder)
    return open_app(folder, seed_program=False)


@pytest.fixture
def server(server_engine):
    """The app on the test database, called in-process (Starlette's test client is an httpx.Client)."""
    from fastapi.testclient import TestClient

    from prm_server.app import create_app

    with TestClient(create_app(server_engine), raise_server_exceptions=False) as http:  # a 500 is an answer
        yield http


@dataclass
class Laptop:
    """One user's portfolio and their signed-in connection to the server."""

    ctx: object
    api: object

    @property
    def uow(self):
        return self.ctx.uow

    def sync(self):
        from prm_desktop.sync.engine import sync

        return sync(self.api, self.uow)


@pytest.fixture
def laptops(tmp_path: Path, server, server_engine, blank_portfolio: Path):
    """``make(username, member)``: a user on the server and a fresh portfolio signed in as them."""
    from prm_desktop.sync.api import ServerApi
    from prm_server import admin

    opened = []

    def make(username: str, member: str, team: str = "team") -> Laptop:
        with server_engine.begin() as conn:
            if conn.exec_driver_sql("SELECT 1 FROM users WHERE username = %(u)s", {"u": username}).first() is None:
                admin.add_user(conn, username, member, "secret-" + username, team)
        ctx = new_portfolio(blank_portfolio, tmp_path / f"{username}-{len(opened)}")
        opened.append(ctx)
        api = ServerApi(server)
        api.login(username, "secret-" + username)
        return Laptop(ctx, api)

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def live_server(server_engine):
    """``prm-server serve`` in its own process (uvicorn) on the test database; yields its URL."""
    import subprocess
    import sys
    import time

    import httpx

    from prm_server.embedded import free_port

    port = free_port()
    url = server_engine.url.render_as_string(hide_password=False)
    process = subprocess.Popen([sys.executable, "-m", "prm_server.cli", "--database-url", url, "serve",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            pytest.fail(f"prm-server exited: {process.stderr.read().decode()}")
        time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)
