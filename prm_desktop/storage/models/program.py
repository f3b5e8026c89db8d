"""Programs and the partner facts the program engine reads."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, Synced, fk, referrer_index


class ProgramRecord(Synced, Base):
    """A program file as imported; replaced versions stay with ``superseded_at`` set."""

    __tablename__ = "programs"
    program_key: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)


class Certification(Synced, Base):
    """A certification held by a contact (Accréditation)."""

    __tablename__ = "certifications"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    contact_id: Mapped[str] = mapped_column(fk("contacts.id"), index=True)
    code: Mapped[str] = mapped_column(String(50))
    obtained_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)  # "expiring within N days": see the index below


#: "Expiring within N days" reads a range of expiry dates and every column it shows from the index (0013).
Index("ix_certifications_expires_on", Certification.expires_on, Certification.deleted_at, Certification.contact_id,
      Certification.partner_id, Certification.code)  # fmt: skip


class CustomerReference(Synced, Base):
    """A customer reference of a partner for a competency (Référence client)."""

    __tablename__ = "customer_references"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    competency_id: Mapped[str] = mapped_column(String(50))
    customer: Mapped[str] = mapped_column(String(300))
    validated: Mapped[bool] = mapped_column(Boolean, default=False)
    ref_date: Mapped[date | None] = mapped_column(Date)


class RevenueLine(Synced, Base):
    """Revenue of a partner for a quarter, motion and product family, in euros.

    ``period_start`` (the calendar day the quarter starts) is what readers use: a program's fiscal
    calendar derives the quarter from it. ``quarter`` is the label as written, in the fiscal calendar
    active then (information only).
    """

    __tablename__ = "revenue_lines"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))
    period_start: Mapped[date] = mapped_column(Date)
    motion: Mapped[str] = mapped_column(String(20))
    product_family: Mapped[str | None] = mapped_column(String(100))
    amount: Mapped[float] = mapped_column(Float)
    distributor_id: Mapped[str | None] = mapped_column(fk("partners.id"))
    #: ISO currency of ``amount``; None is EUR.
    currency: Mapped[str | None] = mapped_column(String(3))

    __table_args__ = (referrer_index("revenue_lines", "distributor_id"),)


class Target(Synced, Base):
    """Revenue target of a partner for a quarter (Objectif); dated by ``period_start`` like `RevenueLine`."""

    __tablename__ = "targets"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    quarter: Mapped[str] = mapped_column(String(7))
    period_start: Mapped[date] = mapped_column(Date)
    amount: Mapped[float] = mapped_column(Float)
    #: ISO currency of ``amount``; None is EUR.
    currency: Mapped[str | None] = mapped_column(String(3))
