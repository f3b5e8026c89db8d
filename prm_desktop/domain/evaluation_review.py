"""Review periods and grace applied to an evaluation (program options ``review_date``, ``grace_months``).

- **Review**: the tier met on the latest review day (on or before d) is kept until the next review;
  a tier met on d counts at once (promotion any day, demotion only at a review). A tier met on d but
  lost later (at-risk) is lost on the first review day on or after the day it stops being met.
- **Grace**: a tier is kept ``grace_months`` after the last day it was met. Looking back, the tier is
  worked out on the day before each day of the grace period when something may stop counting (a
  fiscal quarter starts, a certification expires, a contact leaves, a reference ages out): between
  two such days facts only add up, so these days give the highest standing of the period.

``Evaluation.tier`` becomes the tier kept; ``tier_met`` is the tier met on d, ``tier_kept_until`` the
last day it is kept, and an explanation says why in French and English. Levels are kept the same way
(``levels`` shows the level kept; ``levels_met`` and ``levels_kept_until`` what was met and until when).
At-risk dates follow: what is kept is lost the day after it stops being kept; what is met on d but
lost later to expiries is lost on the first review day from then, or when its grace ends.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.evaluation_index import ProgramIndex, add_months
from prm_desktop.domain.evaluation_model import AtRisk, Evaluation, Explanation, PartnerFacts
from prm_desktop.domain.program_review import ReviewRules, last_review, next_review

__all__ = ["add_rule_keys", "apply_review", "loss_days"]

_DAY = timedelta(days=1)
_KEPT_REVIEW = {
    "fr": "{tier} gardé jusqu’à la revue du {date}",
    "en": "{tier} kept until the review of {date}",
}
_KEPT_GRACE = {
    "fr": "{tier} gardé jusqu’au {date} (délai de grâce de {months}\u00a0mois)",
    "en": "{tier} kept until {date} ({months}-month grace period)",
}
_LOST_AT_REVIEW = {
    "fr": "si {tier} n’est plus atteint, il est gardé jusqu’à la revue du {date}",
    "en": "if {tier} stops being met, it is kept until the review of {date}",
}


def _dmy(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def loss_days(index: ProgramIndex, facts: PartnerFacts, after: date, until: date) -> list[date]:
    """Days in ``(after, until]`` on which something may stop counting.

    A fiscal quarter starts (the revenue window moves), a certification stops counting, a contact
    leaves, a reference ages out. Between two such days facts only add up (certifications obtained,
    references dated), so the standing is highest on the day before each of them.
    """
    program = index.program
    found: set[date] = set()
    start = program.fiscal_year_start_month
    month = date(after.year, after.month, 1)
    while month <= until:
        if (month.month - start) % 3 == 0 and month > after:
            found.add(month)
        month = add_months(month, 1)
    for cert in facts.certifications:
        if cert.expires is not None:
            found.add(cert.expires + _DAY)
    for contact in facts.contacts:
        if contact.left_on is not None:
            found.add(contact.left_on)
    max_age = program.reference_max_age_months
    if max_age is not None:
        for ref in facts.references:
            if ref.on is not None:
                found.add(add_months(ref.on, max_age) + _DAY)
    return sorted(d for d in found if after < d <= until)


def _first_review_from(rules: ReviewRules, day: date) -> date:
    """The first review day on or after ``day``."""
    found = next_review(rules, day - _DAY)
    assert found is not None
    return found


Standing = tuple[int, list[int]]


def _kept(met: int, top: int, at_review: int | None, review_until: date | None,
          segments: list[tuple[date, int]], grace: int, on: date) -> tuple[int, date | None, str]:
    """The position kept (tier or level), the last day it is kept and why (``review``/``grace``)."""
    kept, until, why = met, None, ""
    if met >= top:
        return kept, until, why
    if at_review is not None and at_review > kept:
        kept, until, why = at_review, review_until, "review"
    for end, pos in segments:
        last = add_months(end, grace)
        if pos > met and last >= on and (pos > kept or (pos == kept and why == "grace" and until and last > until)):
            kept, until, why = pos, last, "grace"
    return kept, until, why


def _words(why: str, name: str, until: date, grace: int) -> tuple[str, str]:
    if why == "review":
        nxt = _dmy(until + _DAY)
        return _KEPT_REVIEW["fr"].format(tier=name, date=nxt), _KEPT_REVIEW["en"].format(tier=name, date=nxt)
    return (_KEPT_GRACE["fr"].format(tier=name, date=_dmy(until), months=grace),
            _KEPT_GRACE["en"].format(tier=name, date=_dmy(until), months=grace))


def _risk_reason(why: str, until: date, grace: int) -> str:
    if why == "review":
        return f"review of {(until + _DAY).isoformat()}"
    return f"grace period of {grace} months ends {until.isoformat()}"


def apply_review(
    index: ProgramIndex, facts: PartnerFacts, ev: Evaluation, standing_on: Callable[[date], Standing],
    may_meet_more: Callable[[date, int, list[int]], bool] | None = None,
) -> None:
    """Keep the tier and levels as the program's review and grace rules say (``ev`` is updated in place).

    Args:
        index: The program's index.
        facts: The partner's facts.
        ev: The evaluation on ``ev.date`` (tier and levels met on that day).
        standing_on: Position of the tier met on a given day (-1 = none) and of each level.
        may_meet_more: Given the first day looked back at and the tier and levels met, whether a day
            from it to ``ev.date`` could meet more (`evaluation_ceiling`); when not, nothing is looked back at.
    """
    rules = index.program.review
    if rules is None:
        return
    program = index.program
    tiers, comps = program.tiers, program.competencies
    on = ev.date
    met_tier = index.tier_pos.get(ev.tier, -1) if ev.tier is not None else -1
    met_levels = [comp.levels.index(comp.level(ev.levels[comp.id])) if comp.id in ev.levels else -1  # type: ignore[arg-type]
                  for comp in comps]
    if met_tier >= len(tiers) - 1 and all(lv >= len(c.levels) - 1 for lv, c in zip(met_levels, comps, strict=True)):
        _delay_losses(index, rules, ev)
        return
    review: Standing | None = None
    review_until = None
    review_day = last_review(rules, on)
    if may_meet_more is not None and _nothing_higher(rules, on, review_day, met_tier, met_levels, may_meet_more):
        _delay_losses(index, rules, ev)
        return
    if review_day is not None and review_day < on:
        review = standing_on(review_day)
        nxt = next_review(rules, on)
        review_until = nxt - _DAY if nxt is not None else None
    segments: list[tuple[date, Standing]] = []
    if rules.grace_months:
        # The grace period's days, cut at each day something may stop counting: the standing is highest
        # on the last day before each cut (only the day itself after the last one, known already).
        first = add_months(on, -rules.grace_months)
        for cut in loss_days(index, facts, first, on):
            segments.append((cut - _DAY, standing_on(cut - _DAY)))
    grace = rules.grace_months
    kept_items: set[str] = set()
    tier_kept, until, why = _kept(met_tier, len(tiers) - 1, review[0] if review else None, review_until,
                                  [(end, st[0]) for end, st in segments], grace, on)
    if tier_kept > met_tier and until is not None:
        tier = tiers[tier_kept]
        ev.tier_met, ev.tier, ev.tier_kept_until = ev.tier, tier.id, until
        kept_items.add("tier:")
        ev.at_risk.append(AtRisk(until + _DAY, f"tier:{tier.id}", _risk_reason(why, until, grace)))
        fr, en = _words(why, tier.name, until, grace)
        ev.explanations.append(Explanation(why, fr, en))
        ev.movement = index.movement(ev.assigned_tier, tier.id)
    for pos, comp in enumerate(comps):
        kept, until, why = _kept(met_levels[pos], len(comp.levels) - 1, review[1][pos] if review else None,
                                 review_until, [(end, st[1][pos]) for end, st in segments], grace, on)
        if kept > met_levels[pos] and until is not None:
            level = comp.levels[kept]
            ev.levels_met[comp.id] = ev.levels.get(comp.id)
            ev.levels[comp.id] = level.id
            ev.levels_kept_until[comp.id] = until
            kept_items.add(f"{comp.id}:")
            ev.at_risk.append(AtRisk(until + _DAY, f"{comp.id}:{level.id}", _risk_reason(why, until, grace)))
            name = f"{comp.display_name('fr')} {level.name}", f"{comp.display_name('en')} {level.name}"
            fr, _en = _words(why, name[0], until, grace)
            _fr, en = _words(why, name[1], until, grace)
            ev.explanations.append(Explanation(why, fr, en))
    if kept_items:
        # Entries of what is now kept were computed for what was met: the kept item's own entry replaces them.
        ev.at_risk = [r for r in ev.at_risk
                      if not any(r.lost.startswith(k) for k in kept_items) or r.reason.startswith(("review", "grace"))]
        if ev.levels:
            ev.levels = {c.id: ev.levels[c.id] for c in comps if c.id in ev.levels}
    _delay_losses(index, rules, ev, kept_items)


def _nothing_higher(rules: ReviewRules, on: date, review_day: date | None, met_tier: int, met_levels: list[int],
                    may_meet_more: Callable[[date, int, list[int]], bool]) -> bool:
    """Whether no day the review or grace looks back at can meet more than ``on`` does."""
    firsts = [review_day] if review_day is not None and review_day < on else []
    if rules.grace_months:
        firsts.append(add_months(on, -rules.grace_months))
    if not firsts:
        return True
    return not may_meet_more(min(firsts), met_tier, met_levels)


def _delay_losses(index: ProgramIndex, rules: ReviewRules, ev: Evaluation, skip: set[str] | None = None) -> None:
    """What is met on d but lost later to expiries is kept to the next review, or through the grace."""
    announced = False
    for i, risk in enumerate(ev.at_risk):
        if skip and any(risk.lost.startswith(k) for k in skip):
            continue
        lost = risk.date
        review_lost = _first_review_from(rules, lost) if rules.review is not None else lost
        grace_lost = add_months(lost - _DAY, rules.grace_months) + _DAY if rules.grace_months else lost
        new = max(review_lost, grace_lost)
        if new == lost:
            continue
        if rules.review is not None and new == review_lost:
            reason = f"{risk.reason}; kept until the review of {new.isoformat()}"
        else:
            reason = f"{risk.reason}; grace period of {rules.grace_months} months ends {(new - _DAY).isoformat()}"
        ev.at_risk[i] = AtRisk(new, risk.lost, reason)
        if risk.lost.startswith("tier:") and rules.review is not None and new == review_lost and not announced:
            announced = True
            tier = index.program.tiers[index.tier_pos[risk.lost.removeprefix("tier:")]]
            ev.explanations.append(Explanation(
                "review", _LOST_AT_REVIEW["fr"].format(tier=tier.name, date=_dmy(new)),
                _LOST_AT_REVIEW["en"].format(tier=tier.name, date=_dmy(new)),
            ))
    ev.at_risk.sort(key=lambda r: r.date)


def add_rule_keys(result: dict[str, Any], ev: Evaluation) -> None:
    """Add the JSON keys of the newer rules to ``evaluate --json``'s object, only when they say something.

    ``explanations`` (``[{kind, text_fr, text_en}]``), ``assignment`` (competency id → contact ids, under a
    per-person cap), ``tier_met`` and ``tier_kept_until`` (a tier kept by review or grace), ``levels_met``
    and ``levels_kept_until`` (levels kept so).
    """
    if ev.explanations:
        result["explanations"] = [{"kind": e.kind, "text_fr": e.text_fr, "text_en": e.text_en}
                                  for e in ev.explanations]
    if ev.assignment is not None:
        result["assignment"] = ev.assignment
    if ev.tier_kept_until is not None:
        result["tier_met"] = ev.tier_met
        result["tier_kept_until"] = ev.tier_kept_until.isoformat()
    if ev.levels_kept_until:
        result["levels_met"] = dict(ev.levels_met)
        result["levels_kept_until"] = {k: v.isoformat() for k, v in ev.levels_kept_until.items()}
