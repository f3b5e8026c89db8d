"""``prm-desktop evaluate``: where partners stand in the program (formats.md §3)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from prm_desktop.cli.common import app_context, command, print_table
from prm_desktop.domain.evaluation_metrics import program_currency
from prm_desktop.domain.formatting import format_date, format_money
from prm_desktop.domain.i18n import _, get_language
from prm_desktop.domain.metric_words import format_amount, measure_lines
from prm_desktop.domain.parsing import parse_date
from prm_desktop.domain.program import Program
from prm_desktop.services import evaluation, programs

#: Partners whose scores, metrics and yes/no facts the table output spells out.
SHOWN_MEASURES = 50


def _date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` command."""
    parser = command(sub, "evaluate", _("evaluate partners against the program"), _evaluate)
    parser.add_argument("--partner", action="append", metavar=_("NAME_OR_ID"), help=_("partner (repeatable)"))
    parser.add_argument("--date", type=_date, help=_("evaluation date (default today)"))
    parser.add_argument("--program", metavar="ID", help=_("program id (default the active one)"))
    parser.add_argument("--compare", metavar="ID", help=_("also evaluate under this program"))
    parser.add_argument("--json", action="store_true", help=_("print JSON (formats.md §3)"))


def _tier_name(program: Program, tier_id: str | None) -> str:
    """The tier's name in the program; a tier of another program (assigned before a switch) says so."""
    if not tier_id:
        return "—"
    tier = program.tier(tier_id)
    return tier.name if tier else _("{tier} (not in the program)", tier=tier_id)


def _levels(program: Program, levels: dict[str, str], lang: str) -> str:
    """``Security: Advanced, Cloud: Base`` with the program's names, in the program's order."""
    shown = []
    for competency in program.competencies:
        level_id = levels.get(competency.id)
        if level_id is None:
            continue
        level = competency.level(level_id)
        shown.append(_("{competency}: {level}", competency=competency.display_name(lang),
                       level=level.name if level else level_id))
    shown += [f"{c}: {lvl}" for c, lvl in sorted(levels.items()) if program.competency(c) is None]
    return ", ".join(shown) or "—"


def _revenue(amount: float, currency: str, lang: str) -> str:
    """Whole amount in the program's currency (``190 000 €``, ``$190,000``)."""
    return format_money(amount, decimals=0) if currency == "EUR" else format_amount(round(amount), currency, lang)


def _evaluate(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        ids = evaluation.resolve_partners(ctx.uow, args.partner) if args.partner else None
        result = evaluation.evaluate_partners(ctx.uow, ids, on=args.date, program_id=args.program,
                                              compare_id=args.compare)
        if not args.json:
            program = programs.get_program(ctx.uow, result.program_id)
            other = programs.get_program(ctx.uow, args.compare) if args.compare else None
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    lang = get_language()
    currency = program_currency(program)
    rows = []
    for ev in result.evaluations:
        gap = ev.gaps[0].text_fr if ev.gaps and lang == "fr" else (ev.gaps[0].text_en if ev.gaps else "")
        risk = format_date(ev.at_risk[0].date, style="short") if ev.at_risk else ""
        row = [ev.name, _tier_name(program, ev.assigned_tier), _tier_name(program, ev.tier),
               _revenue(ev.revenue, currency, lang), _levels(program, dict(ev.levels), lang), risk, gap]
        if result.compare is not None and other is not None:
            row.insert(3, _tier_name(other, result.compare[ev.partner_id]["tier"]))
        rows.append(row)
    headers = [_("partner"), _("assigned"), _("qualifies"), _("revenue"), _("levels"), _("at risk on"),
               _("next step")]
    if result.compare is not None:
        headers.insert(3, args.compare)
    print(_("Program {id}, {date}", id=result.program_id, date=format_date(result.date, style="short")))
    print_table(rows, headers)
    for ev in result.evaluations:  # the rules that decided: people assignment, a tier kept by review or grace
        for note in ev.explanations:
            print(_("{partner}: {explanation}", partner=ev.name,
                    explanation=note.text_fr if lang == "fr" else note.text_en))
    if program.extras is not None:
        for ev in result.evaluations[:SHOWN_MEASURES]:
            if ev.extras is not None:
                print(f"{ev.name}: " + " · ".join(measure_lines(program, ev.extras, lang)))
    return 0
