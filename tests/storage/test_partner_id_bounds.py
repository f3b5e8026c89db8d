"""The portfolio split into parts of partner ids: every live partner in exactly one part, in the shares asked for."""

from __future__ import annotations

import pytest

from prm_desktop.services.demo import generate_demo
from prm_desktop.storage.partners.facts import live_partner_heads, partner_id_bounds


def _in(bounds, pid: str) -> bool:
    lo, hi = bounds
    return (lo is None or pid >= lo) and (hi is None or pid < hi)


@pytest.mark.parametrize(("parts", "share", "first"), [(2, None, 50), (2, 0.53, 53), (3, 0.5, 50), (2, 0.999, 99)])
def test_each_partner_falls_in_one_part_and_the_first_holds_its_share(app_ctx, parts, share, first) -> None:
    generate_demo(app_ctx.uow, partners=100, seed=3)
    with app_ctx.uow.read() as session:
        ids = [row[0] for row in live_partner_heads(session, None)]
        bounds = partner_id_bounds(session, parts, share)
    assert len(ids) == 100 and len(bounds) == parts
    assert all(sum(_in(b, pid) for b in bounds) == 1 for pid in ids)
    assert sum(_in(bounds[0], pid) for pid in ids) == first
