"""Read-only lists for the simple tables of the main window (visits, stakeholders, competencies).

Each list is bounded (the perf data set has 200,000 visits): the newest rows first, with the total
so the view can say "showing 500 of 200,000".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

from sqlalchemy import case, func, select

from prm_desktop.domain.i18n import get_language
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.models import (
    Certification,
    Contact,
    CustomerReference,
    Partner,
    Stakeholder,
    StakeholderLink,
    TeamMember,
    Visit,
    VisitPartner,
)
from prm_desktop.storage.partners.summary import register_functions
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "CompetencyRow",
    "LevelRequirement",
    "Listing",
    "StakeholderRow",
    "VisitRow",
    "count_partners",
    "list_competencies",
    "list_stakeholders",
    "list_visits",
]

DEFAULT_LIMIT = 500
T = TypeVar("T")


@dataclass(frozen=True)
class Listing(Generic[T]):
    """Some rows of a list and how many there are in all."""

    rows: list[T]
    total: int


@dataclass(frozen=True)
class VisitRow:
    """A visit as the Visits table lists it."""

    id: str
    starts_at: datetime
    timezone: str
    kind: str
    status: str
    partners: str
    place: str
    objective: str
    owner: str
    duration_minutes: int


@dataclass(frozen=True)
class StakeholderRow:
    """An internal stakeholder as the Stakeholders table lists it."""

    id: str
    name: str
    business_unit: str
    role: str
    email: str
    partner_count: int
    champion_count: int


@dataclass(frozen=True)
class LevelRequirement:
    """What one level of a competency asks for."""

    name: str
    min_accredited: int
    min_revenue: float
    min_references: int


@dataclass(frozen=True)
class CompetencyRow:
    """A competency of the active program, with what the portfolio holds towards it."""

    id: str
    name: str
    dimension: str
    product_family: str
    certifications: tuple[str, ...]
    levels: tuple[LevelRequirement, ...]
    accredited_people: int
    validated_references: int


def count_partners(uow: UnitOfWorkFactory) -> int:
    """Number of live partners."""
    with uow.read() as session:
        return session.scalar(select(func.count()).select_from(Partner).where(Partner.deleted_at.is_(None))) or 0


def list_visits(uow: UnitOfWorkFactory, limit: int = DEFAULT_LIMIT) -> Listing[VisitRow]:
    """The newest visits (by start, planned ones in the future first), at most ``limit``."""
    with uow.read() as session:
        total = session.scalar(select(func.count()).select_from(Visit).where(Visit.deleted_at.is_(None))) or 0
        rows = session.execute(
            select(Visit, TeamMember.name)
            .outerjoin(TeamMember, TeamMember.id == Visit.owner_id)
            .where(Visit.deleted_at.is_(None))
            .order_by(Visit.starts_at.desc())
            .limit(limit)
        ).all()
        ids = [visit.id for visit, _owner in rows]
        names: dict[str, list[str]] = {}
        if ids:
            pairs = session.execute(
                select(VisitPartner.visit_id, Partner.name)
                .join(Partner, Partner.id == VisitPartner.partner_id)
                .where(VisitPartner.visit_id.in_(ids), VisitPartner.deleted_at.is_(None))
                .order_by(Partner.name_key)
            ).all()
            for visit_id, name in pairs:
                names.setdefault(visit_id, []).append(name)
        result = [
            VisitRow(
                v.id,
                v.starts_at,
                v.timezone,
                v.kind,
                v.status,
                ", ".join(names.get(v.id, [])),
                v.place or "",
                (v.objective or "").splitlines()[0] if v.objective else "",
                owner or "",
                v.duration_minutes,
            )
            for v, owner in rows
        ]
        return Listing(result, total)


def list_stakeholders(uow: UnitOfWorkFactory, limit: int = 5000) -> Listing[StakeholderRow]:
    """Internal stakeholders by name (accents folded: "Ève" with the E's), with how many partners each is linked to."""
    with uow.read() as session:
        register_functions(session)
        live = Stakeholder.deleted_at.is_(None)
        total = session.scalar(select(func.count()).select_from(Stakeholder).where(live)) or 0
        links = (
            select(
                StakeholderLink.stakeholder_id.label("sid"),
                func.count().label("partners"),
                func.sum(case((StakeholderLink.stance == "champion", 1), else_=0)).label("champions"),
            )
            .where(StakeholderLink.deleted_at.is_(None))
            .group_by(StakeholderLink.stakeholder_id)
            .subquery()
        )
        rows = session.execute(
            select(Stakeholder, links.c.partners, links.c.champions)
            .outerjoin(links, links.c.sid == Stakeholder.id)
            .where(live)
            .order_by(func.prm_sort_key(Stakeholder.name), Stakeholder.id)
            .limit(limit)
        ).all()
        return Listing(
            [
                StakeholderRow(
                    s.id, s.name, s.business_unit or "", s.role or "", s.email or "", int(p or 0), int(c or 0)
                )
                for s, p, c in rows
            ],
            total,
        )


def list_competencies(uow: UnitOfWorkFactory, today: date | None = None) -> Listing[CompetencyRow]:
    """Competencies of the active program, with accredited people and validated references.

    Accredited people: distinct contacts still at their partner holding a certification that counts
    for the competency and has not expired on ``today``.
    """
    today = today or date.today()
    try:
        program = get_program(uow)
    except ProgramNotFoundError:
        return Listing([], 0)
    lang = get_language()
    with uow.read() as session:
        certs = session.execute(
            select(Certification.code, func.count(func.distinct(Certification.contact_id)))
            .join(Contact, Contact.id == Certification.contact_id)
            .where(
                Certification.deleted_at.is_(None),
                Contact.deleted_at.is_(None),
                (Contact.left_on.is_(None)) | (Contact.left_on > today),
                (Certification.expires_on.is_(None)) | (Certification.expires_on >= today),
            )
            .group_by(Certification.code)
        ).all()
        by_code = dict(certs)
        refs = dict(
            session.execute(
                select(CustomerReference.competency_id, func.count())
                .where(CustomerReference.deleted_at.is_(None), CustomerReference.validated.is_(True))
                .group_by(CustomerReference.competency_id)
            ).all()
        )
    rows = []
    for comp in program.competencies:
        levels = tuple(
            LevelRequirement(lvl.name, lvl.min_accredited, lvl.min_revenue, lvl.min_references) for lvl in comp.levels
        )
        people = sum(int(by_code.get(code, 0)) for code in comp.certifications)
        rows.append(
            CompetencyRow(
                comp.id,
                comp.display_name(lang),
                comp.dimension,
                comp.product_family,
                comp.certifications,
                levels,
                people,
                int(refs.get(comp.id, 0)),
            )
        )
    return Listing(rows, len(rows))
