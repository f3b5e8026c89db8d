"""A pull page looks rows' partners up in a hash of the partners the user sees, whatever their number.

With 100,000 partners shared, that set outgrew PostgreSQL's default ``work_mem`` and every row of a
page was compared with the whole list (a 10,000-row page of the perf set took 11 s instead of 0.3 s).
"""

from __future__ import annotations

import re

from sqlalchemy import text

from prm_server import admin
from prm_server.access import User
from prm_server.pull import page_plan


def test_a_page_of_a_user_who_sees_a_hundred_thousand_partners_hashes_them(server_engine) -> None:
    with server_engine.begin() as conn:
        user_id = admin.add_user(conn, "alice", "Alice", "pw")
        team_id = conn.scalar(text("SELECT team_id FROM users WHERE id = :u"), {"u": user_id})
        conn.execute(text("INSERT INTO shares (team_id, partner_id, user_id, change_no) "
                          "SELECT :t, 'p-' || n, NULL, 0 FROM generate_series(1, 100000) AS n"), {"t": team_id})
        conn.execute(text("ANALYZE shares"))
    with server_engine.connect() as conn, conn.begin():
        plan = page_plan(conn, User(user_id, team_id, "alice", "Alice"), 0, 10000)
    assert re.search(r"[^d] \(SubPlan \d+\)", plan) is None, plan  # each set looked up as a hash
    assert "hashed SubPlan" in plan
