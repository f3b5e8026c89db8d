"""Writing the full-text index: entries of partners, contacts and notes, updated row by row.

Entries (column ``kind``):

- ``partner``: name, legal name, SIREN, SIRET, city, postcode, and the names and e-mails of its
  contacts (so a contact's e-mail finds its partner);
- ``contact``: a contact's name, e-mail, role and phone (global search);
- ``note``: a note's body and tags;
- ``stakeholder``, ``visit`` (a report section) and ``action``: see :mod:`.more_docs`.

Only live rows of live partners are indexed (and notes about no partner). :func:`update_entries`
rewrites only what a transaction touched: a new (or restored) partner gets its entries inserted, an
edited partner its partner entry only, a touched contact or note its own entry (and, for a contact,
its partner's entry, which holds its name); nothing else is deleted or rewritten, whatever the size
of the transaction. :func:`rebuild` (a maintenance action) drops and refills both tables.
(A ``+`` before a column in the SQL keeps SQLite from choosing that column's index over the primary
key a chunk of ids gives.)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.notes_markdown import to_plain_text
from prm_desktop.storage.search import index_file
from prm_desktop.storage.search.entries import BUILDERS, Doc, partner_entries
from prm_desktop.storage.search.entries import join_once as _join
from prm_desktop.storage.search.more_docs import (
    MORE_KINDS,
    loose_ids,
    more_docs,
    more_rows,
    partner_action_rows,
    visit_section_ids,
)
from prm_desktop.storage.search.schema import CREATE_DDL, DROP_DDL, KIND_ROWIDS

__all__ = ["BULK_CACHE_KIB", "CHUNK_SIZE", "bulk_cache", "fill_chunks", "is_empty_but_needed", "rebuild",
           "update_entries", "with_rowids"]

CHUNK_SIZE = 500
#: Ids per look-up of existing entries (an indexed probe each: larger chunks, fewer statements).
LOOKUP_CHUNK = 5000
#: SQL membership test in the JSON array bound as ``:ids``.
_IDS = "IN (SELECT value FROM json_each(:ids))"
#: Page cache of bulk jobs, in KiB (negative: SQLite's unit for KiB).
BULK_CACHE_KIB = -65536
#: FTS5's in-memory terms while `rebuild` fills the index (written out as one segment when full).
FILL_HASH_BYTES = 64 << 20


def _json(values: Iterable[str]) -> str:
    return json.dumps(list(values))


def _chunks(values: Iterable[str], size: int = CHUNK_SIZE) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _tuples(session: Session, sql: str, ids: str) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, read on the driver's cursor (a bulk fill reads a million: half the time)."""
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        return cursor.execute(sql, {"ids": ids}).fetchall()
    finally:
        cursor.close()


def _partner_rows(session: Session, partner_ids: Sequence[str], children: bool = True) -> tuple[Any, ...] | None:
    """What `entries.partner_entries` takes for some live partners (None: none of them is live)."""
    partners = _tuples(session, "SELECT id, name, legal_name, siren, siret, city, postal_code FROM partners "
                                f"WHERE id {_IDS} AND +deleted_at IS NULL", _json(partner_ids))  # fmt: skip
    if not partners:
        return None
    live = _json(p[0] for p in partners)
    contacts = _tuples(session, "SELECT id, partner_id, name, email, role, phone FROM contacts "
                                f"WHERE partner_id {_IDS} AND deleted_at IS NULL", live)  # fmt: skip
    if not children:
        return partners, contacts, None, None
    notes = _tuples(session, f"SELECT id, partner_id, body, tags FROM notes WHERE partner_id {_IDS} "
                             "AND deleted_at IS NULL", live)  # fmt: skip
    return partners, contacts, notes, partner_action_rows(session, [p[0] for p in partners])


def _docs_for_partners(session: Session, partner_ids: Sequence[str], children: bool = True) -> list[Doc]:
    """Entries of live partners: their partner entry, and with ``children`` their contacts' and notes'."""
    rows = _partner_rows(session, partner_ids, children)
    return partner_entries(rows) if rows is not None else []


def _docs_for_entities(session: Session, entity_ids: Sequence[str]) -> list[Doc]:
    """Entries of live contacts and notes of live partners (and of live notes about no partner)."""
    ids = {"ids": _json(entity_ids)}
    contacts = session.execute(
        text(
            # CROSS JOIN: the contacts by id first (SQLite would otherwise walk every live partner).
            "SELECT c.id, c.partner_id, c.name, c.email, c.role, c.phone FROM contacts c "
            f"CROSS JOIN partners p ON p.id = c.partner_id AND p.deleted_at IS NULL "
            f"WHERE c.id {_IDS} AND c.deleted_at IS NULL"
        ),
        ids,
    ).all()
    notes = session.execute(
        text(
            "SELECT n.id, n.partner_id, n.body, n.tags FROM notes n LEFT JOIN partners p ON p.id = n.partner_id "
            f"WHERE n.id {_IDS} AND n.deleted_at IS NULL AND (n.partner_id IS NULL OR p.deleted_at IS NULL) "
            "AND (n.partner_id IS NULL OR p.id IS NOT NULL)"
        ),
        ids,
    ).all()
    docs: list[Doc] = [
        ("contact", cid, pid, " ".join(filter(None, (_join(name, email), _join(role, phone)))))
        for cid, pid, name, email, role, phone in contacts
    ]
    docs.extend(("note", nid, pid, _join(to_plain_text(body), tags)) for nid, pid, body, tags in notes)
    return docs


def _loose_note_rows(session: Session, note_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    return _tuples(session, f"SELECT id, body, tags FROM notes WHERE id {_IDS} AND +partner_id IS NULL "
                            "AND +deleted_at IS NULL", _json(note_ids))  # fmt: skip


def fill_chunks(session: Session) -> Iterator[tuple[str, Any]]:
    """What `rebuild` indexes, chunk after chunk in row-id order: ``(builder name, rows)`` (see `entries.BUILDERS`)."""
    partner_ids = list(session.scalars(text("SELECT id FROM partners WHERE deleted_at IS NULL ORDER BY id")))
    for start in range(0, len(partner_ids), CHUNK_SIZE):
        rows = _partner_rows(session, partner_ids[start : start + CHUNK_SIZE])
        if rows is not None:
            yield "partner", rows
    loose = list(session.scalars(text("SELECT id FROM notes WHERE partner_id IS NULL AND deleted_at IS NULL")))
    for start in range(0, len(loose), CHUNK_SIZE):
        yield "note", _loose_note_rows(session, loose[start : start + CHUNK_SIZE])
    for kind, ids in loose_ids(session).items():
        for start in range(0, len(ids), CHUNK_SIZE):
            yield kind, more_rows(session, kind, ids[start : start + CHUNK_SIZE])


class _RowIds:
    """Next free FTS row ids, in each kind's own range (:data:`KIND_ROWIDS`; read once per kind)."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session
        self.next: dict[str, int] = {}

    def take(self, kind: str) -> int:
        if kind not in self.next:
            low, high = KIND_ROWIDS[kind]
            self.next[kind] = low
            if self.session is not None:
                top = self.session.scalar(text("SELECT MAX(id) FROM search_rows WHERE id >= :low AND id < :high"),
                                          {"low": low, "high": high})  # fmt: skip
                self.next[kind] = low if top is None else int(top) + 1
        self.next[kind] += 1
        return self.next[kind] - 1


#: Where `rebuild` gathers its entries before they go to both tables in row-id order.
_FILL = ("INSERT INTO temp.search_fill (id, kind, entity_id, partner_id, body) VALUES (?, ?, ?, ?, ?)",)
_TABLES = ("INSERT INTO search_rows (id, kind, entity_id, partner_id) VALUES (?, ?, ?, ?)",
           "INSERT INTO search_index (rowid, kind, entity_id, partner_id, body) VALUES (?, ?, ?, ?, ?)")


def _insert(session: Session, docs: list[Doc], ids: _RowIds, into: tuple[str, ...] = _TABLES) -> None:
    if not docs:
        return
    rows = [(ids.take(kind), kind, entity, partner, body) for kind, entity, partner, body in docs]
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        for sql in into:
            cursor.executemany(sql, rows if sql.count("?") == 5 else [row[:4] for row in rows])
    finally:
        cursor.close()


def _delete_rows(session: Session, rowids: list[int]) -> None:
    """Delete index entries by FTS row id (both tables)."""
    for start in range(0, len(rowids), LOOKUP_CHUNK):
        chunk = json.dumps(rowids[start : start + LOOKUP_CHUNK])
        session.execute(text(f"DELETE FROM search_index WHERE rowid {_IDS}"), {"ids": chunk})
        session.execute(text(f"DELETE FROM search_rows WHERE id {_IDS}"), {"ids": chunk})


def _existing(session: Session, column: str, values: Iterable[str]) -> list[tuple[int, str, str, str | None]]:
    """``(rowid, kind, entity_id, partner_id)`` of the entries whose ``column`` is one of ``values``."""
    found: list[Any] = []
    for chunk in _chunks(values, LOOKUP_CHUNK):
        found.extend(session.execute(
            text(f"SELECT id, kind, entity_id, partner_id FROM search_rows WHERE {column} {_IDS}"),
            {"ids": _json(chunk)}).all())  # fmt: skip
    return found


def _live_partners(session: Session, partner_ids: Iterable[str]) -> set[str]:
    live: set[str] = set()
    for chunk in _chunks(partner_ids, LOOKUP_CHUNK):
        sql = text(f"SELECT id FROM partners WHERE id {_IDS} AND +deleted_at IS NULL")
        live.update(session.scalars(sql, {"ids": _json(chunk)}))
    return live


def update_entries(session: Session, partner_ids: Iterable[str],
                   entities: Iterable[tuple[str, str, str | None]] = (),
                   visit_ids: Iterable[str] = ()) -> None:  # fmt: skip
    """Bring the index in step with what a transaction touched, rewriting nothing else.

    Args:
        session: The unit of work's session (same transaction as the facts).
        partner_ids: Partners whose own row was written (created, edited, deleted, restored).
        entities: ``(kind, entity_id, partner_id)`` of the contacts (``"contact"``) and notes
            (``"note"``), stakeholders (``"stakeholder"``), report sections (``"visit"``) and action
            items (``"action"``) written; ``partner_id`` is the one they have now (None: none).
        visit_ids: Visits whose own row was written: their report sections' entries are rewritten.
    """
    direct = set(partner_ids)
    touched = {entity: (kind, pid) for kind, entity, pid in entities}
    for chunk in _chunks(visit_ids, LOOKUP_CHUNK):
        touched.update((sid, ("visit", None)) for sid in visit_section_ids(session, chunk))
    # The entries of the touched contacts and notes go; a contact's partner entry (old and new
    # partner) holds its name and e-mail, so it is rewritten too.
    old = _existing(session, "entity_id", touched)
    named = {pid for _rowid, kind, _entity, pid in old if kind == "contact" and pid}
    named.update(pid for kind, pid in touched.values() if kind == "contact" and pid)
    candidates = direct | named | {pid for _kind, pid in touched.values() if pid}
    _delete_rows(session, [rowid for rowid, *_rest in old])
    live = _live_partners(session, candidates)
    indexed: dict[str, list[int]] = defaultdict(list)  # partner -> row ids of its entries
    heads: dict[str, int] = {}  # partner -> row id of its partner entry
    for rowid, kind, _entity, pid in _existing(session, "partner_id", candidates):
        if pid is not None:
            indexed[pid].append(rowid)
            if kind == "partner":
                heads[pid] = rowid
    gone = [rowid for pid, rowids in indexed.items() if pid not in live for rowid in rowids]
    fresh = {pid for pid in live if pid not in heads}  # new or restored: every entry inserted
    rewrite = {pid for pid in live & (direct | named) if pid in heads}
    _delete_rows(session, gone + [heads[pid] for pid in sorted(rewrite)])
    rowids = _RowIds(session)
    others = [entity for entity, (_kind, pid) in touched.items() if pid is None or pid not in fresh]
    large = len(fresh) + len(rewrite) + len(others) > 4 * CHUNK_SIZE
    with bulk_cache(session) if large else nullcontext():
        for chunk in _chunks(fresh):
            _insert(session, _docs_for_partners(session, chunk), rowids)
        for chunk in _chunks(rewrite):
            _insert(session, _docs_for_partners(session, chunk, children=False), rowids)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for entity in others:
            by_kind[touched[entity][0] if touched[entity][0] in MORE_KINDS else "contact"].append(entity)
        for kind, entity_ids in sorted(by_kind.items()):
            for chunk in _chunks(entity_ids):
                docs = _docs_for_entities(session, chunk) if kind == "contact" else more_docs(session, kind, chunk)
                _insert(session, [doc for doc in docs if doc[2] not in fresh], rowids)


#: An entry with its FTS row id: ``(rowid, kind, entity_id, partner_id, body)``.
Entry = tuple[int, str, str, str | None, str]


def with_rowids(chunks: Iterable[list[Doc]]) -> list[Entry]:
    """The entries of `fill_chunks`, chunk after chunk, with the row ids `rebuild` gives them (in row-id order)."""
    rowids = _RowIds()
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in KIND_ROWIDS}
    for chunk in chunks:
        for kind, entity, partner, body in chunk:
            by_kind[kind].append((rowids.take(kind), kind, entity, partner, body))
    return [entry for entries in by_kind.values() for entry in entries]  # ids increase within a kind


def rebuild(session: Session, prepared: Iterable[list[Entry]] | None = None) -> None:
    """Empty the index and index every live partner, contact, note, stakeholder, report section and action.

    The two tables are dropped and created again (much faster than deleting every FTS row), with a
    larger page cache for the duration. The entries are gathered in a temporary table first, then
    inserted into both tables in row-id order by one statement each: FTS5 writes its in-memory
    terms out whenever a row id is lower than the one before, so entries inserted kind after kind,
    chunk after chunk, would leave hundreds of small segments to merge (100,000 partners: 38 → 19 s).

    Args:
        session: The caller's session (same transaction).
        prepared: The entries of `fill_chunks` built elsewhere with the row ids given here
            (`with_rowids`), in pieces; or the whole index built by another process
            (`fill_process.PreparedFill`, copied in: `index_file.copy_into`); None: built here.
    """
    built = getattr(prepared, "index_file", None)
    if built is not None:
        try:
            index_file.copy_into(session, built())
        finally:
            prepared.close()  # type: ignore[union-attr]
        return
    for statement in (*DROP_DDL, *CREATE_DDL):
        session.execute(text(statement))
    with bulk_cache(session):
        session.execute(text("DROP TABLE IF EXISTS temp.search_fill"))
        session.execute(text("CREATE TEMP TABLE search_fill (id INTEGER PRIMARY KEY, kind TEXT, entity_id TEXT, "
                             "partner_id TEXT, body TEXT)"))
        if prepared is None:
            rowids = _RowIds()
            for name, rows in fill_chunks(session):
                _insert(session, BUILDERS[name](rows), rowids, _FILL)
        else:
            cursor = session.connection().connection.driver_connection.cursor()
            try:
                for rows in prepared:
                    cursor.executemany(_FILL[0], rows)
            finally:
                cursor.close()
        session.execute(text("INSERT INTO search_rows (id, kind, entity_id, partner_id) "
                             "SELECT id, kind, entity_id, partner_id FROM temp.search_fill ORDER BY id"))
        # FTS5 keeps up to 64 MB of terms in memory before writing a segment (1 MB by default): fewer segments
        session.execute(text(f"INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {FILL_HASH_BYTES})"))
        session.execute(text("INSERT INTO search_index (rowid, kind, entity_id, partner_id, body) "
                             "SELECT id, kind, entity_id, partner_id, body FROM temp.search_fill ORDER BY id"))
        session.execute(text("DELETE FROM search_index_config WHERE k = 'hashsize'"))  # the default again
        session.execute(text("DROP TABLE temp.search_fill"))
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


def is_empty_but_needed(session: Session) -> bool:
    """Whether the index is empty while live rows to index exist (e.g. right after migration 0002 or 0005)."""
    if session.scalar(text("SELECT 1 FROM search_rows LIMIT 1")) is not None:
        return False
    return any(session.scalar(text(f"SELECT 1 FROM {table} WHERE deleted_at IS NULL LIMIT 1")) is not None
               for table in ("partners", "stakeholders", "visit_report_sections", "action_items"))  # fmt: skip
