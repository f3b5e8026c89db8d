"""Push batches: replays skipped, gaps and reordering refused, a failing entry acknowledged, old apps told."""

from __future__ import annotations

import pytest

from prm_server import PROTOCOL, admin

HEADERS = {"X-PRM-Protocol": str(PROTOCOL)}
CLIENT = "c" * 16


def _stamp(n: int, device: str = CLIENT) -> str:
    return f"{1_800_000_000_000 + n:013d}-00000-{device}"


def _token(server, server_engine, username: str = "alice", member: str = "Alice") -> dict[str, str]:
    with server_engine.begin() as conn:
        admin.add_user(conn, username, member, "pw-" + username, "team")
    body = server.post("/v1/auth/login", headers=HEADERS, json={"username": username, "password": "pw-" + username})
    assert body.status_code == 200, body.text
    return {**HEADERS, "Authorization": f"Bearer {body.json()['access_token']}"}


def _member(seq: int, name: str) -> dict:
    row_id = f"00000000-0000-7000-8000-{seq:012d}"
    return {"id": seq, "table": "team_members", "row_id": row_id, "op": "insert",
            "data": {"id": row_id, "name": name, "deleted_at": None}, "hlc": _stamp(seq)}


def _push(server, headers, after: int, entries: list[dict], client: str = CLIENT):
    return server.post("/v1/push", headers=headers, json={"client_id": client, "after": after, "seen": 0,
                                                          "entries": entries})


def _names(server, headers) -> list[str]:
    rows = server.get("/v1/pull", headers=headers, params={"cursor": 0}).json()["rows"]
    return sorted(r["data"]["name"] for r in rows if r["table"] == "team_members")


def test_a_replayed_batch_is_skipped_and_changes_nothing(server, server_engine) -> None:
    headers = _token(server, server_engine)
    batch = [_member(1, "Alice"), _member(2, "Bob")]
    first = _push(server, headers, 0, batch).json()
    again = _push(server, headers, 0, batch).json()
    assert (first["applied"], first["acknowledged_through"]) == (2, 2)
    assert (again["applied"], again["skipped"], again["acknowledged_through"]) == (0, 2, 2)
    assert _names(server, headers) == ["Alice", "Bob"]


def test_a_batch_after_a_gap_is_refused_until_the_missing_one_arrives(server, server_engine) -> None:
    headers = _token(server, server_engine)
    _push(server, headers, 0, [_member(1, "Alice")])
    later = [_member(5, "Eve")]
    refused = _push(server, headers, 3, later)  # batch "after 3" reached the server before "after 1"
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "gap" and refused.json()["detail"]["expected_after"] == 1
    assert _push(server, headers, 1, [_member(2, "Bob"), _member(3, "Carol")]).status_code == 200
    assert _push(server, headers, 3, later).status_code == 200
    assert _names(server, headers) == ["Alice", "Bob", "Carol", "Eve"]


def test_entries_out_of_order_within_a_batch_are_refused(server, server_engine) -> None:
    headers = _token(server, server_engine)
    answer = _push(server, headers, 0, [_member(2, "Bob"), _member(1, "Alice")])
    assert answer.status_code == 409 and answer.json()["detail"]["code"] == "order"
    assert _names(server, headers) == []


def test_a_failing_entry_is_acknowledged_and_the_rest_of_the_batch_applies(server, server_engine) -> None:
    headers = _token(server, server_engine)
    bad = {"id": 2, "table": "no_such_table", "row_id": "x", "op": "insert", "data": {}, "hlc": _stamp(2)}
    unknown = {"id": 3, "table": "partners", "row_id": "00000000-0000-7000-8000-000000000099", "op": "update",
               "data": {"city": [None, "Lyon"]}, "hlc": _stamp(3)}
    answer = _push(server, headers, 0, [_member(1, "Alice"), bad, unknown, _member(4, "Dan")]).json()
    assert answer["acknowledged_through"] == 4 and answer["applied"] == 2
    assert [r["id"] for r in answer["rejected"]] == [2, 3]
    assert _names(server, headers) == ["Alice", "Dan"]


def test_an_owner_change_by_someone_who_is_not_the_owner_returns_the_servers_row(server, server_engine) -> None:
    alice = _token(server, server_engine, "alice", "Alice")
    bob = _token(server, server_engine, "bob", "Bob")
    pid = "00000000-0000-7000-8000-0000000000aa"
    _push(server, alice, 0, [_member(1, "Alice"), _member(2, "Bob"), {
        "id": 3, "table": "partners", "row_id": pid, "op": "insert", "hlc": _stamp(3),
        "data": {"id": pid, "name": "Acme", "owner_id": "00000000-0000-7000-8000-000000000001", "deleted_at": None}}])
    with server_engine.begin() as conn:
        admin.share(conn, "Acme", with_user="bob")
    grab = {"id": 1, "table": "partners", "row_id": pid, "op": "update", "hlc": _stamp(10, "b" * 16),
            "data": {"owner_id": ["00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002"]}}
    answer = _push(server, bob, 0, [grab], client="b" * 16).json()
    [refused] = answer["rejected"]
    assert "owner" in refused["reason"]
    assert refused["row"]["data"]["owner_id"] == "00000000-0000-7000-8000-000000000001"


def test_a_rewound_log_under_the_same_identity_is_told_to_take_a_new_one(server, server_engine) -> None:
    headers = _token(server, server_engine)
    _push(server, headers, 0, [_member(1, "Alice"), _member(2, "Bob")])
    other = _member(2, "Mallory")
    other["hlc"] = _stamp(99)  # a copy made before entry 2 wrote a different entry 2
    answer = _push(server, headers, 1, [other])
    assert answer.status_code == 409 and answer.json()["detail"]["code"] == "identity_clash"
    assert _names(server, headers) == ["Alice", "Bob"]


@pytest.mark.parametrize("protocol", [None, "0"])
def test_an_app_too_old_is_told_to_update(server, server_engine, protocol) -> None:
    headers = _token(server, server_engine)
    if protocol is None:
        headers.pop("X-PRM-Protocol")
    else:
        headers["X-PRM-Protocol"] = protocol
    answer = _push(server, headers, 0, [_member(1, "Alice")])
    assert answer.status_code == 426
    assert "update the app" in answer.json()["detail"]["message"]


def test_health_version_and_openapi_are_published(server) -> None:
    assert server.get("/health").json() == {"status": "ok"}
    assert server.get("/version").json()["protocol"] == PROTOCOL
    paths = server.get("/openapi.json").json()["paths"]
    assert {"/v1/push", "/v1/pull", "/v1/auth/login", "/v1/auth/refresh"} <= set(paths)


def test_a_rewound_log_that_stops_short_of_the_last_acknowledged_id_is_not_skipped(server, server_engine) -> None:
    headers = _token(server, server_engine)
    _push(server, headers, 0, [_member(1, "Alice"), _member(2, "Bob"), _member(3, "Carol")])
    answer = _push(server, headers, 1, [_member(2, "Bob")])  # would be skipped as a replay, yet 3 is not there
    assert answer.status_code == 409 and answer.json()["detail"]["code"] == "identity_clash"


def test_a_server_transaction_aborted_mid_push_applies_nothing_and_the_retry_applies_all(laptops,
                                                                                        server_engine) -> None:
    from sqlalchemy import text

    from prm_desktop.storage.models import Partner, TeamMember
    from prm_desktop.storage.sync import outbox
    from prm_desktop.sync.api import SyncError

    alice = laptops("alice", "Alice")
    with alice.uow(kind="edit") as work:
        member = TeamMember(name="Alice")
        work.session.add(member)
        work.session.flush()
        work.bulk_insert(Partner, [{"name": f"P{i}", "owner_id": member.id} for i in range(20)])
        work.commit()
    with server_engine.begin() as conn:  # the batch's last statement fails: the whole transaction rolls back
        conn.execute(text("CREATE FUNCTION fail() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN RAISE EXCEPTION 'disk full'; END $$"))
        conn.execute(text("CREATE TRIGGER abort_push BEFORE INSERT OR UPDATE ON clients "
                          "FOR EACH ROW EXECUTE FUNCTION fail()"))
    with pytest.raises(SyncError):
        alice.sync()
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows")) == 0
        assert conn.scalar(text("SELECT counter FROM teams")) == 0
    with alice.uow.read() as session:
        assert outbox.pending_count(session) == 21  # the outbox kept everything
    with server_engine.begin() as conn:
        conn.execute(text("DROP TRIGGER abort_push ON clients"))
    alice.sync()
    with server_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM rows WHERE table_name = 'partners'")) == 20
    with alice.uow.read() as session:
        assert outbox.pending_count(session) == 0


def test_an_entry_the_database_cannot_store_is_acknowledged_and_the_others_apply(server, server_engine) -> None:
    headers = _token(server, server_engine)
    broken = _member(2, "Nul\u0000byte")  # PostgreSQL's JSON cannot hold a NUL character
    answer = _push(server, headers, 0, [_member(1, "Alice"), broken, _member(3, "Carol")])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["acknowledged_through"] == 3 and body["applied"] == 2
    [failed] = body["rejected"]
    assert failed["id"] == 2 and failed["reason"].startswith("failed") and failed["row"] is None
    assert _names(server, headers) == ["Alice", "Carol"]
