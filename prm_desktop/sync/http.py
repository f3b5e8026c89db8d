"""The HTTP client for the sync server: the OS trust store, the system's proxies, HTTPS only.

Company networks often inspect TLS with their own root certificate, installed in the operating
system's store: ``truststore`` checks certificates against that store (not certifi's list). Proxies
come from the environment and the system (``trust_env``). Plain HTTP is refused except to this
computer (a server started for a trial or a test).
"""

from __future__ import annotations

import ssl
from urllib.parse import urlsplit

import httpx

from prm_desktop.domain.i18n import _
from prm_desktop.sync.api import SyncError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TIMEOUT_S = 60.0


class BadServerAddress(SyncError):
    """The server address is not one the app may use (not https, malformed)."""


def normalize_server_url(url: str) -> str:
    """Check and tidy a server address typed by the user.

    Args:
        url: ``https://sync.example.com`` (a missing scheme means https; a trailing / is dropped).

    Raises:
        BadServerAddress: Not an address, or plain http to another computer.
    """
    text = url.strip().rstrip("/")
    if text and "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadServerAddress(_("“{url}” is not a server address (for example https://sync.example.com).",
                                 url=url.strip()))
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise BadServerAddress(_("Use https:// for the sync server: plain http is only allowed on this "
                                 "computer (localhost)."))
    return text


def tls_context() -> ssl.SSLContext:
    """A TLS context that checks certificates against the operating system's trust store."""
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def make_client(url: str) -> httpx.Client:
    """An ``httpx.Client`` bound to the server ``url`` (checked by `normalize_server_url`)."""
    base = normalize_server_url(url)
    return httpx.Client(base_url=base, verify=tls_context(), trust_env=True, timeout=TIMEOUT_S)
