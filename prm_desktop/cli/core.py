"""``info``, ``backup``, ``restore``, ``batches`` and ``undo-batch``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prm_desktop.cli.common import app_context, command, existing_file, portfolio_choice, print_table
from prm_desktop.domain.formatting import format_datetime, format_number
from prm_desktop.domain.i18n import N_, _, _n
from prm_desktop.services import batches, maintenance
from prm_desktop.services.profile import get_profile

#: What each kind of batch is called in ``batches`` (unknown kinds are shown as they are stored).
KIND_NAMES = {
    "import": N_("import"),
    "edit": N_("edit"),
    "demo": N_("demo"),
    "program": N_("program"),
    "profile": N_("profile"),
    "setup": N_("first start"),
    "undo": N_("undo"),
    "maintenance": N_("maintenance"),
    "evaluation": N_("evaluation"),
}


def register(sub: argparse._SubParsersAction) -> None:
    """Add the maintenance commands."""
    command(sub, "info", _("show the database path, schema version and row counts"), _info)
    command(sub, "backup", _("back up the database now"), _backup)
    restore = command(sub, "restore", _("replace the database with a backup (the current one is kept)"),
                      _restore)
    restore.add_argument("file", type=Path, nargs="?", metavar=_("FILE"), help=_("backup file to restore"))
    restore.add_argument("--latest-good", action="store_true", help=_(
        "restore the newest backup that passes the integrity check (after damage was found)"))
    command(sub, "check", _("check the database for damage (integrity check)"), _check)
    listing = command(sub, "batches", _("list recent batches (imports, edits) that can be undone"), _batches)
    listing.add_argument("--limit", type=int, default=20, metavar="N",
                         help=_("how many batches to list (default {count})", count=20))
    undo = command(sub, "undo-batch", _("revert a batch, e.g. an import"), _undo)
    undo.add_argument("batch_id", metavar="ID", help=_("batch id, as listed by “batches”"))


def _info(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        info = maintenance.database_info(ctx.db)
    print(_("Database: {path}", path=info.path))
    print(_("Schema version: {version}", version=info.schema_version))
    print(_("Size: {size} bytes", size=format_number(info.size_bytes)))
    print_table([[name, str(count)] for name, count in info.counts.items()], [_("table"), _("rows")])
    return 0


def _backup(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        path = maintenance.backup_now(ctx.db, ctx.paths.backup_dir)
    print(_("Backup written: {path}", path=path))
    return 0


def _check(args: argparse.Namespace) -> int:
    report = maintenance.check_integrity(portfolio_choice(args).paths())
    if report.message:
        print(report.message, file=sys.stderr)
        return 1
    print(_("The database {path} passed the integrity check.", path=report.path))
    return 0


def _restore(args: argparse.Namespace) -> int:
    paths = portfolio_choice(args).paths()  # the database is not opened: it may be damaged or too new
    if args.latest_good:
        good, outcome = maintenance.restore_latest_good(paths)
        source = good.path
    elif args.file is None:
        raise LookupError(_("Name the backup file to restore, or use --latest-good."))
    else:
        source, outcome = args.file, maintenance.restore(paths, existing_file(args.file))
    if outcome.set_aside is not None:
        print(_("Restored {file}. The damaged database was kept aside as {aside}.", file=source,
                aside=outcome.set_aside))
    else:
        print(_("Restored {file}. The previous database was kept as {kept}.", file=source, kept=outcome.kept))
    return 0


def _batches(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        rows = batches.list_batches(ctx.uow, args.limit)
        zone = get_profile(ctx.uow).timezone
    print_table([[b.id, format_datetime(b.created_at, zone, style="short"), _(KIND_NAMES.get(b.kind, b.kind)),
                  format_number(b.row_count), _("undone") if b.undone else "", b.label] for b in rows],
                [_("id"), _("when"), _("kind"), _("changes"), "", _("label")])
    return 0


def _undo(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        result = batches.undo_batch(ctx.uow, args.batch_id)
    print(_n("Undone: {label} ({count} change reverted).", "Undone: {label} ({count} changes reverted).",
             result.reverted, label=result.batch.label or result.batch.kind, count=result.reverted))
    for line in result.skipped:
        print(_("Kept (changed since): {line}", line=line))
    return 0
