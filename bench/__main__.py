"""Run the benchmarks: ``python -m bench [--only NAME] [--partners N | --sizes N,N,...]``.

Every module listed in `BENCHES` exposes ``run(partners=...) -> dict`` of figures; each result is
printed and written to ``bench/results/<name>.json`` (name without the ``bench_`` prefix). With
``--sizes 1000,10000,100000`` the selected benches run for each portfolio size, each result goes to
``bench/results/<name>-<size>.json`` and a growth table (one column per size) is printed at the end.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Benchmark modules of the ``bench`` package, run in this order.
BENCHES: tuple[str, ...] = (
    "bench_core", "bench_startup", "bench_engine", "bench_partners", "bench_gui", "bench_visits", "bench_standing",
    "bench_reviews",
    "bench_edits",
    "bench_rules",
    "bench_calendar",
    "bench_notes",
    "bench_scored",
    "bench_sync",
    "bench_sync_perf",
)
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_PARTNERS = 100_000


def _short(name: str) -> str:
    return name.removeprefix("bench_")


def _select(only: list[str] | None) -> list[str]:
    if not only:
        return list(BENCHES)
    wanted = {_short(n) for n in only}
    unknown = wanted - {_short(n) for n in BENCHES}
    if unknown:
        raise SystemExit(
            f"unknown bench: {', '.join(sorted(unknown))} (known: {', '.join(_short(n) for n in BENCHES)})"
        )
    return [n for n in BENCHES if _short(n) in wanted]


def _print_figures(name: str, figures: dict[str, Any]) -> None:
    print(f"== {name}")
    width = max((len(k) for k in figures), default=0)
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"  {key}:")
            for sub, sub_value in value.items():
                print(f"    {sub:<{width}}  {sub_value}")
        else:
            print(f"  {key:<{width}}  {value}")


def _flat(figures: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """The numeric figures, nested ones as ``a.b`` (per-keystroke / per-field details left out)."""
    flat: dict[str, float] = {}
    for key, value in figures.items():
        if "_by_" in key:
            continue
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            flat[f"{prefix}{key}"] = value
    return flat


def growth_table(results: dict[int, dict[str, Any]]) -> str:
    """A text table of the numeric figures of one bench, one column per portfolio size."""
    sizes = sorted(results)
    flats = {size: _flat(results[size]) for size in sizes}
    keys = list(dict.fromkeys(k for size in sizes for k in flats[size]))
    width = max((len(k) for k in keys), default=10)
    lines = [f"  {'figure':<{width}}" + "".join(f"{size:>14,}" for size in sizes)]
    for key in keys:
        cells = "".join(f"{flats[size][key]:>14,.6g}" if key in flats[size] else f"{'-':>14}" for size in sizes)
        lines.append(f"  {key:<{width}}{cells}")
    return "\n".join(lines)


def _run_one(name: str, partners: int, suffix: str = "") -> dict[str, Any]:
    module = importlib.import_module(f"bench.{name}")
    started = time.perf_counter()
    figures = module.run(partners=partners)
    payload = {
        "bench": _short(name),
        "partners": partners,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - started, 2),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "figures": figures,
    }
    (RESULTS_DIR / f"{_short(name)}{suffix}.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    _print_figures(f"{_short(name)}{suffix}", figures)
    return figures


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes are numbers separated by commas, not {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size of 1 or more")
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks and write their results."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="PRM Desktop benchmarks")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this bench (e.g. core); may be repeated"
    )
    parser.add_argument(
        "--partners",
        type=int,
        default=DEFAULT_PARTNERS,
        metavar="N",
        help=f"partners in the perf data set (default {DEFAULT_PARTNERS})",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        metavar="N,N,...",
        help="run for each portfolio size and print a growth table (e.g. 1000,10000,100000)",
    )
    args = parser.parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    names = _select(args.only)
    if not args.sizes:
        for name in names:
            _run_one(name, args.partners)
        return 0
    growth: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in names}
    for size in args.sizes:
        for name in names:
            growth[name][size] = _run_one(name, size, suffix=f"-{size}")
    for name, results in growth.items():
        print(f"== growth: {_short(name)}")
        print(growth_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
