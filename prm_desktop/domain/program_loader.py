"""Program file loader: TOML text → validated :class:`~prm_desktop.domain.program.Program`.

Every problem is reported as ``line N: key.path: message``. Array indexes are 0-based (``tiers[1]`` is
the second ``[[tiers]]`` table) and the line is where that table's header starts (``[program]`` for
the program's own keys). tomllib gives no positions, so the headers are found by scanning the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from prm_desktop.domain.program import (
    DIMENSIONS,
    MOTIONS,
    NO_TIER_CADENCE_DAYS,
    VISIT_KINDS,
    CertificationDef,
    Competency,
    Level,
    Program,
    ProgramError,
    Tier,
    normalize_key,
)
from prm_desktop.domain.program_validate import Checker

__all__ = ["ProgramError", "load_program"]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


@dataclass
class _Positions:
    """Line numbers (1-based) of the table headers, in file order."""

    program: int | None = None
    options: int | None = None
    tiers: list[int] = field(default_factory=list)
    competencies: list[int] = field(default_factory=list)
    levels: list[list[int]] = field(default_factory=list)
    certifications: list[int] = field(default_factory=list)

    def at(self, lines: list[int], index: int, fallback: int = 1) -> int:
        return lines[index] if 0 <= index < len(lines) else fallback

    def level(self, comp: int, index: int) -> int:
        comp_line = self.at(self.competencies, comp)
        if comp < len(self.levels):
            return self.at(self.levels[comp], index, comp_line)
        return comp_line


def _scan_headers(text: str) -> _Positions:
    pos = _Positions()
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
                break
        if in_multiline is not None:
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        name = re.sub(r"[\s\"']", "", match.group(2))
        is_array = match.group(1) == "[["
        if name == "program" and not is_array and pos.program is None:
            pos.program = number
        elif name == "options" and not is_array and pos.options is None:
            pos.options = number
        elif name == "tiers" and is_array:
            pos.tiers.append(number)
        elif name == "competencies" and is_array:
            pos.competencies.append(number)
            pos.levels.append([])
        elif name == "competencies.levels" and is_array and pos.levels:
            pos.levels[-1].append(number)
        elif name == "certifications" and is_array:
            pos.certifications.append(number)
    return pos


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str) -> ProgramError:
    message = str(exc)
    match = _TOML_POS.search(message)
    if match:
        line = int(match.group(1))
        detail = f"{message[: match.start()]} (column {match.group(2)})"
    else:
        line = max(1, len(text.splitlines()))
        detail = _TOML_END.sub("", message)
    return ProgramError([f"line {line}: syntax: {detail}"])


def load_program(text: str) -> Program:
    """Parse and validate a program file (formats.md §1).

    Args:
        text: The TOML text.

    Returns:
        The program, tiers and levels sorted by rank.

    Raises:
        ProgramError: Listing every problem as ``line N: key.path: message``.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text) from None
    pos = _scan_headers(text)
    check = Checker()
    program = _build(data, pos, check)
    if check.errors or program is None:
        raise ProgramError(sorted(check.errors, key=lambda e: int(e.split(":", 1)[0].removeprefix("line "))))
    return program


def _raw(table: dict[str, Any], key: str, typ: type) -> Any:
    """The raw value when of the expected type (for uniqueness checks), else None."""
    value = table.get(key)
    if isinstance(value, typ) and not isinstance(value, bool):
        return value.strip() if isinstance(value, str) else value
    return None


def _build(data: dict[str, Any], pos: _Positions, check: Checker) -> Program | None:
    header = _program_header(data, pos, check)
    tiers_raw = check.table_array(data, "tiers", 1)
    comps_raw = check.table_array(data, "competencies", 1)
    certs_raw = check.table_array(data, "certifications", 1)
    competencies = [_competency(raw, i, pos, check) for i, raw in enumerate(comps_raw)]
    check.unique(
        [(_raw(r, "id", str), f"competencies[{i}]", pos.at(pos.competencies, i)) for i, r in enumerate(comps_raw)],
        "id",
    )
    tiers = [_tier(raw, i, pos, check, len(comps_raw)) for i, raw in enumerate(tiers_raw)]
    tier_lines = [pos.at(pos.tiers, i) for i in range(len(tiers))]
    for attr, typ in (("id", str), ("rank", int)):
        check.unique([(_raw(r, attr, typ), f"tiers[{i}]", tier_lines[i]) for i, r in enumerate(tiers_raw)], attr)
    certifications = [_certification(raw, i, pos, check) for i, raw in enumerate(certs_raw)]
    _check_catalogue(certifications, pos, check)
    options = _options(data, pos, check)
    if header is None or check.errors:
        return None
    return Program(
        id=header["id"],
        name=header["name"],
        valid_from=header["valid_from"],
        revenue_window_quarters=header["revenue_window_quarters"],
        fiscal_year_start_month=header["fiscal_year_start_month"],
        tiers=tuple(sorted((t for t in tiers if t), key=lambda t: t.rank)),
        competencies=tuple(c for c in competencies if c),
        certifications=tuple(c for c in certifications if c),
        reference_max_age_months=options["reference_max_age_months"],
        no_tier_visit_every_days=options["no_tier_visit_every_days"],
        counting_visit_kinds=options["counting_visit_kinds"],
        visit_statuses=options["visit_statuses"],
    )


def _program_header(data: dict[str, Any], pos: _Positions, check: Checker) -> dict[str, Any] | None:
    line = pos.program or 1
    raw = data.get("program")
    if not isinstance(raw, dict):
        check.add(line, "program", "a [program] table is required" if raw is None else "must be a table")
        return None
    month = check.integer(raw, "fiscal_year_start_month", "program", line, minimum=1, maximum=12, default=1)
    return {
        "id": check.text(raw, "id", "program", line),
        "name": check.text(raw, "name", "program", line),
        "valid_from": check.day(raw, "valid_from", "program", line),
        "revenue_window_quarters": check.integer(raw, "revenue_window_quarters", "program", line, minimum=1),
        "fiscal_year_start_month": month,
    }


def _tier(raw: dict[str, Any], i: int, pos: _Positions, check: Checker, n_comps: int) -> Tier | None:
    path, line = f"tiers[{i}]", pos.at(pos.tiers, i)
    n_errors = len(check.errors)
    min_comps = check.integer(raw, "min_competencies", path, line, minimum=0)
    if min_comps is not None and min_comps > n_comps:
        check.add(line, f"{path}.min_competencies", f"must not exceed the number of competencies ({n_comps})")
    motions = check.choices(raw, "revenue_motions", path, line, MOTIONS, "motion", default=MOTIONS)
    tier = Tier(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        rank=check.integer(raw, "rank", path, line, minimum=1),
        min_revenue=check.number(raw, "min_revenue", path, line),
        min_competencies=min_comps,
        visit_every_days=check.integer(raw, "visit_every_days", path, line, minimum=1, default=None),
        revenue_motions=motions,
    )
    return tier if len(check.errors) == n_errors else None


def _level(raw: dict[str, Any], path: str, line: int, check: Checker) -> Level | None:
    n_errors = len(check.errors)
    level = Level(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        rank=check.integer(raw, "rank", path, line, minimum=1),
        min_accredited=check.integer(raw, "min_accredited", path, line, minimum=0),
        min_revenue=check.number(raw, "min_revenue", path, line),
        min_references=check.integer(raw, "min_references", path, line, minimum=0),
    )
    return level if len(check.errors) == n_errors else None


def _competency(raw: dict[str, Any], i: int, pos: _Positions, check: Checker) -> Competency | None:
    path, line = f"competencies[{i}]", pos.at(pos.competencies, i)
    n_errors = len(check.errors)
    dimension = check.text(raw, "dimension", path, line)
    if dimension is not None and dimension not in DIMENSIONS:
        check.add(line, f"{path}.dimension", f"must be one of: {', '.join(DIMENSIONS)}")
    codes = check.text_list(raw, "certifications", path, line, required=True)
    if codes is not None and len(set(codes)) != len(codes):
        check.add(line, f"{path}.certifications", "lists the same code twice")
    levels_raw = check.table_array(raw, "levels", line, path=f"{path}.levels")
    if raw.get("levels", []) == []:
        check.add(line, f"{path}.levels", "at least one [[competencies.levels]] table is required")
    levels = [_level(lv, f"{path}.levels[{j}]", pos.level(i, j), check) for j, lv in enumerate(levels_raw)]
    for attr, typ in (("id", str), ("rank", int)):
        check.unique(
            [(_raw(lv, attr, typ), f"{path}.levels[{j}]", pos.level(i, j)) for j, lv in enumerate(levels_raw)],
            attr,
        )
    comp = Competency(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        name_en=check.text(raw, "name_en", path, line, required=False),
        dimension=dimension,
        product_family=check.text(raw, "product_family", path, line),
        certifications=tuple(codes or ()),
        levels=tuple(sorted((lv for lv in levels if lv), key=lambda lv: lv.rank)),
    )
    return comp if len(check.errors) == n_errors else None


def _certification(raw: dict[str, Any], i: int, pos: _Positions, check: Checker) -> CertificationDef | None:
    path, line = f"certifications[{i}]", pos.at(pos.certifications, i)
    n_errors = len(check.errors)
    cert = CertificationDef(
        code=check.text(raw, "code", path, line),
        name=check.text(raw, "name", path, line),
        aliases=tuple(check.text_list(raw, "aliases", path, line, required=False) or ()),
        name_en=check.text(raw, "name_en", path, line, required=False),
    )
    return cert if len(check.errors) == n_errors else None


def _check_catalogue(certs: list[CertificationDef | None], pos: _Positions, check: Checker) -> None:
    lines = [pos.at(pos.certifications, i) for i in range(len(certs))]
    check.unique([(c.code if c else None, f"certifications[{i}]", lines[i]) for i, c in enumerate(certs)], "code")
    owner: dict[str, str] = {}
    for cert in certs:
        if cert is not None:
            owner.setdefault(normalize_key(cert.code), cert.code)
    for i, cert in enumerate(certs):
        if cert is None:
            continue
        for key in ("name", "name_en", "aliases"):
            values = cert.aliases if key == "aliases" else (getattr(cert, key),)
            for value in values:
                if not value:
                    continue
                other = owner.setdefault(normalize_key(value), cert.code)
                if other != cert.code:
                    check.add(
                        lines[i],
                        f"certifications[{i}].{key}",
                        f'"{value}" already names certification {other}',
                    )


#: Partner statuses (program option ``visit_statuses``: which of them expect visits; default below).
_PARTNER_STATUSES = ("prospect", "onboarding", "active", "at_risk", "inactive")
_VISIT_STATUSES = ("active", "at_risk", "onboarding")


def _options(data: dict[str, Any], pos: _Positions, check: Checker) -> dict[str, Any]:
    line = pos.options or 1
    raw = data.get("options", {})
    result: dict[str, Any] = {
        "reference_max_age_months": None,
        "no_tier_visit_every_days": NO_TIER_CADENCE_DAYS,
        "counting_visit_kinds": ("on_site", "video"),
        "visit_statuses": _VISIT_STATUSES,
    }
    if not isinstance(raw, dict):
        check.add(line, "options", "must be a table")
        return result
    result["reference_max_age_months"] = check.integer(
        raw, "reference_max_age_months", "options", line, minimum=1, default=None
    )
    result["no_tier_visit_every_days"] = check.integer(
        raw, "no_tier_visit_every_days", "options", line, minimum=1, default=NO_TIER_CADENCE_DAYS
    )
    result["counting_visit_kinds"] = check.choices(
        raw, "counting_visit_kinds", "options", line, VISIT_KINDS, "visit kind", default=("on_site", "video")
    )
    result["visit_statuses"] = check.choices(
        raw, "visit_statuses", "options", line, _PARTNER_STATUSES, "partner status", default=_VISIT_STATUSES
    )
    return result
