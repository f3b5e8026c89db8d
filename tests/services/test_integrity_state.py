"""Writes wait while the integrity check runs and are refused once damage was found."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from prm_desktop.services.profile import Profile, get_profile, save_profile
from prm_desktop.storage.database import DatabaseCorruptError


def test_writes_wait_for_the_check_then_go_ahead(app_ctx) -> None:
    from prm_desktop.services.maintenance import IntegrityReport

    state = app_ctx.integrity
    state.begin()
    done = threading.Event()
    writer = threading.Thread(target=lambda: (save_profile(app_ctx.uow, Profile(name="Claire Dubois")),
                                              done.set()))
    writer.start()
    writer.join(0.5)
    assert writer.is_alive() and not done.is_set()  # held while the check runs
    assert get_profile(app_ctx.uow).name != "Claire Dubois"  # reads go on
    state.finish(IntegrityReport(app_ctx.paths.database))
    writer.join(30)
    assert done.is_set() and get_profile(app_ctx.uow).name == "Claire Dubois"


def test_writes_are_refused_once_damage_was_found(app_ctx) -> None:
    from prm_desktop.services.maintenance import IntegrityReport

    state = app_ctx.integrity
    state.begin()
    state.finish(IntegrityReport(Path(app_ctx.paths.database), ["Tree 12 page 40: btreeInitPage() returns error"],
                                 "The database is damaged."))
    with pytest.raises(DatabaseCorruptError, match="The database is damaged."):
        save_profile(app_ctx.uow, Profile(name="Claire Dubois"))
    assert not state.writes_allowed
