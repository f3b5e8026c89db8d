"""Helpers shared by CLI sub-commands."""

from __future__ import annotations

import argparse
import errno
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from prm_desktop.bootstrap import AppContext, open_app
from prm_desktop.config import DataDirChoice, DataDirSource, choose_data_dir
from prm_desktop.domain.i18n import N_, _

#: How each source of the portfolio folder is named in messages.
SOURCE_NAMES = {
    DataDirSource.OPTION: N_("given with --data-dir"),
    DataDirSource.ENVIRONMENT: N_("from PRM_DATA_DIR"),
    DataDirSource.SETTINGS: N_("chosen in Edit › Settings"),
    DataDirSource.DEFAULT: N_("the default folder"),
}


class CliError(Exception):
    """A failure the CLI reports as one line on stderr with exit code 1."""


#: The system errors a user meets most, in words of the catalog (the OS gives English ones).
OS_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("this is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
}


def os_error_text(exc: OSError) -> str:
    """An `OSError` as ``path: reason`` in the current language."""
    reason = _(OS_ERRORS[exc.errno]) if exc.errno in OS_ERRORS else (exc.strerror or str(exc))
    if exc.filename is None:
        return reason if exc.errno in OS_ERRORS else str(exc)
    return _("{path}: {reason}", path=exc.filename, reason=reason)


def existing_file(path: Path) -> Path:
    """``path`` when it is a file, else a `CliError` naming it."""
    if not path.is_file():
        raise CliError(_("No such file: {path}", path=path))
    return path


def portfolio_choice(args: argparse.Namespace) -> DataDirChoice:
    """The portfolio folder of this run: ``--data-dir`` > ``PRM_DATA_DIR`` > Settings > default."""
    return choose_data_dir(getattr(args, "data_dir", None))


@contextmanager
def app_context(args: argparse.Namespace, derived: bool = False, create: bool = False) -> Iterator[AppContext]:
    """Open the portfolio of this run for the duration of a command.

    Args:
        args: Parsed arguments (``data_dir``).
        derived: The command lists partners through the summary table (exports): bring it to date.
        create: Create the portfolio when the folder has none (only ``demo`` does).

    Raises:
        CliError: The folder holds no portfolio (and ``create`` is False); nothing was written.
    """
    choice = portfolio_choice(args)
    paths = choice.paths()
    if not create and not paths.database.is_file():
        raise CliError(_(
            "No portfolio in {folder} ({source}). Open PRM Desktop once to create it, fill it with "
            "“prm-desktop demo”, or give another folder with --data-dir.",
            folder=paths.data_dir, source=_(SOURCE_NAMES[choice.source])))
    ctx = open_app(paths.data_dir if choice.explicit else None, refresh_derived=derived)
    try:
        yield ctx
    finally:
        ctx.close()


def command_line(args: argparse.Namespace, *words: str) -> str:
    """A ``prm-desktop`` command line for a hint, on the same portfolio as this run.

    The folder is named (``--data-dir``) when it was given for this run only, so the hint never
    opens, or creates, another portfolio.
    """
    choice = portfolio_choice(args)
    parts = ["prm-desktop"]
    if choice.explicit:
        parts += ["--data-dir", str(choice.folder)]
    return shlex.join([*parts, *words])


def command(sub: argparse._SubParsersAction, name: str, help_text: str,
            handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """Add a sub-command whose parsed arguments go to ``handler``."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """Print a plain aligned text table."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=False)).rstrip())
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
