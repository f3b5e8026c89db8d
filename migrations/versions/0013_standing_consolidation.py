"""standing consolidation: partners, revenue and target per tier, type, region and owner, kept by triggers

Revision ID: 0013_standing_consolidation
Revises: 0012_visit_status_index
Create Date: 2026-12-06 06:50:00

The Competencies tab's tier distribution and revenue consolidations grouped 100,000 summary rows at
each opening (103 to 131 ms at 100,000 partners, budget 100). ``standing_consolidation`` holds one
row per (dimension, group): ``tier`` (assigned tier), ``qualified`` (qualified tier), ``type``,
``region``, ``owner`` (owner name); a NULL group has ``group_is_set`` = 0 and ``group_value`` = '' (it comes first, as in a
GROUP BY).

Triggers on ``partner_summary`` keep it in step in the same statement as every insert, update and
delete of a summary row, whichever code writes it (commit hooks, program change, evaluation,
rebuild): the figures cannot drift from a ``GROUP BY`` of the summary. Sums are compensated
(``revenue`` + ``revenue_error``, Knuth's two-sum): adding and removing a partner's amount leaves no
rounding residue, however many edits. A group whose last partner leaves is deleted, as GROUP BY has no
empty group. The table is filled from the summary here (exact sums).

The "certifications expiring soon" view reads up to 5,000 certifications with their holder: both
are now read from covering indexes (``ix_certifications_expires_on`` gets the columns the view reads;
``ix_contacts_live_name``: a contact's state and name by id) instead of the wide tables (at 100,000
partners the read took 82 ms of CPU, 50 ms with them).

A later migration that rebuilds ``partner_summary`` (Alembic's batch mode copies the table) drops
these triggers with it: it must create them again.
"""

from __future__ import annotations

import math

import sqlalchemy as sa
from alembic import op

revision = "0013_standing_consolidation"
down_revision = "0012_visit_status_index"
branch_labels = None
depends_on = None

#: Dimension → ``partner_summary`` column.
DIMENSIONS = {"tier": "assigned_tier", "qualified": "qualified_tier", "type": "type", "region": "region",
              "owner": "owner_name"}  # fmt: skip
KEY = "dimension, group_is_set, group_value"
#: Columns of the covering indexes of the "expiring soon" view.
CERTIFICATION_COLUMNS = ["expires_on", "deleted_at", "contact_id", "partner_id", "code"]
CONTACT_COLUMNS = ["id", "deleted_at", "left_on", "name"]


def _two_sum_error(total: str, added: str) -> str:
    """The rounding error of ``total + added`` (exact: Knuth's two-sum, any magnitudes)."""
    s = f"({total} + {added})"
    bb = f"({s} - {total})"
    return f"(({total} - ({s} - {bb})) + ({added} - {bb}))"


def _add(dimension: str, column: str, row: str, sign: str) -> str:
    """Add (``sign`` '') or remove (``sign`` '-') one summary row to its group."""
    return f"""
    INSERT INTO standing_consolidation ({KEY}, partners, revenue, revenue_error, target, target_error)
    VALUES ('{dimension}', {row}.{column} IS NOT NULL, COALESCE({row}.{column}, ''), {sign}1,
            {sign}CAST(COALESCE({row}.revenue_window, 0.0) AS REAL), 0.0,
            {sign}CAST(COALESCE({row}.target_window, 0.0) AS REAL), 0.0)
    ON CONFLICT ({KEY}) DO UPDATE SET
        partners = partners + excluded.partners,
        revenue = revenue + excluded.revenue,
        revenue_error = revenue_error + {_two_sum_error("revenue", "excluded.revenue")},
        target = target + excluded.target,
        target_error = target_error + {_two_sum_error("target", "excluded.target")};"""


def _drop_empty(dimension: str, column: str, row: str) -> str:
    return f"""
    DELETE FROM standing_consolidation WHERE dimension = '{dimension}' AND group_is_set = ({row}.{column} IS NOT NULL)
        AND group_value = COALESCE({row}.{column}, '') AND partners = 0;"""


def trigger_statements() -> list[str]:
    """``CREATE TRIGGER`` statements: three per dimension (insert, update of its inputs, delete)."""
    statements = []
    for dimension, column in DIMENSIONS.items():
        name = f"trg_standing_consolidation_{dimension}"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in (column, "revenue_window", "target_window"))
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON partner_summary BEGIN"
            f"{_add(dimension, column, 'NEW', '')}\nEND",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {column}, revenue_window, target_window "
            f"ON partner_summary WHEN {changed} BEGIN{_add(dimension, column, 'OLD', '-')}"
            f"{_add(dimension, column, 'NEW', '')}{_drop_empty(dimension, column, 'OLD')}\nEND",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON partner_summary BEGIN"
            f"{_add(dimension, column, 'OLD', '-')}{_drop_empty(dimension, column, 'OLD')}\nEND",
        ]
    return statements


def fill(bind: sa.engine.Connection) -> None:
    """Fill the (empty) table from the summary, each sum exact (``math.fsum``) with its residue."""
    groups: dict[tuple[str, str | None], tuple[list[float], list[float]]] = {}
    rows = bind.execute(sa.text(
        f"SELECT {', '.join(DIMENSIONS.values())}, revenue_window, target_window FROM partner_summary"))
    for *keys, revenue, target in rows:
        for dimension, key in zip(DIMENSIONS, keys, strict=True):
            revenues, targets = groups.setdefault((dimension, key), ([], []))
            revenues.append(float(revenue or 0.0))
            targets.append(float(target or 0.0))
    values = []
    for (dimension, key), (revenues, targets) in groups.items():
        revenue, target = math.fsum(revenues), math.fsum(targets)
        values.append({"dimension": dimension, "is_set": key is not None, "value": key or "",
                       "partners": len(revenues), "revenue": revenue, "revenue_error": math.fsum([*revenues, -revenue]),
                       "target": target, "target_error": math.fsum([*targets, -target])})  # fmt: skip
    if values:
        bind.execute(sa.text(
            f"INSERT INTO standing_consolidation ({KEY}, partners, revenue, revenue_error, target, target_error) "
            "VALUES (:dimension, :is_set, :value, :partners, :revenue, :revenue_error, :target, :target_error)"),
            values)


def upgrade() -> None:
    op.create_table(
        "standing_consolidation",
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("group_is_set", sa.Boolean(), nullable=False),
        sa.Column("group_value", sa.String(length=300), nullable=False),
        sa.Column("partners", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Float(), nullable=False),
        sa.Column("revenue_error", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("target_error", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "group_is_set", "group_value", name=op.f("pk_standing_consolidation")),
    )
    fill(op.get_bind())
    for statement in trigger_statements():
        op.execute(statement)
    op.drop_index("ix_certifications_expires_on", table_name="certifications", if_exists=True)
    op.create_index("ix_certifications_expires_on", "certifications", CERTIFICATION_COLUMNS, unique=False)
    op.create_index("ix_contacts_live_name", "contacts", CONTACT_COLUMNS, unique=False)


def downgrade() -> None:
    for dimension in DIMENSIONS:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS trg_standing_consolidation_{dimension}_{event}")
    op.drop_table("standing_consolidation")
    op.drop_index("ix_contacts_live_name", table_name="contacts", if_exists=True)
    op.drop_index("ix_certifications_expires_on", table_name="certifications", if_exists=True)
    op.create_index("ix_certifications_expires_on", "certifications", ["expires_on"], unique=False)
