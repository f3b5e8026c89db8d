"""Faults that are not damage get their own clear message: one line and exit 1 in the CLI.

A read-only folder, a full disk, a ``-wal`` file deleted while the portfolio is open and a busy
portfolio ("database is locked", e.g. two imports at once) are never reported as "cannot be read …
restore a backup", and never as a traceback.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.storage.test_backup_integrity import cli, make_portfolio

NOT_DAMAGE = ("restore a backup", "damaged", "Traceback")


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert not any(word in err for word in NOT_DAMAGE), err
    return err


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for real (root ignores permission bits: a read-only bind mount)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not shutil.which("mount") or not _mount("--bind", str(folder), str(folder)):
        pytest.skip("cannot make a read-only folder here (no bind mount)")
    try:
        if not _mount("-o", "remount,ro,bind", str(folder)):
            pytest.skip("cannot remount read-only here")
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[None]:
    """A real small file system (tmpfs) mounted on ``folder``."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs root")
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_read_only_folder(data_dir, capsys) -> None:
    make_portfolio(data_dir, partners=3)
    capsys.readouterr()
    with read_only(data_dir):
        assert cli(data_dir, "info") == 1
        err = one_line_error(capsys)
        assert "cannot write in the folder" in err and str(data_dir) in err
        assert cli(data_dir, "--lang", "fr", "info") == 1
        assert "ne peut pas écrire dans le dossier" in one_line_error(capsys)


def test_full_disk(tmp_path, samples, capsys) -> None:
    disk = tmp_path / "small"
    with small_disk(disk, 12):
        data_dir = disk / "portfolio"
        make_portfolio(data_dir, partners=3)
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as handle:  # unbuffered: nothing left to flush (and fail) at close
            try:
                while True:
                    handle.write(b"\0" * 65536)
            except OSError:
                pass
        capsys.readouterr()
        assert cli(data_dir, "backup") == 1
        err = one_line_error(capsys)
        assert "is full" in err and str(data_dir) in err
        assert not [p for p in (data_dir / "backups").iterdir() if p.is_file()]
        assert cli(data_dir, "import", "partners", str(samples / "partners.xlsx")) == 1
        assert "is full" in one_line_error(capsys)
        filler.unlink()
        assert cli(data_dir, "backup") == 0


def test_sqlite_full_is_a_full_disk(tmp_path) -> None:
    from prm_desktop.storage.faults import DiskFullError, describe_fault

    path = tmp_path / "tiny.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
    conn.close()
    fault = describe_fault(raised.value, path)
    assert isinstance(fault, DiskFullError) and "is full" in str(fault)


HOLD_OPEN_AFTER_A_WRITE = """
import sys
from prm_desktop.bootstrap import open_app
from prm_desktop.services.profile import Profile, save_profile
app = open_app(sys.argv[1], refresh_derived=False)
save_profile(app.uow, Profile(name="Claire Martin"))
print("open", flush=True)
sys.stdin.readline()
app.close()
"""


def test_wal_deleted_while_open(data_dir, capsys) -> None:
    make_portfolio(data_dir, partners=3)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN_AFTER_A_WRITE, str(data_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        wal = data_dir / "prm.sqlite3-wal"
        assert wal.exists()
        wal.unlink()
        capsys.readouterr()
        assert cli(data_dir, "info") == 1
        err = one_line_error(capsys)
        assert "prm.sqlite3-wal" in err and "Close every PRM Desktop window" in err
    finally:
        holder.communicate("\n", timeout=60)


def test_busy_portfolio_two_imports_at_once(data_dir, samples, capsys) -> None:
    make_portfolio(data_dir, partners=3)
    other = sqlite3.connect(data_dir / "prm.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another import holds the write lock
    try:
        capsys.readouterr()
        assert cli(data_dir, "import", "partners", str(samples / "partners.xlsx")) == 1
        err = one_line_error(capsys)
        assert "another PRM Desktop window or command" in err and "Nothing was changed" in err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert cli(data_dir, "import", "partners", str(samples / "partners.xlsx")) == 0
