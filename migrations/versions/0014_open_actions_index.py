"""open actions index: live actions in the Actions view's order (open first, by due date, undated last)

Revision ID: 0014_open_actions_index
Revises: 0013_standing_consolidation
Create Date: 2026-12-06 07:00:00

The Actions view ("all", "overdue") read every live action, joined each to its owner and partner, then
sorted them to keep a page: 126–135 ms for a page of 1,000 at 100,000 partners. The index holds the
list order ``status DESC, due_on IS NULL, due_on, id`` of the live actions, so a page walks it and stops
at the page; the two others do the same for one team member's actions ("mine") and for one internal
stakeholder's (the Stakeholders tab: 112 ms for a person's 3 actions).

The to-plan list is mine by default: my page walked every due partner of the team by due date to keep
mine (24,285 partners for a page of 40). ``partner_summary (owner_id, next_visit_due, name_key,
partner_id)`` reads my partners in the list's order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_open_actions_index"
down_revision = "0013_standing_consolidation"
branch_labels = None
depends_on = None

_ORDER = [sa.text("status DESC"), sa.text("(due_on IS NULL)"), "due_on", "id"]


def upgrade() -> None:
    live = sa.text("deleted_at IS NULL")
    op.create_index("ix_action_items_live_order", "action_items", _ORDER, unique=False, sqlite_where=live,
                    if_not_exists=True)  # fmt: skip
    for name, owner in (("ix_action_items_owner_live_order", "owner_member_id"),
                        ("ix_action_items_stakeholder_live_order", "owner_stakeholder_id")):
        op.create_index(name, "action_items", [owner, *_ORDER], unique=False, sqlite_where=live, if_not_exists=True)
    op.create_index("ix_partner_summary_owner_next_visit_due", "partner_summary",
                    ["owner_id", "next_visit_due", "name_key", "partner_id"], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_partner_summary_owner_next_visit_due", table_name="partner_summary", if_exists=True)
    op.drop_index("ix_action_items_stakeholder_live_order", table_name="action_items", if_exists=True)
    op.drop_index("ix_action_items_owner_live_order", table_name="action_items", if_exists=True)
    op.drop_index("ix_action_items_live_order", table_name="action_items", if_exists=True)
