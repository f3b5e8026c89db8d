"""Reading the full-text index: turning typed text into FTS5 queries, counting and listing matches.

Text is normalised in Python with `normalize_text` (design §4: accents stripped, œ→oe, lower case,
spaces inside numbers removed); each token becomes a quoted prefix (``"oeuvre"* AND "num"*``), so FTS
syntax typed by the user is inert. What is run against the index is :func:`match_query`: the same,
with prefixes longer than the index's shortcuts turned into the words they stand for
(:mod:`prm_desktop.storage.search.expand`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.storage.search.expand import expand_prefixes
from prm_desktop.storage.search.schema import PARTNER_ROWID_LIMIT, rowid_bounds

__all__ = [
    "CORRELATE_COST",
    "WALK_ABOVE",
    "correlate_pays",
    "count_partner_matches",
    "fts_query",
    "match_query",
    "partner_match_clause",
    "search_entries",
    "search_entries_by_kind",
    "search_tokens",
]

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
#: Ids of the partners whose entry matches, tested one walked partner at a time: the partner's own
#: entry (its ``search_rows`` row below the split) looked up and its row id tested against the
#: matching FTS row ids, read from the index alone. Listing every match's partner first costs about
#: 1.5 µs per match (17,800 for "in" at 100,000 partners: 25 ms); this costs 0.3 µs per match and
#: about 7 µs per walked partner instead of 2.5 (see :func:`correlate_pays`).
_PARTNER_ENTRY_MATCHES = (
    "(SELECT r.id FROM search_rows r WHERE r.partner_id = {column} AND r.id < :split) IN "
    "(SELECT rowid FROM search_index WHERE search_index MATCH :match AND rowid < :split)"
)
#: :func:`correlate_pays` picks the per-partner test when ``matches² > CORRELATE_COST × walked ×
#: partners``: what each form costs per match and per walked partner, measured at 100,000 partners.
CORRELATE_COST = 3.75


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


def match_query(session: Session, query: str | None) -> str | None:
    """The FTS5 query run for what the user typed: :func:`fts_query`, long prefixes expanded.

    A prefix longer than the index's shortcuts (4 characters) that stands for a few index words is
    searched as those words (``integrat`` → ``("integrateur" OR "integration")``): the same rows,
    in the same order, without merging every posting of every word first.

    Returns:
        The query, or None when nothing searchable is left.
    """
    return expand_prefixes(session, search_tokens(query))


def _count(session: Session, match: str) -> int:
    return int(session.scalar(
        text("SELECT COUNT(*) FROM search_index WHERE search_index MATCH :match AND rowid < :split"),
        {"match": match, "split": PARTNER_ROWID_LIMIT}) or 0)  # fmt: skip


def count_partner_matches(session: Session, query: str | None) -> int:
    """Number of live partners whose entry matches ``query`` (an FTS5 count: no join, about 1 ms).

    Every live partner has exactly one partner entry, so this is also the length of the partner
    list filtered by this text alone.
    """
    match = match_query(session, query)
    return 0 if match is None else _count(session, match)


def correlate_pays(matches: int, rows: int, partners: int) -> bool:
    """Whether a page of a long list of matches is read faster by testing each walked partner's entry.

    The first ``rows`` rows of a list of ``matches`` partners among ``partners`` walk about
    ``rows × partners / matches`` index entries. Listing every match first costs about 1.5 µs per
    match and 2.5 µs per walked entry; testing each walked partner's own entry 0.3 µs per match and
    7 µs per walked entry: the second pays when ``1.2 × matches > 4.5 × rows × partners / matches``.

    Args:
        matches: Partners in the list.
        rows: Rows up to the end of the page (offset + limit).
        partners: Live partners (an upper bound is fine: it only makes the test more cautious).
    """
    return matches > WALK_ABOVE and matches * matches > CORRELATE_COST * rows * max(partners, matches)


def partner_match_clause(session: Session | None, query: str | None, params: dict[str, Any],
                         column: str = "s.partner_id", matches: int | None = None,
                         correlate: bool = False) -> str:  # fmt: skip
    """SQL condition keeping the partners whose entry matches ``query``.

    Args:
        session: Used to count the matches first when ``matches`` is not given: when there are more
            than :data:`WALK_ABOVE`, the condition is written so that SQLite walks the query's ORDER
            BY index and tests membership, rather than reading every match and sorting them (None:
            let SQLite choose).
        query: What the user typed.
        params: Query parameters; ``match`` and ``split`` are added.
        column: The partner id column of the outer query.
        matches: How many rows the caller already knows the list has (a plan hint: saves a count).
        correlate: The caller reads a short page of a long list (see :func:`correlate_pays`): each
            walked partner's own entry is tested against the matching row ids.

    Returns:
        ``column IN (…)`` (``+column IN (…)`` for many matches), the per-partner test, or ``1 = 0``
        when nothing is searchable.
    """
    match = fts_query(query) if session is None else match_query(session, query)
    if match is None:
        return "1 = 0"
    params["match"], params["split"] = match, PARTNER_ROWID_LIMIT
    if correlate:
        return _PARTNER_ENTRY_MATCHES.format(column=column)
    if matches is None and session is not None:
        matches = _count(session, match)
    many = matches is not None and matches > WALK_ABOVE
    return f"{'+' if many else ''}{column} IN ({_PARTNER_MATCHES})"


def search_entries(session: Session, match: str, kinds: Sequence[str], limit: int) -> list[tuple[str, str, str | None]]:
    """``(kind, entity_id, partner_id)`` of the entries matching an FTS5 query, in index order.

    Args:
        session: An open session.
        match: An FTS5 query (see :func:`fts_query`).
        kinds: Entry kinds to return (``partner``, ``contact``, ``note``, ``stakeholder``, ``visit``,
            ``action``); the row ids are bounded to their ranges (:data:`KIND_ROWIDS`).
        limit: Maximum number of entries.
    """
    low, high = rowid_bounds(list(kinds))
    rows = session.execute(
        text(
            "SELECT kind, entity_id, partner_id FROM search_index WHERE search_index MATCH :q "
            "AND rowid >= :low AND rowid < :high AND kind IN (SELECT value FROM json_each(:kinds)) LIMIT :limit"
        ),
        {"q": match, "kinds": json.dumps(list(kinds)), "limit": limit, "low": low, "high": high},
    ).all()
    return [(k, e, p) for k, e, p in rows]


def search_entries_by_kind(session: Session, match: str, kinds: Sequence[str],
                           limit: int) -> dict[str, list[tuple[str, str | None]]]:  # fmt: skip
    """``{kind: [(entity_id, partner_id), …]}``: the first ``limit`` entries of each kind matching ``match``.

    One statement for every kind (one ``LIMIT`` per kind, each bounded to its row-id range), in index
    order within a kind; kinds without a match are left out.
    """
    params: dict[str, Any] = {"q": match, "limit": limit}
    arms = []
    for number, kind in enumerate(kinds):
        params[f"low{number}"], params[f"high{number}"] = rowid_bounds([kind])
        params[f"kind{number}"] = kind
        arms.append(
            "SELECT * FROM (SELECT kind, entity_id, partner_id FROM search_index WHERE search_index MATCH :q "
            f"AND rowid >= :low{number} AND rowid < :high{number} AND kind = :kind{number} LIMIT :limit)"
        )
    found: dict[str, list[tuple[str, str | None]]] = {}
    if arms:
        for kind, entity, partner in session.execute(text(" UNION ALL ".join(arms)), params):
            found.setdefault(kind, []).append((entity, partner))
    return found
