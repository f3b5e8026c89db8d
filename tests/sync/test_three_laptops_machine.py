"""A hypothesis state machine over three laptops: random edits, deletes, syncs, lost answers, restarts,
the server's database backed up and restored (it goes back in time), tombstones purged (full resyncs).

At the end every laptop syncs until quiet, and: no acknowledged edit is lost (it is the value, or
it is in a conflict record, or a later edit was made from it); the laptops that see a partner
agree on it; and no partner outside a user's access is on their laptop.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sqlalchemy import select, text

from prm_desktop.bootstrap import open_app
from prm_desktop.storage.models import Partner, TeamMember, utcnow
from prm_desktop.storage.sync import outbox
from prm_desktop.sync.api import ServerApi
from prm_desktop.sync.engine import sync
from tests.sync.conftest import IN_CI, _admin, new_portfolio, new_server_database

FIELDS = ("city", "phone")
#: Who sees which partner: P0 shared with the team, P1 owned by M0 and shared with u1, P2 owned by M2,
#: P3 owned by M1.
VISIBLE = {0: {0, 1}, 1: {0, 1, 3}, 2: {0, 2}}


def run_machine(postgres: str, template: str, blank: Path) -> None:
    from fastapi.testclient import TestClient

    from prm_server import admin
    from prm_server.app import create_app

    class ThreeLaptops(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            self.engine, self.drop = new_server_database(postgres, template)
            with self.engine.begin() as conn:
                for i in range(3):
                    admin.add_user(conn, f"u{i}", f"M{i}", "pw", "team")
            self.http = TestClient(create_app(self.engine), raise_server_exceptions=False).__enter__()
            self.folder = Path(tempfile.mkdtemp(prefix="prm-machine-"))
            self.ctxs, self.apis = [], []
            for i in range(3):
                self.ctxs.append(new_portfolio(blank, self.folder / f"l{i}"))
                api = ServerApi(self.http)
                api.login(f"u{i}", "pw")
                self.apis.append(api)
            with self.ctxs[0].uow(kind="edit") as work:
                members = [TeamMember(name=f"M{i}") for i in range(3)]
                work.session.add_all(members)
                work.session.flush()
                owners = [members[0], members[0], members[2], members[1]]
                self.partners = []
                for j, owner in enumerate(owners):
                    partner = Partner(name=f"P{j}", owner_id=owner.id)
                    work.session.add(partner)
                    work.session.flush()
                    self.partners.append(partner.id)
                work.commit()
            sync(self.apis[0], self.ctxs[0].uow)
            with self.engine.begin() as conn:
                admin.share(conn, "P0", with_team="team")
                admin.share(conn, "P1", with_user="u1")
            for i in range(3):
                sync(self.apis[i], self.ctxs[i].uow)
            self.edits: list[dict] = []  # every local edit: laptop, partner, field, old, new, acked
            self.serial = 0
            self.backup()  # the nightly backup: any restore goes back at least to here

        def _has(self, i: int, j: int) -> Partner | None:
            with self.ctxs[i].uow.read() as session:
                return session.get(Partner, self.partners[j])

        @rule(i=st.integers(0, 2), j=st.integers(0, 3), field=st.sampled_from(FIELDS))
        def edit(self, i: int, j: int, field: str) -> None:
            if j not in VISIBLE[i] or self._has(i, j) is None:
                return
            self.serial += 1
            new = f"l{i}-{self.serial}"
            with self.ctxs[i].uow(kind="edit") as work:
                partner = work.session.get(Partner, self.partners[j])
                old = getattr(partner, field)
                setattr(partner, field, new)
                work.commit()
            self.edits.append({"laptop": i, "partner": j, "field": field, "old": old, "new": new, "acked": False})

        @rule(i=st.integers(0, 2), j=st.integers(0, 3))
        def delete(self, i: int, j: int) -> None:
            partner = self._has(i, j) if j in VISIBLE[i] else None
            if partner is None or partner.deleted_at is not None:
                return
            with self.ctxs[i].uow(kind="edit") as work:
                work.session.get(Partner, self.partners[j]).deleted_at = utcnow()
                work.commit()

        @rule(i=st.integers(0, 2))
        def sync_one(self, i: int) -> None:
            sync(self.apis[i], self.ctxs[i].uow)
            for edit in self.edits:
                if edit["laptop"] == i:
                    edit["acked"] = True

        @rule(i=st.integers(0, 2))
        def answer_lost(self, i: int) -> None:
            """The server applies a batch but its answer never reaches the laptop."""
            with self.ctxs[i].uow.read() as session:
                state = outbox.state(session)
                entries = outbox.pending(session, 50)
                client_id, after, seen = state.client_id, state.pushed_seq, state.cursor
            if entries:
                self.apis[i].push(client_id, after, seen, [
                    {"id": e.seq, "table": e.table, "row_id": e.row_id, "op": e.op, "data": e.data, "hlc": e.hlc}
                    for e in entries])

        @rule()
        def backup(self) -> None:
            """The admin backs the server database up (a copy of it, as a restore would bring back)."""
            self.engine.dispose()
            name = f"{self.engine.url.database}_backup"
            with _admin(postgres) as conn:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
                conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {self.engine.url.database}")
            self.backed_up = name

        @rule()
        def restore(self) -> None:
            """The server database goes back to the last backup: laptops must send again what it lost."""
            if not getattr(self, "backed_up", None):
                return
            self.engine.dispose()
            with _admin(postgres) as conn:
                conn.exec_driver_sql(f"DROP DATABASE {self.engine.url.database} WITH (FORCE)")
                conn.exec_driver_sql(f"CREATE DATABASE {self.engine.url.database} TEMPLATE {self.backed_up}")

        @rule()
        def tombstones_purged(self) -> None:
            """Every tombstone so far is purged: a laptop that has not synced since pulls everything again."""
            with self.engine.begin() as conn:
                conn.execute(text("UPDATE teams SET purged_through = counter"))

        @rule(i=st.integers(0, 2))
        def restart(self, i: int) -> None:
            self.ctxs[i].close()
            self.ctxs[i] = open_app(self.folder / f"l{i}", seed_program=False)

        def teardown(self) -> None:
            if not hasattr(self, "ctxs"):
                return
            try:
                if len(self.ctxs) == 3:
                    self._check_the_end()
            finally:
                for ctx in self.ctxs:
                    ctx.close()
                self.http.__exit__(None, None, None)
                self.drop()
                if getattr(self, "backed_up", None):
                    with _admin(postgres) as conn:
                        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {self.backed_up} WITH (FORCE)")
                shutil.rmtree(self.folder, ignore_errors=True)

        def _check_the_end(self) -> None:
            for _round in range(2):
                for i in range(3):
                    sync(self.apis[i], self.ctxs[i].uow)
            views = []
            for i in range(3):
                with self.ctxs[i].uow.read() as session:
                    assert outbox.pending_count(session) == 0
                    rows = {p.id: (p.city, p.phone, p.deleted_at is None) for p in session.scalars(select(Partner))}
                views.append(rows)
                seen = {self.partners.index(pid) for pid in rows}
                assert seen <= VISIBLE[i], f"laptop {i} holds partners {seen - VISIBLE[i]} it may not see"
            for j, pid in enumerate(self.partners):
                holders = [views[i][pid] for i in range(3) if pid in views[i]]
                assert all(h == holders[0] for h in holders), f"P{j} differs: {holders}"
            with self.engine.connect() as conn:
                kept = set()
                for (data,) in conn.execute(text("SELECT data FROM rows WHERE table_name = 'sync_conflicts'")):
                    for side in ("kept_value", "lost_value"):
                        value = json.loads(data[side])
                        kept |= set(value.values()) if isinstance(value, dict) else {value}
            final = {}
            for view in views:
                for pid, (city, phone, _live) in view.items():
                    final[(pid, "city")], final[(pid, "phone")] = city, phone
            for edit in self.edits:
                if not edit["acked"]:
                    continue
                key = (self.partners[edit["partner"]], edit["field"])
                built_on = any(e["old"] == edit["new"] for e in self.edits if e["acked"])
                assert final.get(key) == edit["new"] or edit["new"] in kept or built_on, f"lost: {edit}"

    run_state_machine_as_test(ThreeLaptops, settings=settings(
        max_examples=6 if IN_CI else 10, stateful_step_count=12, deadline=None, derandomize=IN_CI))


@pytest.mark.slow
def test_three_laptops_never_lose_an_acknowledged_edit_and_converge(postgres: str, server_template: str,
                                                                   blank_portfolio: Path) -> None:
    run_machine(postgres, server_template, blank_portfolio)
