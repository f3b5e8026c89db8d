"""Declarative base, column types and the columns every synced table carries (design §4)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, MetaData, String, TypeDecorator, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime stored as naive UTC text in SQLite."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Current time, aware, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every ORM model."""

    metadata = MetaData(naming_convention=NAMING)


class Synced:
    """Columns of every synced table: UUID v7 id, timestamps, HLC stamp, tombstone.

    The unit of work fills them and records each change in the change log; code never sets
    ``updated_at`` or ``hlc`` by hand.
    """

    __synced__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
    hlc: Mapped[str] = mapped_column(String(40), nullable=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=False)


def fk(target: str) -> ForeignKey:
    """A foreign key checked at commit, so rows of one transaction (or a sync page) may come in any order."""
    return ForeignKey(target, deferrable=True, initially="DEFERRED")


def referrer_index(table: str, column: str) -> Index:
    """An index on a foreign-key column over the live rows that name something (migration 0018).

    Undo asks which live rows point at the rows it removes (`storage.references`); without it, that
    question read the column's whole table (a million revenue lines for a partner's distributor).
    """
    return Index(f"ix_{table}_{column}_live", column,
                 sqlite_where=text(f"deleted_at IS NULL AND {column} IS NOT NULL"))
