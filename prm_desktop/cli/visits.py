"""``visits``: the to-plan list (``visits due``) and a visit report as an ``.eml`` draft (``visits eml``)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from prm_desktop.cli.common import app_context, print_table
from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _, get_language


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
