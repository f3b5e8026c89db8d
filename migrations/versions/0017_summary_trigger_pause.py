"""import speed: the summary's label and consolidation triggers can be paused for a set-based bulk write

Revision ID: 0017_summary_trigger_pause
Revises: 0016_sync_resync
Create Date: 2026-12-06 10:00:00

The triggers of migrations 0013 (``standing_consolidation``) and 0015 (``partner_summary_labels``)
run once per summary row written: an import of 100,000 partners ran 500,000 consolidation upserts
and 200,000 label inserts one row at a time. They now also have the condition ``NOT EXISTS (SELECT 1
FROM summary_trigger_pause)``: the table is always empty, except inside the one transaction of a bulk
summary write, which inserts its row, writes the summary, brings both derived tables in step
set-based for the partners it wrote, and deletes the row before it commits
(`prm_desktop.storage.partners.bulk_derived`). Every other writer (another connection cannot see the
uncommitted row) still goes through the triggers.

The triggers are rewritten from their stored SQL (the condition added to their ``WHEN``, or given
one), so they stay those of 0013 and 0015 otherwise.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0017_summary_trigger_pause"
down_revision = "0016_sync_resync"
branch_labels = None
depends_on = None

PAUSED = "NOT EXISTS (SELECT 1 FROM summary_trigger_pause)"
#: Trigger names of 0013 and 0015 (all on ``partner_summary``).
_PREFIXES = ("trg_standing_consolidation_", "partner_summary_labels_")


def _triggers(bind: sa.engine.Connection) -> list[tuple[str, str]]:
    rows = bind.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'partner_summary' ORDER BY name"))
    return [(name, sql) for name, sql in rows if name.startswith(_PREFIXES)]


def _paused(sql: str) -> str:
    """``sql`` with the pause condition added before its body (``… [WHEN c] BEGIN``)."""
    head, begin, body = re.split(r"(\bBEGIN\b)", sql, maxsplit=1)
    when = re.search(r"\bWHEN\b", head)
    if when:
        head = f"{head[: when.end()]} ({head[when.end():].strip()}) AND {PAUSED} "
    else:
        head = f"{head.rstrip()} WHEN {PAUSED} "
    return head + begin + body


def _unpaused(sql: str) -> str:
    head, begin, body = re.split(r"(\bBEGIN\b)", sql, maxsplit=1)
    if f"WHEN {PAUSED}" in head:
        head = head.replace(f" WHEN {PAUSED} ", " ")
    else:
        head = re.sub(r"WHEN \((.*)\) AND " + re.escape(PAUSED) + " ", r"WHEN \1 ", head, flags=re.S)
    return head + begin + body


def _rewrite(change) -> None:  # noqa: ANN001 - a str -> str function
    bind = op.get_bind()
    for name, sql in _triggers(bind):
        op.execute(f"DROP TRIGGER {name}")
        op.execute(change(sql))


def upgrade() -> None:
    op.create_table("summary_trigger_pause", sa.Column("id", sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_trigger_pause")))  # fmt: skip
    _rewrite(_paused)


def downgrade() -> None:
    _rewrite(_unpaused)
    op.drop_table("summary_trigger_pause")
