"""Build review packs and visit day sheets as PDF files: plain data in, a PDF out.

`render_packs` draws one partner's pack (cover page, then the body) or a portfolio (a title page
with the table of contents, then each partner from a new page, one bookmark each), in one layout
pass (the contents' page numbers are filled in at the end). Everything is
written in the current language (``prm_desktop.domain.i18n``) and formatted as design §7.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.domain.review_pack import Audience, PartnerPack
from prm_desktop.reports.document import ContentsLine, PackDocument, internal_mark
from prm_desktop.reports.pack import pack_story, para

__all__ = ["RenderCancelled", "render_packs"]


class RenderCancelled(Exception):
    """The caller asked to stop while the pages were being laid out."""


class _Check(Flowable):
    """A zero-size flowable that lets the caller report progress and cancel between partners."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback
        self.width = self.height = 0

    def wrap(self, *_args: object) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.callback()


def _portfolio_cover(packs: Sequence[PartnerPack], period: str, company: str) -> list[Flowable]:
    lines = [ContentsLine(f"partner-{p.partner_id}", p.cover.partner) for p in packs]
    return [Spacer(1, 30 * mm), para(_("Portfolio review"), "subtitle"), para(company or _("Partners"), "title"),
            para(_("{n} partners · period {period} · prepared on {date}", n=len(packs), period=period,
                   date=format_date(date.today()))), para(internal_mark(), "mark"), Spacer(1, 8 * mm),
            para(_("Contents"), "h1"), *lines]  # fmt: skip


def render_packs(packs: Sequence[PartnerPack], out: str | Path | IO[bytes],
                 on_partner: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write one PDF holding the given packs (all of one audience); return its page count.

    Args:
        packs: One pack, or several of the ``internal`` audience (a portfolio: contents and bookmarks).
        out: File name or binary file.
        on_partner: Called with the number of partners laid out so far (progress); may raise
            `RenderCancelled` to stop.

    Raises:
        ValueError: No pack, or several partner-facing packs in one file (each partner gets its own).
    """
    if not packs:
        raise ValueError(_("Choose at least one partner."))
    audience = packs[0].audience
    if len(packs) > 1 and audience is not Audience.INTERNAL:
        raise ValueError(_("Partner-facing packs are one file per partner."))
    first = packs[0].cover
    company = first.company
    internal = audience is Audience.INTERNAL
    title = (_("Partner review: {partner}, {period}", partner=first.partner, period=first.period) if len(packs) == 1
             else _("Portfolio review, {period}", period=first.period))  # fmt: skip
    doc = PackDocument(str(out) if isinstance(out, Path) else out, title=title, header_left=company or title,
                       watermark=internal_mark() if internal else "", author=first.owner)  # fmt: skip
    story: list[Flowable] = []
    if len(packs) == 1:
        story += [NextPageTemplate("body"), *pack_story(packs[0])]
    else:
        story += [*_portfolio_cover(packs, first.period, company), NextPageTemplate("body")]
        for i, pack in enumerate(packs):
            story += [PageBreak(), *pack_story(pack, compact=True)]
            if on_partner is not None:
                story.append(_Check(lambda n=i + 1: on_partner(n)))
    doc.build(story)
    return doc.page
