"""``sync``: send this portfolio's changes to the team's sync server and receive the others'.

The password is asked on the terminal; the refresh token is kept in the OS keyring (never in a
plain file), so the next sync signs in without asking. Where no keyring works, it asks every time.
"""

from __future__ import annotations

import argparse
import getpass

from prm_desktop.cli.common import CliError, app_context, command
from prm_desktop.domain.i18n import _
from prm_desktop.storage.sync import outbox
from prm_desktop.sync.credentials import load_token, save_token


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sync`` command."""
    parser = command(sub, "sync", _("send your changes to the sync server and receive your team's"), _sync)
    parser.add_argument("--server", metavar="URL", help=_("sync server address (default: the last one used)"))
    parser.add_argument("--user", metavar=_("NAME"), help=_("your user name on the server (default: the last one)"))


def _sync(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    import httpx

    from prm_desktop.services.people.purge import redact_drafts_file
    from prm_desktop.sync.api import AuthFailed, ServerApi, SyncError
    from prm_desktop.sync.engine import sync
    from prm_desktop.sync.http import make_client
    from prm_desktop.sync.resync import notice

    with app_context(args) as ctx:
        with ctx.uow.read() as session:
            state = outbox.state(session)
            server, user = args.server or state.server_url, args.user or state.username
        if not server or not user:
            raise CliError(_("Give the server address and your user name the first time: "
                             "prm-desktop sync --server URL --user NAME"))
        kept = {"ok": True}

        def keep(token: str) -> None:
            kept["ok"] = save_token(server, user, token)

        try:
            client = make_client(server)  # the OS trust store, system proxies; plain http only to localhost
        except SyncError as exc:
            raise CliError(str(exc)) from exc
        with client as http:
            api = ServerApi(http, on_refresh_token=keep)
            try:
                token = load_token(server, user)
                signed_in = False
                if token:
                    try:
                        api.resume(token)
                        signed_in = True
                    except AuthFailed:
                        pass
                if not signed_in:
                    api.login(user, getpass.getpass(_("Password for {user} on {server}: ", user=user, server=server)))
                report = sync(api, ctx.uow)
            except SyncError as exc:
                raise CliError(str(exc)) from exc
            except httpx.HTTPError as exc:
                raise CliError(_("Cannot reach the sync server {server} ({error}). Your changes stay on this "
                                 "computer.", server=server, error=exc)) from exc
        with ctx.uow(kind="sync", label=_("Sync settings")) as work:
            state = outbox.state(work.session)
            state.server_url, state.username = server, user
            work.commit()
        redact_drafts_file(ctx.paths.drafts, report.take_purged_values())  # people purged on another laptop
    print(_("Sent {pushed} changes ({refused} refused), received {pulled}; {conflicts} conflicts recorded.",
            pushed=report.pushed, refused=report.refused, pulled=report.pulled, conflicts=report.conflicts))
    if notice(asdict(report)):
        print(notice(asdict(report)))
    if not kept["ok"]:
        print(_("No keyring is available on this computer: your password will be asked again next time."))
    return 0
