"""period start: revenue lines and targets are dated by the calendar day their quarter starts

Revision ID: 0011_period_start
Revises: 0010_visit_ics
Create Date: 2026-12-06 05:00:00

Until now a revenue line or target kept only a fiscal-quarter label (``2026-Q1``) of the program
active when it was written, so activating or comparing a program with another fiscal calendar moved
money between quarters. Each row now keeps ``period_start``, the first day of its quarter, read here
under the fiscal calendar of the program active at migration time (calendar quarters without one).
The ``quarter`` label stays, for information only: readers use ``period_start``.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0011_period_start"
down_revision = "0010_visit_ics"
branch_labels = None
depends_on = None

_LABEL = re.compile(r"^(\d{4})-?[QT]([1-4])$")
#: A label no writer ever stored (they all wrote ``YYYY-Qn``): kept, dated far in the past, never counted.
_UNREADABLE = date(1900, 1, 1)


def _fiscal_start_month(conn: sa.Connection) -> int:
    source = conn.execute(sa.text(
        "SELECT source FROM programs WHERE is_active = 1 AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1",
    )).scalar()
    if not source:
        return 1
    try:
        month = tomllib.loads(source).get("program", {}).get("fiscal_year_start_month", 1)
    except tomllib.TOMLDecodeError:
        return 1
    return month if isinstance(month, int) and 1 <= month <= 12 else 1


def _start(label: str, fiscal_start_month: int) -> date:
    match = _LABEL.match(re.sub(r"\s+", "", label).upper())
    if match is None:
        return _UNREADABLE
    months = int(match.group(1)) * 12 + (fiscal_start_month - 1) + (int(match.group(2)) - 1) * 3
    year, month0 = divmod(months, 12)
    return date(year, month0 + 1, 1)


def upgrade() -> None:
    conn = op.get_bind()
    month = _fiscal_start_month(conn)
    for table in ("revenue_lines", "targets"):
        op.add_column(table, sa.Column("period_start", sa.Date(), nullable=True))
        labels = [row[0] for row in conn.execute(sa.text(f"SELECT DISTINCT quarter FROM {table}"))]
        for label in labels:
            conn.execute(sa.text(f"UPDATE {table} SET period_start = :start WHERE quarter = :label"),
                         {"start": _start(label, month).isoformat(), "label": label})
        with op.batch_alter_table(table) as batch:
            batch.alter_column("period_start", existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    for table in ("revenue_lines", "targets"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("period_start")
