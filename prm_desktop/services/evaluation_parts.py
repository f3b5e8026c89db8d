"""The whole portfolio evaluated in parts, several at once: one in this process, the others in processes of their own.

A portfolio is split into ranges of partner ids of about the same size (`partner_id_bounds`). This
process evaluates the first range while each other range is read and evaluated by a process started
with "spawn" (no PySide6 imported); each part opens the database file read-only (`snapshot_reader`),
and the other processes send their results back through a pipe. Results come back whole or not at
all: the first part that fails raises its error here (the caller's transaction then writes nothing)
and the other processes are stopped.

A worker process is a daemon, and multiprocessing refuses to let a daemon start processes: the
processes started here are daemons themselves (they end with the worker), so the flag is lifted only
while they start.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from prm_desktop.domain.evaluation import evaluate, summary_columns
from prm_desktop.domain.evaluation_rows import fits_rows
from prm_desktop.domain.formatting import format_number
from prm_desktop.domain.i18n import _, _n
from prm_desktop.domain.program import Program
from prm_desktop.services.evaluation_part import (
    EvaluationPartError,
    Part,
    columns_from_rows,
    fits_part_rows,
    gc_paused,
    part_main,
)
from prm_desktop.storage.partners.facts import database_file, driver_connection, partner_id_bounds, snapshot_reader
from prm_desktop.storage.processes import start_spawned

__all__ = ["PARALLEL_MIN", "EvaluationPartError", "Part", "PartProcess", "counting", "evaluate_in_parts",
           "partners_evaluated", "parts_for", "processes_for", "start_part_processes", "stop_part_processes"]

#: Below this many partners the portfolio is evaluated in one process (starting another costs about a second).
PARALLEL_MIN = 20_000
#: At most this many processes (the app's machines, and CI, have two cores).
MAX_PROCESSES = 2
ProgressFn = Callable[[int, int, str], None]
#: An evaluation reduced to what the partner summary stores: ``(partner_id, tier, movement, at_risk_on)``.
Columns = tuple[str, str | None, str | None, date | None]


def processes_for(partners: int, processes: int | None) -> int:
    """How many processes evaluate ``partners`` partners: ``processes`` when given, else 2 from `PARALLEL_MIN`."""
    if processes is not None:
        return max(1, processes)
    cores = os.cpu_count() or 1
    return min(MAX_PROCESSES, cores) if partners >= PARALLEL_MIN else 1


def partners_evaluated(done: int, total: int) -> str:
    """The progress message of an evaluation, e.g. ``12,000 of 100,000 partners`` (the user's number format).

    The task's label says what runs ("Evaluating the portfolio against the program"): the message
    only says how far it is.
    """
    return _n("{done} of {total} partner", "{done} of {total} partners", total,
              done=format_number(done), total=format_number(total))  # fmt: skip


def counting(progress: ProgressFn, partners: int) -> ProgressFn:
    """``progress`` told how many of the portfolio's ``partners`` are evaluated (`partners_evaluated`).

    `evaluate_in_parts` reports this process's part, which stands for all: its share of the work done
    is applied to the whole portfolio.
    """

    def report(done: int, total: int, _message: str) -> None:
        share = min(partners, partners * done // total) if total > 0 else 0
        progress(share, partners, partners_evaluated(share, partners) if total > 0 else "")

    return report


def parts_for(session: Session, processes: int, template: Part, first_share: float | None = None) -> list[Part]:
    """``template`` for each range of partner ids, ``processes`` ranges of about the same size.

    With ``first_share``, the first part (evaluated by this process) holds that share of the partners.
    """
    return [replace(template, id_range=bounds) for bounds in partner_id_bounds(session, processes, first_share)]


def evaluate_part(session: Session, part: Part, program: Program, progress: ProgressFn | None = None,
                  cancelled: Callable[[], bool] | None = None, scale: int = 1) -> list[Any] | None:
    """Evaluate the partners of one part (by name and id) on ``session``; None when cancelled.

    Args:
        session: An open session.
        part: The part.
        program: The parsed ``part.program_source``.
        progress: Called with ``(done × scale, total × scale, message)`` every 2,000 partners.
        cancelled: Polled every 2,000 partners.
        scale: How many parts run at once (the progress of one stands for all).
    """
    from prm_desktop.services.evaluation import load_facts_in, summary_fact_kinds

    if fits_part_rows(part, program):
        return columns_from_rows(driver_connection(session), part, program, progress, cancelled, scale)
    # The summary's columns need only some kinds of facts (a scored program's: its metrics).
    kinds = summary_fact_kinds(program) if part.columns else None
    facts = load_facts_in(session, None, part.since, part.facts_day,
                          fiscal_start_month=program.fiscal_year_start_month, id_range=part.id_range,
                          kinds=kinds)  # fmt: skip
    message = ""  # the caller, who knows the portfolio, counts its partners (`counting`)
    out: list[Any] = []
    total = len(facts)
    on = part.on
    with gc_paused():  # the results hold no cycles either
        for done, partner in enumerate(facts, start=1):
            if part.columns:
                out.append((partner.partner_id, *summary_columns(program, partner, on)))
            else:
                out.append(evaluate(program, partner, on))
            if done % 2000 == 0 or done == total:
                if cancelled and cancelled():
                    return None
                if progress:
                    progress(done * scale, total * scale, message)
    return out


#: A process started for a part, and its end of their pipe.
PartProcess = tuple[Any, Any]


def start_part_processes(count: int, program: Program | None = None) -> list[PartProcess]:
    """Start ``count`` processes for the parts of a refresh before the parts are known.

    Starting one (a new interpreter importing the engine) takes a good part of a second: started first
    thing, it does so while this process splits the portfolio. Hand them to `evaluate_in_parts`, and
    `stop_part_processes` them in any case afterwards.

    Args:
        count: How many.
        program: The program of the refresh: unless it `fits_rows`, the processes also import the
            engine's general path meanwhile (None: they do).
    """
    general = program is None or not fits_rows(program)
    started = []
    for _i in range(max(0, count)):
        here, there = multiprocessing.get_context("spawn").Pipe()
        process = start_spawned(part_main, (there, general), "prm-evaluation-part")
        there.close()
        started.append((process, here))
    return started


def stop_part_processes(started: list[PartProcess]) -> None:
    """Stop the processes of `start_part_processes`: done, told they are not needed, or terminated."""
    for process, conn in started:
        with suppress(OSError, ValueError):
            if process.is_alive():
                conn.send(None)  # one still waiting for its part ends by itself
        conn.close()
        process.join(0.05)
        if process.is_alive():
            process.terminate()  # still evaluating (cancelled, or another part failed): it only reads
        process.join(5)


def _receive(process: Any, conn: Any, cancelled: Callable[[], bool] | None) -> list[Any] | None:
    while not conn.poll(0.1):
        if cancelled and cancelled():
            return None
    try:
        message = conn.recv()
    except (EOFError, OSError):
        process.join(5)
        raise EvaluationPartError(_("A process evaluating part of the portfolio stopped unexpectedly "
                                    "(exit code {code}).", code=process.exitcode)) from None
    if message[0] == "failed":
        raise message[1]
    return message[1]


def evaluate_in_parts(session: Session, parts: list[Part], program: Program, progress: ProgressFn | None = None,
                      cancelled: Callable[[], bool] | None = None,
                      on_part: Callable[[list[Any]], None] | None = None,
                      started: list[PartProcess] | None = None) -> list[list[Any]] | None:
    """Evaluate each part, the first here on ``session``, the others each in a process of its own.

    Args:
        session: The caller's open session (to find the database and the parts). Every part reads the
            last committed snapshot, not the session's own: the caller must not have uncommitted
            changes to facts.
        parts: The parts (see `parts_for`).
        program: The parsed program of the parts.
        progress: Called with ``(done, total, message)`` (this process's part standing for all).
        cancelled: Polled while evaluating and waiting; True stops every part.
        on_part: Called here with each part's results as soon as they are in this process (this
            process's own part first, while the other processes are still evaluating theirs), e.g. to
            store them in the caller's transaction meanwhile.
        started: Processes of `start_part_processes` for the parts after the first (more are started
            when too few; the caller stops them). None: started and stopped here.

    Returns:
        Each part's results in part order, or None when cancelled.

    Raises:
        Exception: The error of the first part that failed (the others are stopped).
    """
    own = started is None
    started = list(started or [])
    try:
        db_file = database_file(session)
        if len(started) < len(parts) - 1:
            started += start_part_processes(len(parts) - 1 - len(started))
        for part, (_process, conn) in zip(parts[1:], started, strict=False):
            conn.send(replace(part, db_file=str(db_file)))
        with snapshot_reader(db_file) as reader:  # the snapshot the other parts read
            first = evaluate_part(reader, parts[0], program, progress, cancelled, scale=len(parts))
        if first is None:
            return None
        if on_part:
            on_part(first)
        results = [first]
        for process, conn in started[:len(parts) - 1]:
            got = _receive(process, conn, cancelled)
            if got is None:
                return None
            if on_part:
                on_part(got)
            results.append(got)
        return results
    finally:
        if own:
            stop_part_processes(started)
