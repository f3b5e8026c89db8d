"""Internal stakeholders, their partner links, and notes."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, Synced, fk, referrer_index


class Stakeholder(Synced, Base):
    """A person of our own company (Partie prenante interne)."""

    __tablename__ = "stakeholders"
    name: Mapped[str] = mapped_column(String(200))
    business_unit: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    manager: Mapped[str | None] = mapped_column(String(200))


class StakeholderLink(Synced, Base):
    """How an internal stakeholder relates to a partner."""

    __tablename__ = "stakeholder_links"
    stakeholder_id: Mapped[str] = mapped_column(fk("stakeholders.id"), index=True)
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    relation: Mapped[str] = mapped_column(String(30))
    influence: Mapped[str] = mapped_column(String(10), default="medium")
    stance: Mapped[str] = mapped_column(String(10), default="neutral")


class Note(Synced, Base):
    """A note about a partner and/or an internal stakeholder."""

    __tablename__ = "notes"
    partner_id: Mapped[str | None] = mapped_column(fk("partners.id"), index=True)
    stakeholder_id: Mapped[str | None] = mapped_column(fk("stakeholders.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(500), default="")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[str | None] = mapped_column(fk("team_members.id"))

    __table_args__ = (referrer_index("notes", "author_id"),)
