"""The windowed partner list model, without any window: paging, sort, filter, refresh."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from PySide6.QtCore import Qt

from prm_desktop.ui.partners.partners_table_model import (
    COL_CITY,
    COL_CONTRACT_END,
    COL_NAME,
    COL_NEXT_VISIT,
    COL_REVENUE,
    COL_TIER,
    COLUMNS,
    FIRST_PAGE,
    ID_ROLE,
    PAGE_SIZE,
    PartnersTableModel,
)

TODAY = date(2026, 6, 15)


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    type: str = "reseller"
    assigned_tier: str | None = "gold"
    qualified_tier: str | None = "gold"
    status: str = "active"
    city: str | None = "Lyon"
    owner_name: str | None = None
    last_visit_on: date | None = None
    next_visit_due: date | None = None
    revenue_window: float | None = None
    attainment: float | None = None
    contract_end: date | None = None
    movement: str | None = None
    at_risk_on: date | None = None


@dataclass(frozen=True)
class Flt:
    text: str = ""


class FakeSource:
    """Rows in memory; counts the calls the model makes."""

    def __init__(self, n: int) -> None:
        self.rows = [Row(f"id{i:05d}", f"Partner {i:06d}", city=("Lyon" if i % 2 else "Paris"),
                         revenue_window=float(i)) for i in range(n)]
        self.counts = 0
        self.fetches: list[tuple[str, bool, int, int]] = []

    def _matching(self, flt: Flt) -> list[Row]:
        return [r for r in self.rows if flt.text.lower() in r.name.lower() + " " + (r.city or "").lower()]

    def count(self, flt: Flt) -> int:
        self.counts += 1
        return len(self._matching(flt))

    def fetch(self, flt: Flt, sort_key: str, descending: bool, offset: int, limit: int) -> list[Row]:
        self.fetches.append((sort_key, descending, offset, limit))
        rows = sorted(self._matching(flt), key=lambda r: (getattr(r, sort_key) or 0, r.id), reverse=descending)
        return rows[offset:offset + limit]


class ManualRunner:
    """Runs nothing until told: stands for the task runner, to test answers arriving late."""

    def __init__(self) -> None:
        self.queue: list[tuple] = []

    def __call__(self, work, done, failed) -> None:
        self.queue.append((work, done, failed))

    def run_all(self) -> int:
        ran = 0
        while self.queue:
            work, done, failed = self.queue.pop(0)
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001
                failed(exc)
            else:
                done(result)
            ran += 1
        return ran


def make(n: int = 1000, runner=None) -> tuple[PartnersTableModel, FakeSource]:
    source = FakeSource(n)
    return PartnersTableModel(source, Flt(), today=lambda: TODAY, runner=runner), source


def test_count_and_first_page_come_in_one_request(qapp) -> None:
    """The first page is what a tall screen shows: a keystroke waits for no more rows than that."""
    model, source = make(1000)
    assert model.rowCount() == 1000
    assert model.columnCount() == len(COLUMNS) == 13
    assert source.counts == 1
    assert source.fetches == [("name", False, 0, FIRST_PAGE)]
    assert model.loaded_row_count() == FIRST_PAGE < PAGE_SIZE
    model.data(model.index(FIRST_PAGE + 5, COL_NAME))  # scrolled below it: a window is fetched
    assert source.fetches[-1][3] == PAGE_SIZE


def test_the_visible_rows_need_no_more_queries(qapp) -> None:
    model, source = make(1000)
    for row in range(30):
        for col in range(model.columnCount()):
            model.data(model.index(row, col))
    assert len(source.fetches) == 1
    assert model.data(model.index(0, COL_NAME)) == "Partner 000000"
    assert model.data(model.index(3, COL_NAME), ID_ROLE) == "id00003"


def test_jumping_to_the_end_fetches_one_page(qapp) -> None:
    model, source = make(100_005)
    source.fetches.clear()
    for row in range(100_005 - 30, 100_005):
        model.data(model.index(row, COL_NAME))
    assert len(source.fetches) == 1
    assert model.loaded_row_count() == FIRST_PAGE + PAGE_SIZE  # the first page and the last window
    assert model.data(model.index(100_004, COL_NAME)) == "Partner 100004"


def test_scrolling_keeps_few_pages_in_memory(qapp) -> None:
    model, source = make(50_000)
    for row in range(0, 50_000, 37):
        model.data(model.index(row, COL_NAME))
    assert model.loaded_row_count() <= 12 * PAGE_SIZE
    assert model.data(model.index(49_999, COL_NAME)) == "Partner 049999"


def test_sort_is_delegated_to_the_source(qapp) -> None:
    model, source = make(500)
    model.sort(COL_REVENUE, Qt.SortOrder.DescendingOrder)
    assert source.fetches[-1] == ("revenue_window", True, 0, FIRST_PAGE)
    assert model.data(model.index(0, COL_NAME)) == "Partner 000499"
    assert model.sort_column == COL_REVENUE and model.descending
    fetched = len(source.fetches)
    model.sort(COL_REVENUE, Qt.SortOrder.DescendingOrder)  # same sort: nothing to do
    assert len(source.fetches) == fetched


def test_filter_recounts_and_drops_the_cache(qapp) -> None:
    model, source = make(1000)
    model.data(model.index(700, 0))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_filter(Flt(text="paris"))
    assert resets == [1]
    assert model.rowCount() == 500
    assert model.loaded_row_count() == FIRST_PAGE
    assert model.data(model.index(0, COL_CITY)) == "Paris"


def test_refresh_keeps_rows_when_the_count_is_unchanged(qapp) -> None:
    model, source = make(10)
    assert model.data(model.index(0, COL_NAME)) == "Partner 000000"
    source.rows[0] = replace(source.rows[0], name="Renamed")
    changed, resets = [], []
    model.dataChanged.connect(lambda *a: changed.append(a))
    model.modelReset.connect(lambda: resets.append(1))
    model.refresh()
    assert changed and not resets
    assert model.data(model.index(9, COL_NAME)) == "Renamed"
    source.rows.pop()
    model.refresh()
    assert model.rowCount() == 9 and resets


def test_flags_and_formatting(qapp) -> None:
    model, source = make(3)
    source.rows[0] = replace(source.rows[0], next_visit_due=TODAY - timedelta(days=3),
                             contract_end=TODAY + timedelta(days=30), qualified_tier="silver")
    source.rows[2] = replace(source.rows[2], next_visit_due=TODAY)
    model.set_tier_names({"gold": "Gold", "silver": "Silver"})
    model.refresh()
    due = model.data(model.index(0, COL_NEXT_VISIT))
    assert due.startswith("⚠ ")
    assert "overdue" in model.data(model.index(0, COL_NEXT_VISIT), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, COL_NEXT_VISIT), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, COL_CONTRACT_END)).startswith("⚠ ")
    assert model.data(model.index(0, COL_TIER)) == "Gold"
    assert "Silver" in model.data(model.index(0, COL_TIER), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, COL_NEXT_VISIT)) == ""
    assert model.data(model.index(1, COL_REVENUE)) == "€1"
    assert model.data(model.index(2, COL_NEXT_VISIT), Qt.ItemDataRole.ToolTipRole) == "Visit due today"


def test_a_failing_source_shows_an_empty_list(qapp) -> None:
    source = FakeSource(10)

    def boom(*args):
        raise RuntimeError("database gone")

    source.fetch = boom  # type: ignore[method-assign]
    model = PartnersTableModel(source, Flt(), today=lambda: TODAY)
    assert model.rowCount() == 0


def test_background_answers_arrive_later_and_stale_ones_are_dropped(qapp) -> None:
    runner = ManualRunner()
    model, source = make(1000, runner)
    assert model.rowCount() == 0 and model.busy()
    applied = []
    model.applied.connect(lambda: applied.append(model.rowCount()))
    runner.run_all()
    assert applied == [1000] and not model.busy()
    # typing fast: two searches in flight, only the last one is applied
    model.set_filter(Flt(text="paris"))
    model.set_filter(Flt(text="partner 00001"))
    assert model.rowCount() == 1000  # the old rows stay until the answer comes
    runner.run_all()
    assert applied == [1000, 10]
    assert source.counts == 2  # the superseded search never reached the database


def test_background_windows_show_placeholders_then_rows(qapp) -> None:
    runner = ManualRunner()
    model, source = make(5000, runner)
    runner.run_all()
    changed = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append((top.row(), bottom.row())))
    assert model.data(model.index(4000, COL_NAME)) == "…"
    assert model.data(model.index(4001, COL_NAME)) == "…"
    assert len(runner.queue) == 1  # one window asked for both rows
    runner.run_all()
    assert changed and changed[0][0] <= 4000 <= changed[0][1]
    assert model.data(model.index(4000, COL_NAME)) == "Partner 004000"


def test_a_window_for_a_list_no_longer_shown_is_dropped(qapp) -> None:
    runner = ManualRunner()
    model, source = make(5000, runner)
    runner.run_all()
    model.data(model.index(4000, COL_NAME))  # window requested...
    model.set_filter(Flt(text="paris"))  # ...then the user searches
    runner.run_all()
    assert model.rowCount() == 2500
    assert model.data(model.index(0, COL_CITY)) == "Paris"


def test_a_filter_equal_to_the_shown_one_asks_nothing_and_keeps_the_list(qapp) -> None:
    """A first letter typed (shorter than a search) gives the same filter: the list stays as it is."""
    model, source = make(1000)
    resets, counts = [], source.counts
    model.modelReset.connect(lambda: resets.append(1))
    model.set_filter(Flt())
    assert source.counts == counts and not resets and not model.busy()
    assert model.data(model.index(0, COL_NAME)) == "Partner 000000"


def test_a_search_giving_the_same_rows_keeps_the_page_shown(qapp) -> None:
    """Typing on within the same matches neither resets the list nor repaints its rows."""
    model, source = make(1000)
    model.set_filter(Flt(text="partner 00001"))
    assert model.rowCount() == 10
    resets, changed = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda *a: changed.append(a))
    model.set_filter(Flt(text="artner 00001"))
    assert model.filter == Flt(text="artner 00001") and not model.busy()
    assert not resets and not changed
    assert model.data(model.index(9, COL_NAME)) == "Partner 000019"
    model.set_filter(Flt(text="partner 000011"))  # other rows: shown anew
    assert resets == [1] and model.rowCount() == 1


def test_refresh_repaints_only_the_rows_that_changed(qapp) -> None:
    model, source = make(50)
    source.rows[3] = replace(source.rows[3], city="Nantes")
    changed, resets = [], []
    model.dataChanged.connect(lambda top, bottom, *r: changed.append((top.row(), bottom.row())))
    model.modelReset.connect(lambda: resets.append(1))
    model.refresh()
    assert changed == [(3, 3)] and not resets
    assert model.data(model.index(3, COL_CITY)) == "Nantes"
    changed.clear()
    model.refresh()  # nothing changed: nothing repainted
    assert changed == [] and not resets
