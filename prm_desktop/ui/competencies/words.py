"""A partner's standing as short HTML (headline, gaps, at-risk dates), for the Standing page and the tab.

Every state carries a symbol and words, never colour alone.
"""

from __future__ import annotations

from html import escape

from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.standing import StandingResult

__all__ = ["MOVEMENT_MARKS", "standing_html"]

MOVEMENT_MARKS = {"promotion": "▲", "demotion": "▼", None: "✓"}
_WARN = "#9a4d00"


def standing_html(result: StandingResult, max_gaps: int | None = None, title: bool = True,
                  in_tab: bool = False) -> str:
    """HTML for a standing: headline, the gaps in words, the at-risk dates.

    Args:
        result: The standing in words.
        max_gaps: Show at most this many gaps (tier gaps first), then say how many more.
        title: Add the section headings.
        in_tab: Shown above the matrix of the Competencies tab (the hidden gaps are its ✗ cells).
    """
    mark = MOVEMENT_MARKS.get(result.movement, "")
    if not result.qualified and not result.assigned:
        mark = "•"
    elif not result.assigned_known:
        mark = "⚠"  # a tier of another program: neither "as assigned" nor a movement
    parts = [f"<p><b>{escape(mark)} {escape(result.headline)}</b></p>"]
    parts += [f"<p>{escape(text)}</p>" for text in result.explanations]
    gaps = result.gaps if max_gaps is None else result.gaps[:max_gaps]
    if title:
        parts.append(f"<p><b>{escape(_('What it lacks'))}</b></p>")
    if gaps:
        parts.append("<ul>" + "".join(f"<li>{escape(g)}</li>" for g in gaps) + "</ul>")
        hidden = len(result.gaps) - len(gaps)
        if hidden > 0:
            if in_tab:
                more = _n("…and {count} more gap: the ✗ cells of the table below.",
                          "…and {count} more gaps: the ✗ cells of the table below.", hidden, count=hidden)
            else:
                more = _n("…and {count} more gap, in the Competencies tab.",
                          "…and {count} more gaps, in the Competencies tab.", hidden, count=hidden)
            parts.append(f"<p>{escape(more)}</p>")
    else:
        parts.append(f"<p>{escape(_('Nothing: every level and the highest tier are reached.'))}</p>")
    if title:
        parts.append(f"<p><b>{escape(_('At risk'))}</b></p>")
    if result.risks:
        items = []
        for risk in result.risks:
            text = _("On {date}, loses {lost}: {reason}.", date=format_date(risk.date), lost=risk.lost,
                     reason=risk.reason)
            items.append(f"<li><span style='color:{_WARN}'>⚠</span> {escape(text)}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    else:
        parts.append(f"<p>{escape(_('No expiry threatens a level or the tier.'))}</p>")
    if result.measures:
        if title:
            parts.append(f"<p><b>{escape(_('Scores, metrics and yes/no facts'))}</b></p>")
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in result.measures) + "</ul>")
    return "".join(parts)
