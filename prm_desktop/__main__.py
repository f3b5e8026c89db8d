"""Entry point: ``prm-desktop`` runs a CLI command, or opens the application without one."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI, or the GUI when no command is given."""
    from prm_desktop.cli import build_parser, run
    from prm_desktop.domain.i18n import set_language, system_language

    args = build_parser().parse_args(argv)
    set_language(args.lang or system_language())
    if args.command is None:
        from prm_desktop.ui.app import run_gui

        return run_gui(args.data_dir, lang=args.lang)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
