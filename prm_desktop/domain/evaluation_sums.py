"""What a partner's facts add up to on a day: the window's revenue, counted references, accredited people.

The three sums every evaluation starts from (`evaluation._measure`, the scored summary's measure). They run for
every partner of a portfolio: plain loops with the memos of `ProgramIndex` read inline.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from prm_desktop.domain.evaluation_index import ProgramIndex
from prm_desktop.domain.evaluation_model import CertFact, ContactFact, ReferenceFact, RevenueFact
from prm_desktop.domain.evaluation_risk import NEVER

__all__ = ["accredited_cover", "reference_counts", "revenue_and_ceiling", "revenue_sums", "rounded_sums",
           "window_revenue"]


class _Slots:
    """Where a revenue line's sums go: its motion's slot and its family's (competencies of one family share one).

    The lines are added in their order to one float per motion and per family, as dicts keyed by
    them would be (the same sums, bit for bit); a tier adds its motions' sums in the program's order.
    """

    def __init__(self, index: ProgramIndex) -> None:
        motions = list(dict.fromkeys(m for order in index.tier_motion_order for m in order))
        self.motion_slot = {m: i for i, m in enumerate(motions)}
        self.motions = len(motions)
        #: Each distinct motion order of the tiers (their slots), and each tier's position among them.
        orders = list(dict.fromkeys(index.tier_motion_order))
        self.orders = [tuple(self.motion_slot[m] for m in order) for order in orders]
        self.tier_order = [orders.index(order) for order in index.tier_motion_order]
        families = list(dict.fromkeys(index.families))
        self.family_of = [families.index(f) for f in index.families]
        self.families = len(families)
        self._family_slot = {f: i for i, f in enumerate(families)}
        self.index = index
        #: A line's product family as written → its slot (-1: no competency's family).
        self.line_family: dict[str | None, int] = {}

    def family(self, written: str | None) -> int:
        """The slot of a product family as a revenue line writes it (memoised in :attr:`line_family`)."""
        slot = self.line_family[written] = self._family_slot.get(self.index.family_key(written), -1)
        return slot

    def tiers(self, by_motion: list[float]) -> list[float]:
        """Each tier's revenue from the motions' sums, rounded to the cent."""
        sums = [round(sum([by_motion[i] for i in order]), 2) + 0.0 for order in self.orders]
        return [sums[i] for i in self.tier_order]

    def comps(self, by_family: list[float]) -> list[float]:
        """Each competency's revenue from the families' sums, rounded to the cent (no round() of an empty one)."""
        return [round(v, 2) + 0.0 if (v := by_family[i]) else 0.0 for i in self.family_of]


def _slots(index: ProgramIndex) -> _Slots:
    found = index.__dict__.get("_revenue_slots")
    if found is None:
        found = index.__dict__["_revenue_slots"] = _Slots(index)
    return found


def window_revenue(index: ProgramIndex, revenue: Sequence[RevenueFact],
                   keys: Collection[int]) -> tuple[float, list[float], list[float]]:  # fmt: skip
    """``(total, per tier, per competency)`` of the revenue lines whose quarter (``year * 4 + q``) is in ``keys``.

    The total is not rounded; each tier's revenue (its motions in the program's order) and each
    competency's (its product family, folded) is rounded to the cent.
    """
    slots = _slots(index)
    by_motion = [0.0] * slots.motions
    by_family = [0.0] * slots.families
    total = 0.0
    motion_slot, line_family = slots.motion_slot.get, slots.line_family.get
    for line in revenue:
        quarter = line.quarter
        if quarter.year * 4 + quarter.q in keys:
            amount = line.amount
            total += amount
            m = motion_slot(line.motion, -1)
            if m >= 0:
                by_motion[m] += amount
            f = line_family(line.product_family, -2)
            if f == -2:
                f = slots.family(line.product_family)
            if f >= 0:
                by_family[f] += amount
    return total, slots.tiers(by_motion), slots.comps(by_family)


def revenue_and_ceiling(index: ProgramIndex, revenue: Sequence[RevenueFact], keys: Collection[int]) -> tuple[
        float, list[float], list[float], list[float], list[float]]:
    """`window_revenue`, then per tier and per competency the sum of every positive line (the ceiling's).

    One pass over the lines for both (`evaluation_ceiling`: no day's window can add up to more than
    every positive line of the facts). Each sum is rounded to the cent like `window_revenue`'s.
    """
    total, by_motion, by_family, all_motion, all_family = revenue_sums(index, revenue, keys)
    slots = _slots(index)
    return (total, slots.tiers(by_motion), slots.comps(by_family), slots.tiers(all_motion),
            slots.comps(all_family))


def revenue_sums(index: ProgramIndex, revenue: Sequence[RevenueFact], keys: Collection[int]) -> tuple[
        float, list[float], list[float], list[float], list[float]]:
    """`revenue_and_ceiling`'s sums before they are rounded per tier and competency (`rounded_sums`).

    ``(window total, window per motion, window per family, every positive line per motion, per family)``.
    """
    slots = _slots(index)
    by_motion = [0.0] * slots.motions
    by_family = [0.0] * slots.families
    all_motion = [0.0] * slots.motions
    all_family = [0.0] * slots.families
    total = 0.0
    motion_slot, line_family = slots.motion_slot.get, slots.line_family.get
    for line in revenue:
        amount = line.amount
        m = motion_slot(line.motion, -1)
        f = line_family(line.product_family, -2)
        if f == -2:
            f = slots.family(line.product_family)
        if amount > 0:
            if m >= 0:
                all_motion[m] += amount
            if f >= 0:
                all_family[f] += amount
        quarter = line.quarter
        if quarter.year * 4 + quarter.q in keys:
            total += amount
            if m >= 0:
                by_motion[m] += amount
            if f >= 0:
                by_family[f] += amount
    return total, by_motion, by_family, all_motion, all_family


def rounded_sums(index: ProgramIndex, by_motion: list[float],
                 by_family: list[float]) -> tuple[list[float], list[float]]:
    """Per tier and per competency, the sums of `revenue_sums` rounded to the cent (as `window_revenue`'s)."""
    slots = _slots(index)
    return slots.tiers(by_motion), slots.comps(by_family)


def reference_counts(index: ProgramIndex, references: Sequence[ReferenceFact], on: date,
                     oldest: date | None) -> list[int]:  # fmt: skip
    """Per competency, the validated references counted on ``on`` (dated no later, and no older than ``oldest``)."""
    counts = [0] * len(index.families)
    comp_pos = index.comp_pos
    for ref in references:
        if not ref.validated:
            continue
        if ref.on is not None and (ref.on > on or (oldest is not None and ref.on < oldest)):
            continue
        pos = comp_pos.get(ref.competency_id)
        if pos is not None:
            counts[pos] += 1
    return counts


def accredited_cover(index: ProgramIndex, contacts: Sequence[ContactFact], certifications: Sequence[CertFact],
                     on: date) -> list[dict[str, date]]:  # fmt: skip
    """Per competency, each accredited contact present on ``on`` → the latest expiry of its counting certifications.

    A certification that never expires counts as :data:`NEVER`.
    """
    present = {c.id for c in contacts if c.left_on is None or c.left_on > on}
    cover: list[dict[str, date]] = [{} for _ in range(len(index.families))]
    comps_for_code, code_comps = index.comps_for_code, index.code_comps
    for cert in certifications:
        contact = cert.contact_id
        if contact not in present or cert.obtained > on:
            continue
        expires = NEVER if cert.expires is None else cert.expires
        if expires < on:
            continue
        comps = code_comps.get(cert.code)  # comps_for_code()'s memo, inlined
        if comps is None:
            comps = comps_for_code(cert.code)
        for pos in comps:
            known = cover[pos].get(contact)
            if known is None or expires > known:
                cover[pos][contact] = expires
    return cover
