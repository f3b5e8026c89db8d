"""Visits, their partners, attendees and report sections, and action items."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from prm_desktop.storage.models.base import Base, Synced, UtcDateTime, fk, referrer_index


class Visit(Synced, Base):
    """A visit (Visite): on site, video, phone or event; may gather several partners."""

    __tablename__ = "visits"
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str | None] = mapped_column(String(300))
    objective: Mapped[str | None] = mapped_column(Text)
    agenda: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_rating: Mapped[int | None] = mapped_column(Integer)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(fk("team_members.id"))
    #: iCalendar SEQUENCE: goes up when the time, place, attendees or status change.
    ics_sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: UID of the iCalendar event this visit was imported from (None: made here).
    ics_uid: Mapped[str | None] = mapped_column(String(255), index=True)

    #: The calendar: live visits of a day (counted on the index alone), the team's or one owner's.
    __table_args__ = (Index("ix_visits_live_starts_at", "deleted_at", "starts_at"),
                      Index("ix_visits_owner_live_starts_at", "owner_id", "deleted_at", "starts_at"),
                      Index("ix_visits_status_live_starts_at", "status", "deleted_at", "starts_at", "id"))  # fmt: skip


class VisitPartner(Synced, Base):
    """A partner taking part in a visit."""

    __tablename__ = "visit_partners"
    visit_id: Mapped[str] = mapped_column(fk("visits.id"), index=True)
    partner_id: Mapped[str] = mapped_column(fk("partners.id"), index=True)


class VisitAttendee(Synced, Base):
    """A person attending a visit: a partner contact, a stakeholder or a team member."""

    __tablename__ = "visit_attendees"
    visit_id: Mapped[str] = mapped_column(fk("visits.id"), index=True)
    contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"))
    stakeholder_id: Mapped[str | None] = mapped_column(fk("stakeholders.id"))
    team_member_id: Mapped[str | None] = mapped_column(fk("team_members.id"))

    __table_args__ = tuple(referrer_index("visit_attendees", column)
                           for column in ("contact_id", "stakeholder_id", "team_member_id"))


class VisitReportSection(Synced, Base):
    """A section of a visit report (compte rendu); some are internal-only."""

    __tablename__ = "visit_report_sections"
    visit_id: Mapped[str] = mapped_column(fk("visits.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)


class ActionItem(Synced, Base):
    """An action from a visit or a note, with an owner and a due date."""

    __tablename__ = "action_items"
    visit_id: Mapped[str | None] = mapped_column(fk("visits.id"), index=True)
    note_id: Mapped[str | None] = mapped_column(fk("notes.id"))
    partner_id: Mapped[str | None] = mapped_column(fk("partners.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner_contact_id: Mapped[str | None] = mapped_column(fk("contacts.id"))
    owner_stakeholder_id: Mapped[str | None] = mapped_column(fk("stakeholders.id"))
    owner_member_id: Mapped[str | None] = mapped_column(fk("team_members.id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)

    #: The Actions view's order over the live actions (open first, by due date, undated last), the whole
    #: team's, one member's and one stakeholder's: a page walks the index and stops (migration 0014).
    __table_args__ = (
        Index("ix_action_items_live_order", text("status DESC"), text("(due_on IS NULL)"), "due_on", "id",
              sqlite_where=text("deleted_at IS NULL")),
        Index("ix_action_items_owner_live_order", "owner_member_id", text("status DESC"), text("(due_on IS NULL)"),
              "due_on", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_action_items_stakeholder_live_order", "owner_stakeholder_id", text("status DESC"),
              text("(due_on IS NULL)"), "due_on", "id", sqlite_where=text("deleted_at IS NULL")),
        referrer_index("action_items", "note_id"),
        referrer_index("action_items", "owner_contact_id"),
    )  # fmt: skip
