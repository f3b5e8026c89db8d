"""The perf data set (design §6): a demo portfolio of 100,000 partners, built once and reused.

It lives in ``bench/results/perf-data/partners-N/`` (gitignored). A ``complete.json`` marker is
written only after the demo batch was committed, so an interrupted build is never reused.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from prm_desktop.bootstrap import open_app
from prm_desktop.config import resolve_paths
from prm_desktop.services.demo import DemoResult, generate_demo

PERF_DIR = Path(__file__).resolve().parent / "results" / "perf-data"
MARKER = "complete.json"
SEED = 1


@dataclass(frozen=True)
class PerfBuild:
    """A freshly built perf data set and how long the demo generation took."""

    data_dir: Path
    result: DemoResult
    seconds: float
    cpu_seconds: float


def perf_data_dir(partners: int = 100_000) -> Path:
    """Folder of the perf portfolio with ``partners`` partners (pass it as ``--data-dir`` / to open_app)."""
    return PERF_DIR / f"partners-{partners}"


def database_file(data_dir: Path) -> Path:
    """The SQLite file of a portfolio folder."""
    return resolve_paths(data_dir).database


def _complete(folder: Path, partners: int) -> bool:
    marker = folder / MARKER
    if not marker.is_file() or not database_file(folder).is_file():
        return False
    try:
        info = json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return info.get("partners") == partners and info.get("seed") == SEED


class _Progress:
    """Prints a progress line on stderr about every 10 %."""

    def __init__(self) -> None:
        self.decile = -1
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        if total <= 0:
            print(f"  [{elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)
            return
        decile = done * 10 // total
        if decile > self.decile:
            self.decile = decile
            print(
                f"  [{elapsed:6.1f} s] {decile * 10:3d}% {done:>10,}/{total:,} {message}", file=sys.stderr, flush=True
            )


def build_perf_database(partners: int = 100_000, seed: int = SEED) -> PerfBuild:
    """Build the perf portfolio from scratch (replacing any previous one) and time the demo generation."""
    folder = perf_data_dir(partners)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ctx = open_app(folder)
    try:
        today = date.today()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = generate_demo(ctx.uow, partners=partners, seed=seed, today=today, progress=_Progress())
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        ctx.close()
    marker = {
        "partners": partners,
        "seed": seed,
        "today": today.isoformat(),
        "batch_id": result.batch_id,
        "counts": result.counts,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
    }
    (folder / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return PerfBuild(folder, result, seconds, cpu_seconds)


def ensure_perf_database(partners: int = 100_000) -> Path:
    """The perf portfolio's folder, built first unless a complete one is already there.

    Returns:
        The data folder (what ``open_app`` and ``--data-dir`` take); its SQLite file is
        `database_file` of it.
    """
    folder = perf_data_dir(partners)
    if not _complete(folder, partners):
        build_perf_database(partners)
    return folder
