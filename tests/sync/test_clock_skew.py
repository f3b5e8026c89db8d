"""Clocks two days apart: a causally later edit still wins, concurrent ones leave a conflict, all converge."""

from __future__ import annotations

import json
import time

from prm_desktop.domain.hlc import HybridClock
from tests.sync.test_two_laptops import _conflicts, _edit, _partner, _share_everything

DAY = 86_400


def _skew(laptop, seconds: float) -> None:
    old = laptop.uow.clock
    clock = HybridClock(old.device, wall=lambda: time.time() + seconds)
    clock.observe(old.tick())
    laptop.uow.clock = clock


def test_a_later_edit_on_a_clock_two_days_behind_wins_over_what_it_has_seen(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _skew(alice, 2 * DAY)
    _skew(bob, -2 * DAY)
    _edit(alice, pid, city="Lyon")
    alice.sync()
    bob.sync()  # Bob sees Lyon (and his clock observes Alice's stamp)
    _edit(bob, pid, city="Nantes")
    bob.sync()
    alice.sync()
    assert _partner(alice, pid).city == _partner(bob, pid).city == "Nantes"
    assert _conflicts(alice) == [] and _conflicts(bob) == []


def test_concurrent_edits_on_skewed_clocks_keep_the_loser_and_converge(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _skew(alice, 2 * DAY)
    _skew(bob, -2 * DAY)
    _edit(bob, pid, city="Nantes")
    _edit(alice, pid, city="Lyon")
    bob.sync()
    alice.sync()
    bob.sync()
    assert _partner(alice, pid).city == _partner(bob, pid).city == "Lyon"  # the later stamp (Alice's clock)
    for laptop in (alice, bob):
        [conflict] = _conflicts(laptop)
        assert json.loads(conflict.lost_value) == "Nantes"


def test_a_clock_going_backwards_still_stamps_later_edits_later(laptops) -> None:
    alice, bob, pid = _share_everything(laptops)
    _edit(alice, pid, city="Lyon")
    _skew(alice, -3 * DAY)  # the wall clock jumps back
    _edit(alice, pid, city="Brest")
    alice.sync()
    bob.sync()
    assert _partner(bob, pid).city == "Brest"
    with alice.uow.read() as session:
        from sqlalchemy import select

        from prm_desktop.storage.models import ChangeLogEntry

        stamps = list(session.scalars(select(ChangeLogEntry.hlc).where(ChangeLogEntry.row_id == pid)
                                      .order_by(ChangeLogEntry.seq)))
    assert stamps == sorted(stamps)
