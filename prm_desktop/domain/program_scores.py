"""Scores of a program file: ``[[scores]]`` with ``[[scores.paths]]`` of measures (docs/program-format.md).

A measure gives full ``points`` at ``full_at`` and points proportional to progress below (capped at
``points``); a path is met at ``min_total`` with each measure's ``min_points``; the best path is kept
(:mod:`prm_desktop.domain.evaluation_metrics`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program_validate import Checker

__all__ = ["MAX_MEASURES", "MAX_PATHS", "Measure", "ScoreDef", "ScorePath", "parse_flag", "parse_score"]

MAX_PATHS, MAX_MEASURES = 10, 30
_SCORE_KEYS = ("id", "name", "name_en", "min_total", "every_measure_above_zero", "paths")
_PATH_KEYS = ("id", "name", "name_en", "measures")
_MEASURE_KEYS = ("metric", "points", "full_at", "min_points", "partial", "window_months")


def _named(name: str, name_en: str | None, lang: str) -> str:
    return name_en if lang == "en" and name_en else name


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure of a score path: full ``points`` at ``full_at``, proportional points below."""

    metric: str
    points: float
    full_at: float
    min_points: float = 0.0
    partial: bool = True
    window_months: int | None = None


@dataclass(frozen=True, slots=True)
class ScorePath:
    """One way to compute a score (Microsoft: a designation's metrics; the best path is kept)."""

    id: str
    name: str
    name_en: str | None
    measures: tuple[Measure, ...]


@dataclass(frozen=True, slots=True)
class ScoreDef:
    """A score out of the points of its measures, met at ``min_total`` (and per-measure minimums)."""

    id: str
    name: str
    name_en: str | None
    min_total: float
    every_measure_above_zero: bool
    paths: tuple[ScorePath, ...]

    def display_name(self, lang: str) -> str:
        """Name in ``lang``."""
        return _named(self.name, self.name_en, lang)


def parse_flag(raw: dict[str, Any], key: str, path: str, line: int, check: Checker, default: bool) -> bool:
    """An optional true/false key."""
    value = raw.get(key, default)
    if not isinstance(value, bool):
        check.add(line, f"{path}.{key}", N_("must be true or false"))
        return default
    return value


def _measure(raw: Any, path: str, line: int, metrics: dict[str, Any], check: Checker) -> Measure | None:
    if not isinstance(raw, dict):
        check.add(line, path, N_("must be a table"))
        return None
    n_errors = len(check.errors)
    check.keys(raw, _MEASURE_KEYS, path, line)
    metric = check.text(raw, "metric", path, line)
    if metric is not None and metric.casefold() not in metrics:
        check.add(line, f"{path}.metric", N_("unknown metric {value}"), value=repr(metric))
    points = check.number(raw, "points", path, line)
    full_at = check.number(raw, "full_at", path, line)
    if full_at == 0:
        check.add(line, f"{path}.full_at", N_("must be more than 0"))
    min_points = check.number(raw, "min_points", path, line, default=0.0)
    if points is not None and min_points is not None and min_points > points:
        check.add(line, f"{path}.min_points", N_("must not exceed points ({n})"), n=f"{points:g}")
    measure = Measure(
        metric=metrics[metric.casefold()].id if metric and metric.casefold() in metrics else metric,
        points=points or 0.0,
        full_at=full_at or 1.0,
        min_points=min_points or 0.0,
        partial=parse_flag(raw, "partial", path, line, check, True),
        window_months=check.integer(raw, "window_months", path, line, minimum=1, maximum=120, default=None),
    )
    return measure if len(check.errors) == n_errors else None


def parse_score(raw: dict[str, Any], path: str, line: int, metrics: dict[str, Any], check: Checker,
                path_lines: list[int]) -> ScoreDef | None:
    """One ``[[scores]]`` table; ``metrics`` maps folded metric ids to their definitions."""
    n_errors = len(check.errors)
    check.keys(raw, _SCORE_KEYS, path, line)
    paths_raw = check.table_array(raw, "paths", line, path=f"{path}.paths", limit=MAX_PATHS)
    if not paths_raw and "paths" not in raw:
        check.add(line, f"{path}.paths", N_("at least one [[scores.paths]] table is required"))
    paths, complete = [], True
    for j, pr in enumerate(paths_raw):
        ppath, pline = f"{path}.paths[{j}]", path_lines[j] if j < len(path_lines) else line
        check.keys(pr, _PATH_KEYS, ppath, pline)
        measures_raw = pr.get("measures")
        if not isinstance(measures_raw, list) or not measures_raw or len(measures_raw) > MAX_MEASURES:
            check.add(pline, f"{ppath}.measures", N_("must list from 1 to {max} measure tables"), max=MAX_MEASURES)
            continue
        measures = [_measure(m, f"{ppath}.measures[{k}]", pline, metrics, check) for k, m in enumerate(measures_raw)]
        complete = complete and all(measures)
        paths.append(ScorePath(check.text(pr, "id", ppath, pline) or f"path{j + 1}",
                               check.text(pr, "name", ppath, pline, required=False) or "",
                               check.text(pr, "name_en", ppath, pline, required=False),
                               tuple(m for m in measures if m)))
    check.unique([(p.id, f"{path}.paths[{j}]", line) for j, p in enumerate(paths)], "id")
    min_total = check.number(raw, "min_total", path, line)
    most = max((sum(m.points for m in p.measures) for p in paths), default=0.0)
    if min_total is not None and paths and complete and min_total > most:
        check.add(line, f"{path}.min_total", N_("must not exceed the points a path can give ({n})"), n=f"{most:g}")
    score = ScoreDef(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        name_en=check.text(raw, "name_en", path, line, required=False),
        min_total=min_total or 0.0,
        every_measure_above_zero=parse_flag(raw, "every_measure_above_zero", path, line, check, False),
        paths=tuple(paths),
    )
    return score if len(check.errors) == n_errors else None
