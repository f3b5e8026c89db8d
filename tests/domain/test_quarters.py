from __future__ import annotations

from datetime import date

import pytest

from prm_desktop.domain.quarters import Quarter, parse_quarter, quarter_of, revenue_window


@pytest.mark.parametrize(
    "text",
    [
        "2026-Q1",
        "2026Q1",
        "T1 2026",
        "Q1 2026",
        "2026 T1",
        "2026-q1",
        "t1 2026",
        " q1  2026 ",
        "2026 - Q1",
        "2026\u00a0T1",
    ],
)
def test_parse_quarter_accepted_forms(text: str) -> None:
    assert parse_quarter(text) == Quarter(2026, 1)


@pytest.mark.parametrize("text", ["", "2026", "2026-Q5", "Q0 2026", "26-Q1", "2026-Q1-2", "S1 2026", "1T2026x"])
def test_parse_quarter_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a quarter"):
        parse_quarter(text)


def test_str_and_order() -> None:
    assert str(Quarter(2026, 3)) == "2026-Q3"
    assert Quarter(2025, 4) < Quarter(2026, 1) < Quarter(2026, 2)
    assert sorted([Quarter(2026, 2), Quarter(2025, 4)]) == [Quarter(2025, 4), Quarter(2026, 2)]


def test_invalid_quarter_number() -> None:
    with pytest.raises(ValueError):
        Quarter(2026, 0)


def test_shift() -> None:
    assert Quarter(2026, 1).shift(-1) == Quarter(2025, 4)
    assert Quarter(2025, 4).shift(1) == Quarter(2026, 1)
    assert Quarter(2026, 2).shift(9) == Quarter(2028, 3)
    assert Quarter(2026, 2).shift(0) == Quarter(2026, 2)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 3, 31), Quarter(2026, 1)),
        (date(2026, 4, 1), Quarter(2026, 2)),
        (date(2025, 12, 31), Quarter(2025, 4)),
        (date(2026, 1, 1), Quarter(2026, 1)),
        (date(2026, 6, 30), Quarter(2026, 2)),
        (date(2026, 7, 1), Quarter(2026, 3)),
    ],
)
def test_quarter_of_calendar(d: date, expected: Quarter) -> None:
    assert quarter_of(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 3, 31), Quarter(2025, 4)),
        (date(2026, 4, 1), Quarter(2026, 1)),
        (date(2026, 6, 30), Quarter(2026, 1)),
        (date(2026, 7, 1), Quarter(2026, 2)),
        (date(2026, 12, 31), Quarter(2026, 3)),
        (date(2027, 1, 1), Quarter(2026, 4)),
    ],
)
def test_quarter_of_fiscal_april(d: date, expected: Quarter) -> None:
    assert quarter_of(d, 4) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 6, 30), Quarter(2025, 4)),
        (date(2026, 7, 1), Quarter(2026, 1)),
        (date(2026, 12, 31), Quarter(2026, 2)),
        (date(2027, 1, 1), Quarter(2026, 3)),
    ],
)
def test_quarter_of_fiscal_july(d: date, expected: Quarter) -> None:
    assert quarter_of(d, 7) == expected


def test_start_end_dates() -> None:
    assert Quarter(2026, 1).start_date() == date(2026, 1, 1)
    assert Quarter(2026, 1).end_date() == date(2026, 3, 31)
    assert Quarter(2025, 4).end_date() == date(2025, 12, 31)
    assert Quarter(2026, 1).start_date(4) == date(2026, 4, 1)
    assert Quarter(2026, 4).start_date(4) == date(2027, 1, 1)
    assert Quarter(2026, 4).end_date(4) == date(2027, 3, 31)
    assert Quarter(2026, 2).start_date(7) == date(2026, 10, 1)
    assert Quarter(2026, 2).end_date(7) == date(2026, 12, 31)


@pytest.mark.parametrize("start", range(1, 13))
def test_round_trip_every_start_month(start: int) -> None:
    q = Quarter(2026, 1)
    for _ in range(8):
        assert quarter_of(q.start_date(start), start) == q
        assert quarter_of(q.end_date(start), start) == q
        assert q.shift(1).start_date(start) == date.fromordinal(q.end_date(start).toordinal() + 1)
        q = q.shift(1)


def test_bad_start_month() -> None:
    with pytest.raises(ValueError):
        quarter_of(date(2026, 1, 1), 13)


def test_revenue_window_across_years() -> None:
    assert revenue_window(date(2026, 2, 10), 4) == [
        Quarter(2025, 2),
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
    ]
    assert revenue_window(date(2026, 4, 1), 2) == [Quarter(2026, 1), Quarter(2026, 2)]
    assert revenue_window(date(2026, 3, 31), 1) == [Quarter(2026, 1)]
    assert revenue_window(date(2026, 5, 1), 3, fiscal_start_month=4) == [
        Quarter(2025, 3),
        Quarter(2025, 4),
        Quarter(2026, 1),
    ]


def test_revenue_window_needs_one_quarter() -> None:
    with pytest.raises(ValueError):
        revenue_window(date(2026, 1, 1), 0)
