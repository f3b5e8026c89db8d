"""sync resync: the server incarnation a laptop last synced with, and a full resync left to finish

Revision ID: 0016_sync_resync
Revises: 0015_partner_filter_indexes
Create Date: 2026-12-06 07:00:00

``server_incarnation`` names the server database the cursor and acknowledgements belong to: when it
changes (the server's database was restored from a backup) the laptop pushes again what the server
lost and pulls everything. ``resync_due`` stays set until such a full pull has finished (a crash
half-way starts it again), as it does when the laptop's cursor is older than the server's oldest
kept tombstone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_sync_resync"
down_revision = "0015_partner_filter_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("server_incarnation", sa.String(100), nullable=True))
        batch.add_column(sa.Column("resync_due", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("resync_due")
        batch.drop_column("server_incarnation")
