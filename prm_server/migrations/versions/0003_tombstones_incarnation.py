"""tombstones dated and purged, a server incarnation, personal-data purges remembered

Revision ID: 0003_tombstones_incarnation
Revises: 0002_revocations

- ``rows.gone_at``: when a row was deleted (tombstones are kept 180 days, then purged);
  ``teams.purged_through``: the highest change number of a purged tombstone (an older cursor must resync).
- ``server_settings.incarnation``: a random id of this database; with the database's and the
  ``teams`` table's PostgreSQL object ids it names the incarnation clients compare (a restored backup
  has a new one: clients push again what it lost and pull everything).
- ``purges``: rows whose personal fields were purged (later edits of those fields are dropped).
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003_tombstones_incarnation"
down_revision = "0002_revocations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("rows", sa.Column("gone_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE rows SET gone_at = now() WHERE gone")  # undated tombstones: kept 180 days from now
    op.create_index("ix_rows_team_gone_at", "rows", ["team_id", "gone_at"], postgresql_where=sa.text("gone"))
    op.add_column("teams", sa.Column("purged_through", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute(sa.text("INSERT INTO server_settings (key, value) VALUES ('incarnation', :v) "
                       "ON CONFLICT (key) DO NOTHING").bindparams(v=secrets.token_hex(8)))
    op.create_table(
        "purges",
        sa.Column("team_id", sa.Integer(), sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("table_name", sa.String(60), primary_key=True),
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("fields", JSONB(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("purges")
    op.execute("DELETE FROM server_settings WHERE key = 'incarnation'")
    op.drop_column("teams", "purged_through")
    op.drop_index("ix_rows_team_gone_at", table_name="rows")
    op.drop_column("rows", "gone_at")
