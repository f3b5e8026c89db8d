"""Visit cadence and due dates (design §2, "Cadence policy"): one rule for every view and the CLI.

- A partner *expects visits* only when its status is one of the policy's counting statuses
  (program option ``visit_statuses``; default active, at risk, onboarding).
- Its *last visit* is its last **done** visit of a counting kind (program option
  ``counting_visit_kinds``; default on site and video), or the last-visit date given at import when
  that is later.
- *Due date* = last visit + the cadence of its assigned tier (tier ``visit_every_days``; defaults
  Platinum 30, Gold 60, Silver 90, others 180). Never visited: one cadence after the partner was
  added to the portfolio.
- A **planned** visit (any kind, not cancelled, not done) takes the partner off the to-plan list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = [
    "DEFAULT_VISIT_STATUSES",
    "CadencePolicy",
    "VisitDue",
    "next_due",
    "visit_due",
]

#: Partner statuses where visits are expected, unless the program says otherwise.
DEFAULT_VISIT_STATUSES: tuple[str, ...] = ("active", "at_risk", "onboarding")


@dataclass(frozen=True)
class CadencePolicy:
    """What the due-date rule needs from the active program.

    Attributes:
        cadences: Days between visits by tier id.
        default_days: Days for partners without a (known) tier.
        counting_kinds: Visit kinds that count as a visit.
        counting_statuses: Partner statuses that expect visits.
    """

    cadences: Mapping[str, int] = field(default_factory=lambda: {"platinum": 30, "gold": 60, "silver": 90})
    default_days: int = 180
    counting_kinds: frozenset[str] = frozenset({"on_site", "video"})
    counting_statuses: frozenset[str] = frozenset(DEFAULT_VISIT_STATUSES)

    @classmethod
    def of(cls, cadences: Mapping[str, int], default_days: int, counting_kinds: Iterable[str],
           counting_statuses: Iterable[str]) -> CadencePolicy:  # fmt: skip
        """Build a policy from plain values (e.g. a program's options)."""
        return cls(dict(cadences), int(default_days), frozenset(counting_kinds), frozenset(counting_statuses))

    def cadence_days(self, tier_id: str | None) -> int:
        """Days between visits for a partner whose assigned tier is ``tier_id``."""
        if tier_id is None:
            return self.default_days
        return int(self.cadences.get(tier_id, self.default_days))

    def expects_visits(self, status: str | None) -> bool:
        """Whether a partner with this status should be visited."""
        return status in self.counting_statuses

    def counts(self, kind: str, status: str) -> bool:
        """Whether a visit of this kind and status counts as the partner's last visit."""
        return status == "done" and kind in self.counting_kinds


@dataclass(frozen=True)
class VisitDue:
    """Where a partner stands with its visits on a day.

    Attributes:
        last_visit: Last counting visit (or last-visit date given at import), or None.
        due_on: Next due date (None when the partner's status expects no visit).
        planned_on: Day of the next planned visit, or None.
        days_overdue: Days past the due date (0 when not overdue).
        to_plan: Due on or before the horizon, expecting visits and no visit planned.
    """

    last_visit: date | None
    due_on: date | None
    planned_on: date | None
    days_overdue: int
    to_plan: bool


def next_due(policy: CadencePolicy, *, status: str | None, tier_id: str | None, last_visit: date | None,
             added_on: date | None, imported_last_visit: date | None = None) -> date | None:  # fmt: skip
    """The next due date of a partner (None when its status expects no visit).

    Args:
        policy: The cadence policy.
        status: Partner status.
        tier_id: Assigned tier id.
        last_visit: Day of its last done visit of a counting kind.
        added_on: Day it was added to the portfolio.
        imported_last_visit: Last-visit date given at import.
    """
    if not policy.expects_visits(status):
        return None
    known = [d for d in (last_visit, imported_last_visit) if d is not None]
    base = max(known) if known else added_on
    if base is None:
        return None
    return base + timedelta(days=policy.cadence_days(tier_id))


def visit_due(policy: CadencePolicy, today: date, *, status: str | None, tier_id: str | None,
              last_visit: date | None, added_on: date | None, imported_last_visit: date | None = None,
              planned_on: date | None = None, horizon_days: int = 0) -> VisitDue:  # fmt: skip
    """Due date, days overdue and whether the partner belongs on the to-plan list.

    Args:
        policy: The cadence policy.
        today: Day of computation.
        status: Partner status.
        tier_id: Assigned tier id.
        last_visit: Day of its last done visit of a counting kind.
        added_on: Day it was added to the portfolio.
        imported_last_visit: Last-visit date given at import.
        planned_on: Day of a planned visit (any kind), if one exists.
        horizon_days: Also list partners due within this many days.
    """
    due = next_due(policy, status=status, tier_id=tier_id, last_visit=last_visit, added_on=added_on,
                   imported_last_visit=imported_last_visit)  # fmt: skip
    known = [d for d in (last_visit, imported_last_visit) if d is not None]
    overdue = max(0, (today - due).days) if due is not None else 0
    to_plan = due is not None and planned_on is None and due <= today + timedelta(days=horizon_days)
    return VisitDue(max(known) if known else None, due, planned_on, overdue, to_plan)
