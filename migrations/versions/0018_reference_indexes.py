"""reference indexes: every foreign-key column of a synced table leads an index over the live rows using it

Revision ID: 0018_reference_indexes
Revises: 0017_summary_trigger_pause
Create Date: 2026-12-07 02:00:00

Undo never leaves a live row naming a row it removes: for each foreign key to the table undone it asks
which live rows name those ids. Seven columns had no index, and each question read its whole table: at
100,000 partners, undoing an added contact scanned the action items and visit attendees (135 ms), and
undoing a partner's deletion a million revenue lines for their distributor (350 ms). The indexes hold
only the live rows that name something (most of these columns are empty), so they stay small.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_reference_indexes"
down_revision = "0017_summary_trigger_pause"
branch_labels = None
depends_on = None

#: ``(table, column)`` of the foreign keys that had no index.
_COLUMNS = (
    ("notes", "author_id"),
    ("revenue_lines", "distributor_id"),
    ("action_items", "note_id"),
    ("action_items", "owner_contact_id"),
    ("visit_attendees", "contact_id"),
    ("visit_attendees", "stakeholder_id"),
    ("visit_attendees", "team_member_id"),
)


def upgrade() -> None:
    for table, column in _COLUMNS:
        op.create_index(f"ix_{table}_{column}_live", table, [column], unique=False, if_not_exists=True,
                        sqlite_where=sa.text(f"deleted_at IS NULL AND {column} IS NOT NULL"))


def downgrade() -> None:
    for table, column in reversed(_COLUMNS):
        op.drop_index(f"ix_{table}_{column}_live", table_name=table, if_exists=True)
