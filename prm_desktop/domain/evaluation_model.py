"""Input facts and output records of the evaluation engine (formats.md §2–§3).

The fact records (``…Fact``) are values: never change one, make another (``dataclasses.replace``). They
are not declared frozen only because a frozen instance costs twice as long to build, and a portfolio
refresh builds a million and a half of them; they hash and compare by value all the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from prm_desktop.domain.quarters import Quarter

__all__ = [
    "AtRisk",
    "CertFact",
    "ContactFact",
    "Counts",
    "Evaluation",
    "Explanation",
    "FlagFact",
    "Gap",
    "MetricFact",
    "PartnerFacts",
    "ReferenceFact",
    "RevenueFact",
]


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class ContactFact:
    """A contact of the partner. A contact with ``left_on <= d`` has left on d and stops counting."""

    id: str
    name: str
    left_on: date | None = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class CertFact:
    """A certification held by a contact; valid from ``obtained`` to ``expires`` included."""

    contact_id: str
    code: str
    obtained: date
    expires: date | None = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class ReferenceFact:
    """A customer reference for a competency. An undated reference never ages and is never "future"."""

    competency_id: str
    customer: str
    validated: bool
    on: date | None = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class RevenueFact:
    """A revenue line (negative for credit notes) of a fiscal quarter, in ``currency`` (None: EUR)."""

    quarter: Quarter
    motion: str
    product_family: str | None
    amount: float
    currency: str | None = None


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class MetricFact:
    """A metric's value for one period (a month, a quarter or a fiscal year), ``start`` to ``end`` included."""

    metric: str
    start: date
    end: date
    value: float


@dataclass(slots=True, unsafe_hash=True)  # not frozen: see the module's docstring
class FlagFact:
    """A yes/no fact held from ``valid_from`` to ``valid_until`` included (None: no bound)."""

    fact: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(slots=True)
class PartnerFacts:
    """Everything the engine needs to know about one partner."""

    partner_id: str
    name: str
    assigned_tier: str | None = None
    contacts: list[ContactFact] = field(default_factory=list)
    certifications: list[CertFact] = field(default_factory=list)
    references: list[ReferenceFact] = field(default_factory=list)
    revenue: list[RevenueFact] = field(default_factory=list)
    metrics: list[MetricFact] = field(default_factory=list)
    flags: list[FlagFact] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Counts:
    """Values measured for one competency on the evaluation date."""

    accredited: int
    references: int
    revenue: float


@dataclass(frozen=True, slots=True)
class Gap:
    """One unmet minimum of the next tier or level.

    The words are built only when read (``text_fr``/``text_en``): evaluating a whole portfolio does
    not format the ~36 gap texts per partner that nobody looks at.

    Attributes:
        kind: ``"tier"`` or ``"level"``.
        target: The tier id, or ``"competency:level"`` for a level.
        missing: ``"revenue"``, ``"competencies"``, ``"accredited"`` or ``"references"``.
        amount: How much is missing (euros or a count).
        target_names: The target's display name in French and in English.
        texts: The words in French and English when the rule that made the gap wrote them already
            (``requires`` rules); None to build them from ``missing`` when read.
    """

    kind: str
    target: str
    missing: str
    amount: float
    target_names: tuple[str, str] = ("", "")
    texts: tuple[str, str] | None = None
    #: The program's currency (revenue gaps are amounts in it).
    currency: str = "EUR"

    @property
    def text_fr(self) -> str:
        """The gap in French words."""
        if self.texts is not None:
            return self.texts[0]
        return (_GAP_TEXT or _gap_text())(self.missing, self.amount, self.target_names[0], "fr", self.currency)

    @property
    def text_en(self) -> str:
        """The gap in English words."""
        if self.texts is not None:
            return self.texts[1]
        return (_GAP_TEXT or _gap_text())(self.missing, self.amount, self.target_names[1], "en", self.currency)


#: ``evaluation_gaps.gap_text``, bound on first use (that module imports this one).
_GAP_TEXT: Callable[..., str] | None = None


def _gap_text() -> Callable[..., str]:
    global _GAP_TEXT  # noqa: PLW0603 - a one-time lazy binding
    from prm_desktop.domain.evaluation_gaps import gap_text

    _GAP_TEXT = gap_text
    return gap_text


@dataclass(frozen=True, slots=True)
class AtRisk:
    """A level (``"security:expert"``) or the tier (``"tier:gold"``) lost on ``date`` and why."""

    date: date
    lost: str
    reason: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """A plain sentence about a rule that decided the result (``kind``: ``assignment``, ``review``, ``grace``)."""

    kind: str
    text_fr: str
    text_en: str


@dataclass(slots=True)
class Evaluation:
    """Result of evaluating one partner on a date under one program.

    ``revenue`` is the partner's revenue over the window, all motions; each tier is checked against
    its own ``revenue_motions``. ``levels`` lists only competencies held, ``counts`` every competency.
    ``movement`` compares the qualified tier with the assigned one (``"promotion"``, ``"demotion"`` or
    None when equal).
    """

    partner_id: str
    name: str
    date: date
    program_id: str
    assigned_tier: str | None
    tier: str | None
    revenue: float
    levels: dict[str, str]
    counts: dict[str, Counts]
    gaps: list[Gap]
    at_risk: list[AtRisk]
    movement: str | None
    #: Plain sentences on the people assignment and a tier kept by review or grace (new rules only).
    explanations: list[Explanation] = field(default_factory=list)
    #: Competency id → contact ids counted for it, when a per-person cap decided it.
    assignment: dict[str, list[str]] | None = None
    #: The tier met on the date itself, when a review or grace keeps ``tier`` higher (else None).
    tier_met: str | None = None
    #: Until when ``tier`` is kept by a review or grace (None when met on the date).
    tier_kept_until: date | None = None
    #: Competency id → level id met on the date, for levels a review or grace keeps higher.
    levels_met: dict[str, str | None] = field(default_factory=dict)
    #: Competency id → last day its level is kept by a review or grace.
    levels_kept_until: dict[str, date] = field(default_factory=dict)
    #: Metric values, yes/no facts held and scores (``metrics``, ``facts``, ``scores`` keys of
    #: ``evaluate --json``) when the program declares any; None otherwise.
    extras: dict | None = None
