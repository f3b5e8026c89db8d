"""What the partner list shows: the filter and the sort keys (plain values, read by services and storage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["NO_OWNER", "NO_TIER", "SORT_KEYS", "PartnerFilter"]

#: Value of ``PartnerFilter.tiers`` meaning "no assigned tier", of ``owner_id`` meaning "no owner".
NO_TIER = ""
NO_OWNER = ""

SORT_KEYS: tuple[str, ...] = (
    "name", "type", "assigned_tier", "qualified_tier", "status", "city", "region", "owner_name",
    "last_visit_on", "next_visit_due", "revenue_window", "attainment", "contract_end", "movement",
    "at_risk_on",
)  # fmt: skip


@dataclass(frozen=True)
class PartnerFilter:
    """What the partner list shows. Empty fields filter nothing; set fields are ANDed.

    ``today`` is the reference day of the date filters (None: today).
    """

    text: str = ""
    types: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    region: str | None = None
    city: str | None = None
    owner_id: str | None = None
    motion: str | None = None
    tag: str | None = None
    visit_overdue: bool = False
    contract_ends_within_days: int | None = None
    deleted: bool = False
    promotion_candidate: bool = False
    demotion_candidate: bool = False
    at_risk_within_days: int | None = None
    today: date | None = None
