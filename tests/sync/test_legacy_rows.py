"""Apps of another protocol: the server and the app agree on a version; rows written by older apps still land.

Protocol 2 is the first whose revenue lines and targets carry ``period_start`` (issue 12). An app of
protocol 1 is told to update (its outbox kept); a row an older app stored on the server before the
server was upgraded, without ``period_start``, is pulled with ``period_start`` derived from its quarter.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from prm_desktop.services.programs import import_program
from prm_desktop.storage.models import RevenueLine, Target
from prm_desktop.storage.sync import outbox
from prm_desktop.sync import api as client_api
from prm_server import merge
from prm_server.access import User
from prm_server.schema import users
from tests.sync.test_two_laptops import _team_and_partner

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def test_the_app_and_the_server_agree_on_the_protocol_that_carries_period_start(server, laptops) -> None:
    version = server.get("/version").json()
    assert version["protocol"] == client_api.PROTOCOL >= 2
    assert version["min_client_protocol"] == 2
    alice = laptops("alice", "Alice")
    _team_and_partner(alice)
    alice.sync()  # the current app is accepted
    with alice.uow(kind="edit") as work:
        pid = _partner_id(work.session)
        work.session.add(RevenueLine(partner_id=pid, quarter="2026-Q2", period_start=date(2026, 4, 1),
                                     motion="resell", amount=5.0))
        work.commit()
    alice.api.headers["X-PRM-Protocol"] = "1"  # a release from before period_start
    with pytest.raises(client_api.UpdateRequired, match="update the app"):
        alice.sync()
    with alice.uow.read() as session:
        assert outbox.pending_count(session) == 1  # kept until the app is updated


def _partner_id(session) -> str:
    from prm_desktop.storage.models import Partner

    return session.scalar(select(Partner.id).limit(1))


def _old_app_push(server_engine, username: str, entries: list[dict]) -> None:
    """What an app of protocol 1 pushed before the server was upgraded (merged as it was then)."""
    with server_engine.begin() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).one()
        user = User(row.id, row.team_id, row.username, row.member_name)
        result = merge.push(conn, user, "0" * 15 + "1", 0, 0, entries)
    assert result.rejected == []


@pytest.mark.parametrize(("fiscal_month", "expected"), [(None, date(2026, 4, 1)), (7, date(2026, 10, 1))])
def test_a_revenue_line_an_older_app_stored_without_period_start_is_pulled_dated(
        laptops, server_engine, fiscal_month, expected) -> None:
    alice = laptops("alice", "Alice")
    pid = _team_and_partner(alice)
    alice.sync()
    bob = laptops("alice", "Alice")  # Alice's second laptop, with its own program
    if fiscal_month is not None:
        text = (RESOURCES / "programs/examples/microsoft-2026.toml").read_text(encoding="utf-8")
        assert f"fiscal_year_start_month = {fiscal_month}" in text
        import_program(bob.uow, text)
    stamp = "1800000000000-00000-0000000000000001"
    line = {"id": "00000000-0000-7000-8000-000000000101", "partner_id": pid, "quarter": "2026-Q2",
            "motion": "resell", "product_family": None, "amount": 12.5, "distributor_id": None, "deleted_at": None}
    target = {"id": "00000000-0000-7000-8000-000000000102", "partner_id": pid, "quarter": "2026-Q2",
              "amount": 30.0, "deleted_at": None}
    _old_app_push(server_engine, "alice", [
        {"id": 1, "table": "revenue_lines", "row_id": line["id"], "op": "insert", "data": line, "hlc": stamp},
        {"id": 2, "table": "targets", "row_id": target["id"], "op": "insert", "data": target, "hlc": stamp}])
    bob.sync()
    with bob.uow.read() as session:
        got = session.get(RevenueLine, line["id"])
        aim = session.get(Target, target["id"])
        assert (got.amount, got.quarter, got.period_start) == (12.5, "2026-Q2", expected)
        assert (aim.amount, aim.period_start) == (30.0, expected)


def test_an_app_newer_than_the_server_says_the_server_needs_an_update_and_keeps_its_outbox(
        laptops, server_engine) -> None:
    from fastapi.testclient import TestClient

    from prm_server.app import create_app

    alice = laptops("alice", "Alice")
    _team_and_partner(alice)
    older = create_app(server_engine)  # a server from before /v1/state (protocol 1 servers had none)
    older.router.routes[:] = [r for r in older.router.routes if getattr(r, "path", "") != "/v1/state"]
    with TestClient(older) as http:
        alice.api.http = http
        with pytest.raises(client_api.SyncError, match="server is older than this app"):
            alice.sync()
    with alice.uow.read() as session:
        assert outbox.pending_count(session) > 0
