"""``purge``: erase a person's personal data on request (a partner contact or an internal stakeholder)."""

from __future__ import annotations

import argparse

from prm_desktop.cli.common import app_context, command
from prm_desktop.domain.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``purge`` command."""
    parser = command(
        sub,
        "purge",
        _("erase a person’s personal data (fields blanked, values redacted in the history, search index and drafts)"),
        _purge,
    )
    parser.add_argument("kind", choices=("contact", "stakeholder"), help=_("what the person is"))
    parser.add_argument("id", help=_("the person’s id"))


def _purge(args: argparse.Namespace) -> int:
    from prm_desktop.services.drafts import open_drafts
    from prm_desktop.services.people.purge import purge_contact, purge_stakeholder

    with app_context(args) as ctx:
        drafts = open_drafts(ctx.paths.drafts)
        try:
            purge = purge_contact if args.kind == "contact" else purge_stakeholder
            result = purge(ctx.uow, args.id, drafts)  # an unknown id: a LookupError the CLI reports
        finally:
            drafts.close()
    print(
        _(
            "Personal data purged: {entries} history entries, {notes} notes and {drafts} drafts redacted.",
            entries=result.history_entries,
            notes=result.notes,
            drafts=result.drafts,
        )
    )
    print(_("Backups made before today still hold the old values until they are deleted."))
    return 0
