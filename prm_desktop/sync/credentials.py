"""The refresh token in the operating system's keyring (never in a plain file); shared by CLI and GUI.

Only the refresh token is kept, under the service ``prm-desktop-sync`` and the key
``"<server>|<user>"``; the access token lives in memory only. Where no keyring works (a server
without a secret service, the ``fail`` backend), every function says so instead of writing elsewhere.
"""

from __future__ import annotations

KEYRING_SERVICE = "prm-desktop-sync"


def token_key(server: str, user: str) -> str:
    """The keyring key of one user on one server."""
    return f"{server}|{user}"


def load_token(server: str, user: str) -> str | None:
    """The refresh token kept for ``user`` on ``server``, or None (none kept, or no keyring)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, token_key(server, user))
    except Exception:  # noqa: BLE001 - no usable keyring: sign in with the password
        return None


def save_token(server: str, user: str, token: str) -> bool:
    """Keep the refresh token; False when no keyring is available (the caller says so)."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, token_key(server, user), token)
        return True
    except Exception:  # noqa: BLE001 - no usable keyring: the next sync asks again
        return False


def forget_token(server: str, user: str) -> None:
    """Remove the kept refresh token (sign out); nothing happens when none is kept."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, token_key(server, user))
    except Exception:  # noqa: BLE001 - nothing kept, or no keyring: nothing to remove
        return

