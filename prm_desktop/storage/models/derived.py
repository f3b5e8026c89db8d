"""Derived tables: rebuilt from the synced facts, never synced nor logged themselves.

``partner_summary`` holds one row per live partner with everything the partner list shows, sorts
and filters on, kept in step by a commit hook (`prm_desktop.services.partner_summary`). The
full-text table ``search_index`` (FTS5) and its row map ``search_rows`` are created by migration
0002 with raw SQL and have no model (Alembic skips ``search_*`` tables).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base

#: Columns the partner list sorts on (besides ``name_key``); tiers and statuses sort by their rank, text
#: by its normalised key (accents and ligatures folded, `normalize_text`).
SORT_COLUMNS: tuple[str, ...] = (
    "type", "status_rank", "tier_rank", "qualified_rank", "city_key", "region_key", "owner_key", "last_visit_on",
    "next_visit_due", "revenue_window", "attainment", "contract_end", "movement", "at_risk_on",
)  # fmt: skip


class PartnerSummary(Base):
    """One row per live partner: the list columns of the Partners tab, ready to sort and filter."""

    __tablename__ = "partner_summary"
    partner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    status_rank: Mapped[int | None] = mapped_column(Integer)
    assigned_tier: Mapped[str | None] = mapped_column(String(50))
    tier_rank: Mapped[int | None] = mapped_column(Integer)
    qualified_tier: Mapped[str | None] = mapped_column(String(50))
    qualified_rank: Mapped[int | None] = mapped_column(Integer)
    movement: Mapped[str | None] = mapped_column(String(10))
    at_risk_on: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[str | None] = mapped_column(String(36))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    city_key: Mapped[str | None] = mapped_column(String(120))
    region_key: Mapped[str | None] = mapped_column(String(100))
    owner_key: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[str] = mapped_column(String(500), default="")
    motions: Mapped[str] = mapped_column(String(100), default="")
    last_visit_on: Mapped[date | None] = mapped_column(Date)
    next_visit_due: Mapped[date | None] = mapped_column(Date)
    revenue_window: Mapped[float] = mapped_column(Float, default=0.0)
    target_window: Mapped[float] = mapped_column(Float, default=0.0)
    attainment: Mapped[float | None] = mapped_column(Float)
    contract_end: Mapped[date | None] = mapped_column(Date)
    computed_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (
        # One index per sort key, ending with the tie-breakers, so a page at any offset is an index walk.
        *(Index(f"ix_partner_summary_{column}", column, "name_key", "partner_id") for column in SORT_COLUMNS),
        Index("ix_partner_summary_name_key", "name_key", "partner_id"),
        Index("ix_partner_summary_owner_id", "owner_id", "name_key", "partner_id"),
        Index("ix_partner_summary_owner_next_visit_due", "owner_id", "next_visit_due", "name_key", "partner_id"),
        Index("ix_partner_summary_assigned_tier", "assigned_tier"),
        Index("ix_partner_summary_computed_on", "computed_on"),
        # The Status and City filters: a count is a range, a page by name a walk of it (migration 0015).
        Index("ix_partner_summary_status_filter", "status", "name_key", "partner_id"),
        Index("ix_partner_summary_city_filter", "city", "name_key", "partner_id"),
    )


class StandingConsolidation(Base):
    """Partners, revenue and target of one group of the summary (Competencies tab: tiers and revenue views).

    Kept by triggers on ``partner_summary`` (migration 0013): one row per ``dimension`` (``tier``,
    ``qualified``, ``type``, ``region``, ``owner``) and group value; a NULL group has ``group_is_set``
    False and ``group_value`` ''. Sums are compensated: the amount is ``revenue + revenue_error``.
    """

    __tablename__ = "standing_consolidation"
    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    group_is_set: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    group_value: Mapped[str] = mapped_column(String(300), primary_key=True)
    partners: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[float] = mapped_column(Float)
    revenue_error: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    target_error: Mapped[float] = mapped_column(Float)


class PartnerSummaryLabel(Base):
    """One motion (kind ``m``) or tag (kind ``t``) of a summary row, for the Motion and Tag filters.

    The label has its ASCII letters lower-cased (as the list's LIKE compared them before). Kept in step
    with ``partner_summary`` by triggers of migration 0015, on every write path; never written here.
    """

    __tablename__ = "partner_summary_labels"
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    label: Mapped[str] = mapped_column(String(100), primary_key=True)
    name_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    partner_id: Mapped[str] = mapped_column(String(36), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class SummaryTriggerPause(Base):
    """Empty, except inside a bulk summary write (then the label and consolidation triggers pause).

    While it has its row, the triggers on ``partner_summary`` of migrations 0013 and 0015 do nothing
    (migration 0017) and the writer brings both tables in step set-based itself
    (`prm_desktop.storage.partners.bulk_derived`).
    """

    __tablename__ = "summary_trigger_pause"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
