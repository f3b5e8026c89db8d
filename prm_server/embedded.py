"""A throwaway local PostgreSQL (``initdb`` + ``pg_ctl``) for trying the server and for tests.

``initdb`` refuses to run as root: as root the cluster belongs to the ``postgres`` system user and
the commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine (install the ``postgresql`` package)."""


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (PATH, then Debian's versioned folders)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(candidate).parent
    return None


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class EmbeddedPostgres:
    """A running throwaway cluster; `stop` removes it."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the ``postgres`` database of this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its files."""
        try:
            self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def start_embedded(port: int | None = None) -> EmbeddedPostgres:
    """Create and start a cluster in a new temporary folder, listening on 127.0.0.1 only.

    Raises:
        PostgresUnavailable: PostgreSQL is not installed.
    """
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL is not installed (no initdb found)")
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="prm-pg-"))
    if run_as:
        shutil.chown(root, user=run_as)
    pg = EmbeddedPostgres(bindir, root, port or free_port(), run_as)
    data = root / "data"
    pg._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-p {pg.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    for _attempt in range(3):
        try:
            pg._run("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
            return pg
        except subprocess.CalledProcessError:
            time.sleep(0.5)
    raise PostgresUnavailable(f"PostgreSQL did not start (see {root / 'log'})")
