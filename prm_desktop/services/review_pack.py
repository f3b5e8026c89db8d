"""Gather one partner's review pack for an audience and a period (plain data for ``prm_desktop.reports``).

Reads through the existing services (standing, revenue, visits, actions, stakeholder map, notes) and
keeps what the audience may see: a ``partner`` pack holds no internal-only note, report section or
action, and no stance or influence of our people (design §2, Review pack); an ``internal`` pack
holds everything. Nothing is written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import MOTION_LABELS, STATUS_LABELS, TYPE_LABELS
from prm_desktop.domain.quarters import Quarter, parse_quarter, quarter_of
from prm_desktop.domain.review_pack import (
    CERT_HORIZON_DAYS,
    Audience,
    PackAction,
    PackCertification,
    PackCompetency,
    PackCover,
    PackNote,
    PackPerson,
    PackQuarter,
    PackReport,
    PackVisit,
    PartnerPack,
)
from prm_desktop.domain.stakeholders import INFLUENCE_LABELS, RELATION_LABELS, STANCE_LABELS
from prm_desktop.domain.visit_rules import KIND_LABELS, SECTION_LABELS
from prm_desktop.domain.visit_rules import STATUS_LABELS as VISIT_STATUS_LABELS
from prm_desktop.services.partners import PartnerDetail, get_partner
from prm_desktop.services.people.links import partner_map
from prm_desktop.services.people.notes import partner_timeline
from prm_desktop.services.profile import get_profile
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.services.standing import partner_standing
from prm_desktop.services.standing_revenue import partner_revenue
from prm_desktop.services.visits.editing import get_visit
from prm_desktop.services.visits.lists import list_visits
from prm_desktop.services.visits.report import get_report, list_actions
from prm_desktop.storage.models import utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["PackPeriod", "latest_report", "open_actions", "pack_period", "partner_pack", "visit_of"]

#: Visits listed: those of the last 12 months, at most this many.
VISITS_SHOWN = 20


class PackPeriod:
    """The pack's quarter and the day its figures are taken on (the quarter's end, or today if sooner)."""

    def __init__(self, quarter: Quarter, on: date) -> None:
        self.quarter, self.on = quarter, on

    @property
    def label(self) -> str:
        """``2026-Q3``."""
        return str(self.quarter)


def _fiscal_start(uow: UnitOfWorkFactory) -> int:
    try:
        return get_program(uow).fiscal_year_start_month
    except ProgramNotFoundError:
        return 1


def pack_period(uow: UnitOfWorkFactory, period: str | None = None, today: date | None = None) -> PackPeriod:
    """The period of a pack: a quarter (``2026-Q3``; default the current one) in the program's calendar.

    Raises:
        ValidationErrors: ``period`` is not a quarter.
    """
    today = today or date.today()
    start = _fiscal_start(uow)
    quarter = parse_quarter(period) if period else quarter_of(today, start)
    return PackPeriod(quarter, min(today, quarter.end_date(start)))


def _label(labels: dict, key: str | None) -> str:
    return _(labels[key]) if key in labels else (key or "")


def visit_of(uow: UnitOfWorkFactory, visit_id: str) -> PackVisit:
    """A visit as the packs show it (local start in its own zone, labels translated)."""
    detail = get_visit(uow, visit_id)
    return PackVisit(detail.local_start, detail.timezone, _label(KIND_LABELS, detail.kind),
                     _label(VISIT_STATUS_LABELS, detail.status), detail.place, detail.objective,
                     detail.local_start + timedelta(minutes=detail.duration_minutes))


def latest_report(uow: UnitOfWorkFactory, partner_id: str, audience: Audience, before: datetime) -> PackReport | None:
    """The report of the partner's latest visit (before a moment) that has one, for the audience."""
    for row in list_visits(uow, "history", partner_id=partner_id, now=before, limit=50):
        if not row.has_report or row.starts_at > before:
            continue
        report = get_report(uow, row.id)
        sections = tuple((_label(SECTION_LABELS, s.key), s.body.strip(), s.internal_only) for s in report.sections
                         if s.body.strip() and (audience is Audience.INTERNAL or not s.internal_only))  # fmt: skip
        if sections:
            return PackReport(row.starts_at.astimezone(ZoneInfo(row.timezone)).date(), sections)
    return None


def open_actions(uow: UnitOfWorkFactory, partner_id: str, audience: Audience) -> tuple[PackAction, ...]:
    """The partner's open action items the audience may see, soonest due first."""
    return tuple(PackAction(a.title, a.owner, a.due_on, a.internal_only)
                 for a in list_actions(uow, "partner", partner_id=partner_id)
                 if a.status == "open" and (audience is Audience.INTERNAL or not a.internal_only))  # fmt: skip


def _people(uow: UnitOfWorkFactory, partner_id: str, audience: Audience) -> tuple[PackPerson, ...]:
    found = partner_map(uow, partner_id)
    partner_side, our_side = _("Partner"), _("Our company")
    people = [PackPerson(c.name, partner_side, c.role, _("Main contact") if c.is_primary else "")
              for c in found.contacts]  # fmt: skip
    internal = audience is Audience.INTERNAL
    for link in found.links:
        people.append(PackPerson(link.stakeholder_name, our_side, link.business_unit,
                                 _label(RELATION_LABELS, link.relation),
                                 _label(INFLUENCE_LABELS, link.influence) if internal else "",
                                 _label(STANCE_LABELS, link.stance) if internal else ""))  # fmt: skip
    return tuple(people)


def _notes(uow: UnitOfWorkFactory, partner_id: str, audience: Audience) -> tuple[PackNote, ...]:
    internal = audience is Audience.INTERNAL
    return tuple(PackNote(n.plain_text.strip(), n.created_at.date(), n.tags, n.internal_only)
                 for n in partner_timeline(uow, partner_id, limit=200)
                 if n.pinned and n.plain_text.strip() and (internal or not n.internal_only))  # fmt: skip


def _visits(uow: UnitOfWorkFactory, partner_id: str, on: date) -> tuple[tuple[PackVisit, ...], PackVisit | None]:
    end = datetime.combine(on + timedelta(days=1), datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    since = end - timedelta(days=366)
    rows = [r for r in list_visits(uow, "all", partner_id=partner_id, limit=200)
            if since <= r.starts_at < end and r.status != "cancelled"][:VISITS_SHOWN]  # fmt: skip
    upcoming = list_visits(uow, "upcoming", partner_id=partner_id, now=utcnow(), limit=1)
    nxt = visit_of(uow, upcoming[0].id) if upcoming else None
    return tuple(visit_of(uow, r.id) for r in rows), nxt


def _facts(detail: PartnerDetail, assigned: str, qualified: str) -> tuple[tuple[str, str | date], ...]:
    lines = [
        (_("Type"), _label(TYPE_LABELS, detail.type)),
        (_("Status"), _label(STATUS_LABELS, detail.status)),
        (_("Motions"), ", ".join(_label(MOTION_LABELS, m) for m in detail.motions)),
        (_("Assigned tier"), assigned or "—"),
        (_("Qualified tier"), qualified or "—"),
        (_("City"), detail.city or ""),
        (_("Channel manager"), detail.owner_name or ""),
    ]
    return tuple((k, v) for k, v in lines if v)


def partner_pack(uow: UnitOfWorkFactory, partner_id: str, audience: Audience | str,
                 period: PackPeriod | None = None) -> PartnerPack:  # fmt: skip
    """Everything one partner's review pack shows, for an audience.

    Args:
        uow: Unit-of-work factory (only read).
        partner_id: A live partner.
        audience: ``partner`` (nothing internal-only, no stance or influence) or ``internal``.
        period: The quarter (default: the current one).

    Raises:
        prm_desktop.services.partners.PartnerNotFoundError: No such live partner.
    """
    audience = Audience(audience)
    period = period or pack_period(uow)
    on = period.on
    detail = get_partner(uow, partner_id)
    standing = partner_standing(uow, partner_id, on)
    current = standing.current
    profile = get_profile(uow)
    cover = PackCover(detail.name, detail.legal_name or "", period.label, detail.owner_name or profile.name,
                      profile.company_name, date.today(), detail.city or "")  # fmt: skip
    facts = _facts(detail, current.assigned, current.qualified)
    if detail.contract_end:
        facts += ((_("Contract end"), detail.contract_end),)
    revenue = tuple(PackQuarter(str(q.quarter), tuple((_label(MOTION_LABELS, m), v) for m, v in q.by_motion.items()),
                                q.total, q.target) for q in partner_revenue(uow, partner_id, on=on))  # fmt: skip
    matrix = tuple(PackCompetency(r.competency, r.level, r.status, r.accredited, r.min_accredited, r.references,
                                  r.min_references, r.revenue, r.min_revenue) for r in current.matrix)  # fmt: skip
    horizon = on + timedelta(days=CERT_HORIZON_DAYS)
    certs = tuple(sorted((PackCertification(c.contact, c.code, c.expires) for c in standing.certifications
                          if c.expires is not None and on <= c.expires <= horizon),
                         key=lambda c: (c.expires, c.contact.casefold())))  # fmt: skip
    visits, nxt = _visits(uow, partner_id, on)
    end = datetime.combine(on + timedelta(days=1), datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    return PartnerPack(
        partner_id, audience, cover, facts, current.headline, tuple(current.gaps),
        tuple((r.date, r.lost, r.reason) for r in current.risks), revenue, matrix, certs, visits, nxt,
        open_actions(uow, partner_id, audience), _people(uow, partner_id, audience),
        _notes(uow, partner_id, audience), latest_report(uow, partner_id, audience, end),
    )  # fmt: skip
