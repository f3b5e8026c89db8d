"""Partner metrics by period and yes/no facts (program engine, part 2)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, Synced, fk


class PartnerMetricValue(Synced, Base):
    """A metric's value for a partner and a period (``2026-03``, ``2026-Q1``, ``FY2026``), keyed on the three."""

    __tablename__ = "partner_metrics"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    metric: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(12))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)


class PartnerYesNoFact(Synced, Base):
    """A yes/no fact of a partner (``business_plan``), held from ``valid_from`` to ``valid_until``."""

    __tablename__ = "partner_yes_no_facts"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    fact: Mapped[str] = mapped_column(String(50))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
