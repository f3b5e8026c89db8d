"""One part of a whole-portfolio evaluation, as the part's own process runs it (no SQLAlchemy imported).

A process started with "spawn" imports what its target's module imports: this module imports only the
engine (domain) and the fact queries on a plain DB-API connection (`storage.partners.fact_reader`),
so the process is ready in a fraction of the time (the general path, for programs with the newer
rules, imports the rest when it needs it). `evaluation_parts` starts these processes and evaluates
the first part itself.
"""

from __future__ import annotations

import gc
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from prm_desktop.domain.evaluation_rows import fits_rows, summary_columns_from_rows
from prm_desktop.domain.program import Program, load_program
from prm_desktop.domain.quarters import Quarter
from prm_desktop.storage.partners.fact_reader import FULL_KINDS, IdRange, fact_rows, live_partner_heads, open_snapshot

__all__ = ["EvaluationPartError", "FactKinds", "Part", "columns_from_rows", "fits_part_rows", "gc_paused",
           "part_main", "summary_fact_kinds"]

ProgressFn = Callable[[int, int, str], None]


class EvaluationPartError(RuntimeError):
    """A process evaluating a part of the portfolio stopped without a result."""


@dataclass(frozen=True)
class Part:
    """One range of partners to evaluate, and how (picklable: it is sent to another process).

    Attributes:
        program_source: The program's TOML text (parsed once per process).
        on: The evaluation day.
        since: Oldest quarter of revenue read (see `first_window_quarter`).
        facts_day: The day facts are filtered by (see `facts_day`), or None.
        id_range: The partners of this part.
        columns: Keep only the summary's columns (no gaps), else whole evaluations (gap texts built when read).
        db_file: The SQLite file a part's own process reads.
    """

    program_source: str
    on: date
    since: Quarter | None
    facts_day: date | None
    id_range: IdRange
    columns: bool
    db_file: str = ""


@dataclass(frozen=True)
class FactKinds:
    """Which kinds of facts are read (`fact_rows` kinds); ``currency``: the program's, for ``revenue_other``."""

    kinds: frozenset[str]
    currency: str = "EUR"


def summary_fact_kinds(program: Program) -> FactKinds:
    """The facts ``summary_columns`` (tier, movement, first at-risk date) can depend on under ``program``.

    A portfolio refresh reads only these: a program decided by scores and metrics alone (Microsoft's
    designations) needs no people, certifications nor references. Kept whole for the rules that look
    at more (people by role, a review). Revenue that no minimum asks for is not read, except the lines
    in another currency than the program's: a full read refuses them (`to_program_currency`), so does
    this one, partner by partner. The results are those of a full read (the engine ignores the rest).
    """
    if program.people is not None or program.review is not None:
        return FactKinds(frozenset(FULL_KINDS))
    kinds = set()
    if program.competencies:
        kinds |= {"contacts", "certifications"}
    levels = [level for comp in program.competencies for level in comp.levels]
    if any(level.min_references > 0 for level in levels):
        kinds.add("references")
    needs_revenue = any(t.min_revenue > 0 for t in program.tiers) or any(lv.min_revenue > 0 for lv in levels)
    kinds.add("revenue" if needs_revenue else "revenue_other")
    extras = program.extras
    if extras is not None and extras.metrics:
        kinds.add("metrics")
    if extras is not None and extras.facts:
        kinds.add("flags")
    currency = extras.currency if extras is not None else "EUR"
    return FactKinds(frozenset(kinds), currency)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (facts hold no cycles).

    Building a portfolio's million and a half fact objects otherwise triggers full collections over
    all of them again and again (about a fifth of the load's time at 100,000 partners).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def fits_part_rows(part: Part, program: Program) -> bool:
    """Whether the part is evaluated by `columns_from_rows` (summary columns of a plain program, facts of its day)."""
    return part.columns and part.facts_day == part.on and fits_rows(program)


class _Cancelled(Exception):
    """The user cancelled while the rows were read."""


#: Rows fetched at a time by `_columns_from_rows` (cancellation is polled between fetches).
FETCH = 5000


def columns_from_rows(conn: Any, part: Part, program: Program, progress: ProgressFn | None = None,
                      cancelled: Callable[[], bool] | None = None, scale: int = 1) -> list[Any] | None:
    """A plain program's summary columns of one part, its fact rows added up as read (`evaluation_rows`).

    Args:
        conn: A DB-API connection to the portfolio, in one snapshot.
        part: The part (`fits_rows` program, facts filtered by its day).
        program: The parsed ``part.program_source``.
        progress: Called with ``(done × scale, total × scale, message)`` after each kind of fact.
        cancelled: Polled every few thousand rows.
        scale: How many parts run at once (the progress of one stands for all).

    Returns:
        ``(partner_id, tier, movement, at_risk_on)`` by name and id, or None when cancelled.
    """
    kinds = summary_fact_kinds(program)
    floor = part.since.start_date(program.fiscal_year_start_month).isoformat() if part.since else ""
    message = ""  # the caller, who knows the portfolio, counts its partners (`evaluation_parts.counting`)
    heads = live_partner_heads(conn, None, part.id_range)
    total = len(heads)
    steps = iter(range(1, 5))

    def rows(kind: str) -> Any:
        if kind == "revenue" and kind not in kinds.kinds:
            kind = "revenue_other"  # only the lines a full read would refuse
        if kind not in kinds.kinds:
            return
        found = fact_rows(conn, kind, None, floor, part.on, id_range=part.id_range, currency=kinds.currency)
        while batch := list(islice(found, FETCH)):
            if cancelled and cancelled():
                raise _Cancelled
            yield from batch
        if progress:
            progress(total * scale * next(steps, 4) // 5, total * scale, message)

    try:
        with gc_paused():  # the sums hold no cycles
            out = summary_columns_from_rows(program, part.on, heads, rows("contacts"), rows("certifications"),
                                            rows("references"), rows("revenue"))
    except _Cancelled:
        return None
    if progress:
        progress(total * scale, total * scale, message)
    return out


def part_main(conn: Any, general: bool = False) -> None:
    """The target of a part's process: wait for its part, evaluate it, send the outcome back.

    The outcome is ``("done", results)`` or ``("failed", error, text)``. The process is started before
    its part is known (`start_part_processes`): it imports the engine meanwhile, and with ``general``
    the engine's general path too (a program that `fits_rows` does not need it). None instead of a
    part: not needed after all.
    """
    try:
        if general:
            import prm_desktop.services.evaluation_parts  # noqa: F401 - imported while waiting
        part = conn.recv()
        if part is None:
            return
        program = load_program(part.program_source)
        if fits_part_rows(part, program):
            with open_snapshot(part.db_file) as snapshot:
                result = columns_from_rows(snapshot, part, program)
        else:  # the engine's general path (it reads facts through SQLAlchemy)
            from prm_desktop.services.evaluation_parts import evaluate_part
            from prm_desktop.storage.partners.facts import snapshot_reader

            with snapshot_reader(Path(part.db_file)) as session:
                result = evaluate_part(session, part, program)
        conn.send(("done", result))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
        text = traceback.format_exc()
        try:
            conn.send(("failed", exc, text))
        except Exception:  # noqa: BLE001 - an error that cannot be pickled: its text
            conn.send(("failed", EvaluationPartError(str(exc)), text))
    finally:
        conn.close()
