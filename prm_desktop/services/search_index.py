"""Full-text search over every kind (FTS5), kept in step by a commit hook.

Kinds: partners, contacts, notes, internal stakeholders, visit-report sections and action items.

Text is normalised like queries (design §4); what the entries hold and how they are written lives
in `prm_desktop.storage.search` (``index`` writes, ``queries`` reads). The commit hook passes what a
transaction touched and only those entries are written: importing new partners inserts theirs and
leaves every other entry alone, whatever the size of the import. :func:`rebuild_all` (a maintenance
action) drops and refills the whole index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from prm_desktop.domain.i18n import _
from prm_desktop.services.hooks import register
from prm_desktop.storage.search import fill_process
from prm_desktop.storage.search import index as store
from prm_desktop.storage.search.index import bulk_cache
from prm_desktop.storage.search.queries import (
    WALK_ABOVE,
    count_partner_matches,
    fts_query,
    match_query,
    partner_match_clause,
    search_entries,
    search_tokens,
)
from prm_desktop.storage.search.schema import PARTNER_ROWID_LIMIT
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "KINDS",
    "PARTNER_ROWID_LIMIT",
    "WALK_ABOVE",
    "SearchHit",
    "bulk_cache",
    "count_partner_matches",
    "fts_query",
    "is_empty_but_needed",
    "partner_match_clause",
    "rebuild_all",
    "rebuild_in_session",
    "reindex",
    "search",
    "search_tokens",
]

KINDS: tuple[str, ...] = ("partner", "contact", "note", "stakeholder", "visit", "action")
CHUNK_SIZE = store.CHUNK_SIZE
#: Where `_prepare_fill` leaves a large fill's entries being built for `_on_commit` (``session.info``).
_PREPARED = "search_index.prepared_fill"
_ENTITY_KINDS = {"contacts": "contact", "notes": "note", "stakeholders": "stakeholder",
                 "visit_report_sections": "visit", "action_items": "action"}  # fmt: skip


@dataclass(frozen=True)
class SearchHit:
    """One search result: what matched (``kind``, ``entity_id``) and its partner (None: no partner)."""

    kind: str
    entity_id: str
    partner_id: str | None


def reindex(session: Session, partner_ids: Iterable[str],
            entities: Iterable[tuple[str, str, str | None]] = (), visit_ids: Iterable[str] = ()) -> None:  # fmt: skip
    """Bring the entries of some partners, contacts and notes in step (the commit hook's work).

    Args:
        session: The unit of work's session (same transaction as the facts).
        partner_ids: Partners whose own row was written (new ones get all their entries; deleted
            ones lose them all; edited ones get their partner entry rewritten).
        entities: ``(kind, entity_id, partner_id)`` of contacts (``"contact"``) and notes (``"note"``)
            written, with the partner they have now; likewise stakeholders (``"stakeholder"``),
            report sections (``"visit"``) and action items (``"action"``).
        visit_ids: Visits whose own row was written (their sections' entries follow them).
    """
    store.update_entries(session, partner_ids, entities, visit_ids)


def rebuild_in_session(session: Session) -> None:
    """Empty the index and index every live row of every kind again (maintenance)."""
    store.rebuild(session)


def rebuild_all(uow: UnitOfWorkFactory) -> None:
    """Rebuild the whole index (after a migration, a restore, or to repair it)."""
    with uow(kind="maintenance", label=_("Rebuild the search index")) as work:
        rebuild_in_session(work.session)
        work.commit()


def is_empty_but_needed(uow: UnitOfWorkFactory) -> bool:
    """Whether the index is empty while live partners exist (e.g. right after migration 0002)."""
    with uow.read() as session:
        return store.is_empty_but_needed(session)


def search(uow: UnitOfWorkFactory, query: str, kinds: Sequence[str] = KINDS[:3], limit: int = 50) -> list[SearchHit]:
    """Search partners, contacts and notes as the user types: partners first, then contacts and notes.

    Hits come in index order (partner entries have the lowest row ids), not by relevance: FTS5 then
    stops after ``limit`` matches, which keeps even a one-letter search fast.

    Args:
        uow: Unit-of-work factory.
        query: What the user typed (normalised here).
        kinds: Entry kinds to return (see :data:`KINDS`).
        limit: Maximum number of hits.

    Returns:
        The hits; empty when the query has nothing searchable.
    """
    if fts_query(query) is None or not kinds:
        return []
    with uow.read() as session:
        match = match_query(session, query)
        return [SearchHit(k, e, p) for k, e, p in search_entries(session, match or "", kinds, limit)]


@register(order=5)
def _prepare_fill(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    """A large fill (a first pull): its entries built by another process while the summary (order 10) is filled."""
    if store.is_empty_but_needed(session):
        prepared = fill_process.start_if_large(session)
        if prepared is not None:
            session.info[_PREPARED] = prepared


@register(order=20)
def _on_commit(session: Session, touched: set[tuple[str, str, str | None]]) -> None:
    prepared = session.info.pop(_PREPARED, None)
    if store.is_empty_but_needed(session):  # a first import or sync, an interrupted one: filled whole, at once
        store.rebuild(session, prepared)
        return
    if prepared is not None:
        prepared.close()
    partners: set[str] = set()
    visits: set[str] = set()
    entities: list[tuple[str, str, str | None]] = []
    for table, row_id, partner_id in touched:
        if table == "partners":
            partners.add(row_id)
        elif table == "visits":
            visits.add(row_id)
        elif table in _ENTITY_KINDS:
            entities.append((_ENTITY_KINDS[table], row_id, partner_id))
    if partners or entities or visits:
        reindex(session, partners, entities, visits)
