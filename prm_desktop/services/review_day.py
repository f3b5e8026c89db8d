"""Gather the visit day sheet: a day's visits with what to know before leaving.

Each visit comes with its partners' key facts, attendees, open actions and last report (an internal
document: everything is kept).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import STATUS_LABELS
from prm_desktop.domain.review_pack import Audience, DayVisit, VisitDay
from prm_desktop.domain.visit_rules import MAX_DURATION_MINUTES
from prm_desktop.services.partners import PartnerNotFoundError, get_partner
from prm_desktop.services.profile import get_profile
from prm_desktop.services.programs import ProgramNotFoundError
from prm_desktop.services.review_pack import latest_report, open_actions, visit_of
from prm_desktop.services.standing import partner_standing
from prm_desktop.services.visits.due import owns_any_partner
from prm_desktop.services.visits.editing import get_visit
from prm_desktop.storage.reviews.queries import visit_ids_between
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["visit_day"]


def _key_facts(uow: UnitOfWorkFactory, partner_id: str, on: date) -> tuple[tuple[str, str | date], ...]:
    try:
        detail = get_partner(uow, partner_id)
    except PartnerNotFoundError:
        return ()
    facts: list[tuple[str, str | date]] = [(_("Partner"), detail.name),
                                           (_("Status"), _(STATUS_LABELS.get(detail.status, detail.status)))]
    try:
        standing = partner_standing(uow, partner_id, on).current
        facts.append((_("Standing"), standing.headline))
        if standing.gaps:
            facts.append((_("Next step"), standing.gaps[0]))
    except (LookupError, ProgramNotFoundError):
        pass
    main = next((c for c in detail.contacts if c.is_primary and c.left_on is None), None)
    if main is not None:
        facts.append((_("Main contact"), ", ".join(x for x in (main.name, main.role, main.phone) if x)))
    if detail.contract_end:
        facts.append((_("Contract end"), detail.contract_end))
    return tuple(facts)


def visit_day(uow: UnitOfWorkFactory, day: date, *, everyone: bool = False) -> VisitDay:
    """The visits of a day (in the user's time zone), in start order, with what to know before leaving.

    Args:
        uow: Unit-of-work factory.
        day: The day; a visit begun the day before and still running is on it too.
        everyone: Every team member's visits; by default mine only, as the Visits tab's "Mine only"
            (everyone's while I own no partner yet).
    """
    profile = get_profile(uow)
    zone = ZoneInfo(profile.timezone or "Europe/Paris")
    start = datetime.combine(day, time.min).replace(tzinfo=zone)
    me = profile.me_member_id
    owner = me if not everyone and owns_any_partner(uow, me) else None
    end = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=zone)
    with uow.read() as session:
        ids = visit_ids_between(session, start, end, owner_id=owner, longest_minutes=MAX_DURATION_MINUTES)
    items = []
    our = _("our company")
    for visit_id in ids:
        detail = get_visit(uow, visit_id)
        attendees = tuple(a.name + (f" ({our})" if a.kind != "contact" else "") for a in detail.attendees)
        facts: tuple[tuple[str, str | date], ...] = ()
        actions: tuple = ()
        report = None
        for partner_id in detail.partner_ids:
            facts += _key_facts(uow, partner_id, day)
            actions += open_actions(uow, partner_id, Audience.INTERNAL)
            report = report or latest_report(uow, partner_id, Audience.INTERNAL, detail.starts_at)
        items.append(DayVisit(visit_of(uow, visit_id), detail.partner_names, facts, attendees, actions, report,
                              detail.agenda))  # fmt: skip
    return VisitDay(day, profile.name, profile.company_name, tuple(items), owner is None)
