"""Helpers shared by CLI sub-commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prm_desktop.bootstrap import AppContext, open_app


@contextmanager
def app_context(args: argparse.Namespace, derived: bool = False) -> Iterator[AppContext]:
    """Open the portfolio named by ``--data-dir`` for the duration of a command.

    Args:
        args: Parsed arguments (``data_dir``).
        derived: The command lists partners through the summary table (exports): bring it to date.
    """
    ctx = open_app(args.data_dir, refresh_derived=derived)
    try:
        yield ctx
    finally:
        ctx.close()


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
