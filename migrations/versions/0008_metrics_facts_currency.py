"""metrics, yes/no facts and currency: partner metrics by period, yes/no facts, currency of revenue and targets

Revision ID: 0008_metrics_facts_currency
Revises: 0005_search_everything
Create Date: 2026-12-06 04:20:00

Programs may decide on partner metrics (``prm-desktop import metrics``: one value per partner, metric
and period) and yes/no facts (``prm-desktop import facts``: business plan signed, audit passed…, each
valid over dates). Revenue lines and targets carry their ISO currency (NULL is EUR, as every row
before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_metrics_facts_currency"
down_revision = "0006_sync"
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _exists(table: str, column: str | None = None) -> bool:
    """Whether a table (or a column of it) is already there: a database whose version was set back by
    hand (tests of older upgrades do it) upgrades again without failing."""
    inspector = sa.inspect(op.get_bind())
    if table not in inspector.get_table_names():
        return False
    return column is None or column in {c["name"] for c in inspector.get_columns(table)}


def upgrade() -> None:
    if not _exists("partner_metrics"):
        _create_tables()
    for table in ("revenue_lines", "targets"):
        if not _exists(table, "currency"):
            with op.batch_alter_table(table) as batch_op:
                batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))


def _create_tables() -> None:
    op.create_table(
        "partner_metrics",
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("metric", sa.String(length=50), nullable=False),
        sa.Column("period", sa.String(length=12), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_partner_metrics_partner_id_partners"),
                                initially="DEFERRED", deferrable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_metrics")),
    )
    with op.batch_alter_table("partner_metrics") as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_metrics_partner_id"), ["partner_id"], unique=False)
    op.create_table(
        "partner_yes_no_facts",
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("fact", sa.String(length=50), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"],
                                name=op.f("fk_partner_yes_no_facts_partner_id_partners"),
                                initially="DEFERRED", deferrable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_yes_no_facts")),
    )
    with op.batch_alter_table("partner_yes_no_facts") as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_yes_no_facts_partner_id"), ["partner_id"], unique=False)


def downgrade() -> None:
    for table in ("targets", "revenue_lines"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("currency")
    with op.batch_alter_table("partner_yes_no_facts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_yes_no_facts_partner_id"))
    op.drop_table("partner_yes_no_facts")
    with op.batch_alter_table("partner_metrics") as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_metrics_partner_id"))
    op.drop_table("partner_metrics")
