"""SQL of the partner list: filter, count, sort, page and the filter widgets' choices.

Live partners are read from ``partner_summary`` (indexed; design §6: ≤ 100 ms over 100,000
partners); the "Deleted partners" view (``PartnerFilter.deleted``) reads ``partners`` directly (few
rows; the computed columns are empty there and the visit/evaluation filters do not apply).

Text search: every normalised token is a prefix matched against the partner entries of the search
index (see `prm_desktop.storage.search.queries`). A lone one-letter query lists the names starting
with that letter. A text-only search is counted on the index alone; a page of more than
``WALK_ABOVE`` matches walks the sort index testing membership rather than sorting every match.

Sorting is stable: ties are broken on the normalised name then the id, in the sort's direction
(descending is the exact reverse of ascending), except that empty values come last both ways. Text
columns sort on their normalised key (accents and ligatures folded: "Île" with I, "Œ" as OE). Tiers
sort by their rank in the active program, statuses in lifecycle order. Each sort key has an index
ending with the tie-breakers, so any page is an index walk: values first, then the empty ones by name.

Filters: one status or type is an equality on a ``(value, name_key, partner_id)`` index, as is the
city, so its count is a range and its first page by name a walk of that range. Motions and tags are
comma-separated lists: each item is also a row of ``partner_summary_labels`` (kept by triggers,
migration 0015; the label with ASCII letters lower-cased, as LIKE compared them). A Motion or Tag
filter without an indexed filter beside it is read from that table in name order (the count on it
alone); otherwise it is a point lookup per candidate row.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Float, String, text
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.partner_filter import NO_OWNER, NO_TIER, PartnerFilter
from prm_desktop.domain.partner_rules import PartnerStatus
from prm_desktop.storage.partners.summary import register_functions
from prm_desktop.storage.search.queries import (
    WALK_ABOVE,
    correlate_pays,
    count_partner_matches,
    partner_match_clause,
    search_tokens,
)

__all__ = ["count", "distinct_values", "fetch_rows", "ids_in_order", "search_ids", "team_member_choices"]

_COLUMNS = {
    "last_visit_on": Date, "next_visit_due": Date, "contract_end": Date, "at_risk_on": Date,
    "revenue_window": Float, "attainment": Float, "name": String,
}  # fmt: skip
_LIVE_SELECT = (
    "SELECT s.partner_id AS id, s.name, s.type, s.assigned_tier, s.qualified_tier, s.status, s.city, "
    "s.owner_name, s.last_visit_on, s.next_visit_due, s.revenue_window, s.attainment, s.contract_end, "
    "s.movement, s.at_risk_on, 0 AS deleted FROM partner_summary s"
)
_LIVE_IDS = "SELECT s.partner_id FROM partner_summary s"
_LABELS = "partner_summary_labels"
_DELETED_FROM = (
    # The (deleted_at, name_key) index finds the few deleted partners; without the hint SQLite walks
    # the name index over every live partner (170 ms instead of 1 ms on 100,000 partners).
    "FROM partners s INDEXED BY ix_partners_live_name LEFT JOIN team_members tm ON tm.id = s.owner_id"
)
_DELETED_SELECT = (
    "SELECT s.id AS id, s.name, s.type, s.assigned_tier, NULL AS qualified_tier, s.status, s.city, "
    "tm.name AS owner_name, NULL AS last_visit_on, NULL AS next_visit_due, NULL AS revenue_window, "
    "NULL AS attainment, s.contract_end, NULL AS movement, NULL AS at_risk_on, 1 AS deleted " + _DELETED_FROM
)
#: Summary column each sort key reads (tiers by their program rank, statuses in lifecycle order).
_SORT_COLUMN = {"name": "name_key", "assigned_tier": "tier_rank", "qualified_tier": "qualified_rank",
                "status": "status_rank", "city": "city_key", "region": "region_key",
                "owner_name": "owner_key"}  # fmt: skip
_DELETED_EMPTY = ("qualified_tier", "last_visit_on", "next_visit_due", "revenue_window", "attainment",
                  "movement", "at_risk_on")  # fmt: skip


def _rank_case(column: str, ranks: dict[str, int], params: dict[str, Any], prefix: str) -> str:
    if not ranks:
        return column
    whens = []
    for i, (value, rank) in enumerate(ranks.items()):
        params[f"{prefix}{i}"] = value
        whens.append(f"WHEN :{prefix}{i} THEN {int(rank)}")
    other = f"CASE WHEN {column} IS NULL THEN NULL ELSE 1000 END"
    return f"CASE {column} {' '.join(whens)} ELSE {other} END"


def _in(column: str, values: tuple[str, ...], name: str, params: dict[str, Any]) -> str:
    params[name] = json.dumps(list(values))
    return f"{column} IN (SELECT value FROM json_each(:{name}))"


def _one_letter(flt: PartnerFilter) -> bool:
    tokens = search_tokens(flt.text)
    return len(tokens) == 1 and len(tokens[0]) == 1


def _labels(flt: PartnerFilter) -> list[tuple[str, str]]:
    """``(kind, value)`` of the Tag and Motion filters set (the tag first: usually the rarer)."""
    return [(kind, value.strip()) for kind, value in (("t", flt.tag), ("m", flt.motion)) if value]


def _drives(flt: PartnerFilter) -> bool:
    """Whether the live list is best read from its first label filter (no indexed filter beside it)."""
    indexed = (flt.text.strip(), flt.city is not None, flt.owner_id is not None)  # finer than a label
    return not flt.deleted and bool(_labels(flt)) and not any(indexed)


def _indexed_filter(flt: PartnerFilter) -> bool:
    """Whether a filter of ``flt`` has its own index (one status or type, the city, a motion or tag)."""
    return not flt.deleted and (len(flt.statuses) == 1 or len(flt.types) == 1 or flt.city is not None
                                or bool(_labels(flt)))  # fmt: skip


def _driven(head: str) -> str:
    """``head`` reading the partners of the first label filter (alias ``l0``) in name order."""
    return head.replace(
        "FROM partner_summary s", f"FROM {_LABELS} l0 CROSS JOIN partner_summary s "
        "ON s.partner_id = l0.partner_id AND s.name_key = l0.name_key")


def _one_or_many(column: str, values: tuple[str, ...], name: str, params: dict[str, Any], walk: bool) -> str:
    """One value: an equality on the column's (value, name_key, partner_id) index (``walk``: kept off it)."""
    if len(values) == 1:
        params[name] = values[0]
        return f"{'+' if walk else ''}{column} = :{name}"
    return _in(column, values, name, params)


def _where(flt: PartnerFilter, day: date, params: dict[str, Any], session: Session | None = None,
           matches: int | None = None, driven: bool = False, walk: bool = False,
           correlate: bool = False) -> list[str]:  # fmt: skip
    """Conditions of ``flt``.

    ``driven``: the query reads the first label filter's rows as ``l0``. ``walk``: many rows match and
    the page walks the sort key's index, so the status, type and city conditions are kept off theirs.
    ``correlate``: a short page of many text matches, each walked partner's entry tested.
    """
    params["today"] = day.isoformat()
    live = not flt.deleted
    where = ["s.deleted_at IS NOT NULL"] if not live else []
    if flt.text.strip():
        if live and _one_letter(flt):
            # One letter typed: names starting with it (an index range; a one-letter FTS prefix
            # would match most of the portfolio's text).
            letter = search_tokens(flt.text)[0]
            params["name_from"], params["name_to"] = letter, chr(ord(letter) + 1)
            where.append("s.name_key >= :name_from AND s.name_key < :name_to")
        elif live:
            where.append(partner_match_clause(session, flt.text, params, matches=matches, correlate=correlate))
        else:
            haystack = (
                "prm_sort_key(s.name || ' ' || COALESCE(s.legal_name, '') || ' ' || COALESCE(s.siren, '') "
                "|| ' ' || COALESCE(s.siret, '') || ' ' || COALESCE(s.city, '') || ' ' "
                "|| COALESCE(s.postal_code, ''))"
            )
            for i, token in enumerate(normalize_text(flt.text).split()):
                params[f"tok{i}"] = f"%{token}%"
                where.append(f"{haystack} LIKE :tok{i}")
    for column, values in (("type", flt.types), ("status", flt.statuses)):
        if values:
            where.append(_one_or_many(f"s.{column}", values, column, params, walk) if live
                         else _in(f"s.{column}", values, column, params))  # fmt: skip
    if flt.tiers:
        tiers = tuple(t for t in flt.tiers if t != NO_TIER)
        parts = [_in("s.assigned_tier", tiers, "tiers", params)] if tiers else []
        if NO_TIER in flt.tiers:
            parts.append("s.assigned_tier IS NULL")
        where.append("(" + " OR ".join(parts) + ")")
    for column in ("region", "city"):
        value = getattr(flt, column)
        if value is not None:
            params[column] = value
            where.append(f"{'+' if walk and column == 'city' else ''}s.{column} = :{column}")
    if flt.owner_id is not None:
        if flt.owner_id == NO_OWNER:
            where.append("s.owner_id IS NULL")
        else:
            params["owner_id"] = flt.owner_id
            where.append("s.owner_id = :owner_id")
    for i, (kind, value) in enumerate(_labels(flt) if live else ()):
        params[f"label{i}"] = value
        if driven and i == 0:
            where.append(f"l0.kind = '{kind}' AND l0.label = lower(:label0)")
        else:
            row = "l0" if driven else "s"
            where.append(f"EXISTS (SELECT 1 FROM {_LABELS} l{i} WHERE l{i}.kind = '{kind}' AND "
                         f"l{i}.label = lower(:label{i}) AND l{i}.name_key = {row}.name_key AND "
                         f"l{i}.partner_id = {row}.partner_id)")  # fmt: skip
    for column, value in (("motions", flt.motion), ("tags", flt.tag)) if not live else ():
        if value:
            params[column] = f"%,{value.strip()},%"
            where.append(f"(',' || s.{column} || ',') LIKE :{column}")
    if flt.contract_ends_within_days is not None:
        params["contract_until"] = (day + timedelta(days=flt.contract_ends_within_days)).isoformat()
        where.append("s.contract_end BETWEEN :today AND :contract_until")
    if not live:
        return where
    if flt.visit_overdue:
        where.append("s.next_visit_due <= :today")
    movements = [m for m, on in (("promotion", flt.promotion_candidate), ("demotion", flt.demotion_candidate)) if on]
    if movements:
        where.append(_in("s.movement", tuple(movements), "movements", params))
    if flt.at_risk_within_days is not None:
        params["risk_until"] = (day + timedelta(days=flt.at_risk_within_days)).isoformat()
        where.append("s.at_risk_on <= :risk_until")
    return where


def _sql(flt: PartnerFilter, day: date, params: dict[str, Any], head: str, session: Session | None = None) -> str:
    where = _where(flt, day, params, session)
    return head + (" WHERE " + " AND ".join(where) if where else "")


def _prepare(session: Session, flt: PartnerFilter) -> None:
    if flt.deleted:
        register_functions(session)


def count(session: Session, flt: PartnerFilter, day: date) -> int:
    """Number of partners ``flt`` keeps on ``day``; text alone is counted on the search index."""
    _prepare(session, flt)
    if flt.text.strip() and not _one_letter(flt) and replace(flt, text="", today=None) == PartnerFilter():
        return count_partner_matches(session, flt.text)
    params: dict[str, Any] = {}
    if _drives(flt):
        where = _where(flt, day, params, session, driven=True)
        # Only label filters: counted on the label rows alone (a range of their primary key).
        uses_summary = len(where) > len(_labels(flt))
        head = (_driven("SELECT COUNT(*) FROM partner_summary s") if uses_summary
                else f"SELECT COUNT(*) FROM {_LABELS} l0")
        return int(session.scalar(text(head + " WHERE " + " AND ".join(where)), params) or 0)
    table = "partners s" if flt.deleted else "partner_summary s"
    return int(session.scalar(text(_sql(flt, day, params, f"SELECT COUNT(*) FROM {table}")), params) or 0)


def _deleted_order(sort_key: str, direction: str, params: dict[str, Any], tier_ranks: dict[str, int]) -> str:
    tail = f"s.name_key {direction}, s.id {direction}"
    if sort_key == "name":
        return tail
    if sort_key == "assigned_tier":
        expr = _rank_case("s.assigned_tier", tier_ranks, params, "rank")
    elif sort_key == "status":
        expr = _rank_case("s.status", {s.value: i for i, s in enumerate(PartnerStatus)}, params, "st")
    elif sort_key == "owner_name":
        expr = "NULLIF(prm_sort_key(tm.name), '')"
    elif sort_key in ("city", "region"):
        expr = f"NULLIF(prm_sort_key(s.{sort_key}), '')"
    elif sort_key in _DELETED_EMPTY:
        return tail
    else:
        expr = f"s.{sort_key}"
    return f"({expr}) IS NULL, {expr} {direction}, {tail}"


def _live_partners_bound(session: Session) -> int:
    """At least the number of live partners, read in a lookup: the summary's largest row id."""
    return int(session.scalar(text("SELECT max(rowid) FROM partner_summary")) or 0)


def _live_rows(session: Session, flt: PartnerFilter, day: date, head: str, sort_key: str, descending: bool,
               offset: int, limit: int | None, matches: int | None = None) -> list[Any]:  # fmt: skip
    """Rows of the live list in order: values first (an index walk), then empty values (by name)."""
    direction = "DESC" if descending else "ASC"
    params: dict[str, Any] = {}
    walk = False
    if sort_key != "name" and limit is not None and _indexed_filter(flt):
        # Many matches: walk the sort key's index testing each row (stops at the page); few: read
        # them by the filter's index and sort them.
        matches = count(session, flt, day) if matches is None else matches
        walk = matches > WALK_ABOVE
    # The label rows are in name order: a page by name is a walk of them that stops at the page.
    driven = not walk and _drives(flt)
    many_texts = limit is not None and matches is not None and matches > WALK_ABOVE and bool(flt.text.strip())
    correlate = (many_texts and not _one_letter(flt)
                 and correlate_pays(matches, offset + limit, _live_partners_bound(session)))  # fmt: skip
    where = _where(flt, day, params, session, matches, driven, walk, correlate)
    row = "l0" if driven else "s"
    tail = f"{row}.name_key {direction}, {row}.partner_id {direction}"
    typed = head == _LIVE_SELECT
    head, counted = (_driven(head), _driven("SELECT COUNT(*) FROM partner_summary s")) if driven else (
        head, "SELECT COUNT(*) FROM partner_summary s")  # fmt: skip

    def run(extra: list[str], order: str, skip: int, take: int | None) -> list[Any]:
        clauses = where + extra
        sql = head + (" WHERE " + " AND ".join(clauses) if clauses else "") + f" ORDER BY {order}"
        sql += " LIMIT :take OFFSET :skip" if take is not None else (" LIMIT -1 OFFSET :skip" if skip else "")
        query = text(sql).columns(**_COLUMNS) if typed else text(sql)
        return list(session.execute(query, {**params, "take": take, "skip": skip}).all())

    if sort_key == "name":
        return run([], tail, offset, limit)
    column = f"s.{_SORT_COLUMN.get(sort_key, sort_key)}"
    rows = run([f"{column} IS NOT NULL"], f"{column} {direction}, {tail}", offset, limit)
    if limit is not None and len(rows) >= limit:
        return rows
    if rows or offset == 0:
        valued = offset + len(rows)
    else:
        clauses = [*where, f"{column} IS NOT NULL"]
        valued = int(session.scalar(text(counted + " WHERE " + " AND ".join(clauses)), params) or 0)
    rest = None if limit is None else limit - len(rows)
    return rows + run([f"{column} IS NULL"], tail, max(0, offset - valued), rest)


def fetch_rows(session: Session, flt: PartnerFilter, day: date, sort_key: str, descending: bool, offset: int,
               limit: int, tier_ranks: dict[str, int], matches: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """One page of the list, as dicts with the keys of ``PartnerRow``.

    Args:
        session: An open session.
        flt: The filter.
        day: Reference day of the date filters.
        sort_key: A key of ``SORT_KEYS`` (checked by the caller).
        descending: Sort descending (empty values stay last).
        offset: Rows to skip.
        limit: Maximum rows returned.
        tier_ranks: Rank of each tier id of the active program (the deleted view sorts tiers by it).
        matches: How many rows the list has, when the caller knows (saves counting the text matches).
    """
    _prepare(session, flt)
    if flt.deleted:
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        order = _deleted_order(sort_key, "DESC" if descending else "ASC", params, tier_ranks)
        sql = _sql(flt, day, params, _DELETED_SELECT) + f" ORDER BY {order} LIMIT :limit OFFSET :offset"
        return [dict(row) for row in session.execute(text(sql).columns(**_COLUMNS), params).mappings()]
    rows = _live_rows(session, flt, day, _LIVE_SELECT, sort_key, descending, offset, limit, matches)
    return [dict(row._mapping) for row in rows]


def ids_in_order(session: Session, flt: PartnerFilter, day: date, sort_key: str, descending: bool,
                 tier_ranks: dict[str, int]) -> list[str]:  # fmt: skip
    """Ids of every partner ``flt`` keeps, in list order."""
    _prepare(session, flt)
    if not flt.deleted:
        return [row[0] for row in _live_rows(session, flt, day, _LIVE_IDS, sort_key, descending, 0, None)]
    params: dict[str, Any] = {}
    order = _deleted_order(sort_key, "DESC" if descending else "ASC", params, tier_ranks)
    return list(session.scalars(text(_sql(flt, day, params, "SELECT s.id " + _DELETED_FROM) + f" ORDER BY {order}"),
                                params))  # fmt: skip


def search_ids(session: Session, flt: PartnerFilter, day: date, limit: int | None) -> list[str]:
    """Ids of the partners ``flt`` (with its text) keeps, by name; at most ``limit`` (None: all)."""
    _prepare(session, flt)
    params: dict[str, Any] = {}
    head = "SELECT s.id FROM partners s" if flt.deleted else _LIVE_IDS
    order = "s.name_key, s.id" if flt.deleted else "s.name_key, s.partner_id"
    sql = _sql(flt, day, params, head, None if limit is None else session) + f" ORDER BY {order}"
    if limit is not None:
        params["limit"] = limit
        sql += " LIMIT :limit"
    return list(session.scalars(text(sql), params))


def distinct_values(session: Session, column: str) -> list[str]:
    """Distinct non-empty values of a summary column (``region``, ``city``, ``tags``, ``assigned_tier``)."""
    if column not in ("region", "city", "tags", "assigned_tier"):
        raise ValueError(f"not a choice column: {column!r}")
    return list(session.scalars(text(
        f"SELECT DISTINCT {column} FROM partner_summary WHERE {column} IS NOT NULL AND {column} != '' "
        f"ORDER BY {column}")))  # fmt: skip


def team_member_choices(session: Session) -> list[tuple[str, str]]:
    """``(id, name)`` of the live team members, by name."""
    return [(r[0], r[1]) for r in session.execute(text(
        "SELECT id, name FROM team_members WHERE deleted_at IS NULL ORDER BY name, id"))]  # fmt: skip
