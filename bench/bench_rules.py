"""Program engine under the richest rules (issue 12, point 10): people by role, a per-person cap, review, grace.

The perf portfolio's certifications are the default program's codes; :func:`rich_program_text` tags
them with roles (``…-SALES``/``-BIZ``/``-PROC`` sales, ``-ARCH``/``-DESIGN`` professional, the others
technical), asks each Expert level for one person of each role its codes carry, the Gold and Platinum
tiers for certified people by role, caps each person at two competencies, reviews each 1 April and
keeps what is lost 3 months. Figures: one partner (median, p95) and the whole portfolio, under the
default program and under this one, facts already loaded (each program loads what it needs).
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date
from typing import Any

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.evaluation import PartnerFacts, evaluate
from prm_desktop.domain.program import Program, load_program
from prm_desktop.services.evaluation import facts_day, first_window_quarter, load_facts
from prm_desktop.services.programs import default_program_text, get_program

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


def _time(program: Program, facts: list[PartnerFacts], on: date) -> dict[str, float]:
    started = time.perf_counter()
    for partner in facts:
        evaluate(program, partner, on, with_gaps=False)
    portfolio_s = time.perf_counter() - started
    single = []
    for partner in facts[:: max(1, len(facts) // 2000)]:
        t0 = time.perf_counter()
        evaluate(program, partner, on)
        single.append((time.perf_counter() - t0) * 1000)
    single.sort()
    return {
        "one_partner_ms_median": round(statistics.median(single), 3),
        "one_partner_ms_p95": round(single[int(len(single) * 0.95) - 1], 3),
        "portfolio_evaluate_s": round(portfolio_s, 2),
    }


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the default and the rich program on the perf data set."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    try:
        on = date.today()
        default = get_program(ctx.uow)
        rich = load_program(rich_program_text())
        figures: dict[str, Any] = {"partners": 0, "one_partner_budget_ms": 5, "portfolio_budget_s": 5}
        for name, program in (("default", default), ("rich", rich)):
            started = time.perf_counter()
            facts = load_facts(ctx.uow, None, first_window_quarter([program], on), facts_day([program], on),
                               fiscal_start_month=program.fiscal_year_start_month)
            load_s = time.perf_counter() - started
            figures["partners"] = len(facts)
            figures[name] = {"load_facts_s": round(load_s, 2), **_time(program, facts, on)}
        capped = [evaluate(rich, f, on).assignment is not None for f in facts]
        figures["rich"]["partners_where_the_cap_decided"] = sum(capped)
    finally:
        ctx.close()
    return figures
