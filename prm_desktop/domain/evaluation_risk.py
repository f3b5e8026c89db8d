"""At-risk dates (formats.md §2): when expiries will make the partner lose a level or its tier.

Revenue, references and contacts are held as on d; only certifications valid on d are considered, and
one valid on d still counts on a later day t while ``expires >= t``. A contact therefore stays
accredited for a competency until the day after the latest expiry among its certifications for it, so
the counts only change on those days, and the engine re-evaluates only there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from prm_desktop.domain.evaluation_index import ProgramIndex
from prm_desktop.domain.evaluation_model import AtRisk, CertFact

__all__ = ["NEVER", "at_risk", "expiry_events"]

#: Expiry used for certifications without an expiry date.
NEVER = date.max
_DAY = timedelta(days=1)


def _reason(
    index: ProgramIndex,
    comps: Sequence[int],
    cover: Sequence[dict[str, date]],
    expired_on: date,
    certs: Sequence[CertFact],
    on: date,
    names: dict[str, str],
) -> str:
    """``certification CODE of NAME expires DATE`` for each certification whose expiry drops a contact."""
    parts: set[tuple[str, str]] = set()
    for comp in comps:
        dropped = {cid for cid, exp in cover[comp].items() if exp == expired_on}
        for cert in certs:
            if (
                cert.contact_id in dropped
                and cert.expires == expired_on
                and cert.obtained <= on
                and comp in index.comps_for_code(cert.code)
            ):
                parts.add((cert.code, names.get(cert.contact_id, cert.contact_id)))
    when = expired_on.isoformat()
    return "; ".join(f"certification {code} of {name} expires {when}" for code, name in sorted(parts))


def expiry_events(cover: Sequence[dict[str, date]], held: Sequence[int]) -> dict[date, list[int]]:
    """Day after each expiry of an accredited person of a competency whose level is held → those competencies."""
    events: dict[date, list[int]] = {}
    for comp, level in enumerate(held):
        if level < 0:
            continue
        for exp in cover[comp].values():
            if exp != NEVER:
                events.setdefault(exp + _DAY, []).append(comp)
    return events


def at_risk(
    index: ProgramIndex,
    on: date,
    cover: Sequence[dict[str, date]],
    references: Sequence[int],
    revenues: Sequence[float],
    tier_revenues: Sequence[float],
    held: Sequence[int],
    tier_pos: int,
    certs: Sequence[CertFact],
    names: dict[str, str],
    reasons: bool = True,
) -> list[AtRisk]:
    """Each level held on ``on`` and the qualified tier, with the earliest day an expiry loses it.

    Args:
        index: The program's index.
        on: The evaluation date d.
        cover: Per competency, accredited contact id → latest expiry of its counting certifications on d
            (:data:`NEVER` when one never expires).
        references: Per competency, references counted on d.
        revenues: Per competency, product-family revenue of d's window.
        tier_revenues: Per tier, revenue of d's window counted for it.
        held: Per competency, position of the level held on d (-1 = none).
        tier_pos: Position of the tier qualified for on d (-1 = none).
        certs: The partner's certifications (for the reasons).
        names: Contact id → name (for the reasons).
        reasons: Write each entry's reason (else ``""``: only the dates and what is lost are wanted).

    Returns:
        Entries in date order (levels in program order, then the tier, on the same date).
    """
    program = index.program
    events = expiry_events(cover, held)
    if not events:
        return []
    accredited = [len(c) for c in cover]
    current = list(held)
    lost_level = [level < 0 for level in held]
    tier_lost = tier_pos < 0
    result: list[AtRisk] = []
    rules = index.has_level_rules or index.has_tier_rules
    for day in sorted(events):
        expired_on = day - _DAY
        changed = set(events[day])
        dropped_to_none: list[int] = []
        for comp in events[day]:
            accredited[comp] -= 1
        before = list(current)
        if index.has_level_rules:
            current = index.levels_held(accredited, references, revenues)
        else:
            for comp in changed:
                current[comp] = index.level_held(comp, accredited[comp], references[comp], revenues[comp])
        moved = [comp for comp in range(len(current)) if current[comp] != before[comp]]
        for comp in moved:
            if current[comp] < 0 <= before[comp]:
                dropped_to_none.append(comp)
            if not lost_level[comp] and current[comp] < held[comp]:
                lost_level[comp] = True
                comp_def = program.competencies[comp]
                why = [comp] if comp in changed else sorted(changed)
                reason = _reason(index, why, cover, expired_on, certs, on, names) if reasons else ""
                result.append(AtRisk(day, f"{comp_def.id}:{comp_def.levels[held[comp]].id}", reason))
        if not tier_lost and (dropped_to_none or (rules and moved)):
            n_held = sum(1 for level in current if level >= 0)
            if index.tier_held(tier_revenues, n_held, current) < tier_pos:
                tier_lost = True
                reason = (_reason(index, dropped_to_none or sorted(changed), cover, expired_on, certs, on, names)
                          if reasons else "")
                result.append(AtRisk(day, f"tier:{program.tiers[tier_pos].id}", reason))
        if tier_lost and all(lost_level):
            break
    return result
