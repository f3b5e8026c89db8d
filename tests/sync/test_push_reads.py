"""A push checks access for the partners and visits its entries name, not for the whole portfolio.

Each batch used to list every partner and visit the user sees: on the 100,000-partner set, 100 edits
took 1.6 s of server time (a visit edit 2.6 s). The rows a push reads are counted by PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import text

from prm_server import admin, merge
from prm_server.access import User

N = 10_000
STAMP = "1800000000000-00000-" + "s" * 16
_SEED = """
INSERT INTO rows (team_id, table_name, row_id, scope, scope_key, partner_id, data, field_hlc, hlc, change_no)
SELECT :t, 'partners', 'p-' || n, 'partner', 'p-' || n, 'p-' || n,
       jsonb_build_object('id', 'p-' || n, 'name', 'P' || n, 'city', 'Lyon', 'owner_id', NULL), '{}'::jsonb, :h, n
FROM generate_series(1, :n) AS n
UNION ALL
SELECT :t, 'visits', 'v-' || n, 'visit', 'v-' || n, NULL,
       jsonb_build_object('id', 'v-' || n, 'place', 'Lyon'), '{}'::jsonb, :h, :n + n
FROM generate_series(1, :n) AS n
UNION ALL
SELECT :t, 'visit_partners', 'l-' || n, 'partner', 'p-' || n, 'p-' || n,
       jsonb_build_object('id', 'l-' || n, 'visit_id', 'v-' || n, 'partner_id', 'p-' || n, 'deleted_at', NULL),
       '{}'::jsonb, :h, 2 * :n + n
FROM generate_series(1, :n) AS n"""
_READ = text("""SELECT coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)
FROM pg_stat_xact_user_tables WHERE relname IN ('rows', 'shares')""")


def _entry(seq: int, table: str, row_id: str, field: str, old: str, new: str) -> dict:
    return {"id": seq, "table": table, "row_id": row_id, "op": "update", "data": {field: [old, new]},
            "hlc": f"1900000000000-{seq:05d}-" + "c" * 16}


def test_a_push_of_a_few_edits_reads_a_few_rows_whatever_the_portfolio(server_engine) -> None:
    with server_engine.begin() as conn:
        alice = admin.add_user(conn, "alice", "Alice", "pw")
        bob = admin.add_user(conn, "bob", "Bob", "pw")
        team = conn.scalar(text("SELECT team_id FROM users WHERE id = :u"), {"u": alice})
        conn.execute(text(_SEED), {"t": team, "n": N, "h": STAMP})
        conn.execute(text("INSERT INTO shares (team_id, partner_id, user_id, change_no) "
                          "SELECT :t, 'p-' || n, :u, 0 FROM generate_series(1, :n) AS n"),
                     {"t": team, "u": alice, "n": N})
        conn.execute(text("UPDATE teams SET counter = :c WHERE id = :t"), {"c": 3 * N, "t": team})
        conn.execute(text("ANALYZE rows"))
        conn.execute(text("ANALYZE shares"))
    batch = [_entry(1, "partners", "p-7", "city", "Lyon", "Nantes"),
             _entry(2, "visits", "v-9", "place", "Lyon", "Nantes")]
    with server_engine.connect() as conn, conn.begin():
        before = conn.scalar(_READ)
        done = merge.push(conn, User(alice, team, "alice", "Alice"), "a" * 16, 0, 0, batch)
        read = conn.scalar(_READ) - before
    assert (done.applied, done.rejected) == (2, [])
    assert read < 100, f"{read} rows read for a batch of 2 edits among {N} partners and visits"
    with server_engine.connect() as conn, conn.begin():  # access still checked: Bob sees neither
        refused = merge.push(conn, User(bob, team, "bob", "Bob"), "b" * 16, 0, 0,
                             [_entry(1, "partners", "p-8", "city", "Lyon", "Paris"),
                              _entry(2, "visits", "v-8", "place", "Lyon", "Paris")])
    assert [r["reason"] for r in refused.rejected] == ["no access to this partner"] * 2
