"""``import partners|contacts|certifications|references|revenue|targets|stakeholders FILE [--dry-run]``.

Warnings go to stdout and errors to stderr, each as ``line N: column: message``, then the summary.
A file with any error writes nothing and exits 1. ``--dry-run`` lists what would be created, updated
and left unchanged (counts and the first items by name) and writes nothing. A successful import
prints its batch id and how to undo it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from prm_desktop.cli.common import app_context, command, command_line, existing_file
from prm_desktop.domain.formatting import format_date, format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.imports.columns import KINDS
from prm_desktop.services.imports.plan_types import ImportPlan, PlannedUpdate, entity_name

#: How many items of each list a dry run prints.
SHOWN = 20


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``import`` command."""
    parser = command(sub, "import", _("import a spreadsheet (CSV or XLSX) of partners, contacts, "
                                      "certifications, references, revenue, targets or stakeholders"), _import)
    parser.add_argument("kind", choices=KINDS, metavar=_("KIND"), help=_("what the file holds: {kinds}",
                                                                       kinds=", ".join(KINDS)))
    parser.add_argument("file", type=Path, metavar=_("FILE"), help=_("the .csv or .xlsx file"))
    parser.add_argument("--dry-run", action="store_true",
                        help=_("show what would be created, updated and left unchanged; write nothing"))


def _value(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, date):
        return format_date(value, style="short")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def _item(entity: str, label: str, line: int | None) -> str:
    where = _(" (line {line})", line=line) if line else ""
    return f"{entity_name(entity)} {label}{where}"


def _section(title: str, items: Sequence[Any], describe: Any) -> None:
    if not items:
        return
    print(title)
    for item in items[:SHOWN]:
        print("  " + describe(item))
    if len(items) > SHOWN:
        print("  " + _("… and {count} more", count=len(items) - SHOWN))


def _update(update: PlannedUpdate) -> str:
    changes = "; ".join(f"{c.field}: {_value(c.old)} → {_value(c.new)}" for c in update.changes)
    return f"{_item(update.entity, update.label, update.line)}: {changes}"


def print_dry_run(plan: ImportPlan) -> None:
    """Print what applying the plan would create, update, leave unchanged and delete."""
    _section(_n("{n} to create:", "{n} to create:", len(plan.creates)), plan.creates,
             lambda c: _item(c.entity, c.label, c.line))
    _section(_n("{n} to update:", "{n} to update:", len(plan.updates)), plan.updates, _update)
    _section(_n("{n} to delete:", "{n} to delete:", len(plan.deletes)), plan.deletes,
             lambda d: _item(d.entity, d.label, d.line))
    _section(_n("{n} unchanged:", "{n} unchanged:", plan.unchanged), plan.unchanged_rows,
             lambda u: _item(u.entity, u.label, u.line))


def _import(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        plan, result = import_file(ctx.uow, args.kind, existing_file(args.file), dry_run=args.dry_run)
    for warning in plan.warnings:
        print(warning)
    for error in plan.errors:
        print(error, file=sys.stderr)
    if args.dry_run and plan.ok:
        print_dry_run(plan)
    print(plan.summary())
    if not plan.ok:
        print(_("Nothing was written: correct the file and import it again."), file=sys.stderr)
        return 1
    if result is None:
        print(_("Dry run: nothing was written."))
        return 0
    if result.batch_id is None:
        print(_("Nothing to change: the data already matches the file."))
        return 0
    print(_("Imported as batch {id}.", id=result.batch_id))
    print(_("Undo with: {command}", command=command_line(args, "undo-batch", result.batch_id)))
    return 0
