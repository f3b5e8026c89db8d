"""``info``, ``backup``, ``restore``, ``batches`` and ``undo-batch``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prm_desktop.cli.common import app_context, command, print_table
from prm_desktop.config import resolve_paths
from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _
from prm_desktop.services import batches, maintenance


def register(sub: argparse._SubParsersAction) -> None:
    """Add the maintenance commands."""
    command(sub, "info", _("show the database path, schema version and row counts"), _info)
    command(sub, "backup", _("back up the database now"), _backup)
    restore = command(sub, "restore", _("replace the database with a backup (the current one is kept)"),
                      _restore)
    restore.add_argument("file", type=Path, nargs="?", help=_("backup file to restore"))
    restore.add_argument("--latest-good", action="store_true", help=_(
        "restore the newest backup that passes the integrity check (after damage was found)"))
    command(sub, "check", _("check the database for damage (integrity check)"), _check)
    listing = command(sub, "batches", _("list recent batches (imports, edits) that can be undone"), _batches)
    listing.add_argument("--limit", type=int, default=20)
    undo = command(sub, "undo-batch", _("revert a batch, e.g. an import"), _undo)
    undo.add_argument("batch_id", metavar="ID")


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
    report = maintenance.check_integrity(resolve_paths(args.data_dir))
    if report.message:
        print(report.message, file=sys.stderr)
        return 1
    print(_("The database {path} passed the integrity check.", path=report.path))
    return 0


def _restore(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.data_dir)  # the database is not opened: it may be damaged or too new
    if args.latest_good:
        good, outcome = maintenance.restore_latest_good(paths)
        source = good.path
    elif args.file is None:
        raise LookupError(_("Name the backup file to restore, or use --latest-good."))
    elif not args.file.exists():
        raise FileNotFoundError(_("No such file: {path}", path=args.file))
    else:
        source, outcome = args.file, maintenance.restore(paths, args.file)
    if outcome.set_aside is not None:
        print(_("Restored {file}. The damaged database was kept aside as {aside}.", file=source,
                aside=outcome.set_aside))
    else:
        print(_("Restored {file}. The previous database was kept as {kept}.", file=source, kept=outcome.kept))
    return 0


def _batches(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        rows = batches.list_batches(ctx.uow, args.limit)
    print_table([[b.id, b.created_at.strftime("%Y-%m-%d %H:%M"), b.kind, str(b.row_count),
                  _("undone") if b.undone else "", b.label] for b in rows],
                [_("id"), _("when (UTC)"), _("kind"), _("changes"), "", _("label")])
    return 0


def _undo(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        result = batches.undo_batch(ctx.uow, args.batch_id)
    print(_("Undone: {label} ({count} changes reverted).", label=result.batch.label or result.batch.kind,
            count=result.reverted))
    for line in result.skipped:
        print(_("Kept (changed since): {line}", line=line))
    return 0
