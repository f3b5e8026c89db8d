"""The Revenue page of the partner view: revenue by quarter and motion against target, table and chart."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from prm_desktop.domain.formatting import format_money, format_number
from prm_desktop.domain.i18n import N_, _
from prm_desktop.domain.partner_rules import MOTION_LABELS
from prm_desktop.domain.program import MOTIONS
from prm_desktop.services.standing_revenue import QuarterRevenue
from prm_desktop.ui.competencies.tables import _ColouredModel
from prm_desktop.ui.tables import make_table

__all__ = ["RevenuePanel", "RevenueTableModel", "attainment_text"]

_GOOD, _BAD = QColor("#dff0d8"), QColor("#fbe3e4")
_MOTION_COLOURS = ("#2f6f9f", "#7aa6c2", "#c08a2e", "#6b8e23")


def attainment_text(item: QuarterRevenue) -> str:
    """``✓ 130 %`` or ``✗ 58 %`` of target ("" without a target)."""
    if item.attainment is None:
        return ""
    mark = "✓ " if item.attainment >= 1 else "✗ "
    return mark + _("{percent} %", percent=format_number(item.attainment * 100, decimals=0))


class RevenueTableModel(_ColouredModel):
    """One row per quarter: revenue per motion, total, target, attainment."""

    QUARTER = 0
    TOTAL, TARGET, ATTAINMENT = len(MOTIONS) + 1, len(MOTIONS) + 2, len(MOTIONS) + 3
    HEADERS: ClassVar[tuple[str, ...]] = (N_("Quarter"), *(MOTION_LABELS[m] for m in MOTIONS), N_("Total"),
                                          N_("Target"), N_("Attainment"))
    NUMERIC = frozenset(range(1, len(MOTIONS) + 4))

    def display(self, item: QuarterRevenue, column: int) -> str:
        if column == self.QUARTER:
            return str(item.quarter) + (" ●" if item.in_window else "")
        if column <= len(MOTIONS):
            return format_money(item.by_motion.get(MOTIONS[column - 1], 0.0), decimals=0)
        if column == self.TOTAL:
            return format_money(item.total, decimals=0)
        if column == self.TARGET:
            return format_money(item.target, decimals=0) if item.target is not None else "—"
        return attainment_text(item)

    def tooltip(self, item: QuarterRevenue, column: int) -> str | None:
        if column == self.QUARTER and item.in_window:
            return _("● This quarter counts in the program’s revenue window.")
        return None

    def colour(self, item: QuarterRevenue, column: int) -> QColor | None:
        if column != self.ATTAINMENT or item.attainment is None:
            return None
        return _GOOD if item.attainment >= 1 else _BAD

    def sort_key(self, item: QuarterRevenue, column: int) -> Any:
        if column == self.QUARTER:
            return item.quarter.index
        return super().sort_key(item, column)


class RevenuePanel(QWidget):
    """Quarterly table and a chart of revenue by motion (stacked bars) against target (line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RevenueTableModel(self)
        self.table = make_table(self.model, _("Revenue by quarter"), self)
        self.table.setSortingEnabled(False)
        self.table.model().sort(-1)
        self.chart = QChart()
        self.chart.setTitle(_("Revenue by motion against target"))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(_("Revenue chart"))
        self.view.setMinimumHeight(220)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.view)
        split.setChildrenCollapsible(False)
        split.setSizes([220, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.series_data: dict[str, list[float]] = {}

    def set_rows(self, rows: list[QuarterRevenue]) -> None:
        """Show the quarters (oldest first) in the table and the chart."""
        self.model.set_rows(rows)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.series_data = {}
        if not rows:
            return
        bars = QStackedBarSeries()
        for motion, colour in zip(MOTIONS, _MOTION_COLOURS, strict=True):
            values = [r.by_motion.get(motion, 0.0) for r in rows]
            if not any(values):
                continue
            bar_set = QBarSet(_(MOTION_LABELS[motion]))
            bar_set.setColor(QColor(colour))
            bar_set.append(values)
            bars.append(bar_set)
            self.series_data[motion] = values
        self.chart.addSeries(bars)
        categories = QBarCategoryAxis()
        categories.append([str(r.quarter) for r in rows])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%.0f")
        axis_y.setTitleText(_("Euros"))
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(categories)
        bars.attachAxis(axis_y)
        targets = [r.target for r in rows]
        if any(t is not None for t in targets):
            line = QLineSeries()
            line.setName(_("Target"))
            pen = QPen(QColor("#b00020"))
            pen.setWidth(2)
            pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.setPointsVisible(True)
            for i, target in enumerate(targets):
                if target is not None:
                    line.append(QPointF(i, target))
            self.chart.addSeries(line)
            axis_x = QValueAxis()
            axis_x.setRange(-0.5, len(rows) - 0.5)
            axis_x.setVisible(False)
            self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
            self.series_data["target"] = [t or 0.0 for t in targets]
        top = max([sum(r.by_motion.values()) for r in rows] + [t or 0.0 for t in targets] + [1.0])
        axis_y.setRange(min(0.0, min(r.total for r in rows)), top * 1.1)
        axis_y.applyNiceNumbers()
