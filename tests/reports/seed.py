"""A partner with content of every kind, internal-only content included, for the review pack tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from prm_desktop.domain.partner_facts import CertificationInput, RevenueInput, TargetInput
from prm_desktop.domain.partner_rules import ContactInput, PartnerInput, TeamMemberInput
from prm_desktop.domain.quarters import quarter_of
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.domain.stakeholders import LinkInput, StakeholderInput
from prm_desktop.domain.visit_rules import ActionInput, ReportSectionInput, VisitInput
from prm_desktop.services.contacts import add_contact
from prm_desktop.services.partners import create_partner
from prm_desktop.services.people.directory import create_stakeholder
from prm_desktop.services.people.links import link_stakeholder
from prm_desktop.services.people.notes import create_note
from prm_desktop.services.profile import Profile, save_profile
from prm_desktop.services.programs import get_program
from prm_desktop.services.standing_facts import add_certification, add_revenue, add_target
from prm_desktop.services.team import create_team_member
from prm_desktop.services.visits.editing import create_visit, mark_done
from prm_desktop.services.visits.report import add_action, save_report

NAME = "Société Œuvre & Fils"
#: Text of each internal-only item: none may reach a partner-facing pack.
SECRETS = {
    "note": "Négociation tendue côté direction",
    "section": "Marge cachée du distributeur",
    "action": "Préparer l’escalade interne",
}
SHARED = {"note": "Salon de printemps à Lyon", "section": "Revue des références clients", "action": "Envoyer l’offre"}
STANCE, INFLUENCE = "Sceptic", "High influence"
STANCE_FR, INFLUENCE_FR = "Sceptique", "Influence forte"


COMPANY = "Logiciels Cœur SA"
OWNER = "Zoë Lefèvre"


def seed_profile(uow) -> str:  # noqa: ANN001
    """Me (a team member) and my company; returns my member id."""
    return save_profile(uow, Profile(name=OWNER, company_name=COMPANY)).me_member_id


def seed_partner(uow, name: str = NAME, *, owner_id: str | None = None, with_secrets: bool = True) -> str:  # noqa: ANN001
    """A partner with revenue, a target, a certification expiring soon, a done visit with a report,
    open actions, people and pinned notes (internal-only ones too); returns its id."""
    today = date.today()
    program = get_program(uow)
    member_id = owner_id or create_team_member(uow, TeamMemberInput(name="Jérôme Dupré")).id
    pid = create_partner(uow, PartnerInput(name=name, legal_name=f"{name} SAS", city="Orléans",
                                           motions=("resell",), assigned_tier=program.tiers[0].id,
                                           owner_id=member_id)).id  # fmt: skip
    contact = add_contact(uow, pid, ContactInput(name="Zoë Lefèvre-Brûlé", role="Directrice technique",
                                                 is_primary=True))  # fmt: skip
    code = program.competencies[0].certifications[0]
    add_certification(uow, pid, CertificationInput(contact.id, code, today - timedelta(days=600),
                                                   today + timedelta(days=100)))  # fmt: skip
    quarter = quarter_of(today, program.fiscal_year_start_month)
    add_revenue(uow, pid, RevenueInput(str(quarter), "resell", "1234567"))
    add_revenue(uow, pid, RevenueInput(str(quarter.shift(-1)), "resell", "98765"))
    add_target(uow, pid, TargetInput(str(quarter), "2000000"))
    person = create_stakeholder(uow, StakeholderInput(name="Hélène Côté", business_unit="Ventes"))
    link_stakeholder(uow, person.id, pid, LinkInput(relation="executive_sponsor", influence="high", stance="sceptic"))
    visit = create_visit(uow, VisitInput([pid], starts_at=datetime.now(UTC) - timedelta(days=20), place="Orléans",
                                         objective="Revue trimestrielle", contact_ids=[contact.id]))  # fmt: skip
    mark_done(uow, visit)
    sections = [ReportSectionInput("context", SHARED["section"])]
    if with_secrets:
        sections.append(ReportSectionInput("competition", SECRETS["section"], internal_only=True))
    save_report(uow, visit, sections)
    add_action(uow, ActionInput(SHARED["action"], owner_member_id=member_id, due_on=today + timedelta(days=10),
                                partner_id=pid), visit)  # fmt: skip
    create_note(uow, NoteInput(SHARED["note"], partner_id=pid, pinned=True))
    if with_secrets:
        add_action(uow, ActionInput(SECRETS["action"], owner_member_id=member_id, internal_only=True,
                                    partner_id=pid), visit)  # fmt: skip
        create_note(uow, NoteInput(SECRETS["note"], partner_id=pid, pinned=True, internal_only=True))
    return pid
