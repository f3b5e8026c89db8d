"""The bridge between the list widgets and the partner query service.

:class:`QuerySource` feeds :class:`~prm_desktop.ui.partners.partners_table_model.PartnersTableModel`;
:func:`make_filter` turns the filter bar's plain values into a ``PartnerFilter``; :func:`load_choices`
fills the filter combos.
"""

from __future__ import annotations

import time
from typing import Any

from prm_desktop.domain.i18n import _
from prm_desktop.services.partner_queries import (
    NO_OWNER,
    NO_TIER,
    PartnerFilter,
    PartnerRow,
    count_partners,
    fetch_partner_rows,
    filter_options,
)
from prm_desktop.ui.partners.filter_bar import FilterChoices, FilterValues

__all__ = ["QuerySource", "load_choices", "make_filter"]


class QuerySource:
    """Counts and pages of the partner list, read through the services; remembers its timings.

    Args:
        uow: The unit-of-work factory of the open portfolio.
    """

    def __init__(self, uow: Any) -> None:
        self._uow = uow
        #: Seconds taken by the last count and the last fetch (the bench and the status tip read them).
        self.last_count_s = 0.0
        self.last_fetch_s = 0.0

    def count(self, flt: PartnerFilter) -> int:
        """Number of partners matching ``flt``."""
        start = time.perf_counter()
        try:
            return count_partners(self._uow, flt)
        finally:
            self.last_count_s = time.perf_counter() - start

    def fetch(self, flt: PartnerFilter, sort_key: str, descending: bool, offset: int,
              limit: int) -> list[PartnerRow]:
        """A page of the sorted, filtered list."""
        start = time.perf_counter()
        try:
            return fetch_partner_rows(self._uow, flt, sort_key, descending, offset, limit)
        finally:
            self.last_fetch_s = time.perf_counter() - start


def make_filter(values: FilterValues) -> PartnerFilter:
    """The ``PartnerFilter`` for what the filter bar shows."""
    return PartnerFilter(
        text=values.text,
        types=(values.type,) if values.type else (),
        tiers=(values.tier,) if values.tier is not None else (),
        statuses=(values.status,) if values.status else (),
        region=values.region,
        city=values.city,
        owner_id=values.owner_id,
        motion=values.motion,
        tag=values.tag,
        visit_overdue=values.visit_overdue,
        contract_ends_within_days=values.contract_ends_within_days,
        promotion_candidate=values.promotion_candidate,
        demotion_candidate=values.demotion_candidate,
        at_risk_within_days=values.at_risk_within_days,
        deleted=values.deleted,
    )


def load_choices(uow: Any) -> FilterChoices:
    """The filter combos' choices from the data and the active program."""
    options = filter_options(uow)
    return FilterChoices(
        tiers=[*options.tiers, (NO_TIER, _("No tier"))],
        regions=list(options.regions),
        cities=list(options.cities),
        owners=[*options.owners, (NO_OWNER, _("No owner"))],
        tags=list(options.tags),
        currency=options.currency,
    )
