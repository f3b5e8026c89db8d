"""A partner's revenue by quarter and motion against its targets (the Revenue page of the Competencies tab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prm_desktop.domain.program import MOTIONS
from prm_desktop.domain.quarters import Quarter, quarter_of
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.standing.queries import revenue_by_quarter, targets_by_quarter
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = ["QUARTERS_SHOWN", "QuarterRevenue", "partner_revenue"]

#: Quarters shown, ending with the current one.
QUARTERS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class QuarterRevenue:
    """Revenue of one quarter by motion, its total, target and attainment (None without a target)."""

    quarter: Quarter
    by_motion: dict[str, float]
    total: float
    target: float | None
    attainment: float | None
    in_window: bool


def partner_revenue(uow: UnitOfWorkFactory, partner_id: str, on: date | None = None,
                    quarters: int = QUARTERS_SHOWN) -> list[QuarterRevenue]:
    """The partner's last ``quarters`` fiscal quarters (oldest first), ending with the one containing ``on``."""
    on = on or date.today()
    try:
        program = get_program(uow)
        start_month, window = program.fiscal_year_start_month, program.revenue_window_quarters
    except ProgramNotFoundError:
        start_month, window = 1, 4
    last = quarter_of(on, start_month)
    shown = [last.shift(-i) for i in reversed(range(quarters))]
    # Rows are dated by the day their period starts: the quarters are those of this program's calendar.
    first, until = shown[0].start_date(start_month), last.shift(1).start_date(start_month)
    with uow.read() as session:
        lines = revenue_by_quarter(session, partner_id, first, until, start_month)
        targets = targets_by_quarter(session, partner_id, first, until, start_month)
    sums: dict[str, dict[str, float]] = {}
    for quarter, motion, amount in lines:
        sums.setdefault(quarter, {})
        sums[quarter][motion] = sums[quarter].get(motion, 0.0) + amount
    result = []
    for position, quarter in enumerate(shown):
        by_motion = {m: round(sums.get(str(quarter), {}).get(m, 0.0), 2) for m in MOTIONS}
        for motion, amount in sums.get(str(quarter), {}).items():
            by_motion.setdefault(motion, round(amount, 2))
        total = round(sum(by_motion.values()), 2)
        target = targets.get(str(quarter))
        attainment = total / target if target else None
        result.append(QuarterRevenue(quarter, by_motion, total, target, attainment,
                                     position >= len(shown) - window))
    return result
