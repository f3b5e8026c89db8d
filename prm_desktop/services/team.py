"""Team members (channel managers who own partners): listing and creation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from prm_desktop.domain.i18n import _
from prm_desktop.domain.partner_rules import TeamMemberInput, validate_team_member
from prm_desktop.storage.models import TeamMember
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["TeamMemberInfo", "TeamMemberInput", "create_team_member", "list_team_members"]


@dataclass(frozen=True)
class TeamMemberInfo:
    """A team member as listed (owner choices, filters)."""

    id: str
    name: str
    email: str | None
    phone: str | None
    region: str | None


def _info(member: TeamMember) -> TeamMemberInfo:
    return TeamMemberInfo(member.id, member.name, member.email, member.phone, member.region)


def list_team_members(uow: UnitOfWorkFactory, include_deleted: bool = False) -> list[TeamMemberInfo]:
    """Team members by name.

    Args:
        uow: Unit-of-work factory.
        include_deleted: Also list deleted members.
    """
    with uow.read() as session:
        query = select(TeamMember)
        if not include_deleted:
            query = query.where(TeamMember.deleted_at.is_(None))
        return [_info(m) for m in session.scalars(query.order_by(TeamMember.name, TeamMember.id))]


def create_team_member(uow: UnitOfWorkFactory, data: TeamMemberInput) -> TeamMemberInfo:
    """Add a team member.

    Raises:
        ValidationErrors: A field is invalid (the name is required).
    """
    values = validate_team_member(data)
    with uow(kind="edit", label=_("New team member {name}", name=values["name"])) as work:
        member = TeamMember(**values)
        work.session.add(member)
        work.commit()
        return _info(member)
