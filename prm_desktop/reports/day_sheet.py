"""The visit day sheet: a day's visits to print before leaving (an internal document).

Each visit comes with its partner's key facts, the attendees, the open actions and the last report.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, Spacer

from prm_desktop.domain.formatting import format_date, format_datetime
from prm_desktop.domain.i18n import _
from prm_desktop.domain.review_pack import Audience, DayVisit, PackVisit, VisitDay
from prm_desktop.reports.document import Marker, PackDocument, internal_mark
from prm_desktop.reports.pack import actions_table, facts_table, para, report_block

__all__ = ["render_day"]


def _moment(moment: datetime, timezone: str, day: date) -> str:
    """``22:00``, or ``Mon 11 May 22:00`` on another day than the sheet's."""
    clock = format_datetime(moment, timezone).rsplit(" ", 1)[-1]
    return clock if moment.date() == day else f"{format_date(moment, style='EEE d MMM')} {clock}"


def _when(v: PackVisit, day: date) -> str:
    """``10:00–11:00``; a visit begun the day before or ending the next day names that day."""
    start = _moment(v.starts_at, v.timezone, day)
    return start if v.ends_at is None else f"{start}–{_moment(v.ends_at, v.timezone, day)}"


def _visit(position: int, item: DayVisit, day: date) -> list[Flowable]:
    v = item.visit
    when = _when(v, day)
    title = f"{when} · {', '.join(item.partners)}"
    story: list[Flowable] = [CondPageBreak(80 * mm), Marker(f"visit-{position}", title, title),
                             para(title, "h1"), para(" · ".join(p for p in (v.kind, v.place) if p))]  # fmt: skip
    if v.objective:
        story.append(para(_("Objective: {text}", text=v.objective)))
    if item.agenda:
        story += [para(_("Agenda"), "h2"), para(item.agenda)]
    if item.key_facts:
        story += [para(_("Key facts"), "h2"), facts_table(item.key_facts)]
    story.append(para(_("Attendees"), "h2"))
    story.append(para(", ".join(item.attendees)) if item.attendees else para(_("No attendee recorded."), "muted"))
    story.append(para(_("Open actions"), "h2"))
    story.append(actions_table(item.actions, Audience.INTERNAL) if item.actions
                 else para(_("No open action."), "muted"))  # fmt: skip
    if item.report:
        story += report_block(item.report, Audience.INTERNAL)
    else:
        story.append(para(_("No earlier visit report."), "muted"))
    return story + [Spacer(1, 6 * mm)]


def render_day(day: VisitDay, out: str | Path | IO[bytes]) -> int:
    """Write the day sheet as a PDF; return its page count."""
    title = _("Visits of {date}", date=format_date(day.day, style="full"))
    doc = PackDocument(str(out) if isinstance(out, Path) else out, title=title, header_left=day.company or title,
                       watermark=internal_mark(), author=day.owner)  # fmt: skip
    story: list[Flowable] = [NextPageTemplate("body"), para(_("Visit day sheet"), "subtitle"), para(title, "title")]
    if day.everyone:
        story.append(para(_("The whole team's visits")))
    elif day.owner:
        story.append(para(day.owner))
    if not day.visits:
        story.append(para(_("No visit on this day."), "muted"))
    for position, item in enumerate(day.visits):
        story += _visit(position, item, day.day)
    doc.build(story)
    return doc.page
