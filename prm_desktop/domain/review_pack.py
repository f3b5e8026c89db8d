"""What a review pack shows, as plain data: gathered by ``services.review_pack``, drawn by ``reports``.

Every value is already chosen for its audience (``partner``: nothing internal-only, no stance or
influence; ``internal``: everything) and every sentence is already in words; amounts and dates stay
values so that the builder formats them in the pack's language (design §7).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "CERT_HORIZON_DAYS",
    "Audience",
    "DayVisit",
    "PackAction",
    "PackCertification",
    "PackCompetency",
    "PackCover",
    "PackNote",
    "PackPerson",
    "PackQuarter",
    "PackReport",
    "PackVisit",
    "PartnerPack",
    "VisitDay",
    "pack_file_name",
]

#: Certifications expiring within this many days of the pack's date are listed.
CERT_HORIZON_DAYS = 180


class Audience(StrEnum):
    """Who reads the pack: the partner itself, or our own company."""

    PARTNER = "partner"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class PackCover:
    """The cover page: who, which period, by whom, when."""

    partner: str
    legal_name: str
    period: str
    owner: str
    company: str
    made_on: date
    city: str = ""


@dataclass(frozen=True, slots=True)
class PackQuarter:
    """Revenue of one quarter (by motion label) against its target (None without one)."""

    label: str
    by_motion: tuple[tuple[str, float], ...]
    total: float
    target: float | None


@dataclass(frozen=True, slots=True)
class PackCompetency:
    """One level of one competency: held or not, each count against its minimum."""

    competency: str
    level: str
    status: str
    accredited: int
    min_accredited: int
    references: int
    min_references: int
    revenue: float
    min_revenue: float


@dataclass(frozen=True, slots=True)
class PackCertification:
    """A certification expiring soon."""

    contact: str
    code: str
    expires: date


@dataclass(frozen=True, slots=True)
class PackVisit:
    """A visit, its local start (and end) already in its own time zone."""

    starts_at: datetime
    timezone: str
    kind: str
    status: str
    place: str
    objective: str
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PackAction:
    """An open action item."""

    title: str
    owner: str
    due_on: date | None
    internal_only: bool = False


@dataclass(frozen=True, slots=True)
class PackPerson:
    """One person of the stakeholder map: a partner contact or one of ours.

    ``influence`` and ``stance`` are empty in a partner-facing pack.
    """

    name: str
    side: str
    role: str
    relation: str = ""
    influence: str = ""
    stance: str = ""


@dataclass(frozen=True, slots=True)
class PackNote:
    """A pinned note as plain text."""

    text: str
    written_on: date
    tags: tuple[str, ...] = ()
    internal_only: bool = False


@dataclass(frozen=True, slots=True)
class PackReport:
    """The report of the latest visit that has one: ``(section title, text, internal_only)``."""

    visit_on: date
    sections: tuple[tuple[str, str, bool], ...]


@dataclass(frozen=True)
class PartnerPack:
    """One partner's review pack for one audience and period.

    Attributes:
        partner_id: The partner.
        audience: Who reads it.
        cover: The cover page.
        facts: ``(label, value)`` lines of the summary (type, status, tiers, contract end...).
        headline: Qualified vs assigned tier in one sentence.
        gaps: What is missing for the next level or tier, in words.
        risks: ``(date, what is lost, why)``, soonest first.
        revenue: Quarters, oldest first, ending with the pack's quarter.
        competencies: Competencies × levels.
        certifications: Expiring within `CERT_HORIZON_DAYS`, soonest first.
        visits: Visits of the last 12 months, latest first.
        next_visit: The next planned visit.
        actions: Open action items.
        people: The stakeholder map as rows.
        notes: Pinned notes.
        report: The latest visit report.
    """

    partner_id: str
    audience: Audience
    cover: PackCover
    facts: tuple[tuple[str, str | date], ...]
    headline: str
    gaps: tuple[str, ...] = ()
    risks: tuple[tuple[date, str, str], ...] = ()
    revenue: tuple[PackQuarter, ...] = ()
    competencies: tuple[PackCompetency, ...] = ()
    certifications: tuple[PackCertification, ...] = ()
    visits: tuple[PackVisit, ...] = ()
    next_visit: PackVisit | None = None
    actions: tuple[PackAction, ...] = ()
    people: tuple[PackPerson, ...] = ()
    notes: tuple[PackNote, ...] = ()
    report: PackReport | None = None


@dataclass(frozen=True)
class DayVisit:
    """One visit of a day sheet with what to know before leaving."""

    visit: PackVisit
    partners: tuple[str, ...]
    key_facts: tuple[tuple[str, str | date], ...]
    attendees: tuple[str, ...]
    actions: tuple[PackAction, ...]
    report: PackReport | None
    agenda: str = ""


@dataclass(frozen=True)
class VisitDay:
    """The visit day sheet: a day's visits in order."""

    day: date
    owner: str
    company: str
    visits: tuple[DayVisit, ...] = field(default_factory=tuple)
    everyone: bool = False  # the whole team's visits, not only the owner's


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "partenaire"


def pack_file_name(subject: str, period: str, audience: Audience | str) -> str:
    """The file name of a pack: ``dupont-sarl-2026-Q3.pdf``; internal ones end in ``-interne``.

    Args:
        subject: The partner's name (or the portfolio's).
        period: The period label.
        audience: Who reads it.
    """
    suffix = "-interne" if Audience(audience) is Audience.INTERNAL else ""
    return f"{_slug(subject)}-{period}{suffix}.pdf"
