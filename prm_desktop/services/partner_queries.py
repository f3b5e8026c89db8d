"""Reading the partner list: filter, count, sort, page, search, and the filter widgets' choices.

Live partners are read from ``partner_summary`` (indexed; design §6: ≤ 100 ms over 100,000
partners); the "Deleted partners" view (``PartnerFilter.deleted``) reads ``partners`` directly (few
rows; the computed columns are empty there and the visit/evaluation filters do not apply).

Text search: every normalised token is a prefix (``"oeuvre"* AND "num"*``) matched against the
partner entries of ``search_index`` (name, legal name, SIREN, SIRET, city, postcode, contacts' names
and e-mails). A lone one-letter query lists the names starting with that letter; a one-letter token
next to longer ones is ignored (it is the word being typed). A text-only search is counted on the
index alone; a page of more than ``WALK_ABOVE`` matches walks the sort index testing membership
(see `partner_match_clause`) rather than sorting every match.

Sorting is stable: ties are broken on the normalised name then the id, in the sort's direction
(descending is the exact reverse of ascending), except that empty values (no visit, no contract
end…) come last both ways. Tiers sort by their rank in the active program (a tier the program does
not know counts as empty), statuses in lifecycle order. Each sort key has an index ending with the
tie-breakers, so any page is an index walk: values first, then the empty ones by name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Float, String, text
from sqlalchemy.orm import Session

from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.partner_rules import Motion, PartnerStatus, PartnerType, split_list
from prm_desktop.services import partner_summary
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.services.search_index import count_partner_matches, partner_match_clause, search_tokens
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "NO_OWNER", "NO_TIER", "SORT_KEYS", "FilterOptions", "PartnerFilter", "PartnerRow", "count_partners",
    "fetch_partner_rows", "filter_options", "partner_ids", "search_partner_ids",
]  # fmt: skip

#: Value of ``PartnerFilter.tiers`` meaning "no assigned tier", of ``owner_id`` meaning "no owner".
NO_TIER = ""
NO_OWNER = ""

SORT_KEYS: tuple[str, ...] = (
    "name", "type", "assigned_tier", "qualified_tier", "status", "city", "region", "owner_name",
    "last_visit_on", "next_visit_due", "revenue_window", "attainment", "contract_end", "movement",
    "at_risk_on",
)  # fmt: skip


@dataclass(frozen=True)
class PartnerFilter:
    """What the partner list shows. Empty fields filter nothing; set fields are ANDed.

    ``today`` is the reference day of the date filters (None: today).
    """

    text: str = ""
    types: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    region: str | None = None
    city: str | None = None
    owner_id: str | None = None
    motion: str | None = None
    tag: str | None = None
    visit_overdue: bool = False
    contract_ends_within_days: int | None = None
    deleted: bool = False
    promotion_candidate: bool = False
    demotion_candidate: bool = False
    at_risk_within_days: int | None = None
    today: date | None = None


@dataclass(frozen=True)
class PartnerRow:
    """One line of the partner list."""

    id: str
    name: str
    type: str
    assigned_tier: str | None
    qualified_tier: str | None
    status: str
    city: str | None
    owner_name: str | None
    last_visit_on: date | None
    next_visit_due: date | None
    revenue_window: float | None
    attainment: float | None
    contract_end: date | None
    movement: str | None
    at_risk_on: date | None
    deleted: bool = False


@dataclass(frozen=True)
class FilterOptions:
    """Choices of the filter widgets (ids with display names where they differ)."""

    owners: list[tuple[str, str]] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    tiers: list[tuple[str, str]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    motions: list[str] = field(default_factory=list)


_COLUMNS = {
    "last_visit_on": Date, "next_visit_due": Date, "contract_end": Date, "at_risk_on": Date,
    "revenue_window": Float, "attainment": Float, "name": String,
}  # fmt: skip
_LIVE_SELECT = (
    "SELECT s.partner_id AS id, s.name, s.type, s.assigned_tier, s.qualified_tier, s.status, s.city, "
    "s.owner_name, s.last_visit_on, s.next_visit_due, s.revenue_window, s.attainment, s.contract_end, "
    "s.movement, s.at_risk_on, 0 AS deleted FROM partner_summary s"
)
_DELETED_SELECT = (
    "SELECT s.id AS id, s.name, s.type, s.assigned_tier, NULL AS qualified_tier, s.status, s.city, "
    "tm.name AS owner_name, NULL AS last_visit_on, NULL AS next_visit_due, NULL AS revenue_window, "
    "NULL AS attainment, s.contract_end, NULL AS movement, NULL AS at_risk_on, 1 AS deleted "
    # The (deleted_at, name_key) index finds the few deleted partners; without the hint SQLite walks
    # the name index over every live partner (170 ms instead of 1 ms on 100,000 partners).
    "FROM partners s INDEXED BY ix_partners_live_name LEFT JOIN team_members tm ON tm.id = s.owner_id"
)


def _tier_ranks(uow: UnitOfWorkFactory) -> dict[str, int]:
    try:
        return {t.id: t.rank for t in get_program(uow).tiers}
    except ProgramNotFoundError:
        return {}


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


def _where(flt: PartnerFilter, params: dict[str, Any], session: Session | None = None) -> list[str]:
    day = flt.today or partner_summary.today()
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
            where.append(partner_match_clause(session, flt.text, params))
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
            where.append(_in(f"s.{column}", values, column, params))
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
            where.append(f"s.{column} = :{column}")
    if flt.owner_id is not None:
        if flt.owner_id == NO_OWNER:
            where.append("s.owner_id IS NULL")
        else:
            params["owner_id"] = flt.owner_id
            where.append("s.owner_id = :owner_id")
    for column, value in (("motions", flt.motion), ("tags", flt.tag)):
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


def _sql(flt: PartnerFilter, params: dict[str, Any], head: str, session: Session | None = None) -> str:
    where = _where(flt, params, session)
    return head + (" WHERE " + " AND ".join(where) if where else "")


def _session(uow: UnitOfWorkFactory, flt: PartnerFilter) -> Session:
    session = uow.read()
    if flt.deleted:
        partner_summary.register_functions(session)
    return session


def count_partners(uow: UnitOfWorkFactory, flt: PartnerFilter) -> int:
    """Number of partners the filter keeps (list row count, status bar); text alone is counted on the index."""
    params: dict[str, Any] = {}
    table = "partners s" if flt.deleted else "partner_summary s"
    with _session(uow, flt) as session:
        if flt.text.strip() and not _one_letter(flt) and replace(flt, text="", today=None) == PartnerFilter():
            return count_partner_matches(session, flt.text)
        return int(session.scalar(text(_sql(flt, params, f"SELECT COUNT(*) FROM {table}")), params) or 0)


#: Summary column each sort key reads (tiers by their program rank, statuses in lifecycle order).
_SORT_COLUMN = {"name": "name_key", "assigned_tier": "tier_rank", "qualified_tier": "qualified_rank",
                "status": "status_rank"}  # fmt: skip
_DELETED_EMPTY = ("qualified_tier", "last_visit_on", "next_visit_due", "revenue_window", "attainment",
                  "movement", "at_risk_on")  # fmt: skip


def _check_sort_key(sort_key: str) -> None:
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}; expected one of {', '.join(SORT_KEYS)}")


def _deleted_order(uow: UnitOfWorkFactory, sort_key: str, direction: str, params: dict[str, Any]) -> str:
    tail = f"s.name_key {direction}, s.id {direction}"
    if sort_key == "name":
        return tail
    if sort_key == "assigned_tier":
        expr = _rank_case("s.assigned_tier", _tier_ranks(uow), params, "rank")
    elif sort_key == "status":
        expr = _rank_case("s.status", {s.value: i for i, s in enumerate(PartnerStatus)}, params, "st")
    elif sort_key == "owner_name":
        expr = "tm.name"
    elif sort_key in _DELETED_EMPTY:
        return tail
    else:
        expr = f"s.{sort_key}"
    return f"({expr}) IS NULL, {expr} {direction}, {tail}"


def _live_rows(session: Session, flt: PartnerFilter, head: str, sort_key: str, descending: bool,
               offset: int, limit: int | None) -> list[Any]:  # fmt: skip
    """Rows of the live list in order: values first (an index walk), then empty values (by name)."""
    direction = "DESC" if descending else "ASC"
    params: dict[str, Any] = {}
    where = _where(flt, params, session)
    tail = f"s.name_key {direction}, s.partner_id {direction}"

    def run(extra: list[str], order: str, skip: int, take: int | None) -> list[Any]:
        clauses = where + extra
        sql = head + (" WHERE " + " AND ".join(clauses) if clauses else "") + f" ORDER BY {order}"
        sql += " LIMIT :take OFFSET :skip" if take is not None else (" LIMIT -1 OFFSET :skip" if skip else "")
        query = text(sql).columns(**_COLUMNS) if head == _LIVE_SELECT else text(sql)
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
        valued = int(session.scalar(text("SELECT COUNT(*) FROM partner_summary s WHERE " + " AND ".join(clauses)),
                                    params) or 0)  # fmt: skip
    rest = None if limit is None else limit - len(rows)
    return rows + run([f"{column} IS NULL"], tail, max(0, offset - valued), rest)


def fetch_partner_rows(uow: UnitOfWorkFactory, flt: PartnerFilter, sort_key: str = "name",
                       descending: bool = False, offset: int = 0, limit: int = 200) -> list[PartnerRow]:  # fmt: skip
    """One page of the partner list.

    Args:
        uow: Unit-of-work factory.
        flt: The filter.
        sort_key: One of :data:`SORT_KEYS`.
        descending: Sort descending: the exact reverse of ascending, except that empty values stay last.
        offset: Rows to skip.
        limit: Maximum rows returned.

    Raises:
        ValueError: Unknown sort key.
    """
    _check_sort_key(sort_key)
    offset, limit = max(0, offset), max(0, limit)
    with _session(uow, flt) as session:
        if flt.deleted:
            params: dict[str, Any] = {"offset": offset, "limit": limit}
            order = _deleted_order(uow, sort_key, "DESC" if descending else "ASC", params)
            sql = _sql(flt, params, _DELETED_SELECT) + f" ORDER BY {order} LIMIT :limit OFFSET :offset"
            rows = session.execute(text(sql).columns(**_COLUMNS), params).mappings().all()
        else:
            rows = [r._mapping for r in _live_rows(session, flt, _LIVE_SELECT, sort_key, descending, offset, limit)]
        return [PartnerRow(**{**row, "deleted": bool(row["deleted"])}) for row in rows]


def partner_ids(uow: UnitOfWorkFactory, flt: PartnerFilter, sort_key: str = "name",
                descending: bool = False) -> list[str]:  # fmt: skip
    """Ids of every partner the filter keeps, in list order (exports, bulk actions)."""
    _check_sort_key(sort_key)
    with _session(uow, flt) as session:
        if not flt.deleted:
            head = "SELECT s.partner_id FROM partner_summary s"
            return [row[0] for row in _live_rows(session, flt, head, sort_key, descending, 0, None)]
        params: dict[str, Any] = {}
        order = _deleted_order(uow, sort_key, "DESC" if descending else "ASC", params)
        head = ("SELECT s.id FROM partners s INDEXED BY ix_partners_live_name "
                "LEFT JOIN team_members tm ON tm.id = s.owner_id")
        return list(session.scalars(text(_sql(flt, params, head) + f" ORDER BY {order}"), params))


def search_partner_ids(uow: UnitOfWorkFactory, query: str, flt: PartnerFilter | None = None,
                       limit: int | None = None) -> list[str]:  # fmt: skip
    """Ids of the partners matching ``query`` (and ``flt``), sorted by name.

    Args:
        uow: Unit-of-work factory.
        query: What the user typed.
        flt: More filters (its own ``text`` is replaced by ``query``).
        limit: Maximum ids returned (None: all).
    """
    base = flt or PartnerFilter()
    flt = PartnerFilter(**{**base.__dict__, "text": query})
    if not query.strip():
        return []
    params: dict[str, Any] = {}
    head = "SELECT s.id FROM partners s" if flt.deleted else "SELECT s.partner_id FROM partner_summary s"
    order = "s.name_key, s.id" if flt.deleted else "s.name_key, s.partner_id"
    with _session(uow, flt) as session:
        sql = _sql(flt, params, head, None if limit is None else session) + f" ORDER BY {order}"
        if limit is not None:
            params["limit"] = limit
            sql += " LIMIT :limit"
        return list(session.scalars(text(sql), params))


def filter_options(uow: UnitOfWorkFactory) -> FilterOptions:
    """Choices for the filter widgets, from the live partners and the active program."""
    try:
        tiers = [(t.id, t.name) for t in get_program(uow).tiers]
    except ProgramNotFoundError:
        tiers = []
    with uow.read() as session:

        def distinct(column: str) -> list[str]:
            return list(session.scalars(text(
                f"SELECT DISTINCT {column} FROM partner_summary WHERE {column} IS NOT NULL AND {column} != '' "
                f"ORDER BY {column}")))  # fmt: skip

        owners = [(r[0], r[1]) for r in session.execute(text(
            "SELECT id, name FROM team_members WHERE deleted_at IS NULL ORDER BY name, id"))]  # fmt: skip
        tags: dict[str, str] = {}
        for value in distinct("tags"):
            for tag in split_list(value):
                tags.setdefault(tag.casefold(), tag)
        known = {t for t, _ in tiers}
        tiers += [(t, t) for t in distinct("assigned_tier") if t not in known]
        return FilterOptions(
            owners=owners, regions=distinct("region"), cities=distinct("city"),
            tags=sorted(tags.values(), key=str.casefold), types=[t.value for t in PartnerType], tiers=tiers,
            statuses=[s.value for s in PartnerStatus], motions=[m.value for m in Motion],
        )  # fmt: skip
