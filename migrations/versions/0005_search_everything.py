"""search everything: the full-text index is refilled with stakeholders, report sections and actions

Revision ID: 0005_search_everything
Revises: 0004_visits
Create Date: 2026-12-06 03:00:00

The index now also holds internal stakeholders, visit-report sections and action items (same
tables, new ``kind`` values). Its entries are emptied here; the app refills the whole index at
start when it finds it empty while there are rows to index (``partner_summary.ensure_derived``).
"""

from __future__ import annotations

from alembic import op

revision = "0005_search_everything"
down_revision = "0004_visits"
branch_labels = None
depends_on = None


def _empty_index() -> None:
    op.execute("DELETE FROM search_rows")
    op.execute("DELETE FROM search_index")


def upgrade() -> None:
    _empty_index()


def downgrade() -> None:
    _empty_index()
