"""Visit lists: upcoming, to close (planned, date passed), to write up (done without report), history."""

from __future__ import annotations

from datetime import datetime

from prm_desktop.storage.models import utcnow
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.storage.visits.queries import LISTS, VisitRow, visit_rows

__all__ = ["LISTS", "VisitRow", "list_visits"]


def list_visits(uow: UnitOfWorkFactory, which: str, *, now: datetime | None = None, owner_id: str | None = None,
                partner_id: str | None = None, limit: int = 500, offset: int = 0) -> list[VisitRow]:  # fmt: skip
    """A page of a visit list.

    Args:
        uow: Unit-of-work factory.
        which: One of :data:`LISTS` (``upcoming`` soonest first, ``to_close`` oldest first,
            ``to_write_up`` and ``history`` latest first).
        now: The moment (defaults to now).
        owner_id: Only this team member's visits ("mine").
        partner_id: Only this partner's visits.
        limit: Rows at most.
        offset: Rows skipped.
    """
    with uow.read() as session:
        return visit_rows(session, which, now or utcnow(), owner_id=owner_id, partner_id=partner_id, limit=limit,
                          offset=offset)  # fmt: skip
