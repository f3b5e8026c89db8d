"""The local user profile (who "I" am, working days and hours, language) and the data folder.

The profile is the ``user_profile`` row (id 1, unsynced) plus a team member for "me" (synced: the
owner of partners). Both are written in one unit of work.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.validation import Validator, validate_email
from prm_desktop.storage import backup as backup_store
from prm_desktop.storage.database import Database
from prm_desktop.storage.models import TeamMember, UserProfile
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "DEFAULT_WORKING_DAYS",
    "Profile",
    "copy_portfolio",
    "data_folder_warning",
    "get_profile",
    "mark_first_run_done",
    "save_profile",
]

#: ISO weekdays, Monday = 1.
DEFAULT_WORKING_DAYS: tuple[int, ...] = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Profile:
    """The user of this laptop.

    Attributes:
        name: The user's name (the "me" team member).
        email: The user's e-mail, if given.
        company_name: The user's company (the vendor).
        working_days: ISO weekdays worked (Monday = 1).
        work_start: Start of the working day.
        work_end: End of the working day.
        language: ``"fr"``, ``"en"`` or None (the system's language).
        timezone: IANA zone of the user.
        first_run_done: The welcome was completed.
        me_member_id: Id of the "me" team member, or None before the first run.
    """

    name: str = ""
    email: str | None = None
    company_name: str = ""
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    language: str | None = None
    timezone: str = "Europe/Paris"
    first_run_done: bool = False
    me_member_id: str | None = None


def _parse_days(text: str) -> tuple[int, ...]:
    days = sorted({int(p) for p in text.split(",") if p.strip().isdigit() and 1 <= int(p) <= 7})
    return tuple(days)


def _parse_time(text: str, default: time) -> time:
    try:
        return time.fromisoformat(text)
    except (TypeError, ValueError):
        return default


def _load(session: object) -> UserProfile:
    row = session.get(UserProfile, 1)  # type: ignore[attr-defined]
    if row is None:
        row = UserProfile(id=1)
        session.add(row)  # type: ignore[attr-defined]
    return row


def get_profile(uow: UnitOfWorkFactory) -> Profile:
    """The current profile (defaults before the first run)."""
    with uow.read() as session:
        row = session.get(UserProfile, 1)
        if row is None:
            return Profile()
        member = session.get(TeamMember, row.me_member_id) if row.me_member_id else None
        live = member is not None and member.deleted_at is None
        return Profile(
            name=member.name if live else "",
            email=member.email if live else None,
            company_name=row.company_name or "",
            working_days=_parse_days(row.working_days or ""),
            work_start=_parse_time(row.work_start, time(9, 0)),
            work_end=_parse_time(row.work_end, time(18, 0)),
            language=row.language,
            timezone=row.timezone or "Europe/Paris",
            first_run_done=bool(row.first_run_done),
            me_member_id=row.me_member_id if live else None,
        )


def validate_profile(profile: Profile) -> None:
    """Check a profile as `save_profile` does, without writing it.

    Raises:
        ValidationErrors: A field is invalid (by field).
    """
    _validate(profile)


def _validate(profile: Profile) -> None:
    check = Validator()
    if not profile.name.strip():
        check.add("name", N_("This field is required."))
    check.check("email", validate_email, profile.email)
    if not profile.working_days:
        check.add("working_days", N_("Tick at least one working day."))
    if profile.work_end <= profile.work_start:
        check.add("work_end", N_("The day must end after it starts."))
    if profile.language not in (None, "fr", "en"):
        check.add("language", N_("Choose one of: {choices}."), choices="fr, en")
    check.raise_if_errors()


def save_profile(uow: UnitOfWorkFactory, profile: Profile, first_run_done: bool | None = None) -> Profile:
    """Write the profile and the "me" team member in one unit of work.

    Args:
        uow: Unit-of-work factory.
        profile: The new values (``me_member_id`` and ``first_run_done`` are ignored).
        first_run_done: Set the first-run flag (None keeps it).

    Returns:
        The stored profile.

    Raises:
        ValidationErrors: A field is invalid (by field: ``name``, ``email``, ``working_days``,
            ``work_end``).
    """
    _validate(profile)
    email = validate_email(profile.email) if profile.email else None
    # The first-run welcome sets the app up: not an edit to undo (Undo keeps offering e.g. the demo).
    kind, label = ("setup", _("Set up my profile")) if first_run_done else ("profile", _("Edit my profile"))
    with uow(kind=kind, label=label) as work:
        session = work.session
        row = _load(session)
        member = session.get(TeamMember, row.me_member_id) if row.me_member_id else None
        if member is None or member.deleted_at is not None:
            member = TeamMember(name=profile.name.strip(), email=email)
            session.add(member)
            session.flush()
            row.me_member_id = member.id
        else:
            member.name, member.email = profile.name.strip(), email
        row.company_name = profile.company_name.strip()
        row.working_days = ",".join(str(d) for d in sorted(set(profile.working_days)))
        row.work_start = profile.work_start.strftime("%H:%M")
        row.work_end = profile.work_end.strftime("%H:%M")
        row.language = profile.language
        row.timezone = profile.timezone or "Europe/Paris"
        if first_run_done is not None:
            row.first_run_done = first_run_done
        work.commit()
    return get_profile(uow)


def mark_first_run_done(uow: UnitOfWorkFactory) -> None:
    """Remember that the welcome was completed (or skipped)."""
    with uow(kind="setup", label=_("Set up my profile")) as work:
        _load(work.session).first_run_done = True
        work.commit()


# --- data folder ---------------------------------------------------------------------------------

#: Folder names of file-syncing clients; a database inside them gets corrupted by partial syncs.
CLOUD_FOLDER_NAMES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "mon drive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",
    "cloudstorage",
    "box",
    "box sync",
    "pcloud",
    "pcloud drive",
    "nextcloud",
    "owncloud",
    "seafile",
    "sync",
    "mega",
    "megasync",
    "tresorit",
    "sharepoint",
)
NETWORK_FILESYSTEMS = (
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smbfs",
    "smb3",
    "fuse.sshfs",
    "sshfs",
    "davfs",
    "fuse.davfs",
    "9p",
    "afpfs",
    "fuse.rclone",
    "ceph",
    "glusterfs",
)


def _mount_type(path: Path, mounts_text: str) -> str | None:
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
            best, best_type = point, parts[2]
    return best_type


def _windows_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = path.drive
    if not drive or drive.startswith("\\\\"):
        return bool(drive)
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE


def data_folder_warning(path: Path, mounts_text: str | None = None) -> str | None:
    """Say why a data folder is a risky place for the database, or None when it is fine.

    Args:
        path: The chosen folder.
        mounts_text: Content of ``/proc/mounts`` (read on Linux when None; for tests).

    Returns:
        A plain warning for a synced cloud folder or a network share.
    """
    path = Path(os.path.abspath(path))
    text = str(path)
    lowered = [p.casefold() for p in path.parts]
    if any(p in CLOUD_FOLDER_NAMES or p.startswith(("onedrive -", "onedrive-", "dropbox (")) for p in lowered):
        return _(
            "This folder is synchronised by a cloud service (OneDrive, Dropbox, Google Drive…). "
            "The database can be damaged when the service copies it while the app writes. "
            "Choose a local folder; backups can go to the cloud."
        )
    remote = text.startswith(("\\\\", "//"))
    if not remote and sys.platform == "win32":  # pragma: no cover - Windows only
        remote = _windows_remote(path)
    if not remote and mounts_text is None and sys.platform.startswith("linux"):
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            mounts_text = ""
    if not remote and mounts_text:
        remote = (_mount_type(path, mounts_text) or "") in NETWORK_FILESYSTEMS
    if remote:
        return _(
            "This folder is on a network share. The database is slow there and can be damaged "
            "when the connection drops; you also cannot work offline. Choose a folder on this laptop."
        )
    return None


def copy_portfolio(db: Database, target_dir: Path) -> Path:
    """Copy the open database into ``target_dir`` (consistent copy, even while in use).

    Args:
        db: The open database.
        target_dir: The new data folder.

    Returns:
        The new database file.

    Raises:
        FileExistsError: The folder already holds a portfolio (it is left untouched).
    """
    target = target_dir / db.path.name
    if target.exists():
        raise FileExistsError(_("{path} already holds a portfolio; it was left untouched.", path=target))
    staging = target_dir / ".prm-copy"
    copied = backup_store.backup_database(db.path, staging, reason="copy", keep=1)
    shutil.move(str(copied), str(target))
    shutil.rmtree(staging, ignore_errors=True)
    return target
