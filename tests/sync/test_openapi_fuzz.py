"""Schemathesis over the published OpenAPI spec: no generated request makes the server fail (5xx)."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from prm_server import PROTOCOL, admin, auth
from prm_server.app import create_app

SCHEMA = schemathesis.openapi.from_dict(create_app(None).openapi())  # the document the server publishes
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def test_no_request_makes_the_server_fail(server_engine) -> None:
    with server_engine.begin() as conn:
        admin.add_user(conn, "alice", "Alice", "pw", "team")
        token = auth.sign_access(auth.server_secret(conn), 1)
    headers = {"X-PRM-Protocol": str(PROTOCOL), "Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in SCHEMA.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/pull", "/v1/auth/login", "/v1/auth/refresh"}
    with TestClient(create_app(server_engine), raise_server_exceptions=False) as client:
        for operation in operations:

            @given(case=operation.as_strategy())
            @SETTINGS
            def call(case) -> None:  # noqa: ANN001
                body = case.body if isinstance(case.body, dict | list | str | int | float | bool) else None
                response = client.request(case.method, case.formatted_path, params=case.query or None,
                                          json=body, headers={**(case.headers or {}), **headers})
                assert response.status_code < 500, (case.method, case.formatted_path, case.query, case.body,
                                                    response.text[:300])

            call()
