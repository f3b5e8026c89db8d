"""One partner's evaluation under a program with people-by-role rules (see evaluation_people.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from prm_desktop.domain.evaluation_gaps import level_gaps, tier_gaps
from prm_desktop.domain.evaluation_model import Counts, Evaluation, Explanation, PartnerFacts
from prm_desktop.domain.evaluation_people import PeopleEngine
from prm_desktop.domain.evaluation_people_words import (
    assignment_json,
    assignment_texts,
    people_at_risk,
    people_gaps,
)

__all__ = ["evaluate_people"]


def evaluate_people(
    engine: PeopleEngine,
    facts: PartnerFacts,
    on: date,
    references: Sequence[int],
    revenues: Sequence[float],
    tier_revenues: Sequence[float],
    total_revenue: float,
    names: dict[str, str],
    with_gaps: bool,
    summary: bool = False,
) -> Evaluation:
    """The evaluation on ``on``: levels and tier with people counted by role (and assigned under a cap).

    With ``summary``, only what the partner summary stores is worked out (tier, levels, movement,
    at-risk dates): counts, explanations and the assignment are left empty, and under a cap who counts
    where is not searched for when the levels everyone together meets are reachable (`PeopleEngine.held_on`).
    """
    index = engine.index
    program = index.program
    if summary and not with_gaps:
        return _summary(engine, facts, on, references, revenues, tier_revenues, total_revenue, names)
    st = engine.standing(facts, on, references, revenues, tier_revenues)
    held, tier_pos = st.held, st.tier_pos
    n_held = sum(1 for level in held if level >= 0)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    comps = program.competencies
    gaps = []
    if with_gaps:
        gaps = (tier_gaps(index, tier_pos, tier_revenues, n_held, held)
                + level_gaps(index, held, st.accredited, references, revenues)
                + people_gaps(engine, st))
    explanations = []
    texts = assignment_texts(engine, st, names)
    if texts is not None:
        explanations.append(Explanation("assignment", texts[0], texts[1]))
    return Evaluation(
        partner_id=facts.partner_id,
        name=facts.name,
        date=on,
        program_id=program.id,
        assigned_tier=facts.assigned_tier,
        tier=tier_id,
        revenue=total_revenue,
        levels=index.level_ids(held),
        counts={comp.id: Counts(st.accredited[pos], references[pos], revenues[pos]) for pos, comp in enumerate(comps)},
        gaps=gaps,
        at_risk=people_at_risk(engine, facts, on, st.held, st.tier_pos, references, revenues, tier_revenues, names),
        movement=index.movement(facts.assigned_tier, tier_id),
        explanations=explanations,
        assignment=assignment_json(engine, st),
    )


def _summary(engine: PeopleEngine, facts: PartnerFacts, on: date, references: Sequence[int],
             revenues: Sequence[float], tier_revenues: Sequence[float], total_revenue: float,
             names: dict[str, str]) -> Evaluation:
    """`evaluate_people` reduced to tier, levels, movement and at-risk dates."""
    index = engine.index
    program = index.program
    held, tier_pos = engine.held_on(facts, on, references, revenues, tier_revenues)
    tier_id = program.tiers[tier_pos].id if tier_pos >= 0 else None
    return Evaluation(
        partner_id=facts.partner_id,
        name=facts.name,
        date=on,
        program_id=program.id,
        assigned_tier=facts.assigned_tier,
        tier=tier_id,
        revenue=total_revenue,
        levels=index.level_ids(held),
        counts={},
        gaps=[],
        at_risk=people_at_risk(engine, facts, on, held, tier_pos, references, revenues, tier_revenues, names),
        movement=index.movement(facts.assigned_tier, tier_id),
    )
