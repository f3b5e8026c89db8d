"""Pull: pages of the rows a user may see that changed after their cursor."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select, text

from prm_server.access import ACCESS_CTES, VISIBLE, User, params
from prm_server.schema import teams

#: Each row comes out of PostgreSQL as its JSON text (``{"table", "row_id", "data", "hlc", "gone"}``):
#: the server only joins the texts into the answer (no decoding, no validation, no re-encoding).
_PAGE = text(f"""WITH {ACCESS_CTES}
SELECT json_build_object('table', r.table_name, 'row_id', r.row_id, 'data', r.data, 'hlc', r.hlc,
                         'gone', r.gone)::text AS doc, r.change_no FROM rows r
WHERE r.team_id = :team AND r.change_no > :cursor AND {VISIBLE}
ORDER BY r.change_no LIMIT :limit""")
#: A page's settings: the sets of partners and visits the user sees are hashed (not scanned for each
#: row: 100,000 partner ids outgrow the default 4 MB), and no JIT (compiling took longer than running).
_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")
_REVOKED = text(f"""WITH {ACCESS_CTES}
SELECT DISTINCT v.partner_id FROM revocations v
WHERE v.team_id = :team AND v.change_no > :cursor AND v.change_no <= :upto
  AND v.partner_id NOT IN (SELECT partner_id FROM partners_seen)""")


def pull(conn: Connection, user: User, cursor: int, limit: int) -> dict[str, Any]:
    """One page after ``cursor`` (run in a REPEATABLE READ transaction: rows and counter agree).

    Returns:
        ``rows`` (each the JSON text of an object: table, row_id, data, hlc, gone; see `page_json`),
        ``revoked`` (partners the user no longer sees, to purge), the new ``cursor`` and ``has_more``. A short
        page moves the cursor to the team counter: rows the user cannot see are not scanned again.
    """
    for setting in _SETTINGS:
        conn.exec_driver_sql(setting)
    found = conn.execute(_PAGE, {**params(user), "cursor": cursor, "limit": limit}).all()
    has_more = len(found) == limit
    if has_more:
        new_cursor = found[-1].change_no
    else:
        new_cursor = max(cursor, conn.scalar(select(teams.c.counter).where(teams.c.id == user.team_id)) or 0)
    revoked = list(conn.scalars(_REVOKED, {**params(user), "cursor": cursor, "upto": new_cursor}))
    return {
        "revoked": revoked,
        "rows": [r.doc for r in found],
        "cursor": new_cursor,
        "has_more": has_more,
    }


def page_plan(conn: Connection, user: User, cursor: int, limit: int) -> str:
    """PostgreSQL's plan of a page query, as `pull` runs it (for tests)."""
    for setting in _SETTINGS:
        conn.exec_driver_sql(setting)
    query = text("EXPLAIN " + _PAGE.text)
    return "\n".join(line for (line,) in conn.execute(query, {**params(user), "cursor": cursor, "limit": limit}))


def page_json(page: dict[str, Any]) -> bytes:
    """The answer to a pull (a `PullResponse` in JSON) from a page of `pull`, its rows already JSON text."""
    head = json.dumps({"revoked": page["revoked"], "cursor": page["cursor"], "has_more": page["has_more"]})
    return "".join((head[:-1], ', "rows": [', ",".join(page["rows"]), "]}")).encode()
