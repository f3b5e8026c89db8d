"""``demo``: fill the portfolio with a realistic French demo portfolio (one undoable batch)."""

from __future__ import annotations

import argparse
import sys
import time

from prm_desktop.cli.common import app_context, command, command_line, print_table
from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _
from prm_desktop.services.demo import DEMO_PARTNERS, generate_demo


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = command(
        sub, "demo", _("fill the portfolio with a demo portfolio built from the active program (undoable)"), _demo
    )
    parser.add_argument(
        "--partners",
        type=_positive_int,
        default=DEMO_PARTNERS,
        metavar="N",
        help=_("number of partners (default {count})", count=DEMO_PARTNERS),
    )
    parser.add_argument(
        "--seed", type=int, default=1, metavar="N", help=_("random seed: the same seed gives the same portfolio")
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("expected a whole number of at least 1, got {value}", value=text))
    return value


class ProgressPrinter:
    """Prints a progress line on stderr about every 10 % (and once while rows are prepared)."""

    def __init__(self) -> None:
        self.last_decile = -1
        self.preparing_shown = False

    def __call__(self, done: int, total: int, message: str) -> None:
        """Progress callback of `generate_demo`."""
        if total <= 0:
            if not self.preparing_shown:
                print(message, file=sys.stderr, flush=True)
                self.preparing_shown = True
            return
        decile = done * 10 // total
        if decile > self.last_decile:
            self.last_decile = decile
            line = _(
                "{percent}% ({done} of {total} rows): {message}",
                percent=decile * 10,
                done=format_number(done),
                total=format_number(total),
                message=message,
            )
            print(line, file=sys.stderr, flush=True)


def _demo(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with app_context(args, create=True) as ctx:
        result = generate_demo(ctx.uow, partners=args.partners, seed=args.seed, progress=ProgressPrinter())
    seconds = time.perf_counter() - started
    print_table([[table, format_number(count)] for table, count in result.counts.items()], [_("table"), _("rows")])
    print(
        _(
            "{rows} rows written in {seconds} s, as batch {id}.",
            rows=format_number(result.total),
            seconds=format_number(seconds, decimals=1),
            id=result.batch_id,
        )
    )
    print(_("Undo with: {command}", command=command_line(args, "undo-batch", result.batch_id)))
    return 0
