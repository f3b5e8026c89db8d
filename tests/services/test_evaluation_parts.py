"""The whole portfolio evaluated in parts, the other parts' processes started before the parts are known.

What the user relies on: a refresh in two processes stores what one process stores; cancelling it
leaves no process behind and the evaluations still marked stale; processes started ahead and not
needed are stopped.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

from prm_desktop.services import portfolio, programs
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.evaluation_parts import start_part_processes, stop_part_processes
from prm_desktop.services.partner_queries import PartnerFilter, fetch_partner_rows

ON = date(2026, 3, 2)


def _part_processes() -> list:
    """This process's part processes still running (other tests' spare workers aside)."""
    return [p for p in multiprocessing.active_children() if p.name == "prm-evaluation-part"]


def _stored(uow) -> dict[str, tuple]:
    return {r.id: (r.qualified_tier, r.movement, r.at_risk_on)
            for r in fetch_partner_rows(uow, PartnerFilter(), limit=10_000)}  # fmt: skip


def test_two_processes_store_what_one_stores(uow, samples) -> None:
    generate_demo(uow, partners=60, seed=4, today=ON)
    example = programs.import_program(uow, (samples / "program_example.toml").read_text("utf-8")).id
    assert portfolio.refresh_evaluations(uow, on=ON, processes=2).completed
    two = _stored(uow)
    programs.activate_program(uow, "vendor-2026-v2")
    assert portfolio.refresh_evaluations(uow, on=ON, processes=1).completed
    assert _stored(uow) != two  # the default program's standings differ
    programs.activate_program(uow, example)
    assert portfolio.refresh_evaluations(uow, on=ON, processes=1).completed
    assert _stored(uow) == two
    assert not _part_processes()


def test_a_cancelled_refresh_in_two_processes_leaves_no_process_and_stays_stale(uow) -> None:
    generate_demo(uow, partners=30, seed=4, today=ON)
    result = portfolio.refresh_evaluations(uow, on=ON, processes=2, cancelled=lambda: True)
    assert not result.completed
    assert portfolio.evaluations_stale(uow, ON)
    assert not _part_processes()


def test_processes_started_ahead_and_not_needed_are_stopped() -> None:
    started = start_part_processes(2)
    assert all(process.is_alive() for process, _conn in started)
    stop_part_processes(started)
    assert not any(process.is_alive() for process, _conn in started)
    assert not _part_processes()


def test_a_part_process_starts_without_importing_sqlalchemy() -> None:
    """What a part's process imports to start (its target's module): the engine, not the ORM (half a second)."""
    import subprocess
    import sys

    code = ("import sys, prm_desktop.services.evaluation_part as m; m.part_main; "
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('sqlalchemy', 'PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
