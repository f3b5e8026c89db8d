"""The sync server's HTTP API as seen from the laptop (httpx; the access token lives in memory only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson

from prm_desktop.domain.i18n import _

#: The protocol this app speaks (the server answers "update the app" below its minimum). 2: revenue
#: lines and targets carry ``period_start``; server incarnation and full resync.
PROTOCOL = 2


class SyncError(Exception):
    """Sync stopped; the message says why in plain words. Local changes stay in the outbox."""


class UpdateRequired(SyncError):
    """The server needs a newer app."""


class AuthFailed(SyncError):
    """The server refused the credentials or the session."""


class ResyncRequired(SyncError):
    """The cursor is older than the oldest deletion the server keeps: pull everything again."""


class Refused(SyncError):
    """The server refused a push batch as a whole (``code``: gap, identity_clash, other_user...)."""

    def __init__(self, code: str, message: str, detail: dict[str, Any]) -> None:
        super().__init__(message)
        self.code, self.detail = code, detail


@dataclass
class Tokens:
    access: str
    refresh: str


class ServerApi:
    """Calls to one server for one user; refreshes the access token once when it expired.

    Args:
        http: An ``httpx.Client`` whose ``base_url`` is the server (tests pass one bound to the app).
        on_refresh_token: Called with each new refresh token (the CLI keeps it in the keyring).
    """

    def __init__(self, http: httpx.Client, on_refresh_token: Callable[[str], None] | None = None) -> None:
        self.http = http
        self.tokens: Tokens | None = None
        self.on_refresh_token = on_refresh_token
        self.headers = {"X-PRM-Protocol": str(PROTOCOL)}

    def _check(self, response: httpx.Response) -> Any:
        if response.status_code == 426:
            raise UpdateRequired(_("The sync server needs a newer version of PRM Desktop: update the app. "
                                   "Your changes are kept on this computer until then."))
        if response.status_code == 401:
            raise AuthFailed(_("The server refused the sign-in ({reason}).", reason=_detail_text(response)))
        if response.status_code == 410:
            raise ResyncRequired(_detail_text(response))
        if response.status_code == 409:
            detail = response.json().get("detail", {})
            raise Refused(detail.get("code", ""), detail.get("message", ""), detail)
        if response.status_code >= 400:
            error = SyncError(_("The sync server answered {status}: {reason}", status=response.status_code,
                                reason=_detail_text(response)))
            error.status = response.status_code
            raise error
        return orjson.loads(response.content)  # a pull page is megabytes: orjson reads it ~3x faster

    def _store(self, body: dict[str, Any]) -> None:
        self.tokens = Tokens(body["access_token"], body["refresh_token"])
        if self.on_refresh_token is not None:
            self.on_refresh_token(body["refresh_token"])

    def login(self, username: str, password: str) -> None:
        """Sign in with a password."""
        self._store(self._check(self.http.post("/v1/auth/login", headers=self.headers,
                                               json={"username": username, "password": password})))

    def resume(self, refresh_token: str) -> None:
        """Sign in with a refresh token kept from last time."""
        self._store(self._check(self.http.post("/v1/auth/refresh", headers=self.headers,
                                               json={"refresh_token": refresh_token})))

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.tokens is None:
            raise AuthFailed(_("Sign in first."))
        extra = kwargs.pop("headers", {})
        for attempt in (1, 2):
            headers = {**self.headers, **extra, "Authorization": f"Bearer {self.tokens.access}"}
            response = self.http.request(method, path, headers=headers, **kwargs)
            if response.status_code == 401 and attempt == 1 and "expired" in response.text:
                self.resume(self.tokens.refresh)
                continue
            return self._check(response)
        raise AssertionError("unreachable")

    def push(self, client_id: str, after: int, seen: int, entries: list[dict[str, Any]]) -> dict[str, Any]:
        """Send one batch of outbox entries."""
        body = orjson.dumps({"client_id": client_id, "after": after, "seen": seen, "entries": entries})
        return self._call("POST", "/v1/push", content=body, headers={"Content-Type": "application/json"})

    def state(self, client_id: str) -> dict[str, Any]:
        """The server's incarnation, counter, what it holds of this client and its resync horizon."""
        try:
            return self._call("GET", "/v1/state", params={"client_id": client_id})
        except SyncError as exc:
            if getattr(exc, "status", None) != 404:  # a server from before /v1/state
                raise
            raise SyncError(_("The sync server is older than this app: ask its administrator to update it. "
                              "Your changes are kept on this computer until then.")) from exc

    def pull(self, cursor: int, limit: int) -> dict[str, Any]:
        """One page of changes after ``cursor``."""
        return self._call("GET", "/v1/pull", params={"cursor": cursor, "limit": limit})


def _detail_text(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.text[:200]
    if isinstance(detail, dict):
        return str(detail.get("message", detail))
    return str(detail)
