"""The ``requires`` lists of tiers and levels: parsing, then checking what they name.

Syntax (docs/program-format.md): each entry is a table with exactly one kind key::

    { competencies = 3, level = "expert" }            # 3 competencies held at Expert or above
    { competencies = 1, among = ["security", "cloud"] } # 1 of these, at any level
    { competency = "security", level = "expert" }       # Security held at Expert or above
    { tier = "gold" }                                   # (tiers only) Gold's requirements met too
    { all = [ … ] }   { any = [ … ] }   { at_least = 2, of = [ … ] }
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program import DIMENSIONS, Competency, Requirement, Tier
from prm_desktop.domain.program_metrics import EXT_KEYS, EXT_KINDS, parse_ext_rule
from prm_desktop.domain.program_validate import Checker

__all__ = ["MAX_DEPTH", "RequireScope", "check_cycles", "parse_requires", "resolve_all", "resolve_requires"]

#: Deepest nesting of all / any / at_least.
MAX_DEPTH = 8
#: Most entries in one requires / all / any / of list.
MAX_ENTRIES = 100
_KINDS = ("competencies", "competency", "tier", "all", "any", "at_least", *EXT_KINDS)
_EXTRA: dict[str, tuple[str, ...]] = {
    "competencies": ("level", "among", "dimension"),
    "competency": ("level",),
    "tier": (),
    "all": (),
    "any": (),
    "at_least": ("of",),
    **EXT_KEYS,
}
_ALL_KEYS = (*_KINDS, "level", "among", "dimension", "of", "min", "max", "window_months")


def parse_requires(raw: dict[str, Any], path: str, line: int, check: Checker) -> tuple[Requirement, ...]:
    """The optional ``requires`` list of a tier or level table, checked for shape only."""
    if "requires" not in raw:
        return ()
    return _parse_list(raw["requires"], f"{path}.requires", line, check, 1)


def _parse_list(value: Any, path: str, line: int, check: Checker, depth: int) -> tuple[Requirement, ...]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        check.add(line, path, N_("must be a list of requirement tables"))
        return ()
    if len(value) > MAX_ENTRIES:
        check.add(line, path, N_("at most {max} entries are allowed"), max=MAX_ENTRIES)
        return ()
    if depth > MAX_DEPTH:
        check.add(line, path, N_("requirements are nested too deeply (at most {max} levels)"), max=MAX_DEPTH)
        return ()
    found = [_parse_one(item, f"{path}[{i}]", line, check, depth) for i, item in enumerate(value)]
    return tuple(r for r in found if r is not None)


def _parse_one(raw: dict[str, Any], path: str, line: int, check: Checker, depth: int) -> Requirement | None:
    kinds = [k for k in _KINDS if k in raw]
    if len(kinds) != 1:
        check.keys(raw, _ALL_KEYS, path, line)
        check.add(line, path, N_("needs exactly one of the keys: {keys}"), keys=", ".join(_KINDS))
        return None
    kind = kinds[0]
    check.keys(raw, (kind, *_EXTRA[kind]), path, line)
    n_errors = len(check.errors)
    req: Requirement | None = None
    if kind == "competencies":
        dimension = check.text(raw, "dimension", path, line, required=False)
        if dimension is not None and dimension not in DIMENSIONS:
            check.add(line, f"{path}.dimension", N_("must be one of: {allowed}"), allowed=", ".join(DIMENSIONS))
        among = check.text_list(raw, "among", path, line, required=False)
        if among is not None and not among:
            check.add(line, f"{path}.among", N_("must be a non-empty list of strings"))
        req = Requirement(
            "competencies",
            count=check.integer(raw, "competencies", path, line, minimum=1, maximum=1000),
            level=check.text(raw, "level", path, line, required=False),
            among=tuple(among or ()),
            dimension=dimension,
        )
    elif kind == "competency":
        req = Requirement(
            "competency",
            competency=check.text(raw, "competency", path, line),
            level=check.text(raw, "level", path, line, required=False),
        )
    elif kind == "tier":
        req = Requirement("tier", tier=check.text(raw, "tier", path, line))
    elif kind in EXT_KINDS:
        req = parse_ext_rule(kind, raw, path, line, check)
    elif kind in ("all", "any"):
        children = _parse_list(raw[kind], f"{path}.{kind}", line, check, depth + 1)
        if raw[kind] == []:
            check.add(line, f"{path}.{kind}", N_("must list at least one requirement"))
        req = Requirement(kind, children=children)
    else:
        count = check.integer(raw, "at_least", path, line, minimum=1, maximum=MAX_ENTRIES)
        if "of" not in raw:
            check.add(line, f"{path}.of", N_("is required"))
            return None
        children = _parse_list(raw["of"], f"{path}.of", line, check, depth + 1)
        if count is not None and len(check.errors) == n_errors and count > len(children):
            check.add(line, f"{path}.at_least", N_("must not exceed the number of requirements listed ({n})"),
                      n=len(children))
        req = Requirement("at_least", count=count or 0, children=children)
    return req if len(check.errors) == n_errors else None


@dataclass(frozen=True)
class RequireScope:
    """Where a requires list sits: a tier (its rank) or a level (its competency and rank)."""

    path: str
    line: int
    tier_rank: int | None = None
    competency: Competency | None = None
    level_rank: int | None = None


def _by_key(items: dict[str, Any], text: str) -> Any:
    found = items.get(text)
    if found is None:
        folded = {k.casefold(): v for k, v in items.items()}
        found = folded.get(text.casefold())
    return found


def resolve_requires(
    reqs: tuple[Requirement, ...],
    scope: RequireScope,
    comps: dict[str, Competency],
    tiers: dict[str, Tier],
    check: Checker,
) -> tuple[Requirement, ...]:
    """Check the ids a requires list names and return it with the program's own spelling of them."""
    return tuple(_resolve(r, f"{scope.path}.requires[{i}]", scope, comps, tiers, check) for i, r in enumerate(reqs))


def _level_of(comp: Competency, level: str) -> str | None:
    for lvl in comp.levels:
        if lvl.id.casefold() == level.casefold():
            return lvl.id
    return None


def _resolve(
    req: Requirement, path: str, scope: RequireScope, comps: dict[str, Competency], tiers: dict[str, Tier],
    check: Checker,
) -> Requirement:
    line = scope.line
    in_level = scope.competency is not None
    if req.detail is not None:
        return req  # metric, fact and score ids: program_metrics.resolve_ext_rules
    if req.kind in ("all", "any", "at_least"):
        key = "of" if req.kind == "at_least" else req.kind
        children = tuple(
            _resolve(c, f"{path}.{key}[{i}]", scope, comps, tiers, check) for i, c in enumerate(req.children)
        )
        return replace(req, children=children)
    if req.kind == "tier":
        if in_level:
            check.add(line, f"{path}.tier", N_("a level cannot require a tier (tiers depend on levels)"))
            return req
        tier = _by_key(tiers, req.tier or "")
        if tier is None:
            check.add(line, f"{path}.tier", N_("unknown tier {value}"), value=repr(req.tier))
            return req
        if scope.tier_rank is not None and tier.rank >= scope.tier_rank:
            check.add(line, f"{path}.tier", N_("a tier may only require a lower tier ({value} is not lower)"),
                      value=repr(tier.id))
        return replace(req, tier=tier.id)
    if req.kind == "competency":
        comp = _by_key(comps, req.competency or "")
        if comp is None:
            check.add(line, f"{path}.competency", N_("unknown competency {value}"), value=repr(req.competency))
            return req
        level = None
        if req.level is not None:
            level = _level_of(comp, req.level)
            if level is None:
                check.add(line, f"{path}.level", N_("competency {competency} has no level {value}"),
                          competency=comp.id, value=repr(req.level))
                return req
        if in_level and comp.id == scope.competency.id:  # type: ignore[union-attr]
            own = comp.level(level) if level is not None else comp.levels[0] if comp.levels else None
            if own is None or scope.level_rank is None or own.rank >= scope.level_rank:
                check.add(line, f"{path}.competency",
                          N_("a level may only require a lower level of its own competency"))
        return replace(req, competency=comp.id, level=level)
    # "competencies": N competencies at a level or above.
    among: list[str] = []
    for i, text in enumerate(req.among):
        comp = _by_key(comps, text)
        if comp is None:
            check.add(line, f"{path}.among[{i}]", N_("unknown competency {value}"), value=repr(text))
        else:
            among.append(comp.id)
    if in_level:
        if not req.among:
            check.add(line, f"{path}.among",
                      N_("in a level, list the competencies counted with among (its own excluded)"))
        elif scope.competency.id in among:  # type: ignore[union-attr]
            check.add(line, f"{path}.among", N_("a level cannot count its own competency"))
    pool = [comps[c] for c in among] if req.among else list(comps.values())
    if req.dimension is not None:
        pool = [c for c in pool if c.dimension == req.dimension]
    level = req.level
    if level is not None:
        spellings = {_level_of(c, level) for c in pool} - {None}
        if not spellings:
            check.add(line, f"{path}.level", N_("no competency counted here has a level {value}"), value=repr(level))
            return req
        level = sorted(spellings)[0] if len(spellings) == 1 else level
        pool = [c for c in pool if _level_of(c, req.level or "") is not None]
    if req.count > len(pool):
        check.add(line, f"{path}.competencies",
                  N_("must not exceed the number of competencies it can count ({n})"), n=len(pool))
    return replace(req, among=tuple(among), level=level)


def _named_competencies(req: Requirement) -> set[str]:
    if req.kind == "competency" and req.competency:
        return {req.competency}
    if req.kind == "competencies":
        return set(req.among)
    found: set[str] = set()
    for child in req.children:
        found |= _named_competencies(child)
    return found


def check_cycles(comps: list[Competency], lines: dict[str, int], check: Checker) -> None:
    """Report competencies whose levels require each other in a loop."""
    edges = {
        c.id: {n for lvl in c.levels for r in lvl.requires for n in _named_competencies(r)} - {c.id} for c in comps
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
                check.add(lines.get(node, 1), f"competencies[{list(edges).index(node)}].levels",
                          N_("levels require each other in a loop: {cycle}"), cycle=" → ".join(cycle))
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    for comp in comps:
        if state.get(comp.id) is None and visit(comp.id, [comp.id]):
            return


def resolve_all(
    competencies: list[Competency],
    tiers: list[Tier],
    comp_lines: list[int],
    level_lines: list[dict[str, tuple[int, int]]],
    tier_lines: list[int],
    check: Checker,
) -> tuple[list[Competency], list[Tier]]:
    """Check the ids named by every ``requires`` list, then loops between competencies.

    Args:
        competencies: The parsed competencies (file order).
        tiers: The parsed tiers (file order).
        comp_lines: Line of each competency table.
        level_lines: Per competency, level id → (index in the file, line of its table).
        tier_lines: Line of each tier table.
        check: Where problems go.

    Returns:
        The competencies and tiers with their rules spelt as the program spells its ids.
    """
    comps = {c.id: c for c in competencies}
    by_tier = {t.id: t for t in tiers}
    resolved_comps = []
    for i, comp in enumerate(competencies):
        levels = []
        for lvl in comp.levels:
            j, line = level_lines[i][lvl.id]
            scope = RequireScope(f"competencies[{i}].levels[{j}]", line, competency=comp, level_rank=lvl.rank)
            levels.append(replace(lvl, requires=resolve_requires(lvl.requires, scope, comps, by_tier, check)))
        resolved_comps.append(replace(comp, levels=tuple(levels)))
    resolved_tiers = []
    for i, tier in enumerate(tiers):
        scope = RequireScope(f"tiers[{i}]", tier_lines[i], tier_rank=tier.rank)
        resolved_tiers.append(replace(tier, requires=resolve_requires(tier.requires, scope, comps, by_tier, check)))
    check_cycles(resolved_comps, {c.id: comp_lines[i] for i, c in enumerate(competencies)}, check)
    return resolved_comps, resolved_tiers
