"""Services hold no SQL text (design §3): queries live in ``prm_desktop/storage`` behind typed functions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import prm_desktop.services

SERVICES = Path(prm_desktop.services.__file__).parent
#: A statement's head followed by what only SQL puts after it, or a clause only SQL writes.
_SQL = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\b.*\bSET|DELETE\s+FROM|CREATE\s+(VIRTUAL\s+|UNIQUE\s+)?"
    r"(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX)|ALTER\s+TABLE|PRAGMA\s+\w+)\b"
    r"|\b(ORDER|GROUP)\s+BY\b|\bIS\s+(NOT\s+)?NULL\b|\bjson_each\(|\bMATCH\s+:|\bIN\s+\(SELECT\b|\bLIMIT\s+:\w"
    r"|\bWHERE\s+\w+(\.\w+)?\s*(=|<|>|IN\b)|\w\s*(=|<|>|<=|>=|!=|\bLIKE|\bBETWEEN)\s*:\w",
    re.DOTALL,
)


def _modules() -> list[Path]:
    return sorted(SERVICES.rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal but docstrings; an f-string counts as its literal parts joined."""
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "x" for v in node.values]
            found.append((node.lineno, "".join(str(p) for p in parts)))
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found.append((node.lineno, node.value))
    return found


def _sql_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = [f"line {line}: {value[:70]!r}" for line, value in _strings(tree) if _SQL.search(value)]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            problems += [f"line {node.lineno}: imports sqlalchemy {a.name}" for a in node.names
                         if a.name in {"text", "literal_column", "table", "column"}]  # fmt: skip
        if isinstance(node, ast.Attribute) and node.attr == "exec_driver_sql":
            problems.append(f"line {node.lineno}: exec_driver_sql")
    return problems


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SERVICES)))
def test_service_module_holds_no_sql_text(path: Path) -> None:
    assert _sql_in(path) == []


@pytest.mark.parametrize("sample", [
    "SELECT id FROM partners WHERE id = :v",
    "DELETE FROM search_rows WHERE entity_id IN (SELECT value FROM json_each(:ids))",
    "s.name_key >= :name_from AND s.name_key < :name_to",
    "s.assigned_tier IS NULL",
    " ORDER BY s.name_key, s.id",
    "INSERT INTO search_index (search_index) VALUES ('optimize')",
    "PRAGMA wal_checkpoint(PASSIVE)",
    "CREATE VIRTUAL TABLE search_index USING fts5(body)",
])  # fmt: skip
def test_the_detector_sees_sql(sample: str) -> None:
    assert _SQL.search(sample)


@pytest.mark.parametrize("sample", [
    "Delete partner {name}", "Select the rows to update", "Update from the file", "Refresh partner summaries",
    "Order by name", "{value} matches several partners: {names}.",
])  # fmt: skip
def test_the_detector_leaves_plain_words_alone(sample: str) -> None:
    assert not _SQL.search(sample)
