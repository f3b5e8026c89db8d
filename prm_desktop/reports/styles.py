"""Paragraph and table styles of the packs: A4, DejaVu Sans for text, DejaVu Serif for titles."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, TableStyle

from prm_desktop.reports.fonts import BOLD, ITALIC, SANS, SERIF, SERIF_BOLD, register_fonts
from prm_desktop.reports.typography import keep_no_break_spaces

__all__ = ["INK", "MUTED", "PALETTE", "RULE", "SHADE", "Styles", "cell", "fit_cell", "styles", "table_style"]

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#1d4e89")
RULE = colors.HexColor("#c9d2dc")
SHADE = colors.HexColor("#eef2f6")
#: Series colours of the charts (each series is also named in the legend: colour never says it alone).
PALETTE = (colors.HexColor("#1d4e89"), colors.HexColor("#4f9bd9"), colors.HexColor("#8fb9a8"),
           colors.HexColor("#e0a458"), colors.HexColor("#9a7aa0"))  # fmt: skip


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a pack."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    mark: ParagraphStyle
    toc1: ParagraphStyle


_styles: Styles | None = None
#: Left and right padding of table cells, in points.
CELL_PADDING = 4


def styles() -> Styles:
    """The styles (fonts registered on first use)."""
    global _styles
    if _styles is None:
        register_fonts()
        keep_no_break_spaces()
        body = ParagraphStyle("body", fontName=SANS, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4)
        _styles = Styles(
            title=ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=26, leading=32, textColor=ACCENT,
                                 spaceAfter=10),
            subtitle=ParagraphStyle("subtitle", fontName=SERIF, fontSize=14, leading=19, textColor=INK, spaceAfter=6),
            h1=ParagraphStyle("h1", fontName=SERIF_BOLD, fontSize=17, leading=22, textColor=ACCENT, spaceBefore=14,
                              spaceAfter=8, keepWithNext=1),
            h2=ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, textColor=ACCENT, spaceBefore=12,
                              spaceAfter=5, keepWithNext=1),
            body=body,
            small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
            muted=ParagraphStyle("muted", parent=body, fontName=ITALIC, textColor=MUTED),
            cell=ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5, textColor=INK),
            cell_right=ParagraphStyle("cell_right", fontName=SANS, fontSize=8.5, leading=10.5, textColor=INK,
                                      alignment=TA_RIGHT),
            head=ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white),
            head_right=ParagraphStyle("head_right", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white,
                                      alignment=TA_RIGHT),
            mark=ParagraphStyle("mark", fontName=BOLD, fontSize=10, leading=13, textColor=colors.HexColor("#a4262c")),
            toc1=ParagraphStyle("toc1", fontName=SANS, fontSize=10, leading=14, textColor=INK),
        )  # fmt: skip
    return _styles


def cell(text: object, right: bool = False, bold: bool = False) -> Paragraph:
    """A table cell that wraps (text escaped)."""
    st = styles()
    body = escape(str(text)) if text is not None else ""
    return Paragraph(f"<b>{body}</b>" if bold else body, st.cell_right if right else st.cell)


def fit_cell(text: object, width: float, right: bool = False, bold: bool = False, head: bool = False) -> object:
    """A table cell: the plain text when it fits on one line of ``width``, else a paragraph that wraps.

    Plain cells are much faster to lay out; they take their font, colour and alignment from the
    table style.
    """
    value = "" if text is None else str(text)
    font = BOLD if bold or head else SANS
    if "\n" not in value and stringWidth(value, font, 8.5) <= width - 2 * CELL_PADDING:
        return value
    if head:
        return Paragraph(escape(value), styles().head_right if right else styles().head)
    return cell(value, right=right, bold=bold)


def table_style(extra: list[tuple] | None = None) -> TableStyle:
    """Header row in the accent colour, thin rules, shaded even rows."""
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), SANS, 8.5, 10.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5, 10.5),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    return TableStyle(commands + (extra or []))
