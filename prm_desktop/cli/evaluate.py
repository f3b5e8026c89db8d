"""``prm-desktop evaluate``: where partners stand in the program (formats.md §3)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from prm_desktop.cli.common import app_context, command, print_table
from prm_desktop.domain.formatting import format_money
from prm_desktop.domain.i18n import _, get_language
from prm_desktop.domain.parsing import parse_date
from prm_desktop.services import evaluation


def _date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` command."""
    parser = command(sub, "evaluate", _("evaluate partners against the program"), _evaluate)
    parser.add_argument("--partner", action="append", metavar="NAME_OR_ID", help=_("partner (repeatable)"))
    parser.add_argument("--date", type=_date, help=_("evaluation date (default today)"))
    parser.add_argument("--program", metavar="ID", help=_("program id (default the active one)"))
    parser.add_argument("--compare", metavar="ID", help=_("also evaluate under this program"))
    parser.add_argument("--json", action="store_true", help=_("print JSON (formats.md §3)"))


def _evaluate(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        ids = evaluation.resolve_partners(ctx.uow, args.partner) if args.partner else None
        result = evaluation.evaluate_partners(ctx.uow, ids, on=args.date, program_id=args.program,
                                              compare_id=args.compare)
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    lang = get_language()
    rows = []
    for ev in result.evaluations:
        gap = ev.gaps[0].text_fr if ev.gaps and lang == "fr" else (ev.gaps[0].text_en if ev.gaps else "")
        risk = ev.at_risk[0].date.isoformat() if ev.at_risk else ""
        row = [ev.name, ev.assigned_tier or "—", ev.tier or "—", format_money(ev.revenue, decimals=0),
               ", ".join(f"{c}:{lvl}" for c, lvl in sorted(ev.levels.items())) or "—", risk, gap]
        if result.compare is not None:
            row.insert(3, result.compare[ev.partner_id]["tier"] or "—")
        rows.append(row)
    headers = [_("partner"), _("assigned"), _("qualifies"), _("revenue"), _("levels"), _("at risk on"),
               _("next step")]
    if result.compare is not None:
        headers.insert(3, args.compare)
    print(_("Program {id}, {date}", id=result.program_id, date=result.date.isoformat()))
    print_table(rows, headers)
    return 0
