"""Which copy of a portfolio this is, for the server; and a clock that never sorts before the log.

The server acknowledges change-log entries per client by their increasing ``seq``. A copy of the
database (another folder, or a backup restored in place) carries the same ids while its ``seq``
rewinds, so it must speak under a new client identity, or the server would skip its new edits as
replays. The identity is bound to the database file's path; a restore clears the binding.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from prm_desktop.storage.ids import new_device_id
from prm_desktop.storage.models import ChangeLogEntry, SyncState, UserProfile


def bind_identity(sessions: sessionmaker[Session], path: Path) -> str:
    """Return this portfolio's device id, renewing it when the file is a copy or a restored backup.

    The device id is both the HLC device and the client id the server knows. A new identity
    starts with nothing acknowledged (``pushed_seq`` 0): entries not yet pushed are pushed under it.

    Args:
        sessions: A plain session factory on the database.
        path: The database file as opened.
    """
    where = str(path.resolve())
    with sessions() as session:
        profile = session.get(UserProfile, 1)
        if profile is None:
            profile = UserProfile(id=1, device_id=new_device_id())
            session.add(profile)
        elif not profile.device_id:
            profile.device_id = new_device_id()
        state = session.get(SyncState, 1)
        if state is None:
            session.add(SyncState(id=1, client_id=profile.device_id, bound_path=where, pushed_seq=0, cursor=0))
        elif state.bound_path != where:
            profile.device_id = new_device_id()
            state.client_id, state.bound_path, state.pushed_seq = profile.device_id, where, 0
        session.commit()
        return profile.device_id


def latest_stamp(sessions: sessionmaker[Session]) -> str | None:
    """The highest HLC stamp in the change log (stamps are fixed-width text: MAX sorts like the clock)."""
    with sessions() as session:
        return session.scalar(select(func.max(ChangeLogEntry.hlc)))


def forget_binding_sql() -> str:
    """SQL a restore runs on the restored file so that its next open takes a new identity."""
    return "UPDATE sync_state SET bound_path = ''"


def renew_identity(session: Session) -> str:
    """Take a new client identity now (the server said this log was rewound under the old one).

    Entries not acknowledged are pushed again under the new identity; returns the new device id.
    """
    profile = session.get(UserProfile, 1)
    state = session.get(SyncState, 1)
    profile.device_id = new_device_id()
    state.client_id, state.pushed_seq = profile.device_id, 0
    return profile.device_id
