"""visit ics: the iCalendar SEQUENCE of a visit, the UID of an imported event, indexes for the calendar

Revision ID: 0010_visit_ics
Revises: 0005_search_everything
Create Date: 2026-12-06 04:00:00

A visit exported to Outlook or Google Calendar keeps one UID (made from its id) and a SEQUENCE
that goes up each time its time, place, attendees or status change, so that importing the file
again updates the event. A visit made from an imported event keeps that event's UID (indexed:
importing the file again updates the visit instead of adding one). The calendar reads the live visits
of each day (the team's, or one owner's) on an index, and counts busy days on the index alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_visit_ics"
down_revision = "0009_lookup_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("ics_sequence", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("ics_uid", sa.String(length=255), nullable=True))
        batch.create_index(batch.f("ix_visits_ics_uid"), ["ics_uid"], unique=False)
        batch.create_index("ix_visits_live_starts_at", ["deleted_at", "starts_at"], unique=False)
        batch.create_index("ix_visits_owner_live_starts_at", ["owner_id", "deleted_at", "starts_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_index("ix_visits_owner_live_starts_at")
        batch.drop_index("ix_visits_live_starts_at")
        batch.drop_index(batch.f("ix_visits_ics_uid"))
        batch.drop_column("ics_uid")
        batch.drop_column("ics_sequence")
