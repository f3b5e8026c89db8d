"""Reading the partner list: filter, count, sort, page, search, and the filter widgets' choices.

What each filter and sort key means, and how the list is read fast over 100,000 partners, is
described with the SQL in `prm_desktop.storage.partners.list_query`. A count remembered from
:func:`count_partners` serves the next page reads of the same list as a plan hint (so one keystroke
counts the text matches once); it never changes which rows are returned.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date

from prm_desktop.domain.evaluation_metrics import program_currency
from prm_desktop.domain.i18n import _
from prm_desktop.domain.normalize import normalize_text
from prm_desktop.domain.partner_filter import NO_OWNER, NO_TIER, SORT_KEYS, PartnerFilter
from prm_desktop.domain.partner_rules import Motion, PartnerStatus, PartnerType, split_list
from prm_desktop.services import partner_summary
from prm_desktop.services.programs import ProgramNotFoundError, get_program
from prm_desktop.storage.partners import list_query
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

__all__ = [
    "NO_OWNER", "NO_TIER", "SORT_KEYS", "FilterOptions", "PartnerFilter", "PartnerRow", "count_partners",
    "fetch_partner_rows", "filter_options", "list_currency", "partner_ids", "search_partner_ids",
]  # fmt: skip


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
    #: ISO currency of the revenue column (the active program's; EUR without one).
    currency: str = "EUR"


#: Last counts per (portfolio, filter): plan hints for the page reads that follow a count.
_COUNT_HINTS: OrderedDict[tuple[int, PartnerFilter], int] = OrderedDict()
_HINTS_KEPT = 16


def _day(flt: PartnerFilter) -> date:
    return flt.today or partner_summary.today()


def _tier_ranks(uow: UnitOfWorkFactory) -> dict[str, int]:
    try:
        return {t.id: t.rank for t in get_program(uow).tiers}
    except ProgramNotFoundError:
        return {}


def _french_order(values: list[str]) -> list[str]:
    """Values in collation order: accents and ligatures folded ("Évry" with the E's), then as written."""
    return sorted(values, key=lambda value: (normalize_text(value), value))


def _check_sort_key(sort_key: str) -> None:
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}; expected one of {', '.join(SORT_KEYS)}")


def count_partners(uow: UnitOfWorkFactory, flt: PartnerFilter) -> int:
    """Number of partners the filter keeps (list row count, status bar); text alone is counted on the index."""
    with uow.read() as session:
        found = list_query.count(session, flt, _day(flt))
    key = (id(uow), flt)
    _COUNT_HINTS[key] = found
    _COUNT_HINTS.move_to_end(key)
    while len(_COUNT_HINTS) > _HINTS_KEPT:
        _COUNT_HINTS.popitem(last=False)
    return found


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
    ranks = _tier_ranks(uow) if flt.deleted else {}
    hint = _COUNT_HINTS.get((id(uow), flt))
    with uow.read() as session:
        rows = list_query.fetch_rows(session, flt, _day(flt), sort_key, descending, offset, limit, ranks, hint)
    return [PartnerRow(**{**row, "deleted": bool(row["deleted"])}) for row in rows]


def partner_ids(uow: UnitOfWorkFactory, flt: PartnerFilter, sort_key: str = "name",
                descending: bool = False) -> list[str]:  # fmt: skip
    """Ids of every partner the filter keeps, in list order (exports, bulk actions)."""
    _check_sort_key(sort_key)
    ranks = _tier_ranks(uow) if flt.deleted else {}
    with uow.read() as session:
        return list_query.ids_in_order(session, flt, _day(flt), sort_key, descending, ranks)


def search_partner_ids(uow: UnitOfWorkFactory, query: str, flt: PartnerFilter | None = None,
                       limit: int | None = None) -> list[str]:  # fmt: skip
    """Ids of the partners matching ``query`` (and ``flt``), sorted by name.

    Args:
        uow: Unit-of-work factory.
        query: What the user typed.
        flt: More filters (its own ``text`` is replaced by ``query``).
        limit: Maximum ids returned (None: all).
    """
    if not query.strip():
        return []
    flt = replace(flt or PartnerFilter(), text=query)
    with uow.read() as session:
        return list_query.search_ids(session, flt, _day(flt), limit)


def list_currency(uow: UnitOfWorkFactory) -> str:
    """ISO currency of the list's revenue totals: the active program's (EUR without a program)."""
    try:
        return program_currency(get_program(uow))
    except ProgramNotFoundError:
        return "EUR"


def filter_options(uow: UnitOfWorkFactory) -> FilterOptions:
    """Choices for the filter widgets, from the live partners and the active program."""
    currency = "EUR"
    try:
        program = get_program(uow)
        tiers = [(t.id, t.name) for t in program.tiers]
        currency = program_currency(program)
    except ProgramNotFoundError:
        tiers = []
    with uow.read() as session:
        owners = sorted(list_query.team_member_choices(session), key=lambda o: (normalize_text(o[1]), o[1], o[0]))
        tags: dict[str, str] = {}
        for value in list_query.distinct_values(session, "tags"):
            for tag in split_list(value):
                tags.setdefault(tag.casefold(), tag)
        known = {t for t, _name in tiers}
        # A tier assigned under another program (kept when the program changed): said so, not a bare id.
        other = (lambda t: t) if not known else (lambda t: _("{tier} (not in the program)", tier=t))
        tiers += [(t, other(t)) for t in list_query.distinct_values(session, "assigned_tier") if t not in known]
        return FilterOptions(
            owners=owners, regions=_french_order(list_query.distinct_values(session, "region")),
            cities=_french_order(list_query.distinct_values(session, "city")),
            tags=_french_order(list(tags.values())), types=[t.value for t in PartnerType], tiers=tiers,
            statuses=[s.value for s in PartnerStatus], motions=[m.value for m in Motion], currency=currency,
        )  # fmt: skip
