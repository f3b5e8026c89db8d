"""Tier review: partners given the tier they qualify for, in one change Edit › Undo takes back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from prm_desktop.domain.quarters import quarter_of
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.partners import delete_partner
from prm_desktop.services.tier_review import TierChange, assign_qualified_tiers, qualified_tier_changes
from prm_desktop.storage.models import Partner, PartnerSummary, RevenueLine
from tests.services.test_portfolio import _make_silver

TODAY = date.today()


def _partner(uow, name: str, assigned: str | None) -> str:
    """A partner whose facts meet Silver on the default program (Security Expert, €150,000 this quarter)."""
    return _make_silver(uow, assigned=assigned, name=name)


def _tiers(uow, *ids: str) -> list[tuple[str | None, str | None]]:
    """``(assigned tier, movement)`` of each partner, as the Partners list and the candidate views read them."""
    with uow.read() as s:
        found = {p.id: p.assigned_tier for p in s.scalars(select(Partner).where(Partner.id.in_(ids)))}
        moves = {r.partner_id: r.movement for r in s.scalars(select(PartnerSummary).where(
            PartnerSummary.partner_id.in_(ids)))}
    return [(found[i], moves.get(i)) for i in ids]


@pytest.fixture
def three(uow) -> tuple[str, str, str]:
    """A demotion candidate (assigned Gold), a promotion candidate (no tier) and a partner assigned as it qualifies."""
    return _partner(uow, "Bravo Gold", "gold"), _partner(uow, "Alpha Sans", None), _partner(uow, "Charlie", "silver")


def test_the_preview_lists_the_partners_that_would_change_and_writes_nothing(uow, three) -> None:
    gold, none, silver = three
    changes = qualified_tier_changes(uow, [gold, none, silver], TODAY)
    assert changes == [TierChange(gold, "Bravo Gold", "gold", "silver"), TierChange(none, "Alpha Sans", None, "silver")]
    assert [(c.assigned_name, c.qualified_name) for c in changes] == [("Gold", "Silver"), ("", "Silver")]
    # In the order given (the rows' order in the view the user chose them from).
    assert [c.partner_id for c in qualified_tier_changes(uow, [none, gold], TODAY)] == [none, gold]
    assert _tiers(uow, gold, none, silver) == [("gold", "demotion"), (None, "promotion"), ("silver", None)]


def test_assigning_gives_each_partner_its_qualified_tier_in_one_undoable_change(uow, three) -> None:
    gold, none, silver = three
    made = assign_qualified_tiers(uow, [gold, none, silver], TODAY)
    assert [(c.partner_id, c.qualified) for c in made] == [(gold, "silver"), (none, "silver")]
    # No longer candidates: the summary the lists read follows in the same commit.
    assert _tiers(uow, gold, none, silver) == [("silver", None), ("silver", None), ("silver", None)]
    batch = last_undoable(uow)
    assert batch is not None and batch.label == "Assign the qualified tier to 2 partners"
    undo_batch(uow, batch.id)
    assert _tiers(uow, gold, none, silver) == [("gold", "demotion"), (None, "promotion"), ("silver", None)]


def test_the_tier_written_is_the_one_the_facts_give_when_written(uow, three) -> None:
    # The preview said Silver; a credit note entered meanwhile leaves the partner with no tier.
    gold = three[0]
    assert qualified_tier_changes(uow, [gold], TODAY)[0].qualified == "silver"
    q = quarter_of(TODAY)
    with uow(label="credit note") as work:
        work.session.add(RevenueLine(partner_id=gold, quarter=str(q), period_start=q.start_date(), motion="resell",
                                     product_family="security", amount=-100000.0))
        work.commit()
    assert assign_qualified_tiers(uow, [gold], TODAY) == [TierChange(gold, "Bravo Gold", "gold", None)]
    assert _tiers(uow, gold) == [(None, None)]


def test_nothing_to_change_writes_no_batch(uow, three) -> None:
    silver = three[2]
    before = last_undoable(uow)
    assert assign_qualified_tiers(uow, [silver], TODAY) == []
    assert assign_qualified_tiers(uow, [], TODAY) == []
    assert last_undoable(uow) == before


def test_a_deleted_partner_is_left_alone(uow, three) -> None:
    gold = three[0]
    delete_partner(uow, gold)
    assert qualified_tier_changes(uow, [gold], TODAY) == []
    assert assign_qualified_tiers(uow, [gold], TODAY) == []
    with uow.read() as s:
        assert s.get(Partner, gold).assigned_tier == "gold"


def test_after_a_program_switch_a_tier_the_new_program_does_not_have_is_reviewed_like_a_demotion(uow) -> None:
    # Built under the default program (Silver met and assigned), then the Cisco example activated: its
    # certification codes are not Cisco's, so the partner qualifies for no tier there.
    from prm_desktop.services import portfolio
    from prm_desktop.services.programs import import_program
    from prm_desktop.services.standing_portfolio import portfolio_view
    from tests.services.test_list_tiers_of_another_program import CISCO

    pid = _partner(uow, "Delta Réseaux", "silver")
    import_program(uow, CISCO.read_text(encoding="utf-8"))
    portfolio.refresh_evaluations(uow, TODAY)
    assert _tiers(uow, pid) == [("silver", "demotion")]
    assert pid in {r.partner_id for r in portfolio_view(uow, "demotion", TODAY).rows}
    assert assign_qualified_tiers(uow, [pid], TODAY) == [TierChange(pid, "Delta Réseaux", "silver", None)]
    assert _tiers(uow, pid) == [(None, None)]


def test_cancelling_writes_nothing(uow, three) -> None:
    gold, none, _silver = three

    class Cancelled(Exception):
        pass

    class Progress:
        def __init__(self) -> None:
            self.seen: list[tuple[int, int]] = []

        def __call__(self, done: int, total: int, _message: str) -> None:
            self.seen.append((done, total))

        def check(self) -> None:
            raise Cancelled  # the user cancelled as soon as the work reported

    progress = Progress()
    with pytest.raises(Cancelled):
        assign_qualified_tiers(uow, [gold, none], TODAY, progress=progress)
    assert progress.seen == [(2, 2)]
    assert _tiers(uow, gold, none) == [("gold", "demotion"), (None, "promotion")]
