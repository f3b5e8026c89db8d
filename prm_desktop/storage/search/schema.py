"""The two tables of the full-text index, as migration 0002 creates them (keep both in step).

``search_index`` is the FTS5 table (``kind``, ``entity_id`` and ``partner_id`` UNINDEXED, ``body``
normalised text); ``search_rows`` maps each FTS row id to its kind, entity and partner (indexed), so
the entries of some partners or entities are found without scanning the FTS table.
"""

from __future__ import annotations

__all__ = ["CREATE_DDL", "DROP_DDL", "KIND_ROWIDS", "PARTNER_ROWID_LIMIT", "rowid_bounds"]

CREATE_DDL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, entity_id UNINDEXED, partner_id UNINDEXED, body, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
    "CREATE TABLE search_rows ("
    "id INTEGER PRIMARY KEY, kind VARCHAR(10) NOT NULL, entity_id VARCHAR(36) NOT NULL, "
    "partner_id VARCHAR(36))",
    "CREATE INDEX ix_search_rows_partner_id ON search_rows (partner_id)",
    "CREATE INDEX ix_search_rows_entity_id ON search_rows (entity_id)",
)
DROP_DDL: tuple[str, ...] = ("DROP TABLE IF EXISTS search_rows", "DROP TABLE IF EXISTS search_index")
#: Partner entries have FTS row ids below this, other entries above: a partner-only query adds
#: ``rowid < PARTNER_ROWID_LIMIT`` and FTS5 reads only that part of each term's row list.
PARTNER_ROWID_LIMIT = 1 << 40
#: FTS row ids of each kind's entries, ``[low, high)``: a query about one kind bounds the row id and
#: FTS5 reads only that kind's part of each term's row list (searching the few stakeholders is not
#: slowed down by 300,000 notes). Since migration 0005 (before it, every other kind shared one range).
KIND_ROWIDS: dict[str, tuple[int, int]] = {
    kind: (max(1, number << 40), (number + 1) << 40)
    for number, kind in enumerate(("partner", "contact", "note", "stakeholder", "visit", "action"))
}


def rowid_bounds(kinds: tuple[str, ...] | list[str]) -> tuple[int, int]:
    """The smallest ``[low, high)`` range of FTS row ids holding every entry of ``kinds``."""
    ranges = [KIND_ROWIDS[kind] for kind in kinds]
    return min(low for low, _high in ranges), max(high for _low, high in ranges)
