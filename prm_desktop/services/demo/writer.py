"""Writing the demo portfolio: one unit of work, bulk inserts in chunks, progress and cancel."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import N_, _
from prm_desktop.services.demo.generator import Row, build_rows
from prm_desktop.services.programs import get_program
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
    UserProfile,
    Visit,
    VisitAttendee,
    VisitPartner,
    VisitReportSection,
)
from prm_desktop.storage.unit_of_work import UnitOfWork, UnitOfWorkFactory

#: Rows per ``bulk_insert`` call; progress and cancel are checked between chunks.
CHUNK_SIZE = 5000

ProgressCallback = Callable[[int, int, str], None]

#: What progress messages call each table.
TABLE_LABELS: dict[type[Base], str] = {
    TeamMember: N_("team members"),
    Stakeholder: N_("internal stakeholders"),
    Partner: N_("partners"),
    PartnerDistributor: N_("distributor links"),
    Contact: N_("contacts"),
    Certification: N_("certifications"),
    CustomerReference: N_("customer references"),
    RevenueLine: N_("revenue lines"),
    Target: N_("targets"),
    StakeholderLink: N_("stakeholder links"),
    Visit: N_("visits"),
    VisitPartner: N_("visit partners"),
    VisitAttendee: N_("visit attendees"),
    VisitReportSection: N_("visit report sections"),
    Note: N_("notes"),
    ActionItem: N_("action items"),
    PartnerMetricValue: N_("metric values"),
    PartnerYesNoFact: N_("yes/no facts"),
}


class DemoCancelled(Exception):
    """The demo generation was cancelled; nothing was written."""


@dataclass(frozen=True)
class DemoResult:
    """What the demo wrote: its batch (undo it with ``undo-batch``) and rows per table."""

    batch_id: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Rows written, all tables together."""
        return sum(self.counts.values())


def generate_demo(
    uow: UnitOfWorkFactory,
    partners: int = 1500,
    seed: int = 1,
    today: date | None = None,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> DemoResult:
    """Write a realistic French demo portfolio built from the active program, as one undoable batch.

    The content depends only on the program, ``partners``, ``seed`` and ``today`` (row ids are new).

    Args:
        uow: Unit-of-work factory of the portfolio.
        partners: Number of partners to create (≥ 1).
        seed: Seed of the random source.
        today: Date the portfolio is built around (default: today).
        progress: Called as ``progress(done, total, message)``: first with ``total`` 0 while rows are
            prepared (unknown length), then after each chunk of rows written.
        cancelled: Polled between chunks; when it returns True the generation stops.

    Returns:
        The batch id and the number of rows written per table.

    Raises:
        DemoCancelled: ``cancelled()`` returned True; the transaction was rolled back.
        ProgramNotFoundError: No active program.
        ValueError: ``partners`` is less than 1.
    """
    if partners < 1:
        raise ValueError(_("The demo needs at least one partner."))
    report = progress or _ignore_progress
    is_cancelled = cancelled or _never
    program = get_program(uow)
    with _without_cyclic_gc():
        report(0, 0, _("Preparing the demo portfolio…"))
        tables = build_rows(program, partners, seed, today or date.today())
        _stop_if(is_cancelled)
        label = _("Demo portfolio ({count} partners)", count=partners)
        with uow(kind="demo", label=label) as work:
            counts = _write(work, tables, report, is_cancelled)
            _stop_if(is_cancelled)
            report(sum(counts.values()), sum(counts.values()), _("Saving…"))
            work.commit()
    return DemoResult(work.batch_id, counts)


def _write(
    work: UnitOfWork,
    tables: list[tuple[type[Base], list[Row]]],
    report: ProgressCallback,
    is_cancelled: Callable[[], bool],
) -> dict[str, int]:
    """Bulk-insert every table in chunks; returns the rows written per table."""
    total = sum(len(rows) for _model, rows in tables)
    team = next((rows for model, rows in tables if model is TeamMember), [])
    counts: dict[str, int] = {}
    done = 0
    for model, rows in tables:
        label = _(TABLE_LABELS.get(model, model.__tablename__))
        for start in range(0, len(rows), CHUNK_SIZE):
            _stop_if(is_cancelled)
            chunk = rows[start : start + CHUNK_SIZE]
            work.bulk_insert(model, chunk)
            done += len(chunk)
            report(done, total, _("Writing {table}…", table=label))
        counts[model.__tablename__] = len(rows)
        if model is not TeamMember:
            rows.clear()  # written: free the rows as we go
    if team:
        _set_me(work.session, team[0]["id"])
    return counts


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: millions of acyclic row dicts make its passes costly."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _set_me(session: Session, member_id: str) -> None:
    """Make ``member_id`` "me" unless the profile already names a live team member."""
    profile = session.get(UserProfile, 1)
    if profile is None:
        session.add(UserProfile(id=1, me_member_id=member_id))
        return
    current = session.get(TeamMember, profile.me_member_id) if profile.me_member_id else None
    if current is None or current.deleted_at is not None:
        profile.me_member_id = member_id


def _stop_if(is_cancelled: Callable[[], bool]) -> None:
    if is_cancelled():
        raise DemoCancelled(_("Demo generation cancelled; nothing was written."))


def _ignore_progress(_done: int, _total: int, _message: str) -> None:
    return None


def _never() -> bool:
    return False
