"""partner summary and full-text search index

Revision ID: 0002_partner_summary_search
Revises: 0001_initial
Create Date: 2026-11-23 09:00:00

``partner_summary`` is a plain derived table (one row per live partner, the partner list's columns).
``search_index`` is an FTS5 table over text normalised in Python (design §4); ``search_rows`` maps
each FTS row id to its kind, entity and partner so that rows can be replaced without scanning the
FTS table (its UNINDEXED columns cannot be looked up). Alembic's comparison skips ``search_*``.
Both are filled by the app (``partner_summary.refresh_all`` and ``search_index.rebuild_all``) when
they are found empty or stale at start.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_partner_summary_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

SORT_COLUMNS = (
    "type", "status_rank", "tier_rank", "qualified_rank", "city", "region", "owner_name", "last_visit_on",
    "next_visit_due", "revenue_window", "attainment", "contract_end", "movement", "at_risk_on",
)
INDEXES = {
    **{f"ix_partner_summary_{column}": [column, "name_key", "partner_id"] for column in SORT_COLUMNS},
    "ix_partner_summary_name_key": ["name_key", "partner_id"],
    "ix_partner_summary_owner_id": ["owner_id", "name_key", "partner_id"],
    "ix_partner_summary_assigned_tier": ["assigned_tier"],
    "ix_partner_summary_computed_on": ["computed_on"],
}


def upgrade() -> None:
    op.create_table(
        "partner_summary",
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_rank", sa.Integer(), nullable=True),
        sa.Column("assigned_tier", sa.String(length=50), nullable=True),
        sa.Column("tier_rank", sa.Integer(), nullable=True),
        sa.Column("qualified_tier", sa.String(length=50), nullable=True),
        sa.Column("qualified_rank", sa.Integer(), nullable=True),
        sa.Column("movement", sa.String(length=10), nullable=True),
        sa.Column("at_risk_on", sa.Date(), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=True),
        sa.Column("tags", sa.String(length=500), nullable=False),
        sa.Column("motions", sa.String(length=100), nullable=False),
        sa.Column("last_visit_on", sa.Date(), nullable=True),
        sa.Column("next_visit_due", sa.Date(), nullable=True),
        sa.Column("revenue_window", sa.Float(), nullable=False),
        sa.Column("target_window", sa.Float(), nullable=False),
        sa.Column("attainment", sa.Float(), nullable=True),
        sa.Column("contract_end", sa.Date(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_partner_summary")),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "partner_summary", columns, unique=False)

    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, entity_id UNINDEXED, partner_id UNINDEXED, body, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
    )
    op.execute(
        "CREATE TABLE search_rows ("
        "id INTEGER PRIMARY KEY, kind VARCHAR(10) NOT NULL, entity_id VARCHAR(36) NOT NULL, "
        "partner_id VARCHAR(36))"
    )
    op.execute("CREATE INDEX ix_search_rows_partner_id ON search_rows (partner_id)")
    op.execute("CREATE INDEX ix_search_rows_entity_id ON search_rows (entity_id)")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_rows")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_table("partner_summary")  # its indexes go with it
