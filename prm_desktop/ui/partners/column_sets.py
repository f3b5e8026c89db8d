"""Named sets of partner list columns (essential, program, visits, all) and the columns menu.

Thirteen columns do not fit a 1366-pixel screen: a set shows the columns of one job and hides the
others, keeping the user's order and widths. The same menu (sets first, then one check box per column)
opens from the "Columns" button of the filter bar and by right-clicking the list's header; what is
shown is remembered with the rest of the list's layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from prm_desktop.domain.i18n import N_, _
from prm_desktop.ui.partners.list_columns import (
    COL_AT_RISK,
    COL_ATTAINMENT,
    COL_CITY,
    COL_CONTRACT_END,
    COL_LAST_VISIT,
    COL_NAME,
    COL_NEXT_VISIT,
    COL_OWNER,
    COL_QUALIFIED,
    COL_REVENUE,
    COL_STATUS,
    COL_TIER,
    COL_TYPE,
    COLUMNS,
)

__all__ = ["COLUMN_SETS", "ColumnSet", "build_columns_menu", "column_set_named", "matching_set"]


@dataclass(frozen=True)
class ColumnSet:
    """A named choice of columns (the name column is always among them)."""

    key: str
    label: str  # English, marked with N_
    columns: frozenset[int]


COLUMN_SETS: tuple[ColumnSet, ...] = (
    ColumnSet("essentials", N_("Essential columns"), frozenset(
        {COL_NAME, COL_TYPE, COL_TIER, COL_STATUS, COL_CITY, COL_OWNER, COL_NEXT_VISIT})),
    ColumnSet("program", N_("Program columns"), frozenset(
        {COL_NAME, COL_TIER, COL_QUALIFIED, COL_AT_RISK, COL_REVENUE, COL_ATTAINMENT, COL_CONTRACT_END})),
    ColumnSet("visits", N_("Visit columns"), frozenset(
        {COL_NAME, COL_STATUS, COL_CITY, COL_OWNER, COL_LAST_VISIT, COL_NEXT_VISIT})),
    ColumnSet("all", N_("All columns"), frozenset(range(len(COLUMNS)))),
)  # fmt: skip


def column_set_named(key: str) -> ColumnSet:
    """The set with this key (``KeyError`` when there is none)."""
    for column_set in COLUMN_SETS:
        if column_set.key == key:
            return column_set
    raise KeyError(key)


def matching_set(shown: set[int] | frozenset[int]) -> ColumnSet | None:
    """The set whose columns are exactly those shown, if any."""
    return next((s for s in COLUMN_SETS if s.columns == frozenset(shown)), None)


def build_columns_menu(parent: QWidget, shown: set[int], column_actions: list[QAction],
                       apply_set: Callable[[ColumnSet], None]) -> QMenu:
    """The columns menu: one entry per set (the one shown now is checked), then the column check boxes.

    Args:
        parent: The menu's parent widget.
        shown: The columns shown now.
        column_actions: One checkable action per column, in column order (shared with the header).
        apply_set: Called with the set the user picks.
    """
    menu = QMenu(parent)
    menu.setAccessibleName(_("Columns shown"))
    current = matching_set(shown)
    for column_set in COLUMN_SETS:
        action = menu.addAction(_(column_set.label))
        action.setObjectName(f"columnSet_{column_set.key}")
        action.setCheckable(True)
        action.setChecked(column_set is current)
        action.triggered.connect(lambda _checked=False, s=column_set: apply_set(s))
    menu.addSeparator()
    for action in column_actions:
        menu.addAction(action)
    return menu
