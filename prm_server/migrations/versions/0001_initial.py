"""initial server schema: teams, users, tokens, clients, synced rows, shares

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("counter", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("member_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("family", sa.String(64), nullable=False, index=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default="false"),
    )
    op.create_table(
        "server_settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "clients",
        sa.Column("client_id", sa.String(16), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hlc", sa.String(40), nullable=False),
    )
    op.create_table(
        "rows",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("table_name", sa.String(60), primary_key=True),
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("scope_key", sa.String(36)),
        sa.Column("partner_id", sa.String(36)),
        sa.Column("data", JSONB(), nullable=False),
        sa.Column("field_hlc", JSONB(), nullable=False),
        sa.Column("hlc", sa.String(40), nullable=False),
        sa.Column("gone", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("change_no", sa.BigInteger(), nullable=False),
        sa.Column("last_client", sa.String(16)),
    )
    op.create_index("ix_rows_team_change", "rows", ["team_id", "change_no"])
    op.create_index("ix_rows_team_scope", "rows", ["team_id", "scope", "scope_key"])
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("partner_id", sa.String(36), nullable=False, index=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id")),
        sa.Column("change_no", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    for table in ("shares", "rows", "clients", "server_settings", "refresh_tokens", "users", "teams"):
        op.drop_table(table)
