"""Partner program model: tiers, competencies, levels and certification catalogue.

A program is data (a TOML file, formats.md §1); :func:`load_program` parses and validates it (see
:mod:`prm_desktop.domain.program_loader`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from prm_desktop.domain.i18n import get_language, translate

if TYPE_CHECKING:
    from prm_desktop.domain.program_calendar import CalendarRules
    from prm_desktop.domain.program_people import PeopleRules
    from prm_desktop.domain.program_review import ReviewRules

__all__ = [
    "DEFAULT_CADENCE_DAYS",
    "DEFAULT_COUNTING_VISIT_KINDS",
    "DIMENSIONS",
    "MOTIONS",
    "NO_TIER_CADENCE_DAYS",
    "VISIT_KINDS",
    "CertificationDef",
    "Competency",
    "Level",
    "Program",
    "Problem",
    "ProgramError",
    "Requirement",
    "Tier",
    "content_hash",
    "load_program",
    "normalize_key",
    "program_to_dict",
    "requirement_to_dict",
]

MOTIONS: tuple[str, ...] = ("resell", "co-sell", "influence", "alliance")
DIMENSIONS: tuple[str, ...] = ("technical", "market")
VISIT_KINDS: tuple[str, ...] = ("on_site", "video", "phone", "event")
DEFAULT_COUNTING_VISIT_KINDS: tuple[str, ...] = ("on_site", "video")
#: Visit cadence (days) of a tier without ``visit_every_days``, by tier id.
DEFAULT_CADENCE_DAYS: dict[str, int] = {"platinum": 30, "gold": 60, "silver": 90}
#: Visit cadence (days) of partners without an assigned tier (or of an unknown tier).
NO_TIER_CADENCE_DAYS = 180


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a program file: where, and an English message with its parameters."""

    line: int
    path: str
    message: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str) -> str:
        """``line N: key.path: message`` in ``lang`` ("fr": ``ligne N : key.path : message``)."""
        message = translate(self.message, lang, **dict(self.params))
        return translate("line {line}: {path}: {message}", lang, line=self.line, path=self.path, message=message)


class ProgramError(ValueError):
    """A program file is invalid.

    Attributes:
        errors: One message per problem, formatted ``line N: key.path: message`` in the language
            current when the error was raised.
        problems: The same problems, to render in another language with :meth:`messages`.
    """

    def __init__(self, errors: Sequence[str | Problem]) -> None:
        self.problems = [e for e in errors if isinstance(e, Problem)]
        lang = get_language()
        self.errors = [e.text(lang) if isinstance(e, Problem) else e for e in errors]
        self._plain = [e for e in errors if isinstance(e, str)]
        super().__init__("\n".join(self.errors) if self.errors else "invalid program")

    def messages(self, lang: str) -> list[str]:
        """The problems in ``lang`` (``"fr"`` or ``"en"``)."""
        return [p.text(lang) for p in self.problems] + self._plain

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its problems, then given back its texts as raised (a worker process raises it;
        # the window shows it): the default would call the class with the joined text.
        return _rebuild_program_error, (type(self), [*self.problems, *self._plain], dict(self.__dict__))


def _rebuild_program_error(cls: type[ProgramError], items: list[str | Problem], state: dict[str, Any]) -> ProgramError:
    error = cls(items)
    error.__dict__.update(state)
    error.args = ("\n".join(error.errors) if error.errors else "invalid program",)
    return error


def normalize_key(text: str) -> str:
    """Fold case, strip accents and collapse spaces, for tolerant look-ups."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


@dataclass(frozen=True, slots=True)
class Requirement:
    """One rule of a tier's or a level's ``requires`` list (docs/program-format.md).

    Attributes:
        kind: ``"competencies"`` (``count`` competencies held at ``level`` or above, optionally
            ``among`` some ids or of one ``dimension``), ``"competency"`` (the named ``competency``
            held at ``level`` or above; any level when ``level`` is None), ``"tier"`` (the ``tier``
            is met too), ``"all"``, ``"any"`` or ``"at_least"`` (``count`` of ``children``).
    """

    kind: str
    count: int = 0
    level: str | None = None
    competency: str | None = None
    among: tuple[str, ...] = ()
    dimension: str | None = None
    tier: str | None = None
    children: tuple[Requirement, ...] = ()
    #: The rule of a ``metric``, ``fact`` or ``score`` requirement (domain/program_metrics.py).
    detail: Any = None


@dataclass(frozen=True, slots=True)
class Level:
    """A competency level (rank 1 = lowest), its three minimums and its other requirements."""

    id: str
    name: str
    rank: int
    min_accredited: int
    min_revenue: float
    min_references: int
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True, slots=True)
class Competency:
    """A competency with its dimension, product family, accrediting certifications and levels.

    ``levels`` is sorted by rank, lowest first.
    """

    id: str
    name: str
    name_en: str | None
    dimension: str
    product_family: str
    certifications: tuple[str, ...]
    levels: tuple[Level, ...]

    def display_name(self, lang: str = "fr") -> str:
        """Name in ``lang`` ("fr" or "en"); the English name falls back to ``name``."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name

    def level(self, level_id: str) -> Level | None:
        """The level with this id, or None."""
        for lvl in self.levels:
            if lvl.id == level_id:
                return lvl
        return None


@dataclass(frozen=True, slots=True)
class Tier:
    """A program tier (rank 1 = lowest)."""

    id: str
    name: str
    rank: int
    min_revenue: float
    min_competencies: int
    visit_every_days: int | None = None
    revenue_motions: tuple[str, ...] = MOTIONS
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True, slots=True)
class CertificationDef:
    """A catalogue entry: code, names and the aliases training platforms use."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    name_en: str | None = None


@dataclass(frozen=True)
class Program:
    """A partner program (formats.md §1). Tiers and competency levels are sorted by rank."""

    id: str
    name: str
    valid_from: date
    revenue_window_quarters: int
    fiscal_year_start_month: int = 1
    tiers: tuple[Tier, ...] = ()
    competencies: tuple[Competency, ...] = ()
    certifications: tuple[CertificationDef, ...] = ()
    reference_max_age_months: int | None = None
    no_tier_visit_every_days: int = NO_TIER_CADENCE_DAYS
    counting_visit_kinds: tuple[str, ...] = DEFAULT_COUNTING_VISIT_KINDS
    visit_statuses: tuple[str, ...] = ("active", "at_risk", "onboarding")
    #: People-by-role rules (domain/program_people.py), None when the file has none.
    people: PeopleRules | None = None
    #: Review dates and grace period (domain/program_review.py), None when the file has none.
    review: ReviewRules | None = None
    #: Revenue window kind and fiscal-year naming (domain/program_calendar.py), None for the defaults.
    calendar: CalendarRules | None = None
    #: Metrics, yes/no facts, scores and currency (domain/program_metrics.py); None when the file has none.
    extras: Any = None
    _lookup: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def tier(self, tier_id: str | None) -> Tier | None:
        """The tier with this id, or None."""
        if tier_id is None:
            return None
        return self._tiers_by_id().get(tier_id)

    def competency(self, competency_id: str) -> Competency | None:
        """The competency with this id, or None."""
        return self._competencies_by_id().get(competency_id)

    def resolve_tier(self, text: str) -> str | None:
        """Tier id matching an id or a name (case/accent-insensitive), or None."""
        return self._names("tier_names", [(t.id, (t.id, t.name)) for t in self.tiers]).get(normalize_key(text))

    def resolve_competency(self, text: str) -> str | None:
        """Competency id matching an id, French or English name (case/accent-insensitive), or None."""
        pairs = [(c.id, (c.id, c.name, c.name_en or "")) for c in self.competencies]
        return self._names("competency_names", pairs).get(normalize_key(text))

    def resolve_certification(self, text: str) -> str | None:
        """Certification code for a code, catalogue name or alias (case/accent-insensitive), or None.

        Codes listed by competencies resolve even when the catalogue does not describe them.
        """
        table = self._lookup.get("cert_names")
        if table is None:
            pairs: list[tuple[str, tuple[str, ...]]] = []
            for comp in self.competencies:
                pairs.extend((code, (code,)) for code in comp.certifications)
            for cert in self.certifications:
                pairs.append((cert.code, (cert.code, cert.name, cert.name_en or "", *cert.aliases)))
            table = self._names("cert_names", pairs)
        return table.get(normalize_key(text))

    def certification(self, code: str) -> CertificationDef | None:
        """Catalogue entry for a code, or None."""
        for cert in self.certifications:
            if cert.code == code:
                return cert
        return None

    def cadence_days(self, tier_id: str | None) -> int:
        """Visit cadence in days for partners whose assigned tier is ``tier_id``.

        The tier's ``visit_every_days`` when set, else the default by tier id (Platinum 30, Gold 60,
        Silver 90); partners without a (known) tier get ``no_tier_visit_every_days`` (default 180).
        """
        tier = self.tier(tier_id)
        if tier is None:
            return self.no_tier_visit_every_days
        if tier.visit_every_days is not None:
            return tier.visit_every_days
        return DEFAULT_CADENCE_DAYS.get(tier.id.lower(), self.no_tier_visit_every_days)

    def _tiers_by_id(self) -> dict[str, Tier]:
        table = self._lookup.get("tiers")
        if table is None:
            table = self._lookup["tiers"] = {t.id: t for t in self.tiers}
        return table

    def _competencies_by_id(self) -> dict[str, Competency]:
        table = self._lookup.get("competencies")
        if table is None:
            table = self._lookup["competencies"] = {c.id: c for c in self.competencies}
        return table

    def _names(self, key: str, pairs: list[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
        table = self._lookup.get(key)
        if table is None:
            table = {}
            for target, names in pairs:
                for name in names:
                    if name:
                        table.setdefault(normalize_key(name), target)
            self._lookup[key] = table
        return table


def content_hash(text: str) -> str:
    """SHA-256 hex digest of a program file's text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def requirement_to_dict(req: Requirement) -> dict[str, Any]:
    """A requirement keyed as in the file (``{"competencies": 3, "level": "expert"}``)."""
    if req.kind == "competencies":
        found: dict[str, Any] = {"competencies": req.count}
        if req.level is not None:
            found["level"] = req.level
        if req.among:
            found["among"] = list(req.among)
        if req.dimension is not None:
            found["dimension"] = req.dimension
        return found
    if req.kind == "competency":
        return {"competency": req.competency} | ({"level": req.level} if req.level is not None else {})
    if req.kind == "tier":
        return {"tier": req.tier}
    if req.detail is not None:
        return dict(req.detail.to_dict())
    children = [requirement_to_dict(c) for c in req.children]
    if req.kind == "at_least":
        return {"at_least": req.count, "of": children}
    return {req.kind: children}


def program_to_dict(program: Program) -> dict[str, Any]:
    """JSON-ready dict of a program (dates ISO), keyed like the TOML file."""
    return {
        "program": {
            "id": program.id,
            "name": program.name,
            "valid_from": program.valid_from.isoformat(),
            "revenue_window_quarters": program.revenue_window_quarters,
            "fiscal_year_start_month": program.fiscal_year_start_month,
        },
        "tiers": [
            {
                "id": t.id,
                "name": t.name,
                "rank": t.rank,
                "min_revenue": t.min_revenue,
                "min_competencies": t.min_competencies,
                "visit_every_days": t.visit_every_days,
                "revenue_motions": list(t.revenue_motions),
                "requires": [requirement_to_dict(r) for r in t.requires],
            }
            for t in program.tiers
        ],
        "competencies": [
            {
                "id": c.id,
                "name": c.name,
                "name_en": c.name_en,
                "dimension": c.dimension,
                "product_family": c.product_family,
                "certifications": list(c.certifications),
                "levels": [
                    {
                        "id": lvl.id,
                        "name": lvl.name,
                        "rank": lvl.rank,
                        "min_accredited": lvl.min_accredited,
                        "min_revenue": lvl.min_revenue,
                        "min_references": lvl.min_references,
                        "requires": [requirement_to_dict(r) for r in lvl.requires],
                    }
                    for lvl in c.levels
                ],
            }
            for c in program.competencies
        ],
        "certifications": [
            {"code": c.code, "name": c.name, "name_en": c.name_en, "aliases": list(c.aliases)}
            for c in program.certifications
        ],
        "options": {
            "reference_max_age_months": program.reference_max_age_months,
            "no_tier_visit_every_days": program.no_tier_visit_every_days,
            "counting_visit_kinds": list(program.counting_visit_kinds),
            "visit_statuses": list(program.visit_statuses),
        },
    }


def load_program(text: str) -> Program:
    """Parse and validate a program file's text (formats.md §1).

    Raises:
        ProgramError: With one ``line N: path: message`` entry per problem.
    """
    from prm_desktop.domain.program_loader import load_program as _load

    return _load(text)
