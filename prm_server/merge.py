"""Push: a batch of one client's change-log entries applied in one PostgreSQL transaction.

Entries carry the client's increasing ids (its change-log ``seq``): ids already acknowledged are
skipped (a replay is harmless), a batch that starts after an id the server never saw is refused
(a gap). Each entry merges field by field: a field the server has not changed since the value the
client edited from takes the new value; otherwise the later HLC stamp wins and the losing value is
kept as a conflict record. An entry that cannot be applied (no access, an owner change by someone
who is not the owner, an unknown table) is rejected but still acknowledged, and the server's row is
returned so the client can put it back.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import orjson
from sqlalchemy import ARRAY, Connection, String, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from prm_server import access, purge
from prm_server.access import User
from prm_server.schema import clients, revocations, rows, teams
from prm_server.scopes import TABLE_SCOPES, scope_of


class PushRefused(Exception):
    """The whole batch is refused (nothing applied); ``code`` says why."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


class Rejected(Exception):
    """One entry cannot be applied; it is acknowledged and reported."""


@dataclass
class PushResult:
    """What the server did with a batch."""

    acknowledged_through: int
    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def partner_of(table: str, row_id: str, data: dict[str, Any]) -> str | None:
    """The partner a row belongs to (its own id for partners)."""
    return row_id if table == "partners" else data.get("partner_id")


class Merger:
    """Applies entries for one user in one transaction, numbering each change from the team counter."""

    def __init__(self, conn: Connection, user: User, client_id: str, seen: int, counter: int) -> None:
        self.conn, self.user, self.client_id, self.seen = conn, user, client_id, seen
        self.counter = counter
        # Whether the user sees a partner / a visit, looked up for the ids a batch names (`learn_access`).
        self.partners: dict[str, bool] = {}
        self.visits: dict[str, bool] = {}
        self.members = access.member_ids(conn, user)
        self.conflicts = 0
        self.cache: dict[tuple[str, str], Any] = {}
        self.new: set[tuple[str, str]] = set()
        self.dirty: set[tuple[str, str]] = set()
        self.now = datetime.now(UTC)  # a tombstone's date: it is purged `TOMBSTONE_DAYS` later
        self.purged: dict[tuple[str, str], set[str]] | None = None  # rows purged of personal data (read once)

    def prefetch(self, keys: list[tuple[str, str]]) -> None:
        """Read the server rows of a batch in a few queries."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self.cache]
        for key in wanted:
            self.cache[key] = None
        if not wanted:
            return
        # Two array parameters joined on the primary key (a list of row-value tuples is thousands of
        # parameters, and PostgreSQL scans the table for it).
        pairs = select(func.unnest(bindparam("tables", type_=ARRAY(String))).label("table_name"),
                       func.unnest(bindparam("ids", type_=ARRAY(String))).label("row_id")).subquery()
        found = self.conn.execute(
            select(rows).join(pairs, (rows.c.table_name == pairs.c.table_name) & (rows.c.row_id == pairs.c.row_id))
            .where(rows.c.team_id == self.user.team_id),
            {"tables": [k[0] for k in wanted], "ids": [k[1] for k in wanted]})
        for row in found:
            self.cache[(row.table_name, row.row_id)] = row

    def flush(self) -> None:
        """Write the buffered rows: one ``executemany`` for new rows, one for changed ones."""
        fresh = [self._record(k) for k in self.new]
        changed = [self._record(k) for k in self.dirty - self.new]
        if fresh:  # one statement, one parameter: PostgreSQL expands the JSON array into rows
            self.conn.execute(_INSERT_ROWS, {"team": self.user.team_id, "batch": orjson.dumps(fresh).decode()})
        if changed:
            params = [{**{f"v_{k}": v for k, v in r.items()}} for r in changed]
            values = {k: bindparam(f"v_{k}") for k in _WRITTEN}
            self.conn.execute(update(rows).where(
                rows.c.team_id == bindparam("v_team_id"), rows.c.table_name == bindparam("v_table_name"),
                rows.c.row_id == bindparam("v_row_id")).values(values), params)
        self.new, self.dirty = set(), set()

    def _record(self, key: tuple[str, str]) -> dict[str, Any]:
        row = self.cache[key]
        return {"team_id": self.user.team_id, "table_name": key[0], "row_id": key[1],
                **{k: getattr(row, k) for k in _WRITTEN}}

    def next_no(self) -> int:
        self.counter += 1
        return self.counter

    def learn_access(self, entries: list[dict[str, Any]]) -> None:
        """Look up whether the user sees the partners and visits the entries name (two queries, by key).

        Run after `prefetch` and before any write: the batch is judged on the access it started with.
        """
        named: dict[str, set[str]] = {"partner": set(), "visit": set()}
        for entry in entries:
            held = self.cache.get((entry["table"], entry["row_id"]))
            if held is not None and held.scope in named and held.scope_key is not None:
                named[held.scope].add(held.scope_key)
            if entry.get("op") == "insert" and entry["table"] in TABLE_SCOPES and isinstance(entry.get("data"), dict):
                scope, key = scope_of(entry["table"], entry["data"])
                if scope in named and key is not None:
                    named[scope].add(key)
        for scope, keys in named.items():
            self._learn(scope, keys)

    def _learn(self, scope: str, keys: set[str]) -> None:
        known, among = ((self.partners, access.partners_among) if scope == "partner"
                        else (self.visits, access.visits_among))
        asked = {k for k in keys if k not in known}
        seen = among(self.conn, self.user, asked)
        known.update({k: k in seen for k in asked})

    def visible(self, scope: str, key: str | None) -> bool:
        """Whether the user sees rows of this scope (a partner or visit the server lacks is theirs to add)."""
        if scope == "team" or key is None:
            return True
        known = self.partners if scope == "partner" else self.visits
        if key not in known:
            self._learn(scope, {key})
        return known[key]

    def current(self, table: str, row_id: str) -> Any:
        if (table, row_id) not in self.cache:
            self.prefetch([(table, row_id)])
        return self.cache[(table, row_id)]

    def apply(self, entry: dict[str, Any]) -> None:
        """Merge one entry. Raises `Rejected` when it cannot be applied."""
        table, row_id = entry["table"], entry["row_id"]
        if table not in TABLE_SCOPES or table == "sync_conflicts":
            raise Rejected(f"table {table} is not synced")
        if entry.get("purge") or purge.purged_fields(self, table, row_id):
            held = self.current(table, row_id)
            if held is not None and not self.visible(held.scope, held.scope_key):
                raise Rejected("no access to this partner")
            if entry.get("purge"):
                purge.apply_purge(self, entry)
                return
            entry = purge.drop_purged(self, entry, purge.purged_fields(self, table, row_id))
            if entry is None:
                return
        op, data, hlc = entry["op"], entry["data"], entry["hlc"]
        now = self.current(table, row_id)
        if now is None:
            if op == "update":
                raise Rejected("unknown row")
            if op != "insert":
                return
            scope, key = scope_of(table, data)
            if not self.visible(scope, key):
                raise Rejected("no access to this partner")
            self._write(table, row_id, dict(data), {k: hlc for k in data}, hlc, gone=False, new=True)
            if table == "team_members" and data.get("name") == self.user.member_name:
                self.members.add(row_id)  # the user's own member, pushed in this batch
            if table == "partners":
                self.partners[row_id] = True
                if data.get("owner_id") and data["owner_id"] not in self.members:
                    revoke(self.conn, self.user.team_id, row_id, self.next_no())  # made for someone else
            elif table == "visits":
                self.visits[row_id] = True
            return
        if not self.visible(now.scope, now.scope_key):
            raise Rejected("no access to this partner")
        values, stamps = dict(now.data), dict(now.field_hlc)
        if op == "delete":
            self._write(table, row_id, values, stamps, max(hlc, now.hlc), gone=True)
            return
        diff = data if op == "update" else {k: [values.get(k), v] for k, v in data.items()}
        if table == "partners" and "owner_id" in diff and diff["owner_id"][1] != values.get("owner_id"):
            if values.get("owner_id") and values.get("owner_id") not in self.members:
                raise Rejected("only the partner's owner can hand it over")
        if values.get("deleted_at") and "deleted_at" not in diff:
            self._conflict(table, row_id, values, None, "edit_deleted", values.get("deleted_at"),
                           {k: v[1] for k, v in diff.items()}, now.hlc, hlc)
            self._write(table, row_id, values, stamps, now.hlc, gone=now.gone)  # sent again: the editor takes it
            return
        if "deleted_at" in diff and not values.get("deleted_at") and diff["deleted_at"][1]:
            if now.change_no > self.seen and now.last_client != self.client_id:  # deleted what it had not seen
                if hlc < now.hlc:
                    self._conflict(table, row_id, values, "deleted_at", "delete_lost", None, diff["deleted_at"][1],
                                   now.hlc, hlc)
                    diff = {k: v for k, v in diff.items() if k != "deleted_at"}
                else:
                    self._conflict(table, row_id, values, "deleted_at", "edit_deleted", diff["deleted_at"][1],
                                   {k: v for k, v in values.items() if k != "deleted_at"}, hlc, now.hlc)
        changed = False
        for name, (old, new) in diff.items():
            current, stamp = values.get(name), stamps.get(name, now.hlc)
            if current == new:
                continue
            if current == old or (op == "insert" and current is None):
                values[name], stamps[name], changed = new, max(stamp, hlc), True
            elif hlc > stamp:
                self._conflict(table, row_id, values, name, "field", new, current, hlc, stamp)
                values[name], stamps[name], changed = new, hlc, True
            else:
                self._conflict(table, row_id, values, name, "field", current, new, stamp, hlc)
        if changed:
            self._write(table, row_id, values, stamps, max(hlc, now.hlc), gone=False)
            if table == "partners" and values.get("owner_id") != now.data.get("owner_id"):
                self.flush()
                bump_partner(self.conn, self.user.team_id, row_id, self)
                revoke(self.conn, self.user.team_id, row_id, self.next_no())

    def _write(self, table: str, row_id: str, values: dict[str, Any], stamps: dict[str, str], hlc: str,
               gone: bool, new: bool = False) -> None:
        scope, key = scope_of(table, values)
        record = {"scope": scope, "scope_key": key, "partner_id": partner_of(table, row_id, values),
                  "data": values, "field_hlc": stamps, "hlc": hlc, "gone": gone, "change_no": self.next_no(),
                  "last_client": self.client_id, "gone_at": self.now if gone else None}
        self.cache[(table, row_id)] = SimpleNamespace(table_name=table, row_id=row_id, **record)
        (self.new if new else self.dirty).add((table, row_id))
        if table == "visit_partners" and new:
            self.flush()
            bump_visit(self.conn, self.user.team_id, values.get("visit_id"), self)

    def _conflict(self, table: str, row_id: str, values: dict[str, Any], name: str | None, kind: str,
                  kept: Any, lost: Any, kept_hlc: str | None, lost_hlc: str | None) -> None:
        """Keep the value that lost as a conflict record every user who sees the partner receives."""
        conflict_id = str(uuid.uuid4())
        record = {"id": conflict_id, "table_name": table, "row_id": row_id,
                  "partner_id": partner_of(table, row_id, values), "field": name, "kind": kind,
                  "kept_value": json.dumps(kept, ensure_ascii=False),
                  "lost_value": json.dumps(lost, ensure_ascii=False),
                  "kept_hlc": kept_hlc, "lost_hlc": lost_hlc, "author": self.user.username,
                  "created_at": datetime.now(UTC).isoformat()}
        self._write("sync_conflicts", conflict_id, record, {}, max(filter(None, (kept_hlc, lost_hlc))),
                    gone=False, new=True)
        self.conflicts += 1


_WRITTEN = ("scope", "scope_key", "partner_id", "data", "field_hlc", "hlc", "gone", "change_no", "last_client",
            "gone_at")
_INSERT_ROWS = text("""INSERT INTO rows (team_id, table_name, row_id, scope, scope_key, partner_id, data, field_hlc,
                                  hlc, gone, change_no, last_client, gone_at)
SELECT :team, x.table_name, x.row_id, x.scope, x.scope_key, x.partner_id, x.data, x.field_hlc, x.hlc, x.gone,
       x.change_no, x.last_client, x.gone_at
FROM jsonb_to_recordset(CAST(:batch AS jsonb)) AS x(table_name text, row_id text, scope text, scope_key text,
     partner_id text, data jsonb, field_hlc jsonb, hlc text, gone boolean, change_no bigint, last_client text,
     gone_at timestamptz)""")


def bump_partner(conn: Connection, team_id: int, partner_id: str, numbers: Any) -> None:
    """Send every row of a partner again (a new share or owner: the partner arrives whole)."""
    keys = conn.execute(select(rows.c.table_name, rows.c.row_id).where(
        rows.c.team_id == team_id, rows.c.scope == "partner", rows.c.scope_key == partner_id)).all()
    visit_ids = set(conn.scalars(select(rows.c.data["visit_id"].astext).where(
        rows.c.team_id == team_id, rows.c.table_name == "visit_partners", rows.c.partner_id == partner_id)))
    for table, row_id in keys:
        _renumber(conn, team_id, table, row_id, numbers.next_no())
    for visit_id in visit_ids:
        bump_visit(conn, team_id, visit_id, numbers)


def bump_visit(conn: Connection, team_id: int, visit_id: str | None, numbers: Any) -> None:
    """Send a visit's rows again (a link to a new partner: users of that partner now see the visit)."""
    if visit_id is None:
        return
    keys = conn.execute(select(rows.c.table_name, rows.c.row_id).where(
        rows.c.team_id == team_id, rows.c.scope == "visit", rows.c.scope_key == visit_id)).all()
    for table, row_id in keys:
        _renumber(conn, team_id, table, row_id, numbers.next_no())


def revoke(conn: Connection, team_id: int, partner_id: str, number: int) -> None:
    """Record that some users may have lost a partner (each pull purges it where it is no longer seen)."""
    conn.execute(insert(revocations).values(team_id=team_id, partner_id=partner_id, change_no=number))


def _renumber(conn: Connection, team_id: int, table: str, row_id: str, number: int) -> None:
    conn.execute(update(rows).where(rows.c.team_id == team_id, rows.c.table_name == table,
                                    rows.c.row_id == row_id).values(change_no=number))


def push(conn: Connection, user: User, client_id: str, after: int, seen: int,
         entries: list[dict[str, Any]]) -> PushResult:
    """Apply a batch (the caller's transaction commits it).

    Raises:
        PushRefused: A gap, ids not increasing, a client id of another user, or a client whose log
            was rewound under the same identity (it must take a new one).
    """
    counter = conn.scalar(select(teams.c.counter).where(teams.c.id == user.team_id).with_for_update())
    client = conn.execute(select(clients).where(clients.c.client_id == client_id).with_for_update()).first()
    if client is not None and client.user_id != user.id:
        raise PushRefused("other_user", "this client id belongs to another user; take a new identity")
    last = client.last_seq if client is not None else 0
    last_hlc = client.last_hlc if client is not None else ""
    if after > last:
        raise PushRefused("gap", "entries are missing before this batch", expected_after=last)
    ids = [e["id"] for e in entries]
    if ids != sorted(set(ids)) or (ids and ids[0] <= after):
        raise PushRefused("order", "entry ids must increase and follow 'after'")
    same = [e for e in entries if e["id"] == last]
    if after < last and (not same or same[0]["hlc"] != last_hlc):
        raise PushRefused("identity_clash", "this client's log was rewound (a copy or a restored backup); "
                              "push under a new identity", expected_after=last)
    try:
        with conn.begin_nested():  # fast: no savepoint per entry (a refused entry writes nothing)
            result, merger, last, last_hlc = _apply_batch(conn, user, client_id, seen, counter, entries,
                                                          last, last_hlc, careful=False)
    except Exception:  # noqa: BLE001 - an entry failed half-way: again, each entry in its own savepoint
        result, merger, last, last_hlc = _apply_batch(conn, user, client_id, seen, counter, entries,
                                                      last, last_hlc, careful=True)
    if entries:
        stmt = pg_insert(clients).values(client_id=client_id, team_id=user.team_id, user_id=user.id,
                                         last_seq=last, last_hlc=last_hlc)
        conn.execute(stmt.on_conflict_do_update(index_elements=[clients.c.client_id],
                                                set_={"last_seq": last, "last_hlc": last_hlc}))
    conn.execute(update(teams).where(teams.c.id == user.team_id).values(counter=merger.counter))
    return result


def _apply_batch(conn: Connection, user: User, client_id: str, seen: int, counter: int,
                 entries: list[dict[str, Any]], last: int, last_hlc: str,
                 careful: bool) -> tuple[PushResult, Merger, int, str]:
    merger = Merger(conn, user, client_id, seen, counter)
    merger.prefetch([(e["table"], e["row_id"]) for e in entries if e["id"] > last])
    merger.learn_access([e for e in entries if e["id"] > last])
    result = PushResult(acknowledged_through=last)
    for entry in entries:
        if entry["id"] <= last:
            result.skipped += 1
            continue
        try:
            if careful:
                with conn.begin_nested():
                    merger.apply(entry)
                    merger.flush()
            else:
                merger.apply(entry)
            result.applied += 1
        except Exception as exc:  # noqa: BLE001 - a failing entry is acknowledged and reported, never retried forever
            if not careful and not isinstance(exc, Rejected):
                raise
            if careful:  # its savepoint rolled back: read again what it had touched
                merger.cache.clear()
                merger.new, merger.dirty = set(), set()
            reason = str(exc) if isinstance(exc, Rejected) else f"failed: {type(exc).__name__}"
            result.rejected.append({"id": entry["id"], "reason": reason,
                                    "row": authoritative(merger, entry["table"], entry["row_id"])})
        last, last_hlc = entry["id"], entry["hlc"]
    merger.flush()
    result.acknowledged_through = last
    result.conflicts = merger.conflicts
    return result, merger, last, last_hlc


def authoritative(merger: Merger, table: str, row_id: str) -> dict[str, Any] | None:
    """The server's row as the user may see it (None when absent or not visible)."""
    if table not in TABLE_SCOPES:
        return None
    now = merger.current(table, row_id)
    if now is None or not merger.visible(now.scope, now.scope_key):
        return None
    return {"table": table, "row_id": row_id, "data": now.data, "hlc": now.hlc, "gone": now.gone}
