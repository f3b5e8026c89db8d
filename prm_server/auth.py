"""Passwords (argon2) and tokens: a short-lived signed access token, a rotating refresh token.

An access token is ``base64(payload).base64(HMAC-SHA256)`` signed with the server secret (kept in
the database, so every server process behind a load balancer agrees). A refresh token is used once:
using it again revokes its whole family (a stolen token replayed after the real client used it).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from prm_server.schema import refresh_tokens, settings, users

ACCESS_SECONDS = 15 * 60
REFRESH_DAYS = 30
_HASHER = PasswordHasher()


class AuthError(Exception):
    """Credentials or token refused (the message is safe to show)."""


@dataclass(frozen=True)
class TokenPair:
    """What a login or a refresh returns."""

    access_token: str
    refresh_token: str
    expires_in: int


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored argon2 hash."""
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def server_secret(conn: Connection) -> bytes:
    """The signing secret: ``PRM_SERVER_SECRET``, else the one stored in the database (made once)."""
    from_env = os.environ.get("PRM_SERVER_SECRET")
    if from_env:
        return from_env.encode()
    value = conn.scalar(select(settings.c.value).where(settings.c.key == "token_secret"))
    if value is None:
        conn.exec_driver_sql(
            "INSERT INTO server_settings (key, value) VALUES ('token_secret', %(v)s) ON CONFLICT DO NOTHING",
            {"v": secrets.token_hex(32)})
        value = conn.scalar(select(settings.c.value).where(settings.c.key == "token_secret"))
    return value.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_access(secret: bytes, user_id: int, now: float | None = None, seconds: int = ACCESS_SECONDS) -> str:
    """A signed access token for ``user_id`` valid ``seconds``."""
    payload = _b64(json.dumps({"sub": user_id, "exp": int((now or time.time()) + seconds)}).encode())
    signature = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def read_access(secret: bytes, token: str, now: float | None = None) -> int:
    """The user id of a valid access token.

    Raises:
        AuthError: Forged, malformed or expired.
    """
    try:
        payload, signature = token.split(".")
        expected = _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, signature):
            raise AuthError("invalid token")
        claims = json.loads(_unb64(payload))
    except (ValueError, json.JSONDecodeError) as exc:
        raise AuthError("invalid token") from exc
    if claims.get("exp", 0) < (now or time.time()):
        raise AuthError("token expired")
    return int(claims["sub"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(conn: Connection, user_id: int, family: str | None = None) -> TokenPair:
    """A new access token and refresh token (in ``family``, or a new one at login)."""
    refresh = secrets.token_urlsafe(32)
    conn.execute(insert(refresh_tokens).values(
        id=_hash_token(refresh), user_id=user_id, family=family or secrets.token_hex(16),
        expires_at=datetime.now(UTC) + timedelta(days=REFRESH_DAYS)))
    return TokenPair(sign_access(server_secret(conn), user_id), refresh, ACCESS_SECONDS)


def login(conn: Connection, username: str, password: str) -> TokenPair:
    """Check a user's password and issue tokens.

    Raises:
        AuthError: Unknown user, wrong password or disabled account (one message for all three).
    """
    user = conn.execute(select(users).where(users.c.username == username)).first()
    if user is None or user.disabled or not check_password(user.password_hash, password):
        raise AuthError("wrong user name or password, or the account is disabled")
    return issue(conn, user.id)


def refresh(conn: Connection, token: str) -> TokenPair:
    """Trade a refresh token for a new pair; a reused token revokes its family.

    Raises:
        AuthError: Unknown, expired, revoked or reused token, or a disabled user.
    """
    row = conn.execute(select(refresh_tokens).where(refresh_tokens.c.id == _hash_token(token))
                       .with_for_update()).first()
    if row is None or row.revoked:
        raise AuthError("invalid refresh token")
    if row.used_at is not None:
        conn.execute(update(refresh_tokens).where(refresh_tokens.c.family == row.family).values(revoked=True))
        raise AuthError("refresh token reused: every session of this login was closed")
    if row.expires_at < datetime.now(UTC):
        raise AuthError("refresh token expired")
    disabled = conn.scalar(select(users.c.disabled).where(users.c.id == row.user_id))
    if disabled:
        raise AuthError("the account is disabled")
    conn.execute(update(refresh_tokens).where(refresh_tokens.c.id == row.id).values(used_at=datetime.now(UTC)))
    return issue(conn, row.user_id, row.family)
