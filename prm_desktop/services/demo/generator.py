"""Demo portfolio builder: plain row dicts for every table, built from the active program.

The builder is deterministic: the same program, partner count, seed and ``today`` give the same
content (row ids are fresh UUIDs every time). All randomness comes from one ``random.Random(seed)``.
Rows are grouped by model, in an order where every row comes after the rows it references.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from prm_desktop.domain.identifiers import validate_phone
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.program import Competency, Program, Tier
from prm_desktop.domain.quarters import parse_quarter, revenue_window
from prm_desktop.services.demo import names
from prm_desktop.storage.models import (
    ActionItem,
    Base,
    Certification,
    Contact,
    CustomerReference,
    Note,
    Partner,
    PartnerDistributor,
    PartnerMetricValue,
    PartnerYesNoFact,
    RevenueLine,
    Stakeholder,
    StakeholderLink,
    Target,
    TeamMember,
    Visit,
    VisitAttendee,
    VisitPartner,
    VisitReportSection,
)

Row = dict[str, Any]

#: Tables in write order: every row comes after the rows it references.
TABLE_ORDER: tuple[type[Base], ...] = (
    TeamMember,
    Stakeholder,
    Partner,
    PartnerDistributor,
    Contact,
    Certification,
    CustomerReference,
    RevenueLine,
    Target,
    StakeholderLink,
    Visit,
    VisitPartner,
    VisitAttendee,
    VisitReportSection,
    Note,
    ActionItem,
    PartnerMetricValue,
    PartnerYesNoFact,
)
#: Quarters of revenue history generated for each partner.
REVENUE_QUARTERS = 8
_LOCAL_ZONE = ZoneInfo("Europe/Paris")  # Brussels, Zurich and Luxembourg follow the same rules


class PartnerInfo:
    """What later tables need to know about a generated partner."""

    __slots__ = (
        "id",
        "index",
        "type",
        "status",
        "tier",
        "tier_rank",  # 1-based position of the assigned tier among the program's tiers; 0: no tier
        "owner_id",
        "motions",
        "city",
        "region",
        "country",
        "timezone",
        "place",
        "slug",
        "focus",
        "families",
        "contact_ids",
        "present_ids",
        "primary_id",
        "distributor_ids",
        "stakeholder_ids",
        "text",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.contact_ids: list[str] = []
        self.present_ids: list[str] = []
        self.primary_id: str | None = None
        self.distributor_ids: list[str] = []
        self.stakeholder_ids: list[str] = []
        self.focus: list[Competency] = []
        self.families: list[str] = []
        self.text: dict[str, str] = {}


#: A generated person: full name, e-mail local part (ASCII), feminine (for job titles).
Person = tuple[str, str, bool]


class DemoBuilder:
    """Holds the random source, the program facts and the rows built so far."""

    def __init__(self, program: Program, partners: int, seed: int, today: date) -> None:
        self.program = program
        self.partner_count = partners
        self.today = today
        self.today_ord = today.toordinal()
        self.rng = random.Random(seed)
        self.random = self.rng.random
        self.tiers: list[Tier] = sorted(program.tiers, key=lambda t: t.rank)
        self.competencies: list[Competency] = list(program.competencies)
        self.families: list[str] = list(dict.fromkeys(c.product_family for c in self.competencies))
        codes = [code for c in self.competencies for code in c.certifications]
        codes += [c.code for c in program.certifications]
        self.cert_codes: list[str] = list(dict.fromkeys(codes))
        window = revenue_window(today, REVENUE_QUARTERS, program.fiscal_year_start_month)
        self.quarters: list[str] = [str(q) for q in window]
        self.window_quarters = max(1, min(program.revenue_window_quarters, REVENUE_QUARTERS))
        self.rows: dict[type[Base], list[Row]] = {model: [] for model in TABLE_ORDER}
        self.partners: list[PartnerInfo] = []
        self.team_ids: list[str] = []
        self.stakeholders: list[tuple[str, str]] = []  # (id, relation)
        self._ascii: dict[str, str] = {}
        self._slugs: dict[str, str] = {}
        self.name_suffixes: dict[str, int] = {}  # last number appended to a repeated company name
        self.people: list[Person] = [
            (f"{first} {last}", f"{self.ascii_slug(first)}.{self.ascii_slug(last)}", feminine)
            for feminine, firsts in ((True, names.FIRST_NAMES_F), (False, names.FIRST_NAMES_M))
            for first in firsts
            for last in names.LAST_NAMES
        ]
        self._day_starts: dict[int, datetime] = {}

    # -- random helpers -------------------------------------------------------------------------
    def pick(self, seq: Any) -> Any:
        """A random element of a non-empty sequence."""
        return seq[int(self.random() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """A random integer in ``[low, high]`` (faster than ``randint``)."""
        return low + int(self.random() * (high - low + 1))

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.random() < probability

    def day(self, offset: int) -> date:
        """The date ``offset`` days after today (negative: before)."""
        return date.fromordinal(self.today_ord + offset)

    def local_time(self, day_ord: int, minutes: int) -> datetime:
        """An aware UTC datetime for ``minutes`` after local midnight (Paris rules) of a day."""
        start = self._day_starts.get(day_ord)
        if start is None:
            d = date.fromordinal(day_ord)
            local_noon = datetime(d.year, d.month, d.day, 12, tzinfo=_LOCAL_ZONE)
            offset = local_noon.utcoffset() or timedelta(0)
            start = datetime(d.year, d.month, d.day, tzinfo=UTC) - offset
            self._day_starts[day_ord] = start
        return start + timedelta(minutes=minutes)

    # -- text helpers ---------------------------------------------------------------------------
    def ascii_slug(self, text: str) -> str:
        """Lower-case ASCII form of a word list entry for e-mails and web addresses (cached)."""
        slug = self._ascii.get(text)
        if slug is None:
            slug = self._ascii[text] = normalize_text(text).replace(" ", "")
        return slug

    def slug(self, text: str) -> str:
        """Lower-case ASCII words joined by hyphens, for web addresses (cached)."""
        slug = self._slugs.get(text)
        if slug is None:
            slug = self._slugs[text] = normalize_text(text).replace(" ", "-")
        return slug

    def person(self) -> Person:
        """A random French person (first and last name)."""
        people = self.people
        return people[int(self.random() * len(people))]

    def phone(self, prefix: str) -> str:
        """A phone number in international form: ``prefix`` is the calling code and area digits."""
        digits = f"{int(self.random() * 100_000_000):08d}"
        if prefix.startswith("33 "):
            return f"+{prefix} {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"
        # Stored in the canonical form the forms and imports give (`validate_phone`), so that an
        # export imported back changes nothing.
        return validate_phone(f"+{prefix} {digits[:3]} {digits[3:5]} {digits[5:7]}") or ""

    def mobile(self, country: str) -> str:
        """A mobile phone number for a partner contact in ``country``."""
        prefix = {"Belgique": "32 47", "Suisse": "41 79", "Luxembourg": "352 621"}.get(country)
        return self.phone(prefix or ("33 6" if self.random() < 0.7 else "33 7"))


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # digit * 2 with its digits summed (Luhn)


def luhn_key(payload: str) -> str:
    """The check digit that makes ``payload`` + digit pass the Luhn check (SIREN, SIRET)."""
    digits = [ord(c) - 48 for c in payload]
    total = sum(_DOUBLED[d] for d in digits[-1::-2]) + sum(digits[-2::-2])
    return str(-total % 10)


def build_rows(program: Program, partners: int, seed: int, today: date) -> list[tuple[type[Base], list[Row]]]:
    """Build every row of a demo portfolio.

    Args:
        program: The active program (tiers, competencies, families and certification codes come from it).
        partners: Number of partners.
        seed: Seed of the random source.
        today: The date the portfolio is built around (visits planned after it, expiries around it).

    Returns:
        ``(model, rows)`` pairs in write order (see `TABLE_ORDER`); rows are plain dicts.
    """
    from prm_desktop.services.demo import activity, facts, metrics, organisations

    builder = DemoBuilder(program, partners, seed, today)
    organisations.build(builder)
    facts.build(builder)
    activity.build(builder)
    metrics.build(builder)
    # Revenue and targets are stored by the calendar day their quarter (of the program's calendar) starts.
    fsm = program.fiscal_year_start_month
    starts = {label: parse_quarter(label).start_date(fsm) for label in builder.quarters}
    for model in (RevenueLine, Target):
        for row in builder.rows[model]:
            row["period_start"] = starts[row["quarter"]]
    return [(model, builder.rows[model]) for model in TABLE_ORDER]
