"""The revenue chart: each quarter's revenue stacked by motion, and its target as a line of markers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from prm_desktop.domain.formatting import format_money
from prm_desktop.domain.i18n import _
from prm_desktop.domain.review_pack import PackQuarter
from prm_desktop.reports.fonts import SANS
from prm_desktop.reports.styles import INK, MUTED, PALETTE, RULE

__all__ = ["revenue_chart"]

_TARGET = colors.HexColor("#a4262c")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1000.0
    step = 10 ** (len(str(int(value))) - 1)
    return float((int(value * 1.1 / step) + 1) * step)


def revenue_chart(quarters: Sequence[PackQuarter], width: float, height: float = 200) -> Drawing:
    """A stacked bar chart of revenue by motion per quarter, with the targets as red markers.

    Motions that sold nothing over the quarters shown are left out of the bars and the legend.
    """
    motions = [m for m, _v in quarters[0].by_motion] if quarters else []
    motions = [m for m in motions if any(dict(q.by_motion).get(m, 0) for q in quarters)] or motions[:1]
    data = [[max(0.0, dict(q.by_motion).get(m, 0.0)) for q in quarters] for m in motions]
    targets = [q.target for q in quarters]
    top = _nice_max(max([sum(col) for col in zip(*data, strict=True)] + [t or 0 for t in targets] + [0]))
    drawing = Drawing(width, height)
    left, bottom, plot_w, plot_h = 70, 45, width - 80, height - 60
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = left, bottom, plot_w, plot_h
    bars.data = data or [[0] * len(quarters)]
    bars.categoryAxis.style = "stacked"
    bars.categoryAxis.categoryNames = [q.label for q in quarters]
    bars.categoryAxis.labels.fontName = SANS
    bars.categoryAxis.labels.fontSize = 7.5
    bars.categoryAxis.labels.fillColor = INK
    bars.categoryAxis.strokeColor = RULE
    bars.valueAxis.valueMin, bars.valueAxis.valueMax = 0, top
    bars.valueAxis.valueStep = top / 4
    bars.valueAxis.labelTextFormat = lambda v: format_money(v, decimals=0)
    bars.valueAxis.labels.fontName = SANS
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.labels.fillColor = MUTED
    bars.valueAxis.strokeColor = RULE
    bars.valueAxis.gridStrokeColor = RULE
    bars.valueAxis.visibleGrid = True
    bars.barSpacing = 0
    bars.groupSpacing = 12
    for i in range(len(bars.data)):
        bars.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    pairs = [(PALETTE[i % len(PALETTE)], m) for i, m in enumerate(motions)]
    if any(t is not None for t in targets):
        line = HorizontalLineChart()
        line.x, line.y, line.width, line.height = left, bottom, plot_w, plot_h
        line.data = [targets]
        line.joinedLines = 0
        line.valueAxis.valueMin, line.valueAxis.valueMax = 0, top
        line.valueAxis.visible = False
        line.categoryAxis.visible = False
        line.lines[0].strokeColor = _TARGET
        line.lines[0].strokeWidth = 0
        line.lines[0].symbol = makeMarker("FilledDiamond", size=7, fillColor=_TARGET, strokeColor=colors.white)
        drawing.add(line)
        pairs.append((_TARGET, _("Target")))
    legend = Legend()
    legend.x, legend.y = left, 14
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.dx = legend.dy = 7
    legend.fontName = SANS
    legend.fontSize = 7.5
    legend.colorNamePairs = pairs
    legend.strokeColor = None
    drawing.add(legend)
    return drawing
