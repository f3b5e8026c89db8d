"""Notes benchmarks (issue 17 item 8): opening a partner with 500 notes, searching 300,000 notes.

The data set is built once and reused (``bench/results/perf-data/notes-N/``, gitignored): a demo
portfolio of ``partners // 30`` partners (at least 50), then notes added in bulk (one logged batch per
20,000, indexed by the same commit hook as every write) until the portfolio holds ``3 × partners``
notes (300,000 at the default size, what the 100,000-partner demo holds), one partner holding 500.

Figures (target: p95 ≤ :data:`BUDGET_MS`):

- ``open_partner_500_notes``: the partner editor's Notes page read (`partner_timeline`, 500 notes) and
  its People page (`partner_map`);
- ``note_history``: a note's edit history (change log through the partial index);
- ``search_notes``: the as-you-type search of notes (`search_index.search`, notes only, 50 hits) and
  ``search_everything`` (Edit › Search everything…, every kind, 5 hits each), over queries from
  frequent words to rare ones, prefixes and accent-free spellings; beside it, its floor: the six
  per-kind FTS5 queries (5 rows each) run with the bare ``sqlite3`` module on the same file in the
  same run, of the text as typed (``"word"*`` prefixes: ``search_everything_floor_prefix``) and of
  what the app runs (long prefixes expanded into their words: ``search_everything_floor_expanded``);
  ``one_letter``: the same for a lone letter (:data:`LETTERS`), with both floors;
- ``partner_list_search``: the Partners tab's search per keystroke on this index (count and first page
  of :data:`PAGE` rows, the queries of `bench.bench_gui` typed one character at a time), with the
  bench_gui floor (bare FTS5 count plus the first page of matching partner ids) and the p95 ratio.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import perfdata
from bench.bench_gui import FLOOR_MIN_MS, PAGE, floor_ms, percentile, user_queries
from prm_desktop.bootstrap import open_app
from prm_desktop.services.demo import generate_demo
from prm_desktop.services.partner_queries import PartnerFilter, count_partners, fetch_partner_rows
from prm_desktop.services.people.links import partner_map
from prm_desktop.services.people.note_history import note_history
from prm_desktop.services.people.notes import NoteInput, partner_timeline, update_note
from prm_desktop.services.search_everything import search_everything
from prm_desktop.services.search_index import KINDS, fts_query, search, search_tokens
from prm_desktop.storage.models import Note, Partner
from prm_desktop.storage.search.expand import VOCAB_DDL, WORDS_SQL, build_match
from prm_desktop.storage.search.schema import KIND_ROWIDS

BUDGET_MS = 30
BUSY_NOTES = 500
CHUNK = 20_000
REPEATS = 5
MARKER = "complete.json"
#: Words of the generated notes: a few frequent ones, many rare ones (accents and ligatures included).
COMMON = ("rendez-vous", "démo", "offre", "budget", "client", "projet", "relance", "contrat")
RARE = ("œuvre", "intégrateur", "sécurité", "migration", "licences", "formation", "appel", "d’offres",
        "renouvellement", "cybersécurité", "hébergement", "réseau", "données", "sauvegarde", "Lyon", "Nantes")
QUERIES = ("demo", "budget client", "oeuvre", "integrat", "cyber", "securite reseau", "nantes", "renouv",
           "appel d offres", "licences formation", "zzz introuvable")
#: A lone letter, what the search window searches when the user pauses after the first keystroke.
LETTERS = ("a", "c", "e", "r")


def _timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _stats(times: list[float]) -> dict[str, Any]:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95 + 0.5) - 1)]
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2), "runs": len(times),
            "within_budget": p95 <= BUDGET_MS}  # fmt: skip


def _everything_floor(db: Path, queries: tuple[str, ...], expanded: bool) -> list[float]:
    """Bare ``sqlite3`` time of the six per-kind FTS5 queries of each query, per run.

    ``expanded`` False: the text as typed (``"word"*`` prefixes); True: what the app runs, long
    prefixes first read from the index's vocabulary and expanded into their words (those reads timed too).
    """
    sql = ("SELECT kind, entity_id, partner_id FROM search_index WHERE search_index MATCH ? "
           "AND rowid >= ? AND rowid < ? LIMIT 5")  # fmt: skip
    times = []
    with closing(sqlite3.connect(db)) as con:
        con.execute(VOCAB_DDL)

        def words_of(params: dict[str, Any]) -> list[str]:
            return [row[0] for row in con.execute(WORDS_SQL, params)]

        for query in queries:
            for _ in range(REPEATS):
                started = time.perf_counter()
                match = build_match(search_tokens(query), words_of) if expanded else fts_query(query)
                if match is not None:
                    for kind in KINDS:
                        con.execute(sql, (match, *KIND_ROWIDS[kind])).fetchall()
                times.append((time.perf_counter() - started) * 1000)
    return times


def _partner_list(uow: Any, db: Path) -> dict[str, Any]:
    """The Partners tab's search per keystroke (count + first page), with the bench_gui floor."""
    from prm_desktop.ui.partners.filter_bar import MIN_SEARCH_CHARS

    texts = [q[:n] for q in user_queries(db) for n in range(MIN_SEARCH_CHARS, len(q) + 1) if q[:n].strip()]
    texts = [t for t in texts if len(t.strip()) >= MIN_SEARCH_CHARS]

    def keystroke(typed: str) -> None:
        flt = PartnerFilter(text=typed)
        count_partners(uow, flt)
        fetch_partner_rows(uow, flt, limit=PAGE)

    for typed in texts:  # warm-up, as the floor's
        keystroke(typed)
    times = [_timed(lambda t=typed: keystroke(t)) for typed in texts]
    floors = floor_ms(db, texts)
    pairs = [(t, f) for t, f in zip(times, floors, strict=True) if f is not None and f >= FLOOR_MIN_MS]
    figures = {"keystroke": _stats(times), "floor_sqlite3": _stats([f for f in floors if f is not None]),
               "keystrokes": len(texts)}  # fmt: skip
    if pairs:  # as bench_gui: a ratio only over keystrokes whose floor takes at least FLOOR_MIN_MS
        ratio = percentile([t for t, _f in pairs], 0.95) / percentile([f for _t, f in pairs], 0.95)
        figures["ratio_p95_floor_ge_1ms"] = {"ratio": round(ratio, 2), "keystrokes": len(pairs)}
    return figures


def _body(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(3, 8))]
    words += [rng.choice(RARE) for _ in range(rng.randint(1, 3))]
    rng.shuffle(words)
    text = " ".join(words)
    return f"**{text[:1].upper()}{text[1:]}**." if rng.random() < 0.2 else text[:1].upper() + text[1:] + "."


def build(folder: Path, partners: int, notes: int, seed: int = 1) -> dict[str, Any]:
    """Build the data set in ``folder`` (replacing any); returns what ``complete.json`` records."""
    import shutil

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ctx = open_app(folder)
    started = time.perf_counter()
    try:
        generate_demo(ctx.uow, partners=partners, seed=seed)
        with ctx.uow.read() as session:
            ids = sorted(session.scalars(select(Partner.id).where(Partner.deleted_at.is_(None))).all())
            have = session.query(Note).count()
        rng = random.Random(seed)
        busy = ids[0]
        with ctx.uow.read() as session:
            busy_have = session.query(Note).filter(Note.partner_id == busy).count()
        wanted = [busy] * max(0, BUSY_NOTES - busy_have)
        wanted += [rng.choice(ids[1:]) for _ in range(max(0, notes - have - len(wanted)))]
        for start in range(0, len(wanted), CHUNK):
            rows = [{"partner_id": pid, "body": _body(rng), "tags": "", "pinned": False,
                     "internal_only": rng.random() < 0.25, "deleted_at": None}
                    for pid in wanted[start:start + CHUNK]]  # fmt: skip
            with ctx.uow(kind="import", label="bench notes") as work:
                work.bulk_insert(Note, rows)
                work.commit()
        note = partner_timeline(ctx.uow, busy, limit=1)[0]
        for version in range(3):  # a note with a history
            update_note(ctx.uow, note.id, NoteInput(f"{note.body} (v{version + 2})", partner_id=busy))
        with ctx.uow.read() as session:
            total = session.query(Note).count()
    finally:
        ctx.close()
    info = {"partners": partners, "notes": total, "busy_partner": busy, "seed": seed,
            "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip
    (folder / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def ensure(partners: int) -> tuple[Path, dict[str, Any]]:
    """The data set for a ``partners`` size (built first unless complete)."""
    notes, portfolio = 3 * partners, max(50, partners // 30)
    folder = perfdata.PERF_DIR / f"notes-{notes}"
    try:
        info = json.loads((folder / MARKER).read_text("utf-8"))
        if info.get("partners") == portfolio and info.get("notes", 0) >= notes:
            return folder, info
    except (OSError, ValueError):
        pass
    return folder, build(folder, portfolio, notes)


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure on the data set of ``3 × partners`` notes."""
    folder, info = ensure(partners)
    ctx = open_app(folder)
    uow, busy = ctx.uow, info["busy_partner"]
    figures: dict[str, Any] = {"budget_ms": BUDGET_MS, "notes": info["notes"], "build_seconds": info["seconds"]}
    try:
        timeline = partner_timeline(uow, busy)
        figures["busy_partner_notes"] = len(timeline)
        edited = max(timeline, key=lambda n: n.updated_at).id
        figures["open_partner_500_notes"] = {
            "notes_page": _stats([_timed(lambda: partner_timeline(uow, busy)) for _ in range(4 * REPEATS)]),
            "people_page": _stats([_timed(lambda: partner_map(uow, busy)) for _ in range(4 * REPEATS)]),
        }
        figures["note_history"] = _stats([_timed(lambda: note_history(uow, edited)) for _ in range(4 * REPEATS)])
        as_you_type, everything, hits = [], [], {}
        for query in QUERIES:
            for _ in range(REPEATS):
                as_you_type.append(_timed(lambda q=query: search(uow, q, kinds=("note",), limit=50)))
                everything.append(_timed(lambda q=query: search_everything(uow, q)))
            hits[query] = len(search(uow, query, kinds=("note",), limit=50))
        db = perfdata.database_file(folder)
        figures["search_notes"] = {"as_you_type": _stats(as_you_type), "search_everything": _stats(everything),
                                   "search_everything_floor_prefix": _stats(_everything_floor(db, QUERIES, False)),
                                   "search_everything_floor_expanded": _stats(_everything_floor(db, QUERIES, True)),
                                   "one_letter": _stats([_timed(lambda q=q: search_everything(uow, q))
                                                         for q in LETTERS for _ in range(REPEATS)]),
                                   "one_letter_floor_prefix": _stats(_everything_floor(db, LETTERS, False)),
                                   "one_letter_floor_expanded": _stats(_everything_floor(db, LETTERS, True)),
                                   "hits_per_query": hits}  # fmt: skip
        figures["partner_list_search"] = _partner_list(uow, db)
    finally:
        ctx.close()
    return figures
