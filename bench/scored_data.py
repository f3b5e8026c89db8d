"""A scored-program portfolio made in minutes from a copy of the perf portfolio (issue 13, point 8).

Generating a whole demo portfolio under a scored program takes most of an hour at 100,000 partners.
The perf portfolio (`perfdata`, built under the default program) already holds the partners and
their people, certifications, references and revenue; a copy of its file is turned into a portfolio
of the scored program:

- the program imported and activated (through the app);
- each partner's assigned tier renamed to the program's tier of the same rank (one tier: any tier);
  revenue lines and targets in the program's currency; for a program whose competencies name
  certifications (AWS), each certification's code is one of those (the perf portfolio's are the
  default program's, which it would not count);
- the metric values and yes/no facts written by the demo generator's own code
  (`prm_desktop.services.demo.metrics.build`, same distribution: by the partner's tier rank) and
  bulk-inserted through a unit of work, like the demo writes them.

The edits of the copied rows are plain SQL (a bench data set, not a user's portfolio: they are not
in the change log). What the refresh reads is then what a portfolio generated under the program
holds, with more rows than needed (certifications and references of the default program's codes):
the figures are upper bounds.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

from bench.perfdata import database_file, ensure_perf_database
from prm_desktop.bootstrap import open_app
from prm_desktop.domain.program import Program, load_program
from prm_desktop.services.demo import metrics
from prm_desktop.services.demo.generator import DemoBuilder, PartnerInfo
from prm_desktop.services.demo.writer import CHUNK_SIZE
from prm_desktop.services.programs import import_program
from prm_desktop.storage.models import PartnerMetricValue, PartnerYesNoFact

__all__ = ["derive_scored_portfolio"]

#: The default program's tiers, by rank (what the perf portfolio's partners are assigned).
_DEFAULT_TIERS = ("silver", "gold", "platinum")


def _retag(db_file: Path, program: Program) -> None:
    """Assigned tiers, currencies and certification codes of the copy made the program's (plain SQL)."""
    tiers = sorted(program.tiers, key=lambda t: t.rank)
    con = sqlite3.connect(db_file)
    try:
        with con:
            for rank, old in enumerate(_DEFAULT_TIERS, start=1):
                new = tiers[min(rank, len(tiers)) - 1] if tiers else None
                for table, rank_column in (("partners", None), ("partner_summary", "tier_rank")):
                    sets = "assigned_tier = ?" + (f", {rank_column} = ?" if rank_column else "")
                    params: list[object] = [new.id if new else None]
                    if rank_column:
                        params.append(new.rank if new else None)
                    con.execute(f"UPDATE {table} SET {sets} WHERE assigned_tier = ?", [*params, old])  # noqa: S608
            currency = program.extras.currency if program.extras is not None else "EUR"
            if currency != "EUR":
                con.execute("UPDATE revenue_lines SET currency = ?", (currency,))
                con.execute("UPDATE targets SET currency = ?", (currency,))
            codes = list(dict.fromkeys(code for comp in program.competencies for code in comp.certifications))
            if codes:
                # Every certification becomes one of the program's codes (as the generator draws them).
                con.create_function("pick", 1, lambda rowid: codes[rowid * 7919 % len(codes)], deterministic=True)
                con.execute("UPDATE certifications SET code = pick(rowid)")
    finally:
        con.close()


def _partner_infos(db_file: Path, program: Program) -> list[PartnerInfo]:
    """What the metric generator needs of each live partner: id, status and assigned tier's rank."""
    rank = {t.id: i for i, t in enumerate(sorted(program.tiers, key=lambda t: t.rank), start=1)}
    con = sqlite3.connect(db_file)
    try:
        rows = con.execute("SELECT id, status, assigned_tier FROM partners WHERE deleted_at IS NULL "
                           "ORDER BY rowid").fetchall()
    finally:
        con.close()
    infos = []
    for index, (pid, status, tier) in enumerate(rows):
        info = PartnerInfo(index)
        info.id, info.status, info.tier_rank = pid, status, rank.get(tier, 0)
        infos.append(info)
    return infos


def derive_scored_portfolio(folder: Path, program_text: str, partners: int, seed: int,
                            today: date | None = None) -> dict[str, float]:
    """Make ``folder`` a portfolio of ``partners`` partners under the program ``program_text``.

    Args:
        folder: The data folder to (re)create.
        program_text: The scored program's TOML text.
        partners: Size of the perf portfolio copied (built first when missing).
        seed: Seed of the metric generator.
        today: The day the metrics are generated around (default: today).

    Returns:
        Seconds spent copying, retagging and writing the metrics, and the rows written.
    """
    started = time.perf_counter()
    source = ensure_perf_database(partners)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db_file = database_file(folder)
    shutil.copyfile(database_file(source), db_file)
    copied = time.perf_counter()
    program = load_program(program_text)
    _retag(db_file, program)
    retagged = time.perf_counter()
    ctx = open_app(folder)
    try:
        import_program(ctx.uow, program_text)
        builder = DemoBuilder(program, partners, seed, today or date.today())
        builder.partners = _partner_infos(db_file, program)
        metrics.build(builder)
        written = 0
        with ctx.uow(kind="demo", label=f"Bench metrics and yes/no facts ({program.id})") as work:
            for model in (PartnerMetricValue, PartnerYesNoFact):
                rows = builder.rows[model]
                for start in range(0, len(rows), CHUNK_SIZE):
                    work.bulk_insert(model, rows[start:start + CHUNK_SIZE])
                written += len(rows)
            work.commit()
    finally:
        ctx.close()
    done = time.perf_counter()
    return {"copy_s": round(copied - started, 1), "retag_s": round(retagged - copied, 1),
            "metrics_s": round(done - retagged, 1), "rows_written": written}
