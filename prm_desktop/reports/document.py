"""The A4 document every pack is drawn on: running header, page numbers, watermark, bookmarks, contents.

A `Marker` (placed first in a partner's pack, or before a visit of the day sheet) opens a bookmark
(outline entry, level 0) and a line of the table of contents, and names the running header's
subject: a page's header names what the page starts with. Internal documents carry the
confidentiality mark as a watermark on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
)

from prm_desktop.domain.i18n import _
from prm_desktop.reports.fonts import ITALIC, SANS
from prm_desktop.reports.styles import INK, MUTED, RULE

__all__ = ["MARGIN", "ContentsLine", "Marker", "PackDocument", "internal_mark", "page_form"]

MARGIN = 18 * mm
_WATERMARK = colors.Color(0.64, 0.15, 0.17, alpha=0.10)


def internal_mark() -> str:
    """The confidentiality mark of internal documents ("Confidentiel – usage interne")."""
    return _("Confidential – internal use")


class Marker(Flowable):
    """An invisible flowable: a bookmark and contents line ``title``, and ``header`` for the running header."""

    def __init__(self, key: str, title: str, header: str) -> None:
        super().__init__()
        self.bookmark = (key, title)
        self.running_header = header
        self.width = self.height = 0

    def wrap(self, *_args: object) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw."""


class ContentsLine(Flowable):
    """One line of the table of contents: a title, dot leaders and the page its `Marker` fell on.

    The page number is a PDF form named after the marker's key, drawn when the document ends (the
    page is known only then): the contents take a single layout pass, not two.
    """

    NUMBER_WIDTH = 30.0

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, 15
        return self.width, self.height

    def draw(self) -> None:
        """Title, dots up to the number's column, then the number (a form defined at the end)."""
        canvas = self.canv
        canvas.setFont(SANS, 10)
        canvas.setFillColor(INK)
        canvas.drawString(0, 3, self.title)
        start = stringWidth(self.title, SANS, 10) + 6
        end = self.width - self.NUMBER_WIDTH - 4
        dot = stringWidth(" .", SANS, 10)
        if end > start:
            canvas.drawRightString(end, 3, " ." * int((end - start) / dot))
        canvas.saveState()
        canvas.translate(self.width - self.NUMBER_WIDTH, 3)
        canvas.doForm(page_form(self.key))
        canvas.restoreState()


def page_form(key: str) -> str:
    """The name of the form holding the page number of a marker."""
    return "page-of-" + "".join(ch if ch.isalnum() else "-" for ch in key)


class PackDocument(BaseDocTemplate):
    """An A4 document with a cover template (no header) and a body template (header and footer).

    Args:
        out: A file name or a binary file object.
        title: The document title (PDF metadata).
        header_left: The running header's left text (our company).
        watermark: Drawn across every page when not empty.
        author: PDF metadata.
    """

    def __init__(self, out: str | IO[bytes], *, title: str, header_left: str, watermark: str = "",
                 author: str = "") -> None:  # fmt: skip
        super().__init__(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 6 * mm,
                         bottomMargin=MARGIN, title=title, author=author, creator="PRM Desktop",
                         subject=title, initialFontName=SANS, initialFontSize=9)  # fmt: skip
        self.header_left, self.watermark = header_left, watermark
        self.subject_text = self.page_subject = ""
        self._page_fresh = True
        self.bookmarks: list[str] = []
        self.marker_pages: dict[str, int] = {}
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([
            PageTemplate("cover", [frame], onPage=self._background, onPageEnd=self._footer),
            PageTemplate("body", [frame], onPage=self._background, onPageEnd=self._header_footer),
        ])  # fmt: skip

    def _background(self, canvas: Any, doc: Any) -> None:
        if not self.watermark:
            return
        canvas.saveState()
        canvas.setFillColor(_WATERMARK)
        canvas.setFont(SANS, 34)
        width, height = self.pagesize
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, self.watermark)
        canvas.restoreState()

    def _footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(SANS, 8)
        canvas.setFillColor(MUTED)
        width = self.pagesize[0]
        canvas.drawRightString(width - self.rightMargin, MARGIN / 2, _("Page {n}", n=doc.page))
        if self.watermark:
            canvas.setFont(ITALIC, 8)
            canvas.drawString(self.leftMargin, MARGIN / 2, self.watermark)
        canvas.restoreState()

    def _header_footer(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        width, height = self.pagesize
        top = height - MARGIN + 2 * mm
        canvas.setFont(SANS, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(self.leftMargin, top, self.header_left)
        canvas.drawRightString(width - self.rightMargin, top, self.page_subject)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.leftMargin, top - 2 * mm, width - self.rightMargin, top - 2 * mm)
        canvas.restoreState()
        self._footer(canvas, doc)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        """Bookmark, list in the contents and use as running header the flowables that ask for it."""
        mark = getattr(flowable, "bookmark", None)
        if mark is not None:
            key, title = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0, closed=True)
            self.marker_pages[key] = self.page
            self.bookmarks.append(title)
        subject = getattr(flowable, "running_header", None)
        if subject is not None:
            self.subject_text = subject
            if self._page_fresh:
                self.page_subject = subject
        elif not isinstance(flowable, ActionFlowable | CondPageBreak):
            self._page_fresh = False

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab API
        """A new page's header names what the previous page ended with, until a marker opens the page."""
        super().handle_pageBegin()
        self.page_subject = self.subject_text
        self._page_fresh = True

    def handle_documentBegin(self) -> None:  # noqa: N802 - ReportLab API
        """Start with no bookmark and no running header."""
        self.bookmarks = []
        self.marker_pages = {}
        self.subject_text = self.page_subject = ""
        super().handle_documentBegin()

    def _endBuild(self) -> None:  # noqa: N802 - ReportLab API
        """Write the page numbers of the contents (forms), then finish the document."""
        canvas = self.canv
        for key, page in self.marker_pages.items():
            canvas.beginForm(page_form(key), lowerx=0, lowery=-3, upperx=ContentsLine.NUMBER_WIDTH, uppery=12)
            canvas.setFont(SANS, 10)
            canvas.setFillColor(INK)
            canvas.drawRightString(ContentsLine.NUMBER_WIDTH, 0, str(page))
            canvas.endForm()
        super()._endBuild()


def body_pages() -> Sequence[Flowable]:
    """Switch to the body template (header and footer) from the next page on."""
    return [NextPageTemplate("body")]
