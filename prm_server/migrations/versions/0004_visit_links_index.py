"""visit links found by their visit

Revision ID: 0004_visit_links_index
Revises: 0003_tombstones_incarnation

A push checks whether the user sees each visit its entries name, which needs the visit's links to
partners (``visit_partners`` rows, kept under their partner's scope): this index finds them by visit
id, so the check costs the batch's size, not a scan of every link of the team.
"""

from __future__ import annotations

from alembic import op

revision = "0004_visit_links_index"
down_revision = "0003_tombstones_incarnation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_rows_visit_links ON rows (team_id, (data->>'visit_id')) "
               "WHERE table_name = 'visit_partners'")


def downgrade() -> None:
    op.execute("DROP INDEX ix_rows_visit_links")
