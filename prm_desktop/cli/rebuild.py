"""``rebuild``: rebuild the derived tables (search index, partner summaries) from the data."""

from __future__ import annotations

import argparse

from prm_desktop.cli.common import app_context, command
from prm_desktop.domain.i18n import _
from prm_desktop.services import partner_summary


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``rebuild`` command."""
    command(sub, "rebuild", _("rebuild the search index and the partner summaries from the data (repair)"),
            _rebuild)  # fmt: skip


def _rebuild(args: argparse.Namespace) -> int:
    with app_context(args) as ctx:
        partner_summary.rebuild_derived(ctx.uow)
    print(_("Search index and partner summaries rebuilt."))
    return 0
