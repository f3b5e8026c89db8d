"""Single edits on the 100,000-partner portfolio: what the user waits for after Save, through the services.

Each edit is the service call the window's write thread makes (validation, the unit of work, the commit
hooks: summary row, inline evaluation, search index, change log), timed single shot `REPEATS` times
(median, p95, max) on partners spread over the portfolio; every edit is undone afterwards (not timed),
so the perf portfolio is left as it was. The floor, in the same run: one row written and committed on a
bare ``sqlite3`` connection to the same file (the same value written again: nothing changes).

The tier review (Competencies › Demotion candidates) is timed for one partner and for 500 at once, and
each Edit › Undo of the edits above (``undo``).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.partner_facts import CertificationInput
from prm_desktop.domain.partner_rules import ContactInput
from prm_desktop.domain.stakeholder_notes import NoteInput
from prm_desktop.services.batches import last_undoable, undo_batch
from prm_desktop.services.contacts import add_contact, update_contact
from prm_desktop.services.partners import delete_partner, get_partner, update_partner
from prm_desktop.services.people.notes import create_note
from prm_desktop.services.portfolio import evaluations_stale, refresh_evaluations
from prm_desktop.services.standing_facts import add_certification
from prm_desktop.services.standing_portfolio import portfolio_view
from prm_desktop.services.tier_review import assign_qualified_tiers
from prm_desktop.services.visits.editing import plan_visit

REPEATS = 7
#: The budget of a save the user waits for (design §6: an edit feels instant).
BUDGET_MS = 100


def _stats(times: list[float]) -> dict[str, Any]:
    """Median, p95 and max (ms, three decimals: the floor is a few microseconds) and each run in order."""
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]
    return {"median_ms": round(statistics.median(ordered), 3), "p95_ms": round(p95, 3),
            "max_ms": round(ordered[-1], 3), "runs_ms": [round(t, 1) for t in times]}


#: Milliseconds of each Edit › Undo of the edits timed, by edit.
UNDONE: dict[str, list[float]] = {}


def _undone(uow: Any, call: Callable[[], Any], name: str = "") -> float:
    """Milliseconds of ``call`` (one unit of work), which is then undone (that time kept in `UNDONE`)."""
    before = last_undoable(uow)
    started = time.perf_counter()
    call()
    elapsed = (time.perf_counter() - started) * 1000
    batch = last_undoable(uow)
    if batch is not None and (before is None or batch.id != before.id):
        started = time.perf_counter()
        undo_batch(uow, batch.id)
        UNDONE.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    return elapsed


def _floor_ms(path: Any, partner_id: str) -> list[float]:
    """One row written (its own value again) and committed on a bare sqlite3 connection, per run."""
    times = []
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA synchronous = NORMAL")  # as the app's connections (storage.database)
        for _ in range(REPEATS):
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE partners SET city = city WHERE id = ?", (partner_id,))
            conn.execute("COMMIT")
            times.append((time.perf_counter() - started) * 1000)
    return times


def run(partners: int = 100_000) -> dict[str, Any]:
    """Time each kind of edit, and the tier review of 1 and 500 partners."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    uow = ctx.uow
    try:
        on = date.today()
        if evaluations_stale(uow, on):
            refresh_evaluations(uow, on)
        with uow.read() as session:
            count = session.scalar(text("SELECT count(*) FROM partners WHERE deleted_at IS NULL"))
            step = max(1, count // (REPEATS + 1))
            ids = [session.scalar(text("SELECT id FROM partners WHERE deleted_at IS NULL ORDER BY id LIMIT 1 "
                                       "OFFSET :n"), {"n": step * (i + 1)}) for i in range(REPEATS)]
        contacts, contact_batches = [], []  # a contact per partner for the edits below, undone at the end
        for pid in ids:
            contacts.append(add_contact(uow, pid, ContactInput(name="Bench Contact")))
            contact_batches.append(last_undoable(uow).id)

        def edit_partner(pid: str) -> None:
            detail = get_partner(uow, pid)
            update_partner(uow, pid, {"name": detail.name, "type": detail.type, "status": detail.status,
                                      "assigned_tier": detail.assigned_tier, "city": "Lyon"})

        edits: dict[str, Callable[[int], Any]] = {
            "edit_partner": lambda i: edit_partner(ids[i]),
            "add_contact": lambda i: add_contact(uow, ids[i], ContactInput(name="Zoé Martin")),
            "edit_contact": lambda i: update_contact(uow, contacts[i].id, ContactInput(name="Zoé Martin-Roux")),
            "add_certification": lambda i: add_certification(
                uow, ids[i], CertificationInput(contacts[i].id, "SEC-TECH", on - timedelta(days=1))),
            "write_note": lambda i: create_note(uow, NoteInput("Rendez-vous à Lyon", partner_id=ids[i])),
            "plan_visit": lambda i: plan_visit(uow, [ids[i]]),
            "delete_partner": lambda i: delete_partner(uow, ids[i]),
        }
        figures: dict[str, Any] = {"partners": count, "budget_ms": BUDGET_MS}
        floor = _floor_ms(ctx.db.path, ids[0])
        figures["floor_bare_sqlite_row_commit"] = _stats(floor)
        for name, edit in edits.items():
            figures[name] = _stats([_undone(uow, lambda i=i, edit=edit: edit(i), name) for i in range(REPEATS)])
            figures[name]["ratio_to_floor_median"] = round(figures[name]["median_ms"] / statistics.median(floor), 1)
        figures["undo"] = {name: _stats(times) for name, times in UNDONE.items()}
        candidates = [r.partner_id for r in portfolio_view(uow, "demotion", on).rows]
        figures["tier_review_1_partner"] = _stats(
            [_undone(uow, lambda i=i: assign_qualified_tiers(uow, [candidates[i]], on)) for i in range(REPEATS)])
        figures["tier_review_500_partners"] = _stats(
            [_undone(uow, lambda: assign_qualified_tiers(uow, candidates[:500], on)) for _ in range(3)])
        for batch_id in reversed(contact_batches):  # the portfolio as it was
            undo_batch(uow, batch_id)
    finally:
        ctx.close()
    return figures
