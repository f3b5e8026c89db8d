"""Review periods and grace applied to an evaluation (program options ``review_date``, ``grace_months``).

- **Review**: the tier met on the latest review day (on or before d) is kept until the next review;
  a tier met on d counts at once (promotion any day, demotion only at a review). A tier met on d but
  lost later (at-risk) is lost on the first review day on or after the day it stops being met.
- **Grace**: a tier is kept ``grace_months`` after the last day it was met. Looking back, the tier is
  worked out on the first day of the grace period and on every day a fact changes in it (a fiscal
  quarter starts, a certification is obtained or stops counting, a contact leaves, a reference is
  dated or ages out), so no day of the period is missed.

``Evaluation.tier`` becomes the tier kept; ``tier_met`` is the tier met on d, ``tier_kept_until`` the
last day it is kept, and an explanation says why in French and English. Levels are not kept (yet):
they remain those met on d.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from prm_desktop.domain.evaluation_index import ProgramIndex, add_months
from prm_desktop.domain.evaluation_model import AtRisk, Evaluation, Explanation, PartnerFacts
from prm_desktop.domain.program_review import ReviewRules, last_review, next_review

__all__ = ["add_rule_keys", "apply_review", "change_days"]

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


def change_days(index: ProgramIndex, facts: PartnerFacts, after: date, until: date) -> list[date]:
    """Days in ``(after, until]`` on which the partner's facts or revenue window may change."""
    program = index.program
    found: set[date] = set()
    start = program.fiscal_year_start_month
    month = date(after.year, after.month, 1)
    while month <= until:
        if (month.month - start) % 3 == 0 and month > after:
            found.add(month)
        month = add_months(month, 1)
    for cert in facts.certifications:
        found.add(cert.obtained)
        if cert.expires is not None:
            found.add(cert.expires + _DAY)
    for contact in facts.contacts:
        if contact.left_on is not None:
            found.add(contact.left_on)
    max_age = program.reference_max_age_months
    for ref in facts.references:
        if ref.on is not None:
            found.add(ref.on)
            if max_age is not None:
                found.add(add_months(ref.on, max_age) + _DAY)
    return sorted(d for d in found if after < d <= until)


def _first_review_from(rules: ReviewRules, day: date) -> date:
    """The first review day on or after ``day``."""
    found = next_review(rules, day - _DAY)
    assert found is not None
    return found


def apply_review(
    index: ProgramIndex, facts: PartnerFacts, ev: Evaluation, tier_on: Callable[[date], int]
) -> None:
    """Keep the tier as the program's review and grace rules say (``ev`` is updated in place).

    Args:
        index: The program's index.
        facts: The partner's facts.
        ev: The evaluation on ``ev.date`` (tier met on that day).
        tier_on: Position of the tier met on a given day (-1 = none).
    """
    rules = index.program.review
    if rules is None:
        return
    tiers = index.program.tiers
    on = ev.date
    met = index.tier_pos.get(ev.tier, -1) if ev.tier is not None else -1
    kept, until, why = met, None, ""
    review_day = last_review(rules, on)
    if review_day is not None and review_day < on and met < len(tiers) - 1:
        at_review = tier_on(review_day)
        if at_review > kept:
            nxt = next_review(rules, on)
            assert nxt is not None
            kept, until, why = at_review, nxt - _DAY, "review"
    if rules.grace_months and kept < len(tiers) - 1:
        first = add_months(on, -rules.grace_months)
        starts = [first, *change_days(index, facts, first, on - _DAY)]
        for i, start in enumerate(starts):
            end = starts[i + 1] - _DAY if i + 1 < len(starts) else on - _DAY
            if end < start:
                continue
            pos = tier_on(start)
            last = add_months(end, rules.grace_months)
            if pos > met and last >= on and (pos > kept or (pos == kept and why == "grace" and until and last > until)):
                kept, until, why = pos, last, "grace"
    if kept > met and until is not None:
        tier = tiers[kept]
        ev.tier_met, ev.tier, ev.tier_kept_until = ev.tier, tier.id, until
        ev.at_risk = [r for r in ev.at_risk if not r.lost.startswith("tier:")]
        if why == "review":
            nxt = until + _DAY
            words = {lang: _KEPT_REVIEW[lang].format(tier=tier.name, date=_dmy(nxt)) for lang in ("fr", "en")}
            ev.at_risk.append(AtRisk(nxt, f"tier:{tier.id}", f"review of {nxt.isoformat()}"))
        else:
            words = {lang: _KEPT_GRACE[lang].format(tier=tier.name, date=_dmy(until), months=rules.grace_months)
                     for lang in ("fr", "en")}
            ev.at_risk.append(AtRisk(until + _DAY, f"tier:{tier.id}",
                                     f"grace period of {rules.grace_months} months ends {until.isoformat()}"))
        ev.explanations.append(Explanation(why, words["fr"], words["en"]))
        ev.at_risk.sort(key=lambda r: r.date)
        assigned, kept_rank = index.tier_rank(ev.assigned_tier), tier.rank
        ev.movement = "promotion" if kept_rank > assigned else "demotion" if kept_rank < assigned else None
        return
    _delay_tier_loss(index, rules, ev)


def _delay_tier_loss(index: ProgramIndex, rules: ReviewRules, ev: Evaluation) -> None:
    """A tier met on d that expiries will lose is kept to the next review, or through the grace."""
    for i, risk in enumerate(ev.at_risk):
        if not risk.lost.startswith("tier:"):
            continue
        lost = risk.date
        if rules.review is not None:
            review_lost = _first_review_from(rules, lost)
        else:
            review_lost = lost
        grace_lost = add_months(lost - _DAY, rules.grace_months) + _DAY if rules.grace_months else lost
        new = max(review_lost, grace_lost)
        if new != lost:
            reason = risk.reason
            if new == review_lost and rules.review is not None:
                reason = f"{reason}; kept until the review of {new.isoformat()}"
            else:
                reason = f"{reason}; grace period of {rules.grace_months} months ends {(new - _DAY).isoformat()}"
            ev.at_risk[i] = AtRisk(new, risk.lost, reason)
            if rules.review is not None and new == review_lost:
                tier = index.program.tiers[index.tier_pos[risk.lost.removeprefix("tier:")]]
                ev.explanations.append(Explanation(
                    "review", _LOST_AT_REVIEW["fr"].format(tier=tier.name, date=_dmy(new)),
                    _LOST_AT_REVIEW["en"].format(tier=tier.name, date=_dmy(new)),
                ))
        ev.at_risk.sort(key=lambda r: r.date)
        return


def add_rule_keys(result: dict[str, Any], ev: Evaluation) -> None:
    """Add the JSON keys of the newer rules to ``evaluate --json``'s object, only when they say something.

    ``explanations`` (``[{kind, text_fr, text_en}]``), ``assignment`` (competency id → contact ids, under a
    per-person cap), ``tier_met`` and ``tier_kept_until`` (a tier kept by review or grace).
    """
    if ev.explanations:
        result["explanations"] = [{"kind": e.kind, "text_fr": e.text_fr, "text_en": e.text_en}
                                  for e in ev.explanations]
    if ev.assignment is not None:
        result["assignment"] = ev.assignment
    if ev.tier_kept_until is not None:
        result["tier_met"] = ev.tier_met
        result["tier_kept_until"] = ev.tier_kept_until.isoformat()
