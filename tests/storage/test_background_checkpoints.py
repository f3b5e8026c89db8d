"""A bulk writer's commits leave the WAL to a thread of its own, which copies it into the file meanwhile.

What the user relies on: rows committed under `checkpoint_later` are seen at once (through the WAL)
and, once the checkpoint thread was asked and closed, the database file on its own holds them (a
copy of the file, e.g. a backup tool's, is whole) while the writer never checkpointed itself.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from prm_desktop.storage.models import TeamMember
from prm_desktop.storage.wal import BackgroundCheckpoints, checkpoint_file, checkpoint_later


def _names_in_file_alone(path: Path, tmp: Path) -> set[str]:
    copy = tmp / "alone.sqlite3"
    shutil.copyfile(path, copy)
    with closing(sqlite3.connect(copy)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM team_members")}


def _add_member(uow, name: str, checkpoints: BackgroundCheckpoints) -> None:
    with uow(kind="edit") as work:
        raw = work.session.connection().connection.driver_connection
        raw.execute("PRAGMA wal_autocheckpoint=1")  # any commit of its own would copy the WAL into the file
        work.session.add(TeamMember(name=name))
        with checkpoint_later(work.session):
            work.commit()
        raw.execute("PRAGMA wal_autocheckpoint=1000")
    checkpoints.after_commit()


def test_commits_left_to_the_checkpoint_thread_reach_the_file(app_ctx, tmp_path) -> None:
    uow, path = app_ctx.uow, app_ctx.db.path
    checkpoint_file(path)
    before = _names_in_file_alone(path, tmp_path)
    checkpoints = BackgroundCheckpoints(path)
    with checkpoints:
        for name in ("Anaïs", "Bérénice", "Côme"):
            _add_member(uow, name, checkpoints)
    assert checkpoints.error is None and checkpoints.runs >= 1
    assert _names_in_file_alone(path, tmp_path) == before | {"Anaïs", "Bérénice", "Côme"}


def test_without_a_request_the_thread_leaves_the_wal_alone(app_ctx, tmp_path) -> None:
    uow, path = app_ctx.uow, app_ctx.db.path
    checkpoint_file(path)
    before = _names_in_file_alone(path, tmp_path)
    with BackgroundCheckpoints(path) as checkpoints:
        with uow(kind="edit") as work:
            work.session.add(TeamMember(name="Daphné"))
            with checkpoint_later(work.session):
                work.commit()
    assert checkpoints.runs == 0
    assert _names_in_file_alone(path, tmp_path) == before  # still only in the WAL
