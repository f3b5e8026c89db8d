"""Rows the program engine reads: live partners and their contacts, certifications, references, revenue.

The queries themselves are `fact_reader`'s (plain DB-API, also used by a part's own process); here they
run on a session's connection, plus the portfolio's split into parts and the daily refresh's query.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.storage.partners import fact_reader as reader
from prm_desktop.storage.partners.fact_reader import FACT_KINDS, FULL_KINDS, IdRange

__all__ = ["FACT_KINDS", "FULL_KINDS", "IdRange", "database_file", "driver_connection", "fact_rows",
           "live_partner_count",
           "live_partner_heads", "partner_id_bounds",
           "snapshot_reader"]


def driver_connection(session: Session) -> Any:
    """The session's DB-API connection (inside its transaction: the same snapshot), for `fact_reader`."""
    return session.connection().connection


def _cursor(session: Session) -> Any:
    """A driver cursor on the session's connection (inside its transaction, so the same snapshot)."""
    return session.connection().connection.cursor()


def live_partner_heads(session: Session, partner_ids: Sequence[str] | None,
                       id_range: IdRange | None = None) -> list[Any]:
    """`fact_reader.live_partner_heads` on the session's connection (inside its transaction)."""
    return reader.live_partner_heads(driver_connection(session), partner_ids, id_range)


def partner_id_bounds(session: Session, parts: int, first_share: float | None = None) -> list[IdRange]:
    """Split the live partners into ``parts`` ranges of ids of about the same size (fewer when too few).

    With ``first_share``, the first range holds that share of the partners and the others split the rest.
    """
    ids = [r[0] for r in _cursor(session).execute(
        "SELECT id FROM partners NOT INDEXED WHERE deleted_at IS NULL ORDER BY id")]  # one scan (see above)
    parts = max(1, parts)
    if first_share is not None and parts > 1 and ids:
        first = min(len(ids) - 1, max(1, round(len(ids) * first_share)))
        size = max(1, -(-(len(ids) - first) // (parts - 1)))
        starts = [ids[first], *ids[first + size::size]]
    else:
        size = max(1, -(-len(ids) // parts))
        starts = ids[size::size]
    lows: list[str | None] = [None, *starts]
    highs: list[str | None] = [*starts, None]
    return list(zip(lows, highs, strict=True))


def database_file(session: Session) -> Path:
    """The SQLite file the session reads."""
    return Path(str(session.get_bind().url.database))


def fact_rows(session: Session, kind: str, scope: Sequence[str] | None, floor: str = "",
              on: date | None = None, id_range: IdRange | None = None,
              currency: str = "EUR") -> Iterator[Any]:  # fmt: skip
    """`fact_reader.fact_rows` on the session's connection (inside its transaction, so the same snapshot)."""
    return reader.fact_rows(driver_connection(session), kind, scope, floor, on, id_range, currency)


def partners_with_facts_changing(session: Session, after: date, until: date,
                                 old: tuple[date, date] | None = None) -> set[str]:
    """Partners with a certification, departure or reference that starts or stops counting in ``(after, until]``.

    Args:
        session: An open session.
        after: First day (excluded).
        until: Last day (included).
        old: ``(after, until)`` shifted back by the program's maximum reference age, when references age.
    """
    params = {"a": after.isoformat(), "u": until.isoformat()}
    sql = [
        "SELECT partner_id FROM certifications WHERE deleted_at IS NULL AND "
        "((obtained_on > :a AND obtained_on <= :u) OR (expires_on >= :a AND expires_on < :u))",
        "SELECT partner_id FROM contacts WHERE deleted_at IS NULL AND left_on > :a AND left_on <= :u",
        "SELECT partner_id FROM customer_references WHERE deleted_at IS NULL AND validated = 1 "
        "AND ref_date > :a AND ref_date <= :u",
    ]
    if old is not None:
        params["old_a"], params["old_u"] = old[0].isoformat(), old[1].isoformat()
        sql.append("SELECT partner_id FROM customer_references WHERE deleted_at IS NULL AND validated = 1 "
                   "AND ref_date >= :old_a AND ref_date < :old_u")
    return {row[0] for row in session.execute(text(" UNION ".join(sql)), params)}


@contextmanager
def snapshot_reader(path: Path) -> Iterator[Session]:
    """A read-only session on the SQLite file ``path`` (one snapshot), for a process of its own.

    Used to evaluate the parts of a portfolio, each in its process: no portfolio is opened (no lock,
    no schema check, no hooks), only its facts read. (Memory-mapping the file would make the scans a
    fifth cheaper, but the mapped pages count in the process's peak memory: up to 2 GB more.)
    """
    from prm_desktop.storage.database import make_engine
    from prm_desktop.storage.unit_of_work import session_factories

    engine = make_engine(path)
    try:
        _write, read = session_factories(engine)
        with read() as session:
            yield session
    finally:
        engine.dispose()


def live_partner_count(session: Session) -> int:
    """How many live partners the portfolio has."""
    return int(_cursor(session).execute("SELECT count(*) FROM partners WHERE deleted_at IS NULL").fetchone()[0])
