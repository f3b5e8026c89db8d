"""Tier review: give partners the tier their facts qualify them for (promotion and demotion candidates).

A channel manager going through the candidates (Competencies › Promotion candidates, Demotion
candidates) accepts the program's verdict for the partners chosen, in one change that Edit › Undo
takes back whole. Each partner is evaluated again on its facts as they are at that moment, inside the
unit of work that writes (the stored summary may be minutes old, and a partner edited meanwhile must
not get a tier its new facts no longer give). The tier written is the one the program gives on the
day, a tier kept by a review or grace period included: what the "Qualifies for" column shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from prm_desktop.domain.evaluation import evaluate
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.evaluation import facts_day, first_window_quarter, load_facts_in
from prm_desktop.services.evaluation_parts import partners_evaluated
from prm_desktop.services.partner_summary import active_program
from prm_desktop.services.programs import ProgramNotFoundError
from prm_desktop.storage.models import Partner
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["TierChange", "assign_qualified_tiers", "qualified_tier_changes"]

ProgressFn = Callable[[int, int, str], None]
#: Progress is reported every this many partners evaluated.
PROGRESS_EVERY = 200
#: Partners read per query when their tiers are written.
_READ_CHUNK = 500


@dataclass(frozen=True)
class TierChange:
    """A partner whose assigned tier differs from the one it qualifies for (tier ids; None: no tier).

    ``assigned_name`` and ``qualified_name`` are the tiers' names in the program ("" for no tier; a tier
    the program does not have keeps its id).
    """

    partner_id: str
    name: str
    assigned: str | None
    qualified: str | None
    assigned_name: str = field(default="", compare=False)
    qualified_name: str = field(default="", compare=False)


def qualified_tier_changes(uow: UnitOfWorkFactory, partner_ids: Sequence[str], on: date | None = None,
                           progress: ProgressFn | None = None) -> list[TierChange]:
    """What `assign_qualified_tiers` would change for these partners on ``on`` (today by default); nothing written.

    In the order the partners are given; partners already assigned the tier they qualify for, and
    deleted or unknown ids, are left out. ``progress(done, total, message)`` is told how many
    partners are evaluated; when it has a ``check()`` (the task runner's, a worker job's), the
    exception that raises once the user cancelled stops the work, and nothing is written.

    Raises:
        ProgramNotFoundError: No active program.
    """
    with uow.read() as session:
        return _changes(session, partner_ids, on or date.today(), progress)


def assign_qualified_tiers(uow: UnitOfWorkFactory, partner_ids: Sequence[str], on: date | None = None,
                           progress: ProgressFn | None = None) -> list[TierChange]:
    """Assign each of these live partners the tier it qualifies for on ``on`` (today by default).

    One unit of work, one step of Edit › Undo; nothing is written when no partner changes.
    ``progress`` as in `qualified_tier_changes`.

    Returns:
        The changes made, in the order the partners were given.

    Raises:
        ProgramNotFoundError: No active program.
    """
    day = on or date.today()
    with uow(kind="edit", label=_("Assign the qualified tier")) as work:
        changes = _changes(work.session, partner_ids, day, progress)
        if not changes:
            return []
        work.describe("edit", _n("Assign the qualified tier to {count} partner",
                                 "Assign the qualified tier to {count} partners", len(changes), count=len(changes)))
        session = work.session
        with session.no_autoflush:  # one flush at the commit, not one per partner read
            partners: dict[str, Partner] = {}
            ids = [c.partner_id for c in changes]
            for start in range(0, len(ids), _READ_CHUNK):
                chunk = ids[start:start + _READ_CHUNK]
                partners.update((p.id, p) for p in session.scalars(select(Partner).where(Partner.id.in_(chunk))))
            for change in changes:
                partners[change.partner_id].assigned_tier = change.qualified  # live: read in this transaction
        work.commit()
        return changes


def _changes(session: Session, partner_ids: Sequence[str], on: date,
             progress: ProgressFn | None) -> list[TierChange]:
    program = active_program(session)
    if program is None:
        raise ProgramNotFoundError(_("No active program. Import one with 'program import FILE'."))
    if not partner_ids:
        return []
    facts = load_facts_in(session, list(dict.fromkeys(partner_ids)), first_window_quarter([program], on),
                          facts_day([program], on), fiscal_start_month=program.fiscal_year_start_month)
    names = {t.id: t.name for t in program.tiers}

    def name(tier: str | None) -> str:
        return names.get(tier, tier) if tier else ""

    changes = []
    total = len(facts)
    for done, partner in enumerate(facts, start=1):
        tier = evaluate(program, partner, on, with_gaps=False).tier
        if tier != partner.assigned_tier:
            changes.append(TierChange(partner.partner_id, partner.name, partner.assigned_tier, tier,
                                      name(partner.assigned_tier), name(tier)))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total, partners_evaluated(done, total))
            check = getattr(progress, "check", None)
            if check is not None:
                check()  # the task runner's and a worker job's raise once the user cancelled
    return changes
