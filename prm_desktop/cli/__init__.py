"""The command-line face of PRM Desktop (same services as the GUI).

Each sub-command lives in its own module exposing ``register(subparsers)``; the handler receives
the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from prm_desktop import __version__
from prm_desktop.domain.i18n import _

COMMAND_MODULES = (
    "prm_desktop.cli.core",
    "prm_desktop.cli.program",
    "prm_desktop.cli.demo",
    "prm_desktop.cli.evaluate",
    "prm_desktop.cli.export",
    "prm_desktop.cli.imports",
    "prm_desktop.cli.rebuild",
    "prm_desktop.cli.visits",
)


class CliError(Exception):
    """A failure the CLI reports as one line on stderr with exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, _("prm-desktop: error: {detail}", detail=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command."""
    parser = _Parser(prog="prm-desktop", description=_(
        "PRM Desktop: partner relationship manager. Without a command, opens the application."))
    parser.add_argument("--version", action="version", version=f"prm-desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=_(
        "portfolio folder (default: the user data folder, or PRM_DATA_DIR)"))
    parser.add_argument("--lang", choices=("fr", "en"), help=_("language of messages"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; errors become one line on stderr."""
    from prm_desktop.domain.program import ProgramError
    from prm_desktop.storage.database import DatabaseError

    if getattr(args, "lang", None):
        from prm_desktop.domain.i18n import set_language

        set_language(args.lang)
    if getattr(args, "handler", None) is None:
        build_parser().print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except ProgramError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 1
    except (CliError, DatabaseError, LookupError, ValueError, OSError) as exc:
        print(_("Error: {detail}", detail=exc), file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Parse and run; returns the exit code (``None`` command is the caller's business)."""
    args = build_parser().parse_args(argv)
    return run(args)
