"""Currencies of the stored amounts (revenue lines and targets), for the program currency check."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

__all__ = ["currencies_in_use"]


def currencies_in_use(session: Session) -> set[str]:
    """ISO codes of the live revenue lines and targets (a NULL currency is EUR)."""
    sql = ("SELECT DISTINCT COALESCE(currency, 'EUR') FROM revenue_lines WHERE deleted_at IS NULL "
           "UNION SELECT DISTINCT COALESCE(currency, 'EUR') FROM targets WHERE deleted_at IS NULL")
    return {row[0] for row in session.execute(text(sql))}
