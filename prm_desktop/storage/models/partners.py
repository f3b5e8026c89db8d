"""Partners, their contacts and distributors, team members and the local user profile."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.domain.normalize import normalize_partner_name
from prm_desktop.storage.models.base import Base, Synced, fk


class TeamMember(Synced, Base):
    """A channel manager of the team; owner of partners."""

    __tablename__ = "team_members"
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(100))


class Partner(Synced, Base):
    """A partner company (Partenaire)."""

    __tablename__ = "partners"
    name: Mapped[str] = mapped_column(String(300))
    legal_name: Mapped[str | None] = mapped_column(String(300))
    siren: Mapped[str | None] = mapped_column(String(9), index=True)
    siret: Mapped[str | None] = mapped_column(String(14))
    vat: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20), default="reseller")
    motions: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    assigned_tier: Mapped[str | None] = mapped_column(String(50))
    partner_since: Mapped[date | None] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    #: Last visit made before the portfolio existed, given at import (the cadence counts from it).
    imported_last_visit_on: Mapped[date | None] = mapped_column(Date)
    parent_id: Mapped[str | None] = mapped_column(fk("partners.id"), index=True)
    region: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(12))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    owner_id: Mapped[str | None] = mapped_column(fk("team_members.id"), index=True)
    tags: Mapped[str] = mapped_column(String(500), default="")
    external_id: Mapped[str | None] = mapped_column(String(100), index=True)
    name_key: Mapped[str] = mapped_column(String(300), default="", index=True)

    @staticmethod
    def derived_columns(row: dict[str, Any]) -> dict[str, Any]:
        """Columns computed from others on every write: the matching key of the name."""
        return {"name_key": normalize_partner_name(row.get("name"))}


class PartnerDistributor(Synced, Base):
    """A distributor (grossiste) a partner buys through."""

    __tablename__ = "partner_distributors"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    distributor_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)


class Contact(Synced, Base):
    """A person at a partner (Contact partenaire)."""

    __tablename__ = "contacts"
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    left_on: Mapped[date | None] = mapped_column(Date)


class UserProfile(Base):
    """Local, unsynced profile of this laptop's user (one row, id 1)."""

    __tablename__ = "user_profile"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    me_member_id: Mapped[str | None] = mapped_column(fk("team_members.id"))
    company_name: Mapped[str] = mapped_column(String(200), default="")
    working_days: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")
    work_start: Mapped[str] = mapped_column(String(5), default="09:00")
    work_end: Mapped[str] = mapped_column(String(5), default="18:00")
    language: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    device_id: Mapped[str] = mapped_column(String(16), default="")
    first_run_done: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[str] = mapped_column(Text, default="{}")


Index("ix_partners_live_name", Partner.deleted_at, Partner.name_key)
#: A contact's state and name by id without reading its row ("expiring within N days", migration 0013).
Index("ix_contacts_live_name", Contact.id, Contact.deleted_at, Contact.left_on, Contact.name)
