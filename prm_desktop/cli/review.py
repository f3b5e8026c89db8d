"""``review``: review packs as PDF (``review pack``) and the visit day sheet (``review day``).

The audience of a pack is always given (``--audience partner|internal``): a pack e-mailed to a
partner must never be the internal one by default. The language is the global ``--lang``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from prm_desktop.cli.common import CliError, app_context
from prm_desktop.domain.i18n import _, _n
from prm_desktop.domain.parsing import parse_date


def _date(value: str) -> date | None:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``review`` command group."""
    parser = sub.add_parser("review", help=_("review packs and the visit day sheet (PDF)"))
    inner = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    pack = inner.add_parser("pack", help=_("write review packs as PDF for one partner or many"))
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument("--partner", nargs="+", action="extend", metavar=_("NAME_OR_ID"),
                       help=_("partners by name or id"))  # fmt: skip
    which.add_argument("--tier", metavar="T", help=_("the partners of an assigned tier"))
    which.add_argument("--owner", metavar=_("NAME"), help=_("the partners of this team member"))
    which.add_argument("--all", action="store_true", help=_("every partner"))
    pack.add_argument("--audience", choices=("partner", "internal"), required=True,
                      help=_("partner: nothing internal-only, one PDF per partner; internal: everything, one PDF"))
    pack.add_argument("--out", metavar=_("PATH"), required=True,
                      help=_("PDF file for one pack, else a folder (internal file names end in -interne)"))
    pack.add_argument("--period", metavar="2026-Q3", help=_("the quarter (default: the current one)"))
    pack.set_defaults(handler=_pack)
    day = inner.add_parser("day", help=_("write the visit day sheet of a day as PDF"))
    day.add_argument("--date", type=_date, required=True, metavar="YYYY-MM-DD", help=_("the day"))
    day.add_argument("--out", metavar="FILE.pdf", required=True, help=_("file to write"))
    day.add_argument("--everyone", action="store_true",
                     help=_("every team member's visits (default: mine, as the Visits tab's “Mine only”)"))
    day.set_defaults(handler=_day)


def _pack(args: argparse.Namespace) -> int:
    from prm_desktop.services.review_files import select_partners, write_packs

    with app_context(args) as ctx:
        ids = select_partners(ctx.uow, names=args.partner or (), tier=args.tier, owner=args.owner,
                              everyone=args.all)  # fmt: skip
        if not ids:
            raise CliError(_("No partner matches."))
        written = write_packs(ctx.uow, ids, args.audience, Path(args.out), args.period)
    for item in written:
        print(_n("{path}: {n} page", "{path}: {n} pages", item.pages, path=item.path))
    return 0


def _day(args: argparse.Namespace) -> int:
    from prm_desktop.services.review_files import write_day_sheet

    with app_context(args) as ctx:
        item = write_day_sheet(ctx.uow, args.date, Path(args.out), everyone=args.everyone)
    print(_n("{path}: {n} visit", "{path}: {n} visits", item.partners, path=item.path))
    return 0
