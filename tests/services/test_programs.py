"""Program import, activation, replacement and listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from prm_desktop.bootstrap import open_app
from prm_desktop.domain.program import ProgramError
from prm_desktop.services import programs

OLD_DEFAULT = Path(__file__).resolve().parents[1] / "data" / "default_program_v1.toml"


def test_seed_program_is_active_on_a_new_portfolio(uow) -> None:
    listed = programs.list_programs(uow)
    assert [(p.id, p.active) for p in listed] == [("vendor-2026-v2", True)]
    active = programs.get_program(uow)
    assert [t.id for t in active.tiers] == ["silver", "gold", "platinum"]
    assert len(active.competencies) >= 10


def test_import_without_activation_keeps_the_active_one(uow, samples) -> None:
    text = (samples / "program_example.toml").read_text("utf-8")
    summary = programs.import_program(uow, text, activate=False)
    assert not summary.active
    assert programs.get_program(uow).id == "vendor-2026-v2"
    programs.activate_program(uow, summary.id)
    assert programs.get_program(uow).id == summary.id
    assert [p.id for p in programs.list_programs(uow) if p.active] == [summary.id]


def test_reimport_of_same_id_replaces_it_and_keeps_the_old_version(uow, samples) -> None:
    text = (samples / "program_example.toml").read_text("utf-8")
    first = programs.import_program(uow, text)
    changed = text.replace("Programme exemple 2026", "Programme exemple 2026 (v2)")
    second = programs.import_program(uow, changed)
    assert second.content_hash != first.content_hash and second.active
    assert programs.get_program(uow).name.endswith("(v2)")
    ids = [p.id for p in programs.list_programs(uow)]
    assert ids.count(first.id) == 1
    from sqlalchemy import select

    from prm_desktop.storage.models import ProgramRecord

    with uow.read() as s:
        versions = s.scalars(select(ProgramRecord).where(ProgramRecord.program_key == first.id)).all()
        assert sorted(v.superseded for v in versions) == [False, True]


def test_invalid_program_is_refused_and_nothing_written(uow) -> None:
    with pytest.raises(ProgramError) as err:
        programs.import_program(uow, "[program]\nid = 'x'\n")
    assert all(e.startswith("line ") for e in err.value.errors)
    assert [p.id for p in programs.list_programs(uow)] == ["vendor-2026-v2"]


def test_unknown_program_id(uow) -> None:
    with pytest.raises(programs.ProgramNotFoundError):
        programs.activate_program(uow, "nope")


def test_seed_program_has_principal_below_expert(uow) -> None:
    active = programs.get_program(uow)
    for comp in active.competencies:
        assert [lvl.id for lvl in comp.levels] == ["principal", "expert"]
    assert programs.default_program_notice(uow) is None


def test_portfolio_on_the_old_default_keeps_it_and_is_offered_the_new_one(tmp_path) -> None:
    ctx = open_app(tmp_path, seed_program=False)
    try:
        programs.import_program(ctx.uow, OLD_DEFAULT.read_text("utf-8"))
        notice = programs.ensure_default_program(ctx.uow)
        assert programs.get_program(ctx.uow).id == "vendor-2026"
        listed = {p.id: p.active for p in programs.list_programs(ctx.uow)}
        assert listed == {"vendor-2026": True, "vendor-2026-v2": False}
        assert notice is not None and "vendor-2026-v2" in notice and "vendor-2026 " in notice
        # Opening again imports nothing more and still says so; activating the new one ends the notice.
        assert programs.ensure_default_program(ctx.uow) == notice
        assert len(programs.list_programs(ctx.uow)) == 2
        programs.activate_program(ctx.uow, "vendor-2026-v2")
        assert programs.ensure_default_program(ctx.uow) is None
        assert programs.get_program(ctx.uow).id == "vendor-2026-v2"
    finally:
        ctx.close()
