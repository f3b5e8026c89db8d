"""Entry point: ``prm-desktop`` runs a CLI command, or opens the application without one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _global_options(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Read the options that come before a command without importing any command module."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data-dir")
    parser.add_argument("--lang", choices=("fr", "en"))
    return parser.parse_known_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI, or the GUI when no command is given (without building the CLI first)."""
    from prm_desktop.domain.i18n import set_language

    argv = list(sys.argv[1:] if argv is None else argv)
    options, rest = _global_options(argv)
    if not rest:
        if options.lang:
            set_language(options.lang)
        from prm_desktop.ui.app import run_gui

        return run_gui(options.data_dir, lang=options.lang)
    from prm_desktop.cli import main as cli_main

    return cli_main(argv)  # --lang, else the system language


if __name__ == "__main__":
    # In the installed (frozen) app a worker process starts this same program: freeze_support runs the
    # worker's code and exits instead of reading its arguments as a command. Elsewhere it does nothing.
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
