"""Storing a whole portfolio's evaluation results in the partner summary, fast when most of them change.

After a program activation most partners' standings change. Updating 100,000 summary rows one by one
moves each of them in the three indexes on the evaluation columns (qualified rank, movement, at-risk
day): about 600,000 B-tree steps at random places. Dropping those three indexes for the writes and
creating them again afterwards (one sort each) takes about half the time. The indexes are created
again from their own stored SQL, in the caller's transaction: the schema after the writes is the schema
before, and a transaction rolled back (an error, a crash) leaves them as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date

from sqlalchemy.orm import Session

from prm_desktop.storage.partners.summary import update_evaluation_columns
from prm_desktop.storage.search.index import bulk_cache

__all__ = ["EVALUATION_INDEXES", "REINDEX_FROM", "evaluation_writer"]

#: The summary's indexes that an evaluation result moves (their first column is an evaluation column).
EVALUATION_INDEXES = ("ix_partner_summary_qualified_rank", "ix_partner_summary_movement",
                      "ix_partner_summary_at_risk_on")  # fmt: skip
#: From this many changed rows in one write, the evaluation indexes are dropped and created afterwards.
REINDEX_FROM = 20_000

Rows = Sequence[tuple[str, str | None, str | None, date | None]]


def _drop(session: Session) -> list[str]:
    """Drop the evaluation indexes; returns the SQL that creates them again (those that existed)."""
    connection = session.connection()
    created = [sql for (sql,) in connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN (?, ?, ?) ORDER BY name",
        EVALUATION_INDEXES) if sql]  # fmt: skip
    for name in EVALUATION_INDEXES:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    return created


@contextmanager
def evaluation_writer(session: Session, ranks: dict[str, int]) -> Iterator[Callable[[Rows], int]]:
    """A function storing evaluation results (as `update_evaluation_columns`), for the parts of one refresh.

    Each partner is written once (the parts of a refresh never overlap): the values stored before the
    refresh are read in one scan, for every part.

    The first write that changes at least :data:`REINDEX_FROM` rows drops the evaluation indexes; they are
    created again when the block ends (once, however many parts were written). Use inside the caller's
    unit of work, and commit after the block.

    Args:
        session: A session inside a unit of work.
        ranks: Tier id → rank (the active program's).

    Yields:
        ``write(rows)`` → how many summary rows changed.
    """
    dropped: list[str] = []
    stored: dict[str, tuple] = {}  # the values before the refresh, read once for every part (parts never overlap)

    def write(rows: Rows) -> int:
        if dropped:
            return update_evaluation_columns(session, rows, ranks, stored=stored)
        return update_evaluation_columns(session, rows, ranks, many_from=REINDEX_FROM,
                                         before_many=lambda: dropped.extend(_drop(session)), stored=stored)

    try:
        yield write
    except BaseException:
        # The caller's transaction is rolled back with this error, which restores the indexes; creating
        # them here is only for a caller that would still commit (and must not hide the error).
        with suppress(Exception):
            _create(session, dropped)
        raise
    _create(session, dropped)


def _create(session: Session, statements: list[str]) -> None:
    if not statements:
        return
    connection = session.connection()
    with bulk_cache(session):
        for sql in statements:
            connection.exec_driver_sql(sql)
    statements.clear()
