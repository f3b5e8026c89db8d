"""The Partners tab's service layer on the perf data set (issue 4 item 8): first rows, sort, filter, import.

These are the queries alone (no model, no cell formatting, no thread hop), one shot each: they tell
where the time goes, not what the user waits for. What the user waits for (search per keystroke,
sort and filter to painted rows, against the raw ``sqlite3`` floor, with the GUI-thread stall probe
and the GUI's own memory) is ``bench_gui``.

Figures (design §6 budgets in the ``*_budget_*`` entries):

- first rows: count + first page (:data:`PAGE`) of the default list (name ascending), through the
  services, and through the real ``PartnersTableModel`` (offscreen, queries run at once) until its
  first row is there;
- sort: count + first page for every key of ``SORT_KEYS``, both directions;
- filter: count + first page for a value of each field of ``PartnerFilter``;
- import: a generated 100,000-row partners CSV into a copy of the small perf portfolio
  (``import_file`` in this process: read, plan, write), in a temporary folder removed afterwards;
- peak RSS of this bench process (not the GUI's) after the list figures and after the import.
"""

from __future__ import annotations

import csv
import random
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.perfdata import ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.services.imports.apply import import_file
from prm_desktop.services.partner_queries import (
    SORT_KEYS,
    PartnerFilter,
    count_partners,
    fetch_partner_rows,
    filter_options,
)
from prm_desktop.services.programs import get_program
from prm_desktop.storage.unit_of_work import UnitOfWorkFactory

#: Rows of a page (the list model's ``PAGE_SIZE``).
PAGE = 200
#: One shot per measure (no best-of).
REPEATS = 1
IMPORT_ROWS = 100_000
#: Small portfolio copied for the import (built first if missing; a few seconds).
IMPORT_BASE_PARTNERS = 500
LIST_BUDGET_MS = 100
IMPORT_BUDGET_S = 30


def _ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _list_ms(uow: UnitOfWorkFactory, flt: PartnerFilter, sort_key: str = "name", descending: bool = False) -> float:
    """One shot (:data:`REPEATS`) of what the list does for a new filter or sort: count, then the first page."""

    def once() -> None:
        count_partners(uow, flt)
        fetch_partner_rows(uow, flt, sort_key, descending, 0, PAGE)

    return min(_ms(once) for _ in range(REPEATS))


def _first_rows(uow: UnitOfWorkFactory) -> dict[str, Any]:
    flt = PartnerFilter()
    count: list[int] = []
    first = _ms(lambda: (count.append(count_partners(uow, flt)), fetch_partner_rows(uow, flt, "name", False, 0, PAGE)))
    figures: dict[str, Any] = {
        "first_rows_partners": count[0],
        "first_rows_service_first_call_ms": round(first, 2),
        "first_rows_service_ms": round(_list_ms(uow, flt), 2),
    }
    try:
        from PySide6.QtWidgets import QApplication

        from prm_desktop.ui.partners.list_source import QuerySource
        from prm_desktop.ui.partners.partners_table_model import PartnersTableModel
    except ImportError as exc:  # no Qt: the service figures stand alone
        figures["first_rows_model_ms"] = f"skipped: {exc}"
        return figures
    app = QApplication.instance() or QApplication([])

    def model() -> None:
        table = PartnersTableModel(QuerySource(uow), flt)
        if table.rowCount() and table.data(table.index(0, 0)) is None:
            raise RuntimeError("the model has no first row")
        table.deleteLater()

    figures["first_rows_model_ms"] = round(min(_ms(model) for _ in range(REPEATS)), 2)
    app.processEvents()
    return figures


def _sorts(uow: UnitOfWorkFactory) -> dict[str, Any]:
    timings = {
        f"{key} {'desc' if descending else 'asc'}": _list_ms(uow, PartnerFilter(), key, descending)
        for key in SORT_KEYS
        for descending in (False, True)
    }
    values = list(timings.values())
    return {
        "sort_ms_max": round(max(values), 2),
        "sort_ms_median": round(statistics.median(values), 2),
        "sort_slowest": max(timings, key=lambda k: timings[k]),
        "sort_budget_ms": LIST_BUDGET_MS,
        "sort_by_key_ms": {k: round(v, 1) for k, v in timings.items()},
    }


def _filter_cases(uow: UnitOfWorkFactory) -> dict[str, PartnerFilter]:
    """One filter per field of ``PartnerFilter`` (a field the bench does not know is reported)."""
    options = filter_options(uow)

    def first(values: list[Any]) -> Any:
        return values[len(values) // 2] if values else None

    samples: dict[str, Any] = {
        "text": "conseil",
        "types": (first(options.types),),
        "tiers": (options.tiers[0][0],) if options.tiers else (),
        "statuses": ("active",),
        "region": first(options.regions),
        "city": first(options.cities),
        "owner_id": first(options.owners)[0] if options.owners else None,
        "motion": first(options.motions),
        "tag": first(options.tags),
        "visit_overdue": True,
        "contract_ends_within_days": 90,
        "deleted": True,
        "promotion_candidate": True,
        "demotion_candidate": True,
        "at_risk_within_days": 90,
    }
    cases = {}
    for spec in fields(PartnerFilter):
        if spec.name == "today":  # the reference day of the date filters, not a filter
            continue
        if spec.name not in samples:
            raise KeyError(f"bench_partners has no sample value for the new filter field {spec.name!r}")
        cases[spec.name] = replace(PartnerFilter(), **{spec.name: samples[spec.name]})
    return cases


def _filters(uow: UnitOfWorkFactory) -> dict[str, Any]:
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, flt in _filter_cases(uow).items():
        timings[name] = _list_ms(uow, flt)
        counts[name] = count_partners(uow, flt)
    values = list(timings.values())
    return {
        "filter_ms_max": round(max(values), 2),
        "filter_ms_median": round(statistics.median(values), 2),
        "filter_slowest": max(timings, key=lambda k: timings[k]),
        "filter_budget_ms": LIST_BUDGET_MS,
        "filter_by_field_ms": {k: f"{v:.1f} ms ({counts[k]} partners)" for k, v in timings.items()},
    }


def _siren(number: int) -> str:
    """A valid (Luhn) SIREN from an 8-digit number."""
    base = f"{number:08d}"
    for check in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(base + check)):
            digit = int(ch) * (2 if i % 2 else 1)
            total += digit - 9 if digit > 9 else digit
        if total % 10 == 0:
            return base + check
    raise AssertionError("unreachable")


def write_partners_csv(path: Path, rows: int, owners: list[str], tiers: list[str], seed: int = 7) -> None:
    """Write a French partners CSV of ``rows`` new partners (deterministic)."""
    rng = random.Random(seed)
    cities = [("Lyon", "69001"), ("Paris", "75011"), ("Lille", "59000"), ("Nantes", "44000"), ("Nîmes", "30000")]
    types = ["Revendeur", "Intégrateur", "ESN", "Éditeur", "Grossiste", "MSP"]
    statuses = ["Actif", "Prospect", "À risque", "Inactif", "En intégration"]
    header = ["Nom", "Type de partenaire", "Adresse", "Code postal", "Ville", "SIREN", "Site web", "Téléphone",
              "E-mail", "Responsable partenaire", "Niveau", "Statut", "Date de signature"]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        for i in range(rows):
            city, postcode = rng.choice(cities)
            writer.writerow([
                f"Société Numérique {i} SAS", rng.choice(types), f"{i} rue de la Paix", postcode, city,
                _siren(90_000_000 + i), f"www.partner{i}.example", f"01 23 45 {i % 100:02d} {i // 100 % 100:02d}",
                f"contact{i}@partner{i}.example", rng.choice(owners) if owners else "", rng.choice([*tiers, ""]),
                rng.choice(statuses), f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(10, 25)}",
            ])  # fmt: skip


def _import(rows: int = IMPORT_ROWS) -> dict[str, Any]:
    base = ensure_perf_database(IMPORT_BASE_PARTNERS)
    with tempfile.TemporaryDirectory(prefix="prm-bench-import-") as tmp:
        folder = Path(tmp) / "portfolio"
        shutil.copytree(base, folder, ignore=shutil.ignore_patterns("backups", "logs"))
        ctx = open_app(folder)
        try:
            with ctx.uow.read() as session:
                owners = list(session.scalars(text("SELECT name FROM team_members WHERE deleted_at IS NULL")))
            tiers = [tier.name for tier in get_program(ctx.uow).tiers]
            path = Path(tmp) / "partners.csv"
            started = time.perf_counter()
            write_partners_csv(path, rows, owners, tiers)
            write_s = time.perf_counter() - started
            started, cpu = time.perf_counter(), time.process_time()
            plan, result = import_file(ctx.uow, "partners", path)
            seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        finally:
            ctx.close()
    return {
        "import_rows": rows,
        "import_s": round(seconds, 2),
        "import_cpu_s": round(cpu_s, 2),
        "import_budget_s": IMPORT_BUDGET_S,
        "import_created": result.created if result else 0,
        "import_plan_ok": plan.ok,
        "import_csv_generation_s": round(write_s, 2),
    }


def run(partners: int = 100_000) -> dict[str, Any]:
    """Measure the Partners tab's service queries on the perf data set, then a 100,000-row import."""
    folder = ensure_perf_database(partners)
    ctx = open_app(folder)
    try:
        figures: dict[str, Any] = {"partners": partners}
        figures.update(_first_rows(ctx.uow))
        figures.update(_sorts(ctx.uow))
        figures.update(_filters(ctx.uow))
    finally:
        ctx.close()
    figures["bench_process_peak_rss_after_list_mb"] = _rss_mb()
    figures.update(_import())
    figures["bench_process_peak_rss_after_import_mb"] = _rss_mb()
    return figures
