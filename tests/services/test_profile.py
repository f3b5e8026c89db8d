from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from prm_desktop.domain.validation import ValidationErrors
from prm_desktop.services.batches import last_undoable
from prm_desktop.services.profile import (
    Profile,
    copy_portfolio,
    data_folder_warning,
    get_profile,
    mark_first_run_done,
    save_profile,
)
from prm_desktop.services.team import list_team_members


def test_defaults_before_the_first_run(uow) -> None:
    profile = get_profile(uow)
    assert profile == Profile()
    assert profile.working_days == (1, 2, 3, 4, 5) and profile.work_start == time(9, 0)
    assert not profile.first_run_done


def test_save_creates_me_then_updates_the_same_member(uow) -> None:
    saved = save_profile(
        uow,
        Profile(
            name="  Claire Martin ",
            email="claire@atlas.example",
            company_name="Atlas",
            working_days=(5, 1, 1),
            work_start=time(8, 30),
            work_end=time(17, 0),
            language="fr",
        ),
        first_run_done=True,
    )
    assert saved.name == "Claire Martin" and saved.first_run_done and saved.language == "fr"
    assert saved.working_days == (1, 5) and saved.work_start == time(8, 30)
    assert [m.name for m in list_team_members(uow)] == ["Claire Martin"]
    again = save_profile(uow, Profile(name="Claire Dubois", language=None))
    assert again.me_member_id == saved.me_member_id and again.first_run_done
    assert again.language is None
    assert [m.name for m in list_team_members(uow)] == ["Claire Dubois"]
    assert last_undoable(uow).label == "Edit my profile"


def test_invalid_profile_is_refused_field_by_field(uow) -> None:
    with pytest.raises(ValidationErrors) as caught:
        save_profile(uow, Profile(name=" ", email="nope", working_days=(), work_start=time(18, 0), work_end=time(9, 0)))
    assert set(caught.value.by_field()) == {"name", "email", "working_days", "work_end"}
    assert list_team_members(uow) == []


def test_mark_first_run_done(uow) -> None:
    mark_first_run_done(uow)
    assert get_profile(uow).first_run_done


@pytest.mark.parametrize(
    "folder",
    [
        "/home/claire/OneDrive - Atlas/PRM",
        "/home/claire/Dropbox/prm",
        "C:/Users/claire/Google Drive/prm",
        "/Users/claire/Library/Mobile Documents/com~apple~CloudDocs/prm",
        "/home/claire/Nextcloud/prm",
    ],
)
def test_cloud_folders_are_warned_about(folder) -> None:
    warning = data_folder_warning(Path(folder), mounts_text="")
    assert warning and "cloud" in warning


def test_network_shares_are_warned_about() -> None:
    mounts = "/dev/sda1 / ext4 rw 0 0\nnas:/export /mnt/nas nfs4 rw 0 0\n//srv/partage /mnt/equipe cifs rw 0 0\n"
    assert "network" in data_folder_warning(Path("/mnt/nas/prm"), mounts_text=mounts)
    assert "network" in data_folder_warning(Path("/mnt/equipe"), mounts_text=mounts)
    assert data_folder_warning(Path("/home/claire/prm"), mounts_text=mounts) is None
    assert "network" in data_folder_warning(Path("//server/share/prm"), mounts_text="")


def test_local_folder_is_fine(tmp_path) -> None:
    assert data_folder_warning(tmp_path / "prm") is None


def test_copy_portfolio(app_ctx, tmp_path) -> None:
    save_profile(app_ctx.uow, Profile(name="Claire"))
    target = tmp_path / "new-home"
    target.mkdir()
    copied = copy_portfolio(app_ctx.db, target)
    assert copied == target / "prm.sqlite3" and copied.stat().st_size > 0
    assert [p.name for p in target.iterdir()] == ["prm.sqlite3"]
    from prm_desktop.bootstrap import open_app

    other = open_app(target)
    try:
        assert get_profile(other.uow).name == "Claire"
    finally:
        other.close()
    with pytest.raises(FileExistsError):
        copy_portfolio(app_ctx.db, target)
