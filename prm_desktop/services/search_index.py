"""Full-text search index (FTS5) over partners, contacts and notes, kept in step by a commit hook.

Text is normalised in Python with `normalize_text` (design §4: accents stripped, œ→oe, lower case,
spaces inside numbers removed) before it goes into ``search_index``; queries are normalised the same
way and each token becomes a quoted prefix query (``"oeuvre"* AND "num"*``), so FTS syntax typed by
the user is inert.

Entries (column ``kind``):

- ``partner``: name, legal name, SIREN, SIRET, city, postcode, and the names and e-mails of its
  contacts (so a contact's e-mail finds its partner);
- ``contact``: a contact's name, e-mail, role and phone (global search);
- ``note``: a note's body and tags.

Only live rows of live partners are indexed. ``search_rows`` maps each FTS row id to its kind, entity
and partner (indexed), so the rows of the touched partners are replaced without scanning the FTS
table. (A ``+`` before a column in the SQL keeps SQLite from choosing that column's index over the
primary key a chunk of ids gives.)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.services.hooks import register
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "KINDS",
    "SearchHit",
    "bulk_cache",
    "PARTNER_ROWID_LIMIT",
    "count_partner_matches",
    "fts_query",
    "partner_match_clause",
    "search_tokens",
    "rebuild_all",
    "rebuild_in_session",
    "reindex",
    "search",
]

KINDS: tuple[str, ...] = ("partner", "contact", "note")
CHUNK_SIZE = 500
#: Above this many touched partners the whole index is rebuilt (faster than deleting row by row).
FULL_REBUILD_THRESHOLD = 20_000
#: SQL membership test in the JSON array bound as ``:ids``.
_IDS = "IN (SELECT value FROM json_each(:ids))"
#: Page cache of bulk jobs, in KiB (negative: SQLite's unit for KiB).
BULK_CACHE_KIB = -65536
#: The tables as migration 0002 creates them (keep both in step); a full rebuild drops and recreates them.
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
_TEXT_TABLES = frozenset({"partners", "contacts", "notes"})
#: Ids of the partners whose entry matches ``:match`` (FTS row ids mapped through ``search_rows``:
#: reading ``partner_id`` from the FTS table itself costs about three times as much).
_PARTNER_MATCHES = (
    "SELECT r.partner_id FROM search_rows r WHERE r.id IN "
    "(SELECT rowid FROM search_index WHERE search_index MATCH :match AND rowid < :split)"
)
#: Above this many matching partners, a page of a matching list is read by walking the list's sort
#: index and testing each partner against the (materialised) matches: about ``page / density``
#: index entries, instead of looking up and sorting every match (design §6, per-keystroke budget).
WALK_ABOVE = 2000

Doc = tuple[str, str, str | None, str]


@dataclass(frozen=True)
class SearchHit:
    """One search result: what matched (``kind``, ``entity_id``) and its partner (None: no partner)."""

    kind: str
    entity_id: str
    partner_id: str | None


def search_tokens(query: str | None) -> list[str]:
    """Normalised tokens of a query, without duplicates.

    One-character tokens are dropped when longer ones are there (it is the word being typed, and a
    one-letter prefix matches too much to narrow anything).
    """
    tokens = list(dict.fromkeys(normalize_text(query).split()))
    longer = [token for token in tokens if len(token) > 1]
    return longer or tokens


def fts_query(query: str | None) -> str | None:
    """Turn what the user typed into an FTS5 query: every normalised token as a quoted prefix.

    Args:
        query: Raw text (``"Œuvre num"``, ``"732 829 320"``, ``"jean.dupont@acme.fr"``).

    Returns:
        ``'"oeuvre"* AND "num"*'``, or None when nothing searchable is left.
    """
    tokens = search_tokens(query)
    if not tokens:
        return None
    return " AND ".join(f'"{token}"*' for token in tokens)


def count_partner_matches(session: Session, query: str | None) -> int:
    """Number of live partners whose entry matches ``query`` (an FTS5 count: no join, about 1 ms).

    Every live partner has exactly one partner entry, so this is also the length of the partner
    list filtered by this text alone.
    """
    match = fts_query(query)
    if match is None:
        return 0
    return int(session.scalar(
        text("SELECT COUNT(*) FROM search_index WHERE search_index MATCH :match AND rowid < :split"),
        {"match": match, "split": PARTNER_ROWID_LIMIT}) or 0)  # fmt: skip


def partner_match_clause(session: Session | None, query: str | None, params: dict[str, Any],
                         column: str = "s.partner_id") -> str:  # fmt: skip
    """SQL condition keeping the partners whose entry matches ``query``.

    Args:
        session: Used to count the matches first: when there are more than :data:`WALK_ABOVE`, the
            condition is written so that SQLite walks the query's ORDER BY index and tests
            membership, rather than reading every match and sorting them (None: let SQLite choose).
        query: What the user typed.
        params: Query parameters; ``match`` and ``split`` are added.
        column: The partner id column of the outer query.

    Returns:
        ``column IN (…)`` (``+column IN (…)`` for many matches), or ``1 = 0`` when nothing is
        searchable.
    """
    match = fts_query(query)
    if match is None:
        return "1 = 0"
    params["match"], params["split"] = match, PARTNER_ROWID_LIMIT
    many = session is not None and count_partner_matches(session, query) > WALK_ABOVE
    return f"{'+' if many else ''}{column} IN ({_PARTNER_MATCHES})"


def _join(*parts: str | None) -> str:
    return " ".join(filter(None, (normalize_text(p) for p in parts if p)))


def _json(values: Iterable[str]) -> str:
    return json.dumps(list(values))


def _docs_for_partners(session: Session, partner_ids: Sequence[str]) -> list[Doc]:
    ids = _json(partner_ids)
    partners = session.execute(
        text(
            "SELECT id, name, legal_name, siren, siret, city, postal_code FROM partners "
            f"WHERE id {_IDS} AND +deleted_at IS NULL"
        ),
        {"ids": ids},
    ).all()
    if not partners:
        return []
    live = _json(p[0] for p in partners)
    contacts = session.execute(
        text(
            "SELECT id, partner_id, name, email, role, phone FROM contacts "
            f"WHERE partner_id {_IDS} AND deleted_at IS NULL"
        ),
        {"ids": live},
    ).all()
    notes = session.execute(
        text(f"SELECT id, partner_id, body, tags FROM notes WHERE partner_id {_IDS} AND deleted_at IS NULL"),
        {"ids": live},
    ).all()
    people: dict[str, list[str]] = defaultdict(list)
    docs: list[Doc] = []
    for cid, pid, name, email, role, phone in contacts:
        who = _join(name, email)
        people[pid].append(who)
        docs.append(("contact", cid, pid, " ".join(filter(None, (who, _join(role, phone))))))
    for nid, pid, body, tags in notes:
        docs.append(("note", nid, pid, _join(body, tags)))
    for pid, name, legal, siren, siret, city, postcode in partners:
        body = " ".join(filter(None, [_join(name, legal, siren, siret, city, postcode), *people[pid]]))
        docs.append(("partner", pid, pid, body))
    return docs


def _docs_for_loose_notes(session: Session, note_ids: Sequence[str]) -> list[Doc]:
    rows = session.execute(
        text(f"SELECT id, body, tags FROM notes WHERE id {_IDS} AND +partner_id IS NULL AND +deleted_at IS NULL"),
        {"ids": _json(note_ids)},
    ).all()
    return [("note", nid, None, _join(body, tags)) for nid, body, tags in rows]


class _RowIds:
    """Next free FTS row ids: partner entries below :data:`PARTNER_ROWID_LIMIT`, others above."""

    def __init__(self, session: Session | None = None) -> None:
        self.partner, self.other = 1, PARTNER_ROWID_LIMIT
        if session is not None:
            self.partner = int(session.scalar(
                text("SELECT COALESCE(MAX(id), 0) FROM search_rows WHERE id < :limit"),
                {"limit": PARTNER_ROWID_LIMIT}) or 0) + 1  # fmt: skip
            self.other = max(PARTNER_ROWID_LIMIT, int(session.scalar(
                text("SELECT COALESCE(MAX(id), 0) FROM search_rows")) or 0) + 1)  # fmt: skip

    def take(self, kind: str) -> int:
        if kind == "partner":
            self.partner += 1
            return self.partner - 1
        self.other += 1
        return self.other - 1


def _insert(session: Session, docs: list[Doc], ids: _RowIds) -> None:
    if not docs:
        return
    rows = [(ids.take(kind), kind, entity, partner, body) for kind, entity, partner, body in docs]
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        cursor.executemany("INSERT INTO search_rows (id, kind, entity_id, partner_id) VALUES (?, ?, ?, ?)",
                           [row[:4] for row in rows])  # fmt: skip
        cursor.executemany("INSERT INTO search_index (rowid, kind, entity_id, partner_id, body) VALUES (?, ?, ?, ?, ?)",
                           rows)  # fmt: skip
    finally:
        cursor.close()


def reindex(session: Session, partner_ids: Iterable[str], entity_ids: Iterable[str] = ()) -> None:
    """Replace the index entries of some partners (all their entries) and of some contacts/notes.

    Args:
        session: The unit of work's session (same transaction as the facts).
        partner_ids: Partners whose partner, contact and note entries are rebuilt (deleted partners
            lose them all).
        entity_ids: Contacts or notes whose entries are rebuilt wherever they were (a contact moved
            to another partner, a note about a stakeholder only).
    """
    partners = set(partner_ids)
    entities = sorted(set(entity_ids))
    for start in range(0, len(entities), CHUNK_SIZE):
        chunk = _json(entities[start : start + CHUNK_SIZE])
        partners.update(
            p
            for p in session.scalars(
                text(f"SELECT partner_id FROM search_rows WHERE entity_id {_IDS} AND partner_id IS NOT NULL"),
                {"ids": chunk},
            )
        )
        session.execute(
            text(f"DELETE FROM search_index WHERE rowid IN (SELECT id FROM search_rows WHERE entity_id {_IDS})"),
            {"ids": chunk},
        )
        session.execute(text(f"DELETE FROM search_rows WHERE entity_id {_IDS}"), {"ids": chunk})
    if len(partners) >= FULL_REBUILD_THRESHOLD:
        rebuild_in_session(session)
        return
    rowids = _RowIds(session)
    ordered = sorted(partners)
    for start in range(0, len(ordered), CHUNK_SIZE):
        chunk = ordered[start : start + CHUNK_SIZE]
        ids = _json(chunk)
        session.execute(
            text(f"DELETE FROM search_index WHERE rowid IN (SELECT id FROM search_rows WHERE partner_id {_IDS})"),
            {"ids": ids},
        )
        session.execute(text(f"DELETE FROM search_rows WHERE partner_id {_IDS}"), {"ids": ids})
        _insert(session, _docs_for_partners(session, chunk), rowids)
    for start in range(0, len(entities), CHUNK_SIZE):
        _insert(session, _docs_for_loose_notes(session, entities[start : start + CHUNK_SIZE]), rowids)


def rebuild_in_session(session: Session) -> None:
    """Empty the index and index every live partner, contact and note again.

    The two tables are dropped and created again (much faster than deleting every FTS row), with a
    larger page cache for the duration.
    """
    for statement in (*DROP_DDL, *CREATE_DDL):
        session.execute(text(statement))
    with bulk_cache(session):
        rowids = _RowIds()
        partner_ids = list(session.scalars(text("SELECT id FROM partners WHERE deleted_at IS NULL ORDER BY id")))
        for start in range(0, len(partner_ids), CHUNK_SIZE):
            _insert(session, _docs_for_partners(session, partner_ids[start : start + CHUNK_SIZE]), rowids)
        loose = list(session.scalars(text("SELECT id FROM notes WHERE partner_id IS NULL AND deleted_at IS NULL")))
        for start in range(0, len(loose), CHUNK_SIZE):
            _insert(session, _docs_for_loose_notes(session, loose[start : start + CHUNK_SIZE]), rowids)
        session.execute(text("INSERT INTO search_index (search_index) VALUES ('optimize')"))


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """Give the connection a 64 MB page cache while a bulk job runs (restored afterwards)."""
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def rebuild_all(uow: UnitOfWorkFactory) -> None:
    """Rebuild the whole index (after a migration, a restore, or to repair it)."""
    with uow(kind="maintenance", label=_("Rebuild the search index")) as work:
        rebuild_in_session(work.session)
        work.commit()


def is_empty_but_needed(uow: UnitOfWorkFactory) -> bool:
    """Whether the index is empty while live partners exist (e.g. right after migration 0002)."""
    with uow.read() as session:
        has_rows = session.scalar(text("SELECT 1 FROM search_rows LIMIT 1")) is not None
        has_partners = session.scalar(text("SELECT 1 FROM partners WHERE deleted_at IS NULL LIMIT 1"))
        return not has_rows and has_partners is not None


def search(uow: UnitOfWorkFactory, query: str, kinds: Sequence[str] = KINDS, limit: int = 50) -> list[SearchHit]:
    """Search partners, contacts and notes as the user types: partners first, then contacts and notes.

    Hits come in index order (partner entries have the lowest row ids), not by relevance: FTS5 then
    stops after ``limit`` matches, which keeps even a one-letter search fast.

    Args:
        uow: Unit-of-work factory.
        query: What the user typed (normalised here).
        kinds: Entry kinds to return (``partner``, ``contact``, ``note``).
        limit: Maximum number of hits.

    Returns:
        The hits; empty when the query has nothing searchable.
    """
    match = fts_query(query)
    if match is None or not kinds:
        return []
    rowids = ""
    if set(kinds) == {"partner"}:
        rowids = "AND rowid < :split"
    elif "partner" not in kinds:
        rowids = "AND rowid >= :split"
    with uow.read() as session:
        rows = session.execute(
            text(
                f"SELECT kind, entity_id, partner_id FROM search_index WHERE search_index MATCH :q {rowids} "
                "AND kind IN (SELECT value FROM json_each(:kinds)) LIMIT :limit"
            ),
            {"q": match, "kinds": _json(kinds), "limit": limit, "split": PARTNER_ROWID_LIMIT},
        ).all()
    return [SearchHit(k, e, p) for k, e, p in rows]


@register(order=20)
def _on_commit(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    partners: set[str] = set()
    entities: list[str] = []
    for table, row_id, partner_id in touched:
        if table not in _TEXT_TABLES:
            continue
        if partner_id:
            partners.add(partner_id)
        if table != "partners":
            entities.append(row_id)
    if partners or entities:
        reindex(session, partners, entities)
