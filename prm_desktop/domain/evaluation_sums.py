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

__all__ = ["accredited_cover", "reference_counts", "revenue_and_ceiling", "window_revenue"]


def window_revenue(index: ProgramIndex, revenue: Sequence[RevenueFact],
                   keys: Collection[int]) -> tuple[float, list[float], list[float]]:  # fmt: skip
    """``(total, per tier, per competency)`` of the revenue lines whose quarter (``year * 4 + q``) is in ``keys``.

    The total is not rounded; each tier's revenue (its motions in the program's order) and each
    competency's (its product family, folded) is rounded to the cent.
    """
    by_motion: dict[str, float] = {}
    by_family: dict[str | None, float] = {}
    total = 0.0
    family_key, family_keys = index.family_key, index.family_keys
    for line in revenue:
        quarter = line.quarter
        if quarter.year * 4 + quarter.q in keys:
            amount = line.amount
            total += amount
            by_motion[line.motion] = by_motion.get(line.motion, 0.0) + amount
            family = family_keys.get(line.product_family, "")  # family_key()'s memo, inlined
            if family == "":
                family = family_key(line.product_family)
            by_family[family] = by_family.get(family, 0.0) + amount
    # money() inlined (a million calls per portfolio); motions in the program's order (`tier_motion_order`).
    get_motion, get_family = by_motion.get, by_family.get
    tier_revenues = [round(sum([get_motion(m, 0.0) for m in motions]), 2) + 0.0 for motions in index.tier_motion_order]
    # Most competencies' families have no line: 0.0 without a round() (the same value).
    revenues = [round(v, 2) + 0.0 if (v := get_family(family, 0.0)) else 0.0 for family in index.families]
    return total, tier_revenues, revenues


def revenue_and_ceiling(index: ProgramIndex, revenue: Sequence[RevenueFact], keys: Collection[int]) -> tuple[
        float, list[float], list[float], list[float], list[float]]:
    """`window_revenue`, then per tier and per competency the sum of every positive line (the ceiling's).

    One pass over the lines for both (`evaluation_ceiling`: no day's window can add up to more than
    every positive line of the facts). Each sum is rounded to the cent like `window_revenue`'s.
    """
    by_motion: dict[str, float] = {}
    by_family: dict[str | None, float] = {}
    all_motion: dict[str, float] = {}
    all_family: dict[str | None, float] = {}
    total = 0.0
    family_key, family_keys = index.family_key, index.family_keys
    for line in revenue:
        amount = line.amount
        family = family_keys.get(line.product_family, "")  # family_key()'s memo, inlined
        if family == "":
            family = family_key(line.product_family)
        motion = line.motion
        if amount > 0:
            all_motion[motion] = all_motion.get(motion, 0.0) + amount
            all_family[family] = all_family.get(family, 0.0) + amount
        quarter = line.quarter
        if quarter.year * 4 + quarter.q in keys:
            total += amount
            by_motion[motion] = by_motion.get(motion, 0.0) + amount
            by_family[family] = by_family.get(family, 0.0) + amount
    families, motion_order = index.families, index.tier_motion_order
    sums = []
    for motions, families_ in ((by_motion, by_family), (all_motion, all_family)):
        get_motion, get_family = motions.get, families_.get
        sums.append([round(sum([get_motion(m, 0.0) for m in order]), 2) + 0.0 for order in motion_order])
        sums.append([round(v, 2) + 0.0 if (v := get_family(family, 0.0)) else 0.0 for family in families])
    return total, sums[0], sums[1], sums[2], sums[3]


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
