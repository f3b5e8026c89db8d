"""The command-line face of PRM Desktop (same services as the GUI).

Each sub-command lives in its own module exposing ``register(subparsers)``; the handler receives
the parsed arguments and returns the exit code. Messages, help texts and argparse's own words
follow ``--lang`` (a global option, before the command) or the system language.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from prm_desktop import __version__
from prm_desktop.cli.argparse_i18n import install_argparse_translations
from prm_desktop.cli.common import CliError, os_error_text
from prm_desktop.domain.i18n import _, set_language, system_language

__all__ = ["COMMAND_MODULES", "CliError", "build_parser", "global_options", "main", "run"]

COMMAND_MODULES = (
    "prm_desktop.cli.core",
    "prm_desktop.cli.program",
    "prm_desktop.cli.demo",
    "prm_desktop.cli.evaluate",
    "prm_desktop.cli.export",
    "prm_desktop.cli.imports",
    "prm_desktop.cli.rebuild",
    "prm_desktop.cli.people",
    "prm_desktop.cli.visits",
    "prm_desktop.cli.search",
    "prm_desktop.cli.review",
    "prm_desktop.cli.selfcheck",
    "prm_desktop.cli.sync",
)
#: Exit code of a command whose output was cut short by its reader (``… | head``): 128 + SIGPIPE.
EXIT_BROKEN_PIPE = 141
#: The global options that take a value.
GLOBAL_OPTIONS = ("--data-dir", "--lang")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(2, _("prm-desktop: error: {detail}", detail=message) + "\n")


def global_options(argv: Sequence[str]) -> argparse.Namespace:
    """Read the global options given before the command, without building the full parser.

    Args:
        argv: The command-line arguments (without the program name).

    Returns:
        ``data_dir`` and ``lang`` (None when not given), and ``command``: whether a command follows.
    """
    values: dict[str, str | None] = {"data_dir": None, "lang": None}
    args = list(argv)
    i, command = 0, False
    while i < len(args):
        token = args[i]
        name, eq, inline = token.partition("=")
        if name in GLOBAL_OPTIONS:
            value = inline if eq else (args[i + 1] if i + 1 < len(args) else None)
            values[name[2:].replace("-", "_")] = value
            i += 1 if eq else 2
        elif token.startswith("-"):
            i += 1
        else:
            command = True
            break
    if values["lang"] not in (None, "fr", "en"):
        values["lang"] = None  # the full parser reports it
    return argparse.Namespace(command=command, **values)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every sub-command, in the current language."""
    install_argparse_translations()
    parser = _Parser(prog="prm-desktop", description=_(
        "PRM Desktop: partner relationship manager. Without a command, opens the application."))
    parser.add_argument("--version", action="version", version=f"prm-desktop {__version__}",
                        help=_("show the version and exit"))
    parser.add_argument("--data-dir", metavar=_("FOLDER"), help=_(
        "portfolio folder (default: PRM_DATA_DIR, else the folder chosen in Settings, else the user data folder)"))
    parser.add_argument("--lang", choices=("fr", "en"), help=_("language of messages (default: the system's)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _quiet_broken_pipe() -> int:
    """The reader went away (``… | head``): stop quietly, without a traceback at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
        pass
    return EXIT_BROKEN_PIPE


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; errors become one line on stderr."""
    from prm_desktop.domain.program import ProgramError
    from prm_desktop.storage.database import DatabaseError

    if getattr(args, "lang", None):
        set_language(args.lang)
    if getattr(args, "handler", None) is None:
        build_parser().print_help()
        return 2
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except ProgramError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        return 1
    except OSError as exc:
        print(_("Error: {detail}", detail=os_error_text(exc)), file=sys.stderr)
        return 1
    except (CliError, DatabaseError, LookupError, ValueError) as exc:
        print(_("Error: {detail}", detail=exc), file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Set the language (``--lang`` or the system's), parse and run; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(global_options(argv).lang or system_language())
    args = build_parser().parse_args(argv)
    return run(args)
