"""Review packs (issue 18 item 8): one partner's pack and a 100-partner portfolio, against a bare
ReportLab build of the same content.

Figures (budgets, design §6: one partner ≤ :data:`ONE_BUDGET_S`, 100 partners ≤ :data:`MANY_BUDGET_S`):

- one partner: median of :data:`SAMPLE` partners, each shot once, split into gathering (services)
  and layout (ReportLab), for each audience; the floor is a bare ReportLab build (SimpleDocTemplate,
  built-in Helvetica, the same text and table cells, no chart, no embedded font, no contents) of the
  same gathered pack, reported as a ratio;
- 100 partners: the internal portfolio (one PDF with contents and bookmarks: two layout passes) and
  the partner-facing packs (one PDF each), end to end, with the bare build of the same 100 packs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.formatting import format_date, format_money
from prm_desktop.domain.i18n import set_language
from prm_desktop.domain.review_pack import PartnerPack
from prm_desktop.reports.build import render_packs
from prm_desktop.services.partner_queries import PartnerFilter, partner_ids
from prm_desktop.services.review_files import write_packs
from prm_desktop.services.review_pack import pack_period, partner_pack

SAMPLE = 10
MANY = 100
ONE_BUDGET_S = 0.5
MANY_BUDGET_S = 30.0


def _bare_story(pack: PartnerPack) -> list[Any]:
    """The same text and cells as the pack, with ReportLab's defaults only."""
    st = getSampleStyleSheet()
    c = pack.cover

    def p(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text), st[style])

    story: list[Any] = [p(c.partner, "Title"), p(f"{c.legal_name} {c.period} {c.owner} {c.company}"), PageBreak()]
    story += [p("Summary", "Heading1"), Table([[k, str(v)] for k, v in pack.facts]), p(pack.headline)]
    story += [p(g) for g in pack.gaps[:6]]
    story += [Table([[q.label, *(format_money(v, decimals=0) for _m, v in q.by_motion), format_money(q.total),
                      format_money(q.target)] for q in pack.revenue])]  # fmt: skip
    story += [Table([[m.competency, m.level, m.status, f"{m.accredited}/{m.min_accredited}",
                      f"{m.references}/{m.min_references}", format_money(m.revenue)] for m in pack.competencies])]
    rows = [[x.contact, x.code, format_date(x.expires)] for x in pack.certifications]
    rows += [[format_date(v.starts_at), v.kind, v.place, v.objective] for v in pack.visits]
    rows += [[a.title, a.owner, format_date(a.due_on)] for a in pack.actions]
    rows += [[x.name, x.side, x.role, x.relation, x.influence, x.stance] for x in pack.people]
    if rows:
        story.append(Table(rows))
    story += [p(n.text) for n in pack.notes]
    if pack.report:
        story += [p(f"{title}: {body}") for title, body, _i in pack.report.sections]
    return story


def _bare_build(packs: list[PartnerPack], out: Path) -> None:
    story: list[Any] = []
    for pack in packs:
        story += _bare_story(pack) + [PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def run(partners: int = 100_000) -> dict[str, Any]:
    """Time the packs on the perf portfolio of ``partners`` partners (its first partners by name)."""
    folder = ensure_perf_database(partners)
    app = open_app(folder)
    set_language("fr")
    out = Path(tempfile.mkdtemp(prefix="prm-bench-reviews-"))
    figures: dict[str, Any] = {"budget_one_partner_s": ONE_BUDGET_S, "budget_100_partners_s": MANY_BUDGET_S}
    try:
        uow = app.uow
        ids = partner_ids(uow, PartnerFilter(), "name")
        sample, many = ids[:: max(1, len(ids) // SAMPLE)][:SAMPLE], ids[:MANY]
        period = pack_period(uow)
        for audience in ("partner", "internal"):
            gather, layout, bare, pages = [], [], [], []
            for pid in sample:
                g, pack = _timed(lambda p=pid, a=audience: partner_pack(uow, p, a, period))
                r, count = _timed(lambda k=pack: render_packs([k], out / "one.pdf"))
                b, _none = _timed(lambda k=pack: _bare_build([k], out / "bare.pdf"))
                gather.append(g)
                layout.append(r)
                bare.append(b)
                pages.append(count)
            total = [g + r for g, r in zip(gather, layout, strict=True)]
            figures[f"one_{audience}"] = {
                "total_s_median": _median(total), "total_s_max": round(max(total), 3),
                "gather_s_median": _median(gather), "layout_s_median": _median(layout),
                "bare_reportlab_s_median": _median(bare),
                "ratio_layout_to_bare": round(statistics.median(layout) / statistics.median(bare), 2),
                "ratio_total_to_bare": round(statistics.median(total) / statistics.median(bare), 2),
                "pages_median": statistics.median(pages),
            }  # fmt: skip
        for audience in ("internal", "partner"):
            seconds, written = _timed(lambda a=audience: write_packs(uow, many, a, out / a, period.label))
            packs = [partner_pack(uow, pid, audience, period) for pid in many]
            bare_out = out / f"bare-{audience}.pdf"
            bare_s, _none = _timed(lambda k=packs, o=bare_out: _bare_build(k, o))
            figures[f"many_{audience}"] = {
                "partners": len(many), "files": len(written), "pages": sum(w.pages for w in written),
                "total_s": round(seconds, 2), "bare_reportlab_s": round(bare_s, 2),
                "ratio_to_bare": round(seconds / bare_s, 2),
            }  # fmt: skip
    finally:
        app.close()
    return figures
