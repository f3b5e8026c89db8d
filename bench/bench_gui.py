"""What the user waits for, through the GUI path (design §6, issue 9 point 5).

On a copy of the perf portfolio, the real app runs in a fresh process (``bench.gui_session``): the
Partners tab's search box gets real queries typed one character at a time (accented words, a no-hit
query, a contact's name, a SIREN with spaces), each keystroke timed once from the key to painted rows
(filter bar → ``PartnersTableModel`` → task runner thread → repainted viewport, the first visible
rows' cells read); then sorts (header), every filter combo, open editor, save, an import through the
wizard's worker path and the background refresh, each under the GUI-thread stall probe (largest gap
of a 10 ms timer, with the GUI thread's own processor time during that gap beside it, so a stall
caused by a loaded machine is told from one the app causes). Memory peaks are the GUI process's own
``VmHWM`` and the worker processes'.

The floor is the bare query, run with the standard ``sqlite3`` module on the same database file in
the same run: the FTS5 match count plus the first :data:`PAGE` matching partner ids (the SQL of
``storage/search/queries.py`` without the list's join and sort), one shot per keystroke after a
warm-up pass; keystrokes shorter than the search box's minimum have no floor (nothing is searched).
Ratios to it are reported only over keystrokes where the floor takes at least :data:`FLOOR_MIN_MS`.
The same match joined to the partners and sorted by name (what the list's first page needs) is
reported beside it, for information only: walking the name index makes it slower than the bare
query, so a ratio to it would flatter. So is the repaint alone (``search_paint_only_ms``: the rows
already shown painted again, nothing else done), the part of a keystroke that changes the rows which is
drawing, and the same texts drawn by a bare Qt table (``search_paint_bare_qt_ms``: Qt's own floor).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from bench.perfdata import database_file, ensure_perf_database

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_S = 1800
#: Typed as they are: accents, a ligature, mixed case, a no-hit query.
FIXED_QUERIES: tuple[str, ...] = ("Œuvre num", "intégra", "Créteil", "sécurité", "zqxjkw")
FLOOR_MIN_MS = 1.0
PAGE = 200
SEARCH_BUDGET_MS = 30
LIST_BUDGET_MS = 100
STALL_BUDGET_MS = 50
MEMORY_BUDGET_MB = 500
WORKER_BUDGET_MB = 1536
#: Seconds after the first paint during which the start-up work is probed (None: the session's default).
START_SETTLE_S: float | None = None

_COUNT_SQL = "SELECT COUNT(*) FROM search_index WHERE search_index MATCH ? AND rowid < ?"
_MATCH_SQL = (
    "SELECT r.partner_id FROM search_rows r WHERE r.id IN "
    "(SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid < ?) LIMIT ?"
)
_SORTED_PAGE_SQL = (
    "SELECT p.id, p.name FROM partners p WHERE p.deleted_at IS NULL AND p.id IN "
    "(SELECT r.partner_id FROM search_rows r WHERE r.id IN "
    "(SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid < ?)) "
    "ORDER BY p.name_key LIMIT ?"
)


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def spread(values: list[float]) -> dict[str, float]:
    """p50 / p95 / max in ms."""
    if not values:
        return {}
    return {"p50": round(statistics.median(values), 2), "p95": round(percentile(values, 0.95), 2),
            "max": round(max(values), 2), "n": len(values)}  # fmt: skip


def user_queries(db: Path) -> list[str]:
    """The fixed queries plus a contact's name and a partner's SIREN typed with spaces, from ``db``."""
    with closing(sqlite3.connect(db)) as con:
        contact = con.execute("SELECT name FROM contacts WHERE name <> '' ORDER BY id LIMIT 1 OFFSET 3").fetchone()
        siren = con.execute("SELECT siren FROM partners WHERE length(siren) = 9 ORDER BY id LIMIT 1").fetchone()
    queries = list(FIXED_QUERIES)
    if contact:
        queries.append(contact[0])
    if siren:
        queries.append(f"{siren[0][:3]} {siren[0][3:6]} {siren[0][6:]}")
    return queries


def floor_ms(db: Path, texts: list[str], page_sql: str = _MATCH_SQL) -> list[float | None]:
    """Bare ``sqlite3`` time of each typed text (count + ``page_sql``); None where nothing is searched."""
    from prm_desktop.services.search_index import PARTNER_ROWID_LIMIT, fts_query
    from prm_desktop.ui.partners.filter_bar import MIN_SEARCH_CHARS

    matches = [fts_query(t) if len(t.strip()) >= MIN_SEARCH_CHARS else None for t in texts]
    with closing(sqlite3.connect(db)) as con:

        def once(match: str) -> float:
            started = time.perf_counter()
            con.execute(_COUNT_SQL, (match, PARTNER_ROWID_LIMIT)).fetchone()
            con.execute(page_sql, (match, PARTNER_ROWID_LIMIT, PAGE)).fetchall()
            return (time.perf_counter() - started) * 1000

        for match in matches:  # warm-up (the GUI's start warmed its cache too)
            if match is not None:
                once(match)
        return [None if m is None else once(m) for m in matches]


def _search_figures(keystrokes: list[dict[str, Any]], floors: list[float | None], sorted_floors: list[float | None],
                    paints: list[float], bare_paints: list[float]) -> dict[str, Any]:  # fmt: skip
    gui = [k["ms"] for k in keystrokes]
    repainted = [k["ms"] for k in keystrokes if k.get("paints")]
    pairs = [(k["ms"], f) for k, f in zip(keystrokes, floors, strict=True) if f is not None and f >= FLOOR_MIN_MS]
    figures: dict[str, Any] = {
        "search_keystroke_ms": spread(gui),
        # The keystrokes that changed the rows shown (the list repainted): the ones that cost a paint.
        "search_keystroke_with_repaint_ms": spread(repainted) if repainted else None,
        "search_budget_ms_p95": SEARCH_BUDGET_MS,
        "search_floor_sqlite3_ms": spread([f for f in floors if f is not None]),
        "search_floor_sorted_page_ms_info": spread([f for f in sorted_floors if f is not None]),
    }
    if pairs:
        g, f = [p[0] for p in pairs], [p[1] for p in pairs]
        figures["search_ratio_to_floor"] = {
            "p50": round(statistics.median(g) / statistics.median(f), 2),
            "p95": round(percentile(g, 0.95) / percentile(f, 0.95), 2),
            "keystrokes_with_floor_ge_1ms": len(pairs),
        }
    else:
        figures["search_ratio_to_floor"] = f"not reported: the floor is under {FLOOR_MIN_MS} ms for every keystroke"
    floor = [f for f in floors if f is not None and f >= FLOOR_MIN_MS]
    for name, values in (("search_paint_only", paints), ("search_paint_bare_qt", bare_paints)):
        # Repainting the rows already shown, nothing else (the app's list; the same texts in a bare Qt
        # table): no keystroke that changes the rows can take less.
        if values:
            figures[f"{name}_ms"] = spread(values)
            if floor:
                figures[f"{name}_to_floor_p50"] = round(statistics.median(values) / statistics.median(floor), 2)
    figures["search_by_keystroke"] = {
        k["text"]: (f"{k['ms']:.1f} ms, floor {'-' if f is None else f'{f:.2f}'} ms, {k['rows']} rows"
                    f"{', repainted' if k.get('paints') else ''}")
        for k, f in zip(keystrokes, floors, strict=True)
    }
    return figures


def _prepare(partners: int, tmp: Path) -> tuple[Path, dict[str, Any]]:
    """Copy the perf portfolio (the bench writes to it), skip the welcome, write the import CSV."""
    from bench.bench_partners import write_partners_csv
    from prm_desktop.bootstrap import open_app
    from prm_desktop.services.profile import get_profile, mark_first_run_done

    folder = tmp / "portfolio"
    shutil.copytree(ensure_perf_database(partners), folder, ignore=shutil.ignore_patterns("backups", "logs", "*.lock"))
    ctx = open_app(folder)
    try:
        if not get_profile(ctx.uow).first_run_done:
            mark_first_run_done(ctx.uow)
        owners = [m.name for m in _team(ctx)]
    finally:
        ctx.close()
    rows = max(20, partners // 10)
    csv_path = tmp / "new-partners.csv"
    write_partners_csv(csv_path, rows, owners, [], seed=11)
    return folder, {"import_csv": str(csv_path), "import_rows": rows}


def _team(ctx: Any) -> list[Any]:
    from prm_desktop.services.team import list_team_members

    return list(list_team_members(ctx.uow))


def run(partners: int = 100_000) -> dict[str, Any]:
    """Run the GUI session on a copy of the perf portfolio and the floor on the same file."""
    with tempfile.TemporaryDirectory(prefix="prm-bench-gui-") as tmp_name:
        tmp = Path(tmp_name)
        folder, extra = _prepare(partners, tmp)
        db = database_file(folder)
        queries = user_queries(db)
        plan = {"data_dir": str(folder), "queries": queries, "import_csv": extra["import_csv"]}
        if START_SETTLE_S is not None:
            plan["settle_s"] = START_SETTLE_S
        texts = [q[:end] for q in queries for end in range(1, len(q) + 1)]
        floors = floor_ms(db, texts)
        sorted_floors = floor_ms(db, texts, _SORTED_PAGE_SQL)
        (tmp / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        report = tmp / "report.json"
        done = subprocess.run([sys.executable, "-m", "bench.gui_session", str(tmp / "plan.json"), str(report)],
                              cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_S)  # fmt: skip
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"the GUI session failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
        session = json.loads(report.read_text(encoding="utf-8"))
    figures: dict[str, Any] = {"partners": partners, "queries": queries}
    figures["start_to_first_paint_in_process_ms"] = session["start_to_first_paint_ms"]
    figures["start_to_list_painted_ms"] = session["start_to_list_ms"]
    figures["start_to_idle_ms"] = session["start_to_idle_ms"]  # integrity check, refresh if due
    figures.update(_search_figures(session["search_keystrokes"], floors, sorted_floors,
                                   session.get("search_paint_only_ms", []), session.get("search_paint_bare_qt_ms", [])))
    figures["sort_ms"] = spread(list(session["sort_ms"].values()))
    figures["sort_by_column_ms"] = session["sort_ms"]
    figures["filter_ms"] = spread(session["filter_ms"])
    figures["list_budget_ms"] = LIST_BUDGET_MS
    figures["filter_by_combo"] = session["filter_by_combo"]
    for key in ("open_editor_ms", "save_ms", "import_check_ms", "import_write_ms", "refresh_ms", "import_error"):
        if key in session:
            figures[key] = session[key]
    figures["import_rows"] = extra["import_rows"]
    stalls = session["stall_ms"]
    figures["gui_stall_max_gap_ms"] = stalls
    figures["gui_stall_worst"] = f"{max(stalls, key=stalls.get)}: {max(stalls.values())} ms (budget {STALL_BUDGET_MS})"
    # The GUI thread's own processor time in each largest gap: the app's share of the stall (the rest is
    # waiting for a processor on a loaded machine, or for the GIL).
    figures["gui_stall_gui_thread_cpu_ms"] = session.get("stall_cpu_ms", {})
    for step, values in session.get("gui_cpu_ms", {}).items():  # per action, from the input to painted rows
        figures[f"{step}_gui_thread_cpu_ms"] = spread(values)
    figures["gui_vmhwm_mb"] = {k.removeprefix("gui_vmhwm_").removesuffix("_mb"): round(v, 1)
                               for k, v in session.items() if k.startswith("gui_vmhwm") and v is not None}  # fmt: skip
    figures["gui_vmhwm_budget_mb"] = MEMORY_BUDGET_MB
    figures["worker_vmhwm_mb"] = session.get("worker_vmhwm_mb")
    figures["worker_vmhwm_budget_mb"] = WORKER_BUDGET_MB
    return figures
