"""The flowables of one partner's review pack (cover, summary, revenue, competencies, people...)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from babel.numbers import format_percent
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from prm_desktop.domain.formatting import babel_locale, format_date, format_datetime, format_money
from prm_desktop.domain.i18n import N_, _, _n
from prm_desktop.domain.review_pack import CERT_HORIZON_DAYS, Audience, PackAction, PackReport, PackVisit, PartnerPack
from prm_desktop.reports.chart import revenue_chart
from prm_desktop.reports.document import Marker, internal_mark
from prm_desktop.reports.fonts import BOLD, SANS
from prm_desktop.reports.styles import INK, RULE, fit_cell, styles, table_style

__all__ = ["CONTENT_WIDTH", "actions_table", "facts_table", "pack_story", "para", "report_block", "visit_line"]

CONTENT_WIDTH = 174 * mm
#: Gap sentences listed in the summary (the first ones: the tier's, then the nearest levels).
GAPS_SHOWN = 6
_STATUS = {"held": N_("✓ Held"), "met": N_("✓ Minimums met (a lower level is missing)"), "missing": N_("✗ Not reached")}


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), getattr(styles(), style))


def _value(value: object) -> str:
    return format_date(value) if isinstance(value, date) else str(value)


def facts_table(facts: Sequence[tuple[str, object]]) -> Table:
    """Label / value lines without a header row."""
    widths = [45 * mm, CONTENT_WIDTH - 45 * mm]
    rows = [[fit_cell(label, widths[0] + 4, bold=True), fit_cell(_value(value), widths[1] + 4)]
            for label, value in facts]  # fmt: skip
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SANS, 8.5, 10.5), ("FONT", (0, 0), (0, -1), BOLD, 8.5, 10.5),
                               ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))  # fmt: skip
    return table


def _table(headers: Sequence[str], rows: list[list[object]], widths: Sequence[float],
           right: Sequence[int] = ()) -> Table:  # fmt: skip
    head = [fit_cell(h, widths[i], right=i in right, head=True) for i, h in enumerate(headers)]
    body = [[v if isinstance(v, Flowable) else fit_cell(v, widths[i], right=i in right) for i, v in enumerate(row)]
            for row in rows]  # fmt: skip
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style([("ALIGN", (i, 0), (i, -1), "RIGHT") for i in right]))
    return table


def _none(text: str) -> Paragraph:
    return para(text, "muted")


def visit_line(visit: PackVisit) -> str:
    """``15 Jun 2026, 14:00 · On site · Lyon``."""
    parts = [format_datetime(visit.starts_at, visit.timezone), visit.kind, visit.place]
    return " · ".join(p for p in parts if p)


def _cover(pack: PartnerPack, compact: bool) -> list[Flowable]:
    st, c = styles(), pack.cover
    internal = pack.audience is Audience.INTERNAL
    key = f"partner-{pack.partner_id}"
    header = f"{c.partner} · {c.period}"
    story: list[Flowable] = [Marker(key, c.partner, header)] + ([] if compact else [Spacer(1, 45 * mm)])
    story.append(para(_("Partner review") if not internal else _("Partner review – internal"), "subtitle"))
    story.append(Paragraph(escape(c.partner), st.title))
    if c.legal_name and c.legal_name != c.partner:
        story.append(para(c.legal_name, "subtitle"))
    lines = [(_("Period"), c.period), (_("Channel manager"), c.owner), (_("Company"), c.company),
             (_("Prepared on"), c.made_on)]  # fmt: skip
    story += [Spacer(1, 4 * mm if compact else 14 * mm), facts_table([(k, v) for k, v in lines if v])]
    mark = internal_mark() if internal else _("Confidential – prepared for {partner}", partner=c.partner)
    story += [Spacer(1, 6 * mm), para(mark, "mark")]
    return story


def _summary(pack: PartnerPack) -> list[Flowable]:
    story: list[Flowable] = [para(_("Summary"), "h1"), facts_table(pack.facts), Spacer(1, 3 * mm),
                             para(pack.headline)]  # fmt: skip
    if pack.gaps:
        story.append(para(_("To reach the next level"), "h2"))
        shown = [para(g) for g in pack.gaps[:GAPS_SHOWN]]
        if len(pack.gaps) > GAPS_SHOWN:
            shown.append(para(_n("… and {n} more step.", "… and {n} more steps.", len(pack.gaps) - GAPS_SHOWN),
                              "muted"))  # fmt: skip
        story.append(ListFlowable([ListItem(p, leftIndent=10) for p in shown], bulletType="bullet", start="•",
                                  leftIndent=10, bulletFontName=SANS, bulletFontSize=8))  # fmt: skip
    story.append(para(_("At-risk dates"), "h2"))
    if pack.risks:
        rows = [[format_date(d), lost, why] for d, lost, why in pack.risks]
        story.append(_table([_("Date"), _("Loses"), _("Because")], rows, [28 * mm, 55 * mm, CONTENT_WIDTH - 83 * mm]))
    else:
        story.append(_none(_("Nothing is at risk.")))
    return story


def _revenue(pack: PartnerPack) -> list[Flowable]:
    title = para(_("Revenue by quarter against target"), "h2")
    if not pack.revenue:
        return [title, _none(_("No revenue recorded."))]
    story: list[Flowable] = [title, revenue_chart(pack.revenue, CONTENT_WIDTH, height=170)]
    motions = [m for m, _v in pack.revenue[0].by_motion if any(dict(q.by_motion).get(m) for q in pack.revenue)]
    rows = []
    for q in pack.revenue:
        amounts = dict(q.by_motion)
        share = format_percent(q.total / q.target, locale=babel_locale()) if q.target else ""
        rows.append([q.label, *(format_money(amounts.get(m, 0), decimals=0) for m in motions),
                     format_money(q.total, decimals=0), format_money(q.target, decimals=0), share])  # fmt: skip
    first = 22 * mm
    other = (CONTENT_WIDTH - first) / (len(motions) + 3)
    right = tuple(range(1, len(motions) + 4))
    story.append(_table([_("Quarter"), *motions, _("Total"), _("Target"), _("Attainment")], rows,
                        [first] + [other] * (len(motions) + 3), right))  # fmt: skip
    return [KeepTogether(story)]


def _competencies(pack: PartnerPack) -> list[Flowable]:
    story: list[Flowable] = [para(_("Competencies"), "h1")]
    if not pack.competencies:
        story.append(_none(_("The program has no competency.")))
    else:
        rows = [[c.competency, c.level, _(_STATUS.get(c.status, c.status)),
                 f"{c.accredited} / {c.min_accredited}", f"{c.references} / {c.min_references}",
                 f"{format_money(c.revenue, decimals=0)} / {format_money(c.min_revenue, decimals=0)}"]
                for c in pack.competencies]  # fmt: skip
        story.append(_table([_("Competency"), _("Level"), _("Status"), _("Accredited"), _("References"),
                             _("Revenue")], rows,
                            [40 * mm, 20 * mm, 30 * mm, 22 * mm, 22 * mm, CONTENT_WIDTH - 134 * mm], (3, 4, 5)))
    story.append(para(_("Certifications expiring within {n} days", n=CERT_HORIZON_DAYS), "h2"))
    if pack.certifications:
        rows = [[c.contact, c.code, format_date(c.expires)] for c in pack.certifications]
        story.append(_table([_("Person"), _("Certification"), _("Expires on")], rows,
                            [60 * mm, 70 * mm, CONTENT_WIDTH - 130 * mm]))  # fmt: skip
    else:
        story.append(_none(_("No certification expires within {n} days.", n=CERT_HORIZON_DAYS)))
    return story


def _visits(pack: PartnerPack) -> list[Flowable]:
    story: list[Flowable] = [para(_("Visits"), "h1"), para(_("Next planned visit"), "h2")]
    if pack.next_visit:
        nxt = pack.next_visit
        story.append(para(visit_line(nxt) + (f" — {nxt.objective}" if nxt.objective else "")))
    else:
        story.append(_none(_("No visit is planned.")))
    story.append(para(_("Visits of the last 12 months"), "h2"))
    if pack.visits:
        rows = [[format_datetime(v.starts_at, v.timezone, style="short"), v.kind, v.status, v.place, v.objective]
                for v in pack.visits]  # fmt: skip
        story.append(_table([_("Date"), _("Kind"), _("Status"), _("Place"), _("Objective")], rows,
                            [30 * mm, 22 * mm, 20 * mm, 35 * mm, CONTENT_WIDTH - 107 * mm]))  # fmt: skip
    else:
        story.append(_none(_("No visit in the last 12 months.")))
    if pack.report:
        story += report_block(pack.report, pack.audience)
    return story


def report_block(report: PackReport, audience: Audience) -> list[Flowable]:
    """The latest visit report, section by section (internal-only ones marked in internal documents)."""
    story: list[Flowable] = [para(_("Latest visit report ({date})", date=format_date(report.visit_on)), "h2")]
    for title, body, internal in report.sections:
        label = f"{title} ({_('internal')})" if internal and audience is Audience.INTERNAL else title
        story.append(KeepTogether([para(label, "small"), para(body)]) if len(body) < 600
                     else para(label, "small"))  # fmt: skip
        if len(body) >= 600:
            story.append(para(body))
    return story


def actions_table(actions: Sequence[PackAction], audience: Audience) -> Table:
    """Open actions: title, owner, due date (internal-only ones marked in internal documents)."""
    rows = []
    for a in actions:
        title = f"{a.title} ({_('internal')})" if a.internal_only and audience is Audience.INTERNAL else a.title
        rows.append([title, a.owner, format_date(a.due_on)])
    return _table([_("Action"), _("Owner"), _("Due")], rows, [CONTENT_WIDTH - 80 * mm, 50 * mm, 30 * mm])


def _people(pack: PartnerPack) -> list[Flowable]:
    story: list[Flowable] = [para(_("Open actions"), "h1")]
    story.append(actions_table(pack.actions, pack.audience) if pack.actions else _none(_("No open action.")))
    story.append(para(_("People"), "h1"))
    if not pack.people:
        story.append(_none(_("No one recorded yet.")))
    elif pack.audience is Audience.INTERNAL:
        rows = [[p.name, p.side, p.role, p.relation, p.influence, p.stance] for p in pack.people]
        story.append(_table([_("Name"), _("Side"), _("Role or unit"), _("Relation"), _("Influence level"), _("Stance")],
                            rows, [38 * mm, 24 * mm, 32 * mm, 30 * mm, 26 * mm, CONTENT_WIDTH - 150 * mm]))
    else:
        rows = [[p.name, p.side, p.role, p.relation] for p in pack.people]
        story.append(_table([_("Name"), _("Side"), _("Role or unit"), _("Relation")], rows,
                            [50 * mm, 30 * mm, 50 * mm, CONTENT_WIDTH - 130 * mm]))  # fmt: skip
    if pack.notes:
        story.append(para(_("Pinned notes"), "h1"))
        for note in pack.notes:
            head = format_date(note.written_on) + (f" · {', '.join(note.tags)}" if note.tags else "")
            if note.internal_only and pack.audience is Audience.INTERNAL:
                head += f" · {_('internal')}"
            story.append(KeepTogether([para(head, "small"), para(note.text)]))
    return story


def pack_story(pack: PartnerPack, compact: bool = False) -> list[Flowable]:
    """One partner's pack: a cover page (a cover block when ``compact``, in a portfolio), then the body."""
    story = _cover(pack, compact)
    story += [CondPageBreak(60 * mm)] if compact else [PageBreak()]
    story += _summary(pack) + _revenue(pack) + [PageBreak()] + _competencies(pack)
    story += [CondPageBreak(70 * mm)] + _visits(pack) + [CondPageBreak(50 * mm)] + _people(pack)
    return story
