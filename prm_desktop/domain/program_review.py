"""Review periods and grace: when a tier or level, once met, is kept although it stops being met.

Syntax (``[options]``, docs/program-format.md "Review periods and grace")::

    review_date = "03-31"   # the tier and levels are decided each 31 March and kept until the next review
    grace_months = 6        # a tier or level is kept 6 months after the last day it was met

A decision taken on a review day uses that day's facts and applies from that day on. The two rules
may be combined; the partner keeps the best of what each gives.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program_validate import Checker

__all__ = ["ReviewRules", "earliest_day", "last_review", "next_review", "parse_review"]


@dataclass(frozen=True, slots=True)
class ReviewRules:
    """``review`` = (month, day) of the yearly review, or None; ``grace_months`` = 0 for none."""

    review: tuple[int, int] | None = None
    grace_months: int = 0


@lru_cache(maxsize=1024)
def _review_day(year: int, month: int, day: int) -> date:
    """The review of ``year`` (29 February falls back to the 28th in common years)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=4096)
def last_review(rules: ReviewRules, on: date) -> date | None:
    """The latest review day on or before ``on`` (None without review dates)."""
    if rules.review is None:
        return None
    month, day = rules.review
    this_year = _review_day(on.year, month, day)
    return this_year if this_year <= on else _review_day(on.year - 1, month, day)


@lru_cache(maxsize=4096)
def next_review(rules: ReviewRules, on: date) -> date | None:
    """The first review day strictly after ``on`` (None without review dates)."""
    if rules.review is None:
        return None
    month, day = rules.review
    this_year = _review_day(on.year, month, day)
    return this_year if this_year > on else _review_day(on.year + 1, month, day)


def earliest_day(program: Any, on: date) -> date:
    """The earliest day an evaluation on ``on`` looks at (the last review, the grace period's start).

    Revenue must be loaded from the first quarter of that day's window.
    """
    rules = getattr(program, "review", None)
    if rules is None:
        return on
    days = [on]
    review = last_review(rules, on)
    if review is not None:
        days.append(review)
    if rules.grace_months:
        year, month0 = divmod(on.year * 12 + on.month - 1 - rules.grace_months, 12)
        days.append(date(year, month0 + 1, 1))
    return min(days)


def _parse_month_day(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str):
        return None
    parts = value.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        return None
    return month, day


def parse_review(options_raw: Any, line: int, check: Checker) -> ReviewRules | None:
    """The ``review_date`` and ``grace_months`` options (None when neither is given)."""
    if not isinstance(options_raw, dict):
        return None
    review = None
    if "review_date" in options_raw:
        review = _parse_month_day(options_raw["review_date"])
        if review is None:
            check.add(line, "options.review_date", N_('must be a month and day "MM-DD" (e.g. "03-31")'))
    grace = check.integer(options_raw, "grace_months", "options", line, minimum=0, maximum=60, default=0,
                          ranged=True)
    if review is None and not grace:
        return None
    return ReviewRules(review, grace or 0)
