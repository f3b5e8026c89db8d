"""Where one partner stands in the active program, in plain words, and what-if trials.

`partner_standing` reads the partner's facts, runs the engine (`prm_desktop.domain.evaluation`) and
returns plain dataclasses for the Standing page of the partner editor and the Competencies tab: the
qualified and assigned tiers, the gaps in words, the at-risk dates with what is lost, a matrix of
competencies × levels (counts against minimums), certifications with their expiry state and references.

A what-if (`WhatIf`) changes the facts in memory only (the engine is a pure function of program,
facts and date): nothing is ever written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from prm_desktop.domain.evaluation import evaluate
from prm_desktop.domain.evaluation_metrics import program_currency
from prm_desktop.domain.evaluation_model import CertFact, Evaluation, PartnerFacts, ReferenceFact, RevenueFact
from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _, _n, get_language
from prm_desktop.domain.metric_words import measure_lines
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_calendar import window_quarters
from prm_desktop.domain.quarters import Quarter, quarter_of
from prm_desktop.services.evaluation import facts_day, first_window_quarter, load_facts
from prm_desktop.services.programs import get_program
from prm_desktop.storage.standing.queries import (
    CertificationRow,
    ContactRow,
    ReferenceRow,
    certifications_of,
    contacts_of,
    references_of,
)
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "EXPIRING_DAYS",
    "CertificationLine",
    "MatrixRow",
    "PartnerStanding",
    "ReferenceLine",
    "RiskLine",
    "StandingResult",
    "WhatIf",
    "partner_standing",
    "standing_line",
]

#: A certification expiring within this many days is shown as "expiring soon".
EXPIRING_DAYS = 90
_REASON = re.compile(r"certification (\S+) of (.+) expires (\d{4}-\d{2}-\d{2})")
#: The at-risk reasons of review dates and grace periods (domain/evaluation_review.py).
_REVIEW_REASONS = (
    (re.compile(r"(?:kept until the )?review of (\d{4}-\d{2}-\d{2})"), "review"),
    (re.compile(r"grace period of (\d+) months ends (\d{4}-\d{2}-\d{2})"), "grace"),
)
_FACT_REASON = re.compile(r"yes/no fact (\S+) ends (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class WhatIf:
    """Changes to try on a partner's facts (nothing is written).

    Attributes:
        certifications: ``(contact_id, code)``: the contact obtains the certification on the date.
        revenue: ``(quarter, amount, motion, product_family)`` lines added.
        references: Ids of references (not validated yet) taken as validated on the date.
    """

    certifications: tuple[tuple[str, str], ...] = ()
    revenue: tuple[tuple[Quarter, float, str, str | None], ...] = ()
    references: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """True when nothing is changed."""
        return not (self.certifications or self.revenue or self.references)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One level of one competency: each count against its minimum.

    ``status`` is ``"held"`` (the level is held), ``"met"`` (every minimum is met but a lower level is
    not), or ``"missing"``.
    """

    competency_id: str
    competency: str
    level_id: str
    level: str
    status: str
    accredited: int
    min_accredited: int
    revenue: float
    min_revenue: float
    references: int
    min_references: int


@dataclass(frozen=True, slots=True)
class RiskLine:
    """An at-risk entry in words: on ``date`` the partner loses ``lost`` because of ``reason``."""

    date: date
    lost: str
    reason: str


@dataclass(frozen=True, slots=True)
class CertificationLine:
    """A certification and its state on the date: ``expired``, ``expiring`` (≤ 90 days) or ``valid``."""

    id: str
    contact_id: str
    contact: str
    code: str
    obtained: date
    expires: date | None
    state: str


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    """A customer reference, with its competency's display name."""

    id: str
    competency: str
    customer: str
    validated: bool
    on: date | None
    competency_id: str = ""


@dataclass(frozen=True)
class StandingResult:
    """One evaluation in words.

    Attributes:
        evaluation: The engine's result.
        assigned: Display name of the assigned tier ("" when none).
        qualified: Display name of the qualified tier ("" when none).
        movement: ``"promotion"``, ``"demotion"`` or None.
        headline: One sentence: qualified vs assigned tier.
        gaps: The gap sentences in the current language.
        risks: At-risk entries in words, soonest first.
        matrix: Competencies × levels.
        explanations: Plain sentences on the rules that decided (people assignment, tier kept by a review or
            a grace period), in the current language.
    """

    evaluation: Evaluation
    assigned: str
    qualified: str
    movement: str | None
    headline: str
    gaps: list[str]
    risks: list[RiskLine]
    matrix: list[MatrixRow]
    explanations: list[str] = field(default_factory=list)
    #: Scores, metric values and yes/no facts in words (programs that declare them).
    measures: list[str] = field(default_factory=list)
    #: ISO currency of the program's amounts (the matrix's revenue against each level's minimum).
    currency: str = "EUR"
    #: False when the assigned tier is not a tier of the program (assigned under another program).
    assigned_known: bool = True

    def one_line(self) -> str:
        """Headline, first gap and first risk in one line (list tooltips)."""
        parts = [self.headline]
        if self.gaps:
            parts.append(self.gaps[0])
        if self.risks:
            risk = self.risks[0]
            parts.append(_("at risk on {date}: loses {lost}", date=format_date(risk.date), lost=risk.lost))
        return " · ".join(parts)


@dataclass(frozen=True)
class PartnerStanding:
    """Everything the standing views show for one partner on one date."""

    partner_id: str
    name: str
    date: date
    program: str
    current: StandingResult
    what_if: StandingResult | None
    certifications: list[CertificationLine]
    references: list[ReferenceLine]
    contacts: list[tuple[str, str]] = field(default_factory=list)
    certification_codes: list[str] = field(default_factory=list)
    quarters: list[Quarter] = field(default_factory=list)
    families: list[tuple[str, str]] = field(default_factory=list)


def _tier_name(program: Program, tier_id: str | None) -> str:
    if not tier_id:
        return ""
    for tier in program.tiers:
        if tier.id == tier_id:
            return tier.name
    return tier_id


def headline(assigned: str, qualified: str, movement: str | None, assigned_known: bool = True) -> str:
    """The qualified vs assigned tier in one sentence.

    ``assigned_known`` False: the assigned tier is not a tier of the program (assigned under another
    program), so neither a promotion nor a demotion can be told.
    """
    if assigned and not assigned_known:
        if qualified:
            return _("{assigned} is assigned, but this program has no such tier; it qualifies for {qualified}.",
                     assigned=assigned, qualified=qualified)
        return _("{assigned} is assigned, but this program has no such tier; it qualifies for no tier.",
                 assigned=assigned)
    if qualified and assigned:
        if movement == "promotion":
            return _("Qualifies for {qualified}, above its assigned tier {assigned}: promotion candidate.",
                     qualified=qualified, assigned=assigned)
        if movement == "demotion":
            return _("Qualifies only for {qualified}, below its assigned tier {assigned}: demotion candidate.",
                     qualified=qualified, assigned=assigned)
        return _("Qualifies for {qualified}, as assigned.", qualified=qualified)
    if qualified:
        return _("Qualifies for {qualified}; no tier assigned.", qualified=qualified)
    if assigned:
        return _("Qualifies for no tier, although {assigned} is assigned: demotion candidate.", assigned=assigned)
    return _("Qualifies for no tier, and none is assigned.")


def _lost_words(program: Program, lost: str, lang: str) -> str:
    kind, _sep, item = lost.partition(":")
    if kind == "tier":
        return _("the {tier} tier", tier=_tier_name(program, item))
    for comp in program.competencies:
        if comp.id == kind:
            level = comp.level(item)
            return _("the {level} level in {competency}", level=level.name if level else item,
                     competency=comp.display_name(lang))
    return lost


def _reason_words(reason: str, program: Program | None = None) -> str:
    parts = []
    for piece in reason.split("; "):
        found = _REASON.fullmatch(piece)
        fact = _FACT_REASON.fullmatch(piece) if found is None else None
        if fact is not None:
            defined = program.extras.fact(fact.group(1)) if program is not None and program.extras else None
            name = defined.display_name(get_language()) if defined else fact.group(1)
            parts.append(_("“{fact}” ends on {date}", fact=name, date=format_date(date.fromisoformat(fact.group(2)))))
            continue
        if found is None:
            parts.append(_review_reason_words(piece))
            continue
        code, name, when = found.groups()
        parts.append(_("{name}’s certification {code} expires on {date}", name=name, code=code,
                       date=format_date(date.fromisoformat(when))))
    return "; ".join(parts)


def _review_reason_words(piece: str) -> str:
    """A review or grace reason in words (the piece itself when it is neither)."""
    for pattern, kind in _REVIEW_REASONS:
        found = pattern.fullmatch(piece)
        if found is None:
            continue
        if kind == "review":
            return _("kept until the review of {date}", date=format_date(date.fromisoformat(found.group(1))))
        months = int(found.group(1))
        return _n("grace period of {count} month ends on {date}", "grace period of {count} months ends on {date}",
                  months, count=months, date=format_date(date.fromisoformat(found.group(2))))
    return piece


def _matrix(program: Program, ev: Evaluation, lang: str) -> list[MatrixRow]:
    rows = []
    for comp in program.competencies:
        counts = ev.counts.get(comp.id)
        if counts is None:
            continue
        held = comp.level(ev.levels[comp.id]) if comp.id in ev.levels else None
        for level in comp.levels:
            met = (counts.accredited >= level.min_accredited and counts.revenue >= level.min_revenue
                   and counts.references >= level.min_references)
            status = "held" if held is not None and level.rank <= held.rank else ("met" if met else "missing")
            rows.append(MatrixRow(comp.id, comp.display_name(lang), level.id, level.name, status,
                                  counts.accredited, level.min_accredited, counts.revenue, level.min_revenue,
                                  counts.references, level.min_references))
    return rows


def describe(program: Program, ev: Evaluation) -> StandingResult:
    """An evaluation in words for the current language."""
    lang = get_language()
    assigned, qualified = _tier_name(program, ev.assigned_tier), _tier_name(program, ev.tier)
    gaps = [g.text_fr if lang == "fr" else g.text_en for g in ev.gaps]
    risks = [RiskLine(r.date, _lost_words(program, r.lost, lang), _reason_words(r.reason, program)) for r in ev.at_risk]
    measures = measure_lines(program, ev.extras, lang) if ev.extras is not None else []
    known = ev.assigned_tier is None or any(tier.id == ev.assigned_tier for tier in program.tiers)
    return StandingResult(ev, assigned, qualified, ev.movement, headline(assigned, qualified, ev.movement, known),
                          gaps, risks, _matrix(program, ev, lang),
                          [e.text_fr if lang == "fr" else e.text_en for e in ev.explanations], measures,
                          program_currency(program), known)


def cert_state(expires: date | None, on: date) -> str:
    """``expired``, ``expiring`` (within `EXPIRING_DAYS`) or ``valid`` on a date."""
    if expires is None:
        return "valid"
    if expires < on:
        return "expired"
    if expires <= on + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "valid"


def apply_what_if(facts: PartnerFacts, change: WhatIf, references: Sequence[ReferenceRow], on: date) -> PartnerFacts:
    """A copy of the facts with the changes applied (the facts given are not modified)."""
    certs = list(facts.certifications) + [CertFact(cid, code, on, None) for cid, code in change.certifications]
    revenue = list(facts.revenue) + [RevenueFact(q, motion, family, float(amount))
                                     for q, amount, motion, family in change.revenue]
    wanted = set(change.references)
    refs = list(facts.references) + [ReferenceFact(r.competency_id, r.customer, True, r.on or on)
                                     for r in references if r.id in wanted and not r.validated]
    return replace(facts, contacts=list(facts.contacts), certifications=certs, references=refs, revenue=revenue)


def _cert_lines(rows: Sequence[CertificationRow], on: date) -> list[CertificationLine]:
    return [CertificationLine(r.id, r.contact_id, r.contact_name, r.code, r.obtained, r.expires,
                              cert_state(r.expires, on)) for r in rows]


def _ref_lines(program: Program, rows: Sequence[ReferenceRow], lang: str) -> list[ReferenceLine]:
    names = {c.id: c.display_name(lang) for c in program.competencies}
    return [ReferenceLine(r.id, names.get(r.competency_id, r.competency_id), r.customer, r.validated, r.on,
                          r.competency_id)
            for r in rows]


def _present(contacts: Sequence[ContactRow], on: date) -> list[tuple[str, str]]:
    return [(c.id, c.name) for c in contacts if c.left_on is None or c.left_on > on]


def partner_standing(uow: UnitOfWorkFactory, partner_id: str, on: date | None = None,
                     what_if: WhatIf | None = None) -> PartnerStanding:
    """Evaluate one partner (and optionally a what-if) under the active program, in words.

    Args:
        uow: Unit-of-work factory (only read).
        partner_id: A live partner.
        on: Evaluation date (today by default).
        what_if: Changes tried in memory; the result's ``what_if`` is their evaluation.

    Raises:
        LookupError: The partner does not exist (or is deleted).
        prm_desktop.services.programs.ProgramNotFoundError: No active program.
    """
    on = on or date.today()
    lang = get_language()
    program = get_program(uow)
    found = load_facts(uow, [partner_id], since=first_window_quarter([program], on),
                       on=facts_day([program], on), fiscal_start_month=program.fiscal_year_start_month)
    if not found:
        raise LookupError(_("This partner no longer exists."))
    facts = found[0]
    with uow.read() as session:
        certs = certifications_of(session, partner_id)
        refs = references_of(session, partner_id)
        contacts = contacts_of(session, partner_id)
    present = {c.id for c in contacts if c.left_on is None or c.left_on > on}
    certs = [c for c in certs if c.contact_id in present]
    current = describe(program, evaluate(program, facts, on))
    trial = None
    if what_if is not None and not what_if.is_empty():
        trial = describe(program, evaluate(program, apply_what_if(facts, what_if, refs, on), on))
    codes = sorted({code for comp in program.competencies for code in comp.certifications})
    window = window_quarters(program, on)
    quarter = quarter_of(on, program.fiscal_year_start_month)
    quarters = [q for q in window if q <= quarter]
    families = list(dict.fromkeys((c.product_family, c.display_name(lang)) for c in program.competencies))
    return PartnerStanding(partner_id, facts.name, on, program.name, current, trial, _cert_lines(certs, on),
                           _ref_lines(program, refs, lang), _present(contacts, on), codes, quarters, families)


def standing_line(uow: UnitOfWorkFactory, partner_id: str, on: date | None = None) -> str:
    """Where a partner stands in one line (the Partners list tooltip): tier, first gap, first risk.

    Returns "" when the partner does not exist or no program is active.
    """
    on = on or date.today()
    try:
        program = get_program(uow)
    except LookupError:
        return ""
    found = load_facts(uow, [partner_id], since=first_window_quarter([program], on),
                       on=facts_day([program], on), fiscal_start_month=program.fiscal_year_start_month)
    if not found:
        return ""
    return describe(program, evaluate(program, found[0], on)).one_line()
