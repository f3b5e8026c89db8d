"""``program import|activate|list|show``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prm_desktop.cli.common import app_context, command, existing_file, print_table
from prm_desktop.domain.formatting import format_date
from prm_desktop.domain.i18n import _
from prm_desktop.domain.program_calendar import calendar_warnings
from prm_desktop.services import programs


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``program`` command group."""
    parser = sub.add_parser("program", help=_("manage partner programs"))
    inner = parser.add_subparsers(dest="program_command", metavar=_("ACTION"), required=True)
    imp = command(inner, "import", _("validate and import a program file (activates it)"), _import)
    imp.add_argument("file", type=Path, metavar=_("FILE"), help=_("the program file (.toml)"))
    imp.add_argument("--no-activate", action="store_true", help=_("keep it without activating it"))
    act = command(inner, "activate", _("make a program the active one"), _activate)
    act.add_argument("program_id", metavar="ID", help=_("program id, as listed by “program list”"))
    command(inner, "list", _("list programs"), _list)
    show = command(inner, "show", _("print a program file (the active one by default)"), _show)
    show.add_argument("program_id", metavar="ID", nargs="?")


def _import(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        text = existing_file(args.file).read_text(encoding="utf-8-sig")
        summary = programs.import_program(ctx.uow, text, activate=not args.no_activate)
    state = _("active") if summary.active else _("not active")
    print(_("Imported program {id} ({name}), {state}.", id=summary.id, name=summary.name, state=state))
    for message, params in calendar_warnings(programs.parse_cached(text)):
        print(_("warning: {message}", message=_(message, **params)), file=sys.stderr)
    return 0


def _activate(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        summary = programs.activate_program(ctx.uow, args.program_id)
    print(_("Active program: {id} ({name}).", id=summary.id, name=summary.name))
    return 0


def _list(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        rows = programs.list_programs(ctx.uow)
        notice = programs.default_program_notice(ctx.uow)
    if notice:
        print(notice, file=sys.stderr)
    print_table([["*" if p.active else "", p.id, p.name, format_date(p.valid_from, style="short"), str(p.tiers),
                  str(p.competencies)] for p in rows],
                ["", _("id"), _("name"), _("valid from"), _("tiers"), _("competencies")])
    return 0


def _show(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        print(programs.get_program_source(ctx.uow, args.program_id).rstrip())
    return 0
