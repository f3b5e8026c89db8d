"""The sync job of the worker process: push then pull, with the tokens handed over by the GUI.

The GUI keeps the access token in memory and the refresh token in the keyring; it passes both
here and receives the ones the job ends with (a refresh rotates them) even when the sync failed.
Each pushed batch and pulled page commits on its own: a job killed midway loses nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from prm_desktop.worker.child import JobProgress


def run_sync(progress: JobProgress, data_dir: str, server: str, access: str | None,
             refresh: str | None) -> dict[str, Any]:
    """Sync the portfolio in ``data_dir`` with ``server``.

    Returns:
        ``{"report": {...} | None, "error": str | None, "error_kind": str | None, "access": ..., "refresh": ...}``.
    """
    import httpx

    from prm_desktop.domain.i18n import _
    from prm_desktop.services.people.purge import redact_drafts_file
    from prm_desktop.services.sync_session import plain_reason
    from prm_desktop.storage.models import utcnow
    from prm_desktop.storage.sync import outbox
    from prm_desktop.sync.api import AuthFailed, ServerApi, SyncError, Tokens, UpdateRequired
    from prm_desktop.sync.engine import SyncReport, push, receive
    from prm_desktop.sync.http import make_client
    from prm_desktop.sync.resync import check_server
    from prm_desktop.worker.jobs import _portfolio

    outcome: dict[str, Any] = {"report": None, "error": None, "error_kind": None, "access": access,
                               "refresh": refresh}

    def keep(token: str) -> None:
        outcome["refresh"] = token

    def finished(report: SyncReport) -> dict[str, Any]:
        """The report as plain data, once people purged elsewhere are redacted in the drafts too."""
        redact_drafts_file(app.paths.drafts, report.take_purged_values())
        return asdict(report)

    with _portfolio(data_dir) as app, make_client(server) as http:
        api = ServerApi(http, on_refresh_token=keep)
        report = SyncReport()
        try:
            if access and refresh:
                api.tokens = Tokens(access, refresh)
            elif refresh:
                api.resume(refresh)
            else:
                raise AuthFailed(_("Sign in first."))
            progress(0, 2, _("sending your edits"))
            full = check_server(api, app.uow, report)  # a restored server, or away too long: all again
            push(api, app.uow, report)
            progress.check()
            progress(1, 2, _("receiving your team’s edits"))
            receive(api, app.uow, report, full)
            progress(2, 2, "")
            with app.uow(kind="sync", label=_("Sync settings")) as work:
                outbox.state(work.session).last_sync_at = utcnow()
                work.commit()
            outcome["report"] = finished(report)
        except (SyncError, httpx.HTTPError) as exc:
            outcome["error"] = plain_reason(exc)
            outcome["error_kind"] = ("update" if isinstance(exc, UpdateRequired) else
                                     "auth" if isinstance(exc, AuthFailed) else
                                     "offline" if isinstance(exc, httpx.HTTPError) else "refused")
            outcome["report"] = finished(report)
        if api.tokens is not None:
            outcome["access"], outcome["refresh"] = api.tokens.access, api.tokens.refresh
    return outcome
