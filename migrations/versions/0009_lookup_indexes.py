"""lookup indexes: certifications by expiry date, a note's change-log entries

Revision ID: 0009_lookup_indexes
Revises: 0005_search_everything
Create Date: 2026-12-06 04:00:00

``ix_certifications_expires_on``: the Competencies tab's "expiring within N days" reads a range of
expiry dates instead of every certification. ``ix_change_log_note_rows`` (partial: notes only, so
other writes pay nothing): a note's edit history reads its own entries instead of the whole log.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0009_lookup_indexes"
down_revision = "0008_metrics_facts_currency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # IF NOT EXISTS: a database whose version was set back by hand (tests do) may hold them already.
    op.create_index("ix_certifications_expires_on", "certifications", ["expires_on"], unique=False,
                    if_not_exists=True)  # fmt: skip
    op.create_index("ix_change_log_note_rows", "change_log", ["row_id"], unique=False,
                    sqlite_where=text("table_name = 'notes'"), if_not_exists=True)  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_change_log_note_rows", table_name="change_log", if_exists=True)
    op.drop_index("ix_certifications_expires_on", table_name="certifications", if_exists=True)
