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

from prm_desktop.domain.i18n import N_, _
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
from prm_desktop.domain.program_calendar import default_window_quarters, parse_calendar
from prm_desktop.domain.program_metrics import parse_extras, resolve_program_ext
from prm_desktop.domain.program_people import parse_people
from prm_desktop.domain.program_requires import parse_requires, resolve_all
from prm_desktop.domain.program_review import parse_review
from prm_desktop.domain.program_validate import Checker

__all__ = ["FORMAT_VERSION", "MAX_FILE_BYTES", "ProgramError", "load_program"]

#: The newest program file format this version reads (``format = N`` at the top of the file).
FORMAT_VERSION = 1
#: Largest program file accepted, in bytes (UTF-8).
MAX_FILE_BYTES = 1_000_000
#: Most tiers, competencies, levels per competency and catalogue certifications in a program.
MAX_TIERS, MAX_COMPETENCIES, MAX_LEVELS, MAX_CERTIFICATIONS = 50, 500, 20, 5000

_TOP_KEYS = ("format", "program", "tiers", "competencies", "certifications", "options",
             "metrics", "facts", "scores", "exchange_rates")
_PROGRAM_KEYS = ("id", "name", "valid_from", "revenue_window_quarters", "fiscal_year_start_month", "description",
                 "revenue_window", "revenue_window_months", "fiscal_year_named_by", "currency")
_TIER_KEYS = ("id", "name", "rank", "min_revenue", "min_competencies", "visit_every_days", "revenue_motions",
              "requires", "min_people", "min_people_by_role")
_COMPETENCY_KEYS = ("id", "name", "name_en", "dimension", "product_family", "certifications", "levels")
_LEVEL_KEYS = ("id", "name", "rank", "min_accredited", "min_revenue", "min_references", "requires", "min_by_role")
_CERTIFICATION_KEYS = ("code", "name", "name_en", "aliases", "role")
_OPTION_KEYS = ("reference_max_age_months", "no_tier_visit_every_days", "counting_visit_kinds", "visit_statuses",
                "max_competencies_per_person", "review_date", "grace_months")

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_TOP_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
#: tomllib's syntax messages, translated for the user (any other is shown as Python words it).
TOML_MESSAGES = (
    N_("Cannot overwrite a value"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected newline or end of document after a statement"),
    N_("Invalid date or datetime"),
    N_("Invalid initial character for a key part"),
    N_("Invalid statement"),
    N_("Invalid value"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unterminated string"),
)


@dataclass
class _Positions:
    """Line numbers (1-based) of the table headers, in file order."""

    program: int | None = None
    options: int | None = None
    tiers: list[int] = field(default_factory=list)
    competencies: list[int] = field(default_factory=list)
    levels: list[list[int]] = field(default_factory=list)
    certifications: list[int] = field(default_factory=list)
    top: dict[str, int] = field(default_factory=dict)
    arrays: dict[str, list[int]] = field(default_factory=dict)  # every header's lines, by table name

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
    in_root = True
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
            key = _TOP_KEY.match(line) if in_root else None
            if key:
                pos.top.setdefault("=" + key.group(1), number)
            continue
        in_root = False
        name = re.sub(r"[\s\"']", "", match.group(2))
        pos.top.setdefault(name.split(".")[0], number)
        is_array = match.group(1) == "[["
        pos.arrays.setdefault(name, []).append(number)
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
        detail = _("{message} (column {column})", message=_(message[: match.start()]), column=match.group(2))
    else:
        line = max(1, len(text.splitlines()))
        detail = _(_TOML_END.sub("", message))
    check = Checker()
    check.add(line, _("syntax"), "{detail}", detail=detail)
    return ProgramError(check.errors)


def _deep_line(text: str) -> int:
    """The first line where brackets or braces open more than 32 deep (strings ignored roughly)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in re.sub(r"\"[^\"]*\"|'[^']*'|#.*$", "", line):
            depth += char in "[{"
            depth -= char in "]}"
            if depth > 32:
                return number
    return 1


def _parse(text: str) -> dict[str, Any]:
    """Tomllib's parse, with every failure (too deep, too long a number) as a ProgramError."""
    check = Checker()
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        check.add(1, "file", N_("the file is larger than {max} bytes (1 MB)"), max=MAX_FILE_BYTES)
        raise ProgramError(check.errors)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text) from None
    except RecursionError:
        check.add(_deep_line(text), _("syntax"), N_("arrays or tables are nested too deeply"))
    except ValueError:
        check.add(1, _("syntax"), N_("a number is too long"))
    raise ProgramError(check.errors)


def load_program(text: str) -> Program:
    """Parse and validate a program file (formats.md §1).

    Args:
        text: The TOML text.

    Returns:
        The program, tiers and levels sorted by rank.

    Raises:
        ProgramError: Listing every problem as ``line N: key.path: message``.
    """
    data = _parse(text)
    pos = _scan_headers(text)
    check = Checker()
    program = _build(data, pos, check)
    if check.errors or program is None:
        raise ProgramError(sorted(check.errors, key=lambda e: e.line))
    return program


def _format_version(data: dict[str, Any], pos: _Positions, check: Checker) -> bool:
    """Whether the file's ``format`` (default 1) is one this version reads."""
    lines = {k.removeprefix("="): v for k, v in pos.top.items()}
    check.keys(data, _TOP_KEYS, "", 1, lines)
    if "format" not in data:
        return True
    value = data["format"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        check.add(1, "format", N_("must be a positive integer"))
        return False
    if value > FORMAT_VERSION:
        check.add(1, "format", N_("format {value} is newer than this version of PRM Desktop reads "
                                  "(up to {max}): update PRM Desktop to use this file"),
                  value=value, max=FORMAT_VERSION)
        return False
    return True


def _raw(table: dict[str, Any], key: str, typ: type) -> Any:
    """The raw value when of the expected type (for uniqueness checks), else None."""
    value = table.get(key)
    if isinstance(value, typ) and not isinstance(value, bool):
        return value.strip() if isinstance(value, str) else value
    return None


def _build(data: dict[str, Any], pos: _Positions, check: Checker) -> Program | None:
    if not _format_version(data, pos, check):
        return None
    header = _program_header(data, pos, check)
    tiers_raw = check.table_array(data, "tiers", 1, limit=MAX_TIERS)
    comps_raw = check.table_array(data, "competencies", 1, limit=MAX_COMPETENCIES)
    certs_raw = check.table_array(data, "certifications", 1, limit=MAX_CERTIFICATIONS)
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
    level_lines_raw = [[pos.level(i, j) for j in range(len(r["levels"]) if isinstance(r.get("levels"), list) else 0)]
                       for i, r in enumerate(comps_raw)]
    people = parse_people(tiers_raw, tier_lines, comps_raw, level_lines_raw, certs_raw,
                          [pos.at(pos.certifications, i) for i in range(len(certs_raw))],
                          data.get("options"), pos.options or 1, check)
    review = parse_review(data.get("options"), pos.options or 1, check)
    extras = parse_extras(data, pos.arrays, pos.program or 1, check)
    if header is None or check.errors:
        return None
    comp_lines = [pos.at(pos.competencies, i) for i in range(len(competencies))]
    # Levels are sorted by rank; problems name them by their place in the file.
    level_at = [{str(lv.get("id", "")).strip(): j for j, lv in enumerate(raw.get("levels", []))} for raw in comps_raw]
    level_lines = [{lv.id: (level_at[i][lv.id], pos.level(i, level_at[i][lv.id])) for lv in c.levels}
                   for i, c in enumerate(competencies)]
    competencies, tiers = resolve_all(  # type: ignore[arg-type]
        competencies, tiers, comp_lines, level_lines, [pos.at(pos.tiers, i) for i in range(len(tiers))], check
    )
    competencies, tiers = resolve_program_ext(competencies, tiers, level_lines, tier_lines, extras, check)
    if check.errors:
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
        people=people,
        review=review,
        calendar=header["calendar"],
        extras=extras,
    )


def _program_header(data: dict[str, Any], pos: _Positions, check: Checker) -> dict[str, Any] | None:
    line = pos.program or 1
    raw = data.get("program")
    if not isinstance(raw, dict):
        if raw is None:
            check.add(line, "program", N_("a [program] table is required"))
        else:
            check.add(line, "program", N_("must be a table"))
        return None
    check.keys(raw, _PROGRAM_KEYS, "program", line)
    if "description" in raw and not isinstance(raw["description"], str):
        check.add(line, "program.description", N_("must be a string"))
    month = check.integer(raw, "fiscal_year_start_month", "program", line, minimum=1, maximum=12, default=1,
                          ranged=True)
    calendar = parse_calendar(raw, line, check)
    implied = default_window_quarters(calendar)
    return {
        "id": check.text(raw, "id", "program", line),
        "name": check.text(raw, "name", "program", line),
        "valid_from": check.day(raw, "valid_from", "program", line),
        "revenue_window_quarters": check.integer(raw, "revenue_window_quarters", "program", line, minimum=1,
                                                 maximum=40, **({} if implied is None else {"default": implied})),
        "fiscal_year_start_month": month,
        "calendar": calendar,
    }


def _tier(raw: dict[str, Any], i: int, pos: _Positions, check: Checker, n_comps: int) -> Tier | None:
    path, line = f"tiers[{i}]", pos.at(pos.tiers, i)
    n_errors = len(check.errors)
    check.keys(raw, _TIER_KEYS, path, line)
    min_comps = check.integer(raw, "min_competencies", path, line, minimum=0, default=0)
    if min_comps is not None and min_comps > n_comps:
        check.add(line, f"{path}.min_competencies", N_("must not exceed the number of competencies ({n})"),
                  n=n_comps)
    motions = check.choices(raw, "revenue_motions", path, line, MOTIONS,
                            N_("unknown motion {value} (expected one of: {allowed})"), default=MOTIONS)
    tier = Tier(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        rank=check.integer(raw, "rank", path, line, minimum=1, maximum=1000),
        min_revenue=check.number(raw, "min_revenue", path, line, default=0.0),
        min_competencies=min_comps,
        visit_every_days=check.integer(raw, "visit_every_days", path, line, minimum=1, maximum=3660, default=None),
        revenue_motions=motions,
        requires=parse_requires(raw, path, line, check),
    )
    return tier if len(check.errors) == n_errors else None


def _level(raw: dict[str, Any], path: str, line: int, check: Checker) -> Level | None:
    n_errors = len(check.errors)
    check.keys(raw, _LEVEL_KEYS, path, line)
    level = Level(
        id=check.text(raw, "id", path, line),
        name=check.text(raw, "name", path, line),
        rank=check.integer(raw, "rank", path, line, minimum=1, maximum=1000),
        min_accredited=check.integer(raw, "min_accredited", path, line, minimum=0, default=0),
        min_revenue=check.number(raw, "min_revenue", path, line, default=0.0),
        min_references=check.integer(raw, "min_references", path, line, minimum=0, default=0),
        requires=parse_requires(raw, path, line, check),
    )
    return level if len(check.errors) == n_errors else None


def _competency(raw: dict[str, Any], i: int, pos: _Positions, check: Checker) -> Competency | None:
    path, line = f"competencies[{i}]", pos.at(pos.competencies, i)
    n_errors = len(check.errors)
    check.keys(raw, _COMPETENCY_KEYS, path, line)
    dimension = check.text(raw, "dimension", path, line)
    if dimension is not None and dimension not in DIMENSIONS:
        check.add(line, f"{path}.dimension", N_("must be one of: {allowed}"), allowed=", ".join(DIMENSIONS))
    codes = check.text_list(raw, "certifications", path, line, required=True)
    if codes is not None and len({c.casefold() for c in codes}) != len(codes):
        check.add(line, f"{path}.certifications", N_("lists the same code twice"))
    levels_raw = check.table_array(raw, "levels", line, path=f"{path}.levels", limit=MAX_LEVELS)
    if raw.get("levels", []) == []:
        check.add(line, f"{path}.levels", N_("at least one [[competencies.levels]] table is required"))
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
    check.keys(raw, _CERTIFICATION_KEYS, path, line)
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
                    check.add(lines[i], f"certifications[{i}].{key}",
                              N_('"{value}" already names certification {other}'), value=value, other=other)


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
        check.add(line, "options", N_("must be a table"))
        return result
    check.keys(raw, _OPTION_KEYS, "options", line)
    result["reference_max_age_months"] = check.integer(
        raw, "reference_max_age_months", "options", line, minimum=1, maximum=1200, default=None
    )
    result["no_tier_visit_every_days"] = check.integer(
        raw, "no_tier_visit_every_days", "options", line, minimum=1, maximum=3660, default=NO_TIER_CADENCE_DAYS
    )
    result["counting_visit_kinds"] = check.choices(
        raw, "counting_visit_kinds", "options", line, VISIT_KINDS,
        N_("unknown visit kind {value} (expected one of: {allowed})"), default=("on_site", "video")
    )
    result["visit_statuses"] = check.choices(
        raw, "visit_statuses", "options", line, _PARTNER_STATUSES,
        N_("unknown partner status {value} (expected one of: {allowed})"), default=_VISIT_STATUSES
    )
    return result

