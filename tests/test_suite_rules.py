"""Rules of the test suite itself: no test passes by skipping under CI, no test asserts a duration."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEST = "tests/domain/test_program_loader.py::test_sample_program_loads"
#: Names that hold a measured duration; asserting an upper bound on them is a timed assertion.
DURATION_NAME = re.compile(r"(_ms|_seconds|_secs|elapsed|duration)$")
TIMING_CALLS = {"perf_counter", "perf_counter_ns", "process_time", "timeit"}


def _run_sample_test(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRM_SAMPLES_DIR": str(tmp_path / "no-samples-here")}
    env.pop("CI", None)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", SAMPLE_TEST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_a_missing_sample_fails_under_ci(tmp_path: Path) -> None:
    done = _run_sample_test(tmp_path, "true")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "a missing sample is a failure" in done.stdout
    assert "no-samples-here" in done.stdout  # the message says where the samples were looked for


def test_a_missing_sample_skips_on_a_developer_laptop(tmp_path: Path) -> None:
    done = _run_sample_test(tmp_path, None)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SKIPPED [1]" in done.stdout and "no-samples-here" in done.stdout


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _name(node.func)
    return ""


def _timed_assertions(tree: ast.Module) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in TIMING_CALLS:
            lines.append(node.lineno)
        if not isinstance(node, ast.Assert):
            continue
        for compare in (n for n in ast.walk(node.test) if isinstance(n, ast.Compare)):
            operands = [compare.left, *compare.comparators]
            if any(isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for op in compare.ops) and any(
                DURATION_NAME.search(_name(operand)) for operand in operands
            ):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_scanner_sees_a_timed_assertion() -> None:
    tree = ast.parse("import time\nstarted = time.perf_counter()\nassert tab.list.last_search_ms < 1000\n")
    assert _timed_assertions(tree) == [2, 3]


def test_no_test_asserts_a_duration() -> None:
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}:{line}" for line in _timed_assertions(tree)]
    assert not found, "timed assertions belong to bench/, not to tests:\n" + "\n".join(found)
