"""Sync for the GUI, without Qt: signing in, the tokens, the status the status bar shows.

The refresh token is kept in the OS keyring (`prm_desktop.sync.credentials`), the access token in
memory in `SyncSession`. The sync itself runs in a worker process (`prm_desktop.worker.sync_job`):
the session hands it both tokens and takes back the ones it ends with (the server rotates refresh
tokens). No keyring → `SignInResult.kept` is False: the GUI says so and asks next time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import httpx

from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.storage.sync import outbox
from prm_desktop.storage.sync.review import SyncCounts, counts
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory
from prm_desktop.sync.api import AuthFailed, ServerApi, SyncError, UpdateRequired
from prm_desktop.sync.credentials import forget_token, load_token, save_token
from prm_desktop.sync.http import BadServerAddress, make_client, normalize_server_url


class SyncState(enum.Enum):
    """What the status bar shows."""

    NOT_SET_UP = "not_set_up"
    SIGNED_OUT = "signed_out"
    OFFLINE = "offline"
    SYNCING = "syncing"
    UP_TO_DATE = "up_to_date"
    WAITING = "waiting"
    CONFLICTS = "conflicts"
    UPDATE_NEEDED = "update_needed"


@dataclass(frozen=True)
class SyncStatus:
    """The state, its one-line text and a longer tooltip."""

    state: SyncState
    text: str
    tooltip: str
    counts: SyncCounts


@dataclass(frozen=True)
class SignInResult:
    """A successful sign-in; ``kept`` is False when no keyring could keep the token."""

    kept: bool


class Offline(SyncError):
    """The server could not be reached (no network, proxy, certificate); changes stay here."""


def read_counts(uow: UnitOfWorkFactory) -> SyncCounts:
    """Edits waiting, open conflicts and set-aside edits, and the server last used."""
    with uow.read() as session:
        return counts(session)


def describe(found: SyncCounts, *, signed_in: bool, syncing: bool = False, offline: bool = False,
             update_needed: bool = False) -> SyncStatus:
    """The status bar's words for the counts and what the session is doing."""
    waiting = _n("{count} edit waiting", "{count} edits waiting", found.waiting, count=format_number(found.waiting))
    if not found.server_url:
        return SyncStatus(SyncState.NOT_SET_UP, _("Sync not set up"),
                          _("Everything stays on this laptop. Sync › Sign in… to share with your team."), found)
    if syncing:
        return SyncStatus(SyncState.SYNCING, _("Syncing…"), _("Sending your edits and receiving your team’s."), found)
    if update_needed:
        return SyncStatus(SyncState.UPDATE_NEEDED, _("Update needed"), plain_reason(UpdateRequired("")), found)
    if found.conflicts:
        text = _n("{count} conflict", "{count} conflicts", found.conflicts, count=format_number(found.conflicts))
        return SyncStatus(SyncState.CONFLICTS, text, _("Two people changed the same value: click to review."), found)
    if not signed_in:
        return SyncStatus(SyncState.SIGNED_OUT, _("Signed out") + (f" · {waiting}" if found.waiting else ""),
                          _("Sync › Sign in… to send your edits to {server}.", server=found.server_url), found)
    if offline:
        return SyncStatus(SyncState.OFFLINE, _("Offline") + (f" · {waiting}" if found.waiting else ""),
                          _("The server {server} cannot be reached; your edits stay on this laptop and are sent "
                            "when it can.", server=found.server_url), found)
    if found.waiting:
        return SyncStatus(SyncState.WAITING, waiting, _("Sent at the next sync."), found)
    return SyncStatus(SyncState.UP_TO_DATE, _("Up to date"), _("Signed in to {server} as {user}.",
                      server=found.server_url, user=found.username or ""), found)


def plain_reason(exc: BaseException) -> str:
    """What went wrong, in plain words, for a sign-in or a sync that failed."""
    text = str(exc)
    if isinstance(exc, UpdateRequired):
        return _("The sync server needs a newer version of PRM Desktop. Install the update; your edits stay "
                 "on this laptop until then.")
    if isinstance(exc, BadServerAddress | Offline):
        return text
    if isinstance(exc, AuthFailed):
        if "wrong user name or password" in text:
            return _("Wrong user name or password (or the account was disabled by your administrator).")
        if "disabled" in text:
            return _("Your account on the sync server is disabled. Ask your administrator to enable it.")
        return _("Your session on the sync server ended: sign in again.")
    if isinstance(exc, httpx.HTTPError):
        return _("Cannot reach the sync server ({error}). Your edits stay on this laptop.", error=exc)
    return text


class SyncSession:
    """One user on one server; the access token in memory only.

    Args:
        server: The server address (checked: https, or http to this computer).
        user: The user name on the server.
    """

    def __init__(self, server: str, user: str) -> None:
        self.server = normalize_server_url(server)
        self.user = user.strip()
        self.access: str | None = None
        self.refresh: str | None = None
        self.keyring_ok = True

    @property
    def signed_in(self) -> bool:
        """True once a sign-in (password or kept token) succeeded and no sign-out followed."""
        return self.refresh is not None

    def _api(self, http: httpx.Client) -> ServerApi:
        return ServerApi(http, on_refresh_token=self.keep)

    def keep(self, refresh: str) -> None:
        """Remember a new refresh token (in the keyring when there is one)."""
        self.refresh = refresh
        self.keyring_ok = save_token(self.server, self.user, refresh)

    def login(self, password: str) -> SignInResult:
        """Sign in with a password.

        Raises:
            SyncError: Refused (wrong password, disabled account, update required) or `Offline`.
        """
        try:
            with make_client(self.server) as http:
                api = self._api(http)
                api.login(self.user, password)
        except httpx.HTTPError as exc:
            raise Offline(plain_reason(exc)) from exc
        assert api.tokens is not None
        self.access = api.tokens.access
        return SignInResult(self.keyring_ok)

    def resume(self) -> bool:
        """Sign in with the token kept in the keyring; False when there is none or it was refused.

        Raises:
            Offline: The server could not be reached (the kept token stays for next time).
            UpdateRequired: The server needs a newer app.
        """
        token = load_token(self.server, self.user)
        if not token:
            return False
        try:
            with make_client(self.server) as http:
                api = self._api(http)
                api.resume(token)
        except AuthFailed:
            forget_token(self.server, self.user)
            return False
        except httpx.HTTPError as exc:
            raise Offline(plain_reason(exc)) from exc
        assert api.tokens is not None
        self.access = api.tokens.access
        return True

    def took_tokens(self, access: str | None, refresh: str | None) -> None:
        """Take back the tokens a sync in the worker ended with."""
        if refresh and refresh != self.refresh:
            self.keep(refresh)
        if access:
            self.access = access

    def sign_out(self) -> None:
        """Forget both tokens, the kept one included."""
        forget_token(self.server, self.user)
        self.access = self.refresh = None


def remember_server(uow: UnitOfWorkFactory, server: str, user: str) -> None:
    """Store the server and user name in the portfolio (the next start signs in to them)."""
    with uow(kind="sync", label=_("Sync settings")) as work:
        state = outbox.state(work.session)
        state.server_url, state.username = server, user
        work.commit()


def saved_server(uow: UnitOfWorkFactory) -> tuple[str | None, str | None]:
    """The server and user stored in the portfolio (one row read: the outbox is not counted)."""
    with uow.read() as session:
        state = outbox.state(session)
        return state.server_url, state.username


def saved_session(uow: UnitOfWorkFactory) -> SyncSession | None:
    """A session for the server and user stored in the portfolio, not signed in yet (None: never set up)."""
    server, user = saved_server(uow)
    if not server or not user:
        return None
    try:
        return SyncSession(server, user)
    except BadServerAddress:
        return None


def user_timezone(uow: UnitOfWorkFactory) -> str:
    """The user's time zone (dates of syncs and conflicts are shown in it)."""
    from prm_desktop.services.profile import get_profile

    return get_profile(uow).timezone or "Europe/Paris"


def last_sync_text(when: datetime | None, tz: str) -> str:
    """“Last sync: …” for the tooltip (or that there was none)."""
    from prm_desktop.domain.formatting import format_datetime

    if when is None:
        return _("Never synced from this laptop.")
    return _("Last sync: {when}", when=format_datetime(when, tz, style="short"))
