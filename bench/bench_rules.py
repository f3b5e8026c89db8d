"""Program engine under the richest rules (issue 12, point 10): people by role, a per-person cap, review, grace.

The perf portfolio's certifications are the default program's codes; :func:`rich_program_text` tags
them with roles (``…-SALES``/``-BIZ``/``-PROC`` sales, ``-ARCH``/``-DESIGN`` professional, the others
technical), asks each Expert level for one person of each role its codes carry, the Gold and Platinum
tiers for certified people by role, caps each person at two competencies, reviews each 1 April and
keeps what is lost 3 months.

The budgeted figure is the whole portfolio end to end the way the app refreshes it after a program
change: this program imported and activated, then ``refresh_evaluations`` (facts read, every partner
evaluated in two processes from 20,000 partners, results written), with the CPU time of every process,
measured first, as the app's worker (a process started for the job) runs it.
Then the default program is activated again and refreshed the same way (the perf portfolio is left as
it was; that refresh is the comparison). Also: one partner (median, p95) and the whole portfolio in one
process, facts already loaded, under each program (each loads what it needs: this one, with a review
and grace, every fact of the past too); and the floor, the loader's queries with the bare sqlite3 module.
"""

from __future__ import annotations

import gc
import os
import re
import statistics
import time
from datetime import date
from typing import Any

from bench.bench_engine import bare_fact_scan_s
from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.evaluation import PartnerFacts, evaluate
from prm_desktop.domain.program import Program, load_program
from prm_desktop.services import portfolio
from prm_desktop.services.evaluation import facts_day, first_window_quarter, load_facts, summary_fact_kinds
from prm_desktop.services.programs import (
    DEFAULT_PROGRAM_ID,
    activate_program,
    default_program_text,
    get_program,
    import_program,
)
from prm_desktop.storage.partners.facts import FACT_KINDS

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

_CODE = re.compile(r'^code = "([^"]+)"')
_CERTS = re.compile(r"^certifications = \[(.*)\]")
_OPTIONS = """max_competencies_per_person = 2
review_date = "04-01"
grace_months = 3
"""
_TIER_PEOPLE = {
    "gold": 'min_people = 4\nmin_people_by_role = { sales = 1, technical = 1 }\n',
    "platinum": 'min_people = 8\nmin_people_by_role = { sales = 2, technical = 2, professional = 1 }\n',
}


def role_of(code: str) -> str:
    """The role the bench gives a default-program certification code."""
    if code.endswith(("-SALES", "-BIZ", "-PROC")):
        return "sales"
    if code.endswith(("-ARCH", "-DESIGN")):
        return "professional"
    return "technical"


def rich_program_text() -> str:
    """The default program with roles, role minimums, a cap of two competencies, a review and grace."""
    text = default_program_text()
    out: list[str] = []
    table, codes = "", []
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            table = stripped
        out.append(line)
        if table == "[program]" and stripped.startswith("id ="):
            out[-1] = 'id = "bench-rich"\n'
        elif table == "[[certifications]]" and (m := _CODE.match(stripped)):
            out.append(f'role = "{role_of(m.group(1))}"\n')
        elif table == "[[competencies]]" and (m := _CERTS.match(stripped)):
            codes = re.findall(r'"([^"]+)"', m.group(1))
        elif table == "[[competencies.levels]]" and stripped == 'id = "expert"':
            roles = sorted({role_of(c) for c in codes})
            out.append("min_by_role = { " + ", ".join(f"{r} = 1" for r in roles) + " }\n")
        elif table == "[[tiers]]" and stripped.startswith("id = "):
            out.append(_TIER_PEOPLE.get(stripped.split('"')[1], ""))
        elif table == "[options]" and stripped.startswith("visit_statuses"):
            out.append(_OPTIONS)
    return "".join(out)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its ended children (the refresh's second process)."""
    if resource is None:
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_floor_s(db_file: str, program: Program, on: date) -> float:
    """Seconds the loader's queries take with the bare sqlite3 module, rows fetched and dropped (the floor).

    The queries a refresh under ``program`` runs: the kinds of facts its results depend on
    (`summary_fact_kinds`), with its revenue floor, and filtered by the day only when the program
    needs no earlier day (`facts_day`).
    """
    floor = first_window_quarter([program], on).start_date(program.fiscal_year_start_month).isoformat()
    kinds = summary_fact_kinds(program)
    return bare_fact_scan_s(db_file, floor, on, by_day=facts_day([program], on) is not None,
                            kinds=tuple(k for k in FACT_KINDS if k in kinds.kinds), currency=kinds.currency)


def refresh_figures(ctx: Any, on: date) -> dict[str, Any]:
    """The whole portfolio refreshed as the app does after a program change: seconds, CPU seconds of every process."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = portfolio.refresh_evaluations(ctx.uow, on)
    return {"refresh_evaluations_s": round(time.perf_counter() - started, 2),
            "refresh_evaluations_cpu_s": round(cpu_seconds() - cpu, 2),
            "refresh_evaluated": result.evaluated,
            "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None}


def _time(program: Program, facts: list[PartnerFacts], on: date) -> dict[str, float]:
    started, cpu = time.perf_counter(), time.process_time()
    for partner in facts:
        evaluate(program, partner, on, with_gaps=False)
    portfolio_s, portfolio_cpu = time.perf_counter() - started, time.process_time() - cpu
    single, single_cpu = [], []
    for partner in facts[:: max(1, len(facts) // 2000)]:
        t0, c0 = time.perf_counter(), time.process_time()
        evaluate(program, partner, on)
        single.append((time.perf_counter() - t0) * 1000)
        single_cpu.append((time.process_time() - c0) * 1000)
    single.sort()
    single_cpu.sort()
    return {
        "one_partner_ms_median": round(statistics.median(single), 3),
        "one_partner_ms_p95": round(single[int(len(single) * 0.95) - 1], 3),
        "one_partner_cpu_ms_median": round(statistics.median(single_cpu), 3),
        "one_partner_cpu_ms_p95": round(single_cpu[int(len(single_cpu) * 0.95) - 1], 3),
        "portfolio_evaluate_one_process_s": round(portfolio_s, 2),
        "portfolio_evaluate_one_process_cpu_s": round(portfolio_cpu, 2),
    }


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the default and the rich program on the perf data set."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    try:
        on = date.today()
        rich_text = rich_program_text()
        rich = load_program(rich_text)
        if get_program(ctx.uow).id == rich.id:  # an interrupted run left the rich program active
            activate_program(ctx.uow, DEFAULT_PROGRAM_ID)
        default = get_program(ctx.uow)
        figures: dict[str, Any] = {"partners": 0, "one_partner_budget_ms": 5, "portfolio_budget_s": 5}
        # The budgeted figure, first: the app refreshes in a worker process of its own, started for the job,
        # not in one that has just read and freed the whole portfolio twice (measured after the figures
        # below, the refresh took 0.5-1 s more: a fragmented heap makes the facts slower to build).
        # The rich program activated, the whole portfolio refreshed as the app does; then the default.
        import_program(ctx.uow, rich_text)
        try:
            figures["rich"] = refresh_figures(ctx, on)
        finally:
            activate_program(ctx.uow, default.id)
        figures["default"] = refresh_figures(ctx, on)
        for name, program in (("default", default), ("rich", rich)):
            started = time.perf_counter()
            facts = load_facts(ctx.uow, None, first_window_quarter([program], on), facts_day([program], on),
                               fiscal_start_month=program.fiscal_year_start_month)
            load_s = time.perf_counter() - started
            figures["partners"] = len(facts)
            figures[name].update({"load_facts_s": round(load_s, 2), **_time(program, facts, on)})
            if name == "rich":
                capped = [evaluate(rich, f, on, with_gaps=False).assignment is not None for f in facts]
                figures["rich"]["partners_where_the_cap_decided"] = sum(capped)
            del facts
            gc.collect()
            figures[name]["load_floor_bare_sqlite_s"] = round(load_floor_s(str(ctx.db.path), program, on), 2)
    finally:
        ctx.close()
    return figures
