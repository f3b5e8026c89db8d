"""``prm-desktop export partners|contacts --out FILE``: the partner list or contacts to CSV/XLSX."""

from __future__ import annotations

import argparse
import sys

from prm_desktop.cli.common import app_context, command
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services import exports
from prm_desktop.services.partner_queries import SORT_KEYS, PartnerFilter


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = command(sub, "export", _("export partners or contacts to CSV or XLSX"), _export)
    parser.add_argument("what", choices=("partners", "contacts"), help=_("what to export"))
    parser.add_argument("--out", required=True, metavar=_("FILE"), help=_("output file: .csv or .xlsx"))
    parser.add_argument("--excel-fr", action="store_true",
                        help=_("for French Excel: French headers, labels and dates (CSV: semicolons and "
                               "Windows-1252)"))
    parser.add_argument("--sort", choices=SORT_KEYS, default="name", metavar="KEY",
                        help=_("order of the partners, as in the list: {keys}", keys=", ".join(SORT_KEYS)))
    parser.add_argument("--descending", action="store_true", help=_("sort in descending order"))
    parser.add_argument("--list-columns", action="store_true",
                        help=_("partners: add the list's columns (qualified tier, revenue, attainment, next "
                               "visit, at-risk date)"))
    parser.add_argument("--search", metavar=_("TEXT"), default="", help=_("only partners matching this text"))
    parser.add_argument("--deleted", action="store_true", help=_("export the deleted partners"))


def _export(args: argparse.Namespace) -> int:
    flt = PartnerFilter(text=args.search, deleted=args.deleted)
    with app_context(args, derived=True) as ctx:
        if args.what == "partners":
            result = exports.export_partners(
                ctx.uow, flt, args.out, excel_fr=args.excel_fr, sort_key=args.sort, descending=args.descending,
                list_columns=exports.LIST_COLUMNS if args.list_columns else ())
        else:
            result = exports.export_contacts(ctx.uow, flt, args.out, excel_fr=args.excel_fr, sort_key=args.sort,
                                             descending=args.descending)
    for warning in result.warnings:
        print(_("Warning: {detail}", detail=warning), file=sys.stderr)
    print(_n("{n} row written to {path}", "{n} rows written to {path}", result.rows, path=args.out))
    return 0
