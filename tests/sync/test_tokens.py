"""Sign-in: expired, forged and reused tokens are refused; a disabled account loses its sessions."""

from __future__ import annotations

import time

from prm_server import PROTOCOL, admin, auth

HEADERS = {"X-PRM-Protocol": str(PROTOCOL)}


def _login(server, server_engine, username: str = "alice") -> dict:
    with server_engine.begin() as conn:
        admin.add_user(conn, username, "Alice", "pw", "team")
    answer = server.post("/v1/auth/login", headers=HEADERS, json={"username": username, "password": "pw"})
    assert answer.status_code == 200
    return answer.json()


def _pull(server, token: str):
    return server.get("/v1/pull", headers={**HEADERS, "Authorization": f"Bearer {token}"})


def test_a_valid_token_pulls_and_a_wrong_password_gets_no_token(server, server_engine) -> None:
    tokens = _login(server, server_engine)
    assert _pull(server, tokens["access_token"]).status_code == 200
    wrong = server.post("/v1/auth/login", headers=HEADERS, json={"username": "alice", "password": "nope"})
    assert wrong.status_code == 401 and "access_token" not in wrong.text


def test_an_expired_access_token_is_refused(server, server_engine) -> None:
    _login(server, server_engine)
    with server_engine.begin() as conn:
        secret = auth.server_secret(conn)
    expired = auth.sign_access(secret, 1, now=time.time() - 3600)
    answer = _pull(server, expired)
    assert answer.status_code == 401 and "expired" in answer.text


def test_a_forged_token_is_refused(server, server_engine) -> None:
    tokens = _login(server, server_engine)
    forged = auth.sign_access(b"not the server's secret", 1)
    payload, signature = tokens["access_token"].split(".")
    other_user = auth.sign_access(b"x", 2).split(".")[0] + "." + signature  # payload swapped, signature kept
    for token in (forged, other_user, "garbage", payload):
        assert _pull(server, token).status_code == 401, token


def test_a_refresh_token_works_once_and_its_reuse_closes_the_session(server, server_engine) -> None:
    tokens = _login(server, server_engine)
    first = server.post("/v1/auth/refresh", headers=HEADERS, json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    reused = server.post("/v1/auth/refresh", headers=HEADERS, json={"refresh_token": tokens["refresh_token"]})
    assert reused.status_code == 401 and "reused" in reused.text
    # the thief's reuse also revoked the token the real client got: it must sign in again
    later = server.post("/v1/auth/refresh", headers=HEADERS, json={"refresh_token": first.json()["refresh_token"]})
    assert later.status_code == 401


def test_a_disabled_user_is_refused_at_once(server, server_engine) -> None:
    tokens = _login(server, server_engine)
    with server_engine.begin() as conn:
        admin.disable_user(conn, "alice")
    assert _pull(server, tokens["access_token"]).status_code == 401
    assert server.post("/v1/auth/refresh", headers=HEADERS,
                       json={"refresh_token": tokens["refresh_token"]}).status_code == 401
    assert server.post("/v1/auth/login", headers=HEADERS,
                       json={"username": "alice", "password": "pw"}).status_code == 401
