"""sync: the client's identity and cursors, conflicts kept from merges

Revision ID: 0006_sync
Revises: 0005_search_everything
Create Date: 2026-12-06 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sync"
down_revision = "0005_search_everything"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "sync_state" in existing:  # a database put back to an older revision by hand keeps its tables
        return
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=16), nullable=False),
        sa.Column("bound_path", sa.Text(), nullable=False),
        sa.Column("pushed_seq", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.String(length=300), nullable=True),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_state"),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=60), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("kept_value", sa.Text(), nullable=True),
        sa.Column("lost_value", sa.Text(), nullable=True),
        sa.Column("kept_hlc", sa.String(length=40), nullable=True),
        sa.Column("lost_hlc", sa.String(length=40), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    op.create_index("ix_sync_conflicts_partner_id", "sync_conflicts", ["partner_id"])
    op.create_index("ix_change_log_hlc", "change_log", ["hlc"])


def downgrade() -> None:
    op.drop_index("ix_change_log_hlc", table_name="change_log")
    op.drop_index("ix_sync_conflicts_partner_id", table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    op.drop_table("sync_state")
