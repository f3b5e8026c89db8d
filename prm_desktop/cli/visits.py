"""``visits``: the to-plan list, a report as an ``.eml`` draft, visits as an iCalendar file and back.

``visits due``, ``visits eml``, ``visits ics`` and ``visits ics-import``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from prm_desktop.cli.common import CliError, app_context, existing_file, os_error_text, print_table
from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _, _n, get_language
from prm_desktop.domain.parsing import parse_date


def _day(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``visits`` command group."""
    parser = sub.add_parser("visits", help=_("partners to visit and visit reports"))
    inner = parser.add_subparsers(dest="visits_command", metavar="ACTION", required=True)
    due = inner.add_parser("due", help=_("partners due or overdue for a visit, most overdue first"))
    due.add_argument("--owner", metavar="NAME", help=_("only the partners of this team member"))
    due.add_argument("--days", metavar="N", type=int, default=0,
                     help=_("also list partners due within N days"))  # fmt: skip
    due.add_argument("--json", action="store_true", help=_("print JSON"))
    due.set_defaults(handler=_due)
    eml = inner.add_parser("eml", help=_("write a visit report as an e-mail draft (.eml)"))
    eml.add_argument("visit_id", metavar="VISIT_ID")
    eml.add_argument("--out", metavar="FILE.eml", required=True, help=_("file to write"))
    eml.set_defaults(handler=_eml)
    ics = inner.add_parser("ics", help=_("write visits as an iCalendar file (.ics) for Outlook or Google Calendar"))
    ics.add_argument("--out", metavar="FILE.ics", required=True, help=_("file to write"))
    ics.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=_day, help=_("first day (included)"))
    ics.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=_day, help=_("last day (included)"))
    ics.add_argument("--id", dest="ids", metavar="VISIT_ID", action="append", help=_("only this visit (repeatable)"))
    ics.set_defaults(handler=_ics)
    ics_in = inner.add_parser("ics-import", help=_("make visits of the events of an iCalendar file whose attendees "
                                                   "or place match a partner; same UID again: updates the visit"))
    ics_in.add_argument("file", metavar="FILE", type=Path)
    ics_in.add_argument("--dry-run", action="store_true", help=_("only show what would be imported"))
    ics_in.set_defaults(handler=_ics_import)


def _due(args: argparse.Namespace) -> int:
    from prm_desktop.services.visits.due import to_plan

    today = date.today()
    with app_context(args) as ctx:
        rows = to_plan(ctx.uow, today, owner_name=args.owner, horizon_days=max(0, args.days))
    if args.json:
        print(json.dumps([{"partner_id": r.partner_id, "name": r.name, "city": r.city, "region": r.region,
                           "tier": r.tier_id, "owner": r.owner_name,
                           "last_visit": r.last_visit.isoformat() if r.last_visit else None,
                           "due_on": r.due_on.isoformat(), "days_overdue": r.days_overdue} for r in rows],
                         ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not rows:
        print(_("No partner is due for a visit."))
        return 0
    headers = [_("Partner"), _("City"), _("Owner"), _("Last visit"), _("Due"), _("Days overdue")]
    print_table([[r.name, r.city or "", r.owner_name or "", format_date(r.last_visit) if r.last_visit else "",
                  format_date(r.due_on), str(r.days_overdue)] for r in rows], headers)  # fmt: skip
    return 0


def _eml(args: argparse.Namespace) -> int:
    from prm_desktop.services.visits.sending import report_eml

    with app_context(args) as ctx:
        data = report_eml(ctx.uow, args.visit_id, get_language())
    Path(args.out).write_bytes(data)
    print(_("Report draft written to {path}.", path=args.out))
    return 0


def _ics(args: argparse.Namespace) -> int:
    from prm_desktop.services.visits.ics_export import export_ics

    if args.first and args.last and args.last < args.first:
        raise CliError(_("--to must not be before --from."))
    with app_context(args) as ctx:
        data, count = export_ics(ctx.uow, visit_ids=args.ids, first=args.first, last=args.last)
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise CliError(os_error_text(exc)) from None
    print(_n("{count} visit written to {path}.", "{count} visits written to {path}.", count, count=count,
             path=args.out))  # fmt: skip
    return 0


def _ics_import(args: argparse.Namespace) -> int:
    from prm_desktop.services.visits.ics_import import CalendarFileError, apply_import, preview_import

    path = existing_file(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(os_error_text(exc)) from None
    with app_context(args) as ctx:
        try:
            plan = preview_import(ctx.uow, data) if args.dry_run else apply_import(ctx.uow, data)
        except CalendarFileError as exc:
            raise CliError(str(exc)) from None
    actions = {"create": _("New visit"), "update": _("Update"), "unchanged": _("No change"), "skip": _("Skipped")}
    rows = [[actions[p.action], f"{format_date(p.start)} {p.start:%H:%M}" if p.start else "",
             ", ".join(p.partner_names), p.summary, p.reason] for p in plan.plans]  # fmt: skip
    if rows:
        print_table(rows, [_("Action"), _("When"), _("Partners"), _("Event"), _("Why")])
    counts = {k: plan.count(k) for k in ("create", "update", "unchanged", "skip")}
    text = _("{create} new, {update} updated, {unchanged} unchanged, {skip} skipped.", **counts)
    print(_("Dry run, nothing written: {counts}", counts=text) if args.dry_run else text)
    return 0
