"""Run the benchmarks: ``python -m bench [--only NAME] [--partners N]``.

Every module listed in `BENCHES` exposes ``run(partners=...) -> dict`` of figures; each result is
printed and written to ``bench/results/<name>.json`` (name without the ``bench_`` prefix).
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
    "bench_core", "bench_startup", "bench_engine", "bench_partners", "bench_visits", "bench_standing",
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
    args = parser.parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for name in _select(args.only):
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        figures = module.run(partners=args.partners)
        payload = {
            "bench": _short(name),
            "partners": args.partners,
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "wall_seconds": round(time.perf_counter() - started, 2),
            "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
            "figures": figures,
        }
        (RESULTS_DIR / f"{_short(name)}.json").write_text(
            json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        _print_figures(_short(name), figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
