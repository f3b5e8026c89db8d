"""revocations: a partner a user may no longer see is purged from their laptop

Revision ID: 0002_revocations
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_revocations"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "revocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("partner_id", sa.String(36), nullable=False),
        sa.Column("change_no", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_revocations_team_change", "revocations", ["team_id", "change_no"])


def downgrade() -> None:
    op.drop_table("revocations")
