"""visits: last-visit date given at import, cancel reason and outcome rating of a visit

Revision ID: 0004_visits
Revises: 0003_summary_sort_keys
Create Date: 2026-12-06 02:00:00

A partners import may give the last visit made before the portfolio existed ("dernière visite"):
the cadence rule counts from it (design §2). A cancelled visit keeps its reason; a report its
outcome rating (1–5).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_visits"
down_revision = "0003_summary_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("partners") as batch:
        batch.add_column(sa.Column("imported_last_visit_on", sa.Date(), nullable=True))
    with op.batch_alter_table("visits") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("outcome_rating", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits") as batch:
        batch.drop_column("outcome_rating")
        batch.drop_column("cancel_reason")
    with op.batch_alter_table("partners") as batch:
        batch.drop_column("imported_last_visit_on")
