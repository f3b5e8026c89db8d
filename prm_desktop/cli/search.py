"""``search QUERY``: search everything (partners, contacts, notes, stakeholders, visit reports, actions)."""

from __future__ import annotations

import argparse
import json

from prm_desktop.cli.common import app_context, command
from prm_desktop.domain.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``search`` command."""
    parser = command(sub, "search", _("search partners, contacts, notes, internal stakeholders, visit reports "
                                      "and actions (accents and case do not matter)"), _search)  # fmt: skip
    parser.add_argument("query", metavar="QUERY", nargs="+", help=_("words to look for (each as a word prefix)"))
    parser.add_argument("--limit", metavar="N", type=int, default=10, help=_("at most N hits of each kind"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _search(args: argparse.Namespace) -> int:
    from prm_desktop.services.search_everything import search_everything

    query = " ".join(args.query)
    with app_context(args) as ctx:
        groups = search_everything(ctx.uow, query, limit_per_kind=max(1, args.limit))
    if args.json:
        print(json.dumps([{
            "kind": group.kind, "label": group.label,
            "hits": [{"id": hit.entity_id, "opens": hit.opens, "open_id": hit.open_id, "partner_id": hit.partner_id,
                      "title": hit.title, "snippet": hit.snippet.text,
                      "highlights": [list(span) for span in hit.snippet.spans],
                      "internal_only": hit.internal_only} for hit in group.hits],
        } for group in groups], ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    if not groups:
        print(_("Nothing found for “{query}”.", query=query))
        return 0
    for number, group in enumerate(groups):
        if number:
            print()
        print(f"{group.label} ({len(group.hits)})")
        for hit in group.hits:
            flag = "  " + _("[internal only]") if hit.internal_only else ""
            print(f"  {hit.title}{flag}")
            print(f"    {hit.snippet.marked('[', ']')}")
            print(f"    {hit.opens}: {hit.open_id}")
    return 0
