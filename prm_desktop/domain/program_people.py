"""People by role: certification roles, role minimums of tiers and levels, and the per-person cap.

Syntax (docs/program-format.md, "People by role")::

    [[certifications]]
    code = "CCNP-SEC"
    name = "CCNP Security"
    role = "technical"                          # the certification's role or group

    [[tiers]]
    min_people = 6                              # 6 people holding a valid certification of the program…
    min_people_by_role = { professional = 3 }   # …of which 3 hold a "professional" one

    [[competencies.levels]]
    min_by_role = { sales = 2, technical = 1 }  # accredited people by role (one person fills one slot)

    [options]
    max_competencies_per_person = 2             # Cisco: an engineer counts in at most two competencies

The loader calls :func:`parse_people` with the raw tables; the result hangs on ``Program.people``
(None when the file uses none of these keys, so the engine keeps its fast path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prm_desktop.domain.i18n import N_
from prm_desktop.domain.program_validate import MAX_COUNT, MAX_TEXT, Checker, suggestion

__all__ = ["ROLE_NAMES", "PeopleRules", "RoleNeeds", "parse_people", "role_name"]

#: ``((role, count), …)`` sorted by role.
RoleNeeds = tuple[tuple[str, int], ...]

#: Display names of the usual roles (others are shown as written in the file).
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "sales": ("commercial", "sales"),
    "presales": ("avant-vente", "presales"),
    "technical": ("technique", "technical"),
    "professional": ("professionnel", "professional"),
    "foundational": ("fondamental", "foundational"),
    "associate": ("associé", "associate"),
    "specialty": ("spécialité", "specialty"),
    "business": ("commercial", "business"),
    "architect": ("architecte", "architect"),
    "expert": ("expert", "expert"),
    "intermediate": ("intermédiaire", "intermediate"),
}


def role_name(role: str, lang: str) -> str:
    """A role's display name in ``lang`` (``"fr"`` or ``"en"``)."""
    names = ROLE_NAMES.get(role.casefold())
    if names is None:
        return role
    return names[0] if lang == "fr" else names[1]


@dataclass(frozen=True, slots=True)
class PeopleRules:
    """The people-by-role rules of a program.

    Attributes:
        roles: ``(certification code, role)`` for each catalogue certification with a role.
        tiers: ``(tier id, min_people, role needs)`` for each tier using them.
        levels: ``(competency id, level id, role needs)`` for each level using them.
        max_competencies_per_person: How many competencies one person may count for (None = all).
    """

    roles: tuple[tuple[str, str], ...] = ()
    tiers: tuple[tuple[str, int, RoleNeeds], ...] = ()
    levels: tuple[tuple[str, str, RoleNeeds], ...] = ()
    max_competencies_per_person: int | None = None


def _role_needs(raw: dict[str, Any], key: str, path: str, line: int, check: Checker,
                roles: dict[str, str]) -> RoleNeeds:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, dict) or not value:
        check.add(line, f"{path}.{key}", N_("must be a table of role = count"))
        return ()
    needs: list[tuple[str, int]] = []
    for role, count in value.items():
        here = f"{path}.{key}.{role}"
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
            check.add(line, here, N_("must be an integer from {min} to {max}"), min=1, max=MAX_COUNT)
            continue
        known = roles.get(role.casefold())
        if known is None:
            close = suggestion(role, sorted(set(roles.values())))
            if close:
                check.add(line, here, N_("no certification has the role {value}; did you mean {suggestion}?"),
                          value=repr(role), suggestion=close)
            else:
                check.add(line, here, N_("no certification has the role {value} (give catalogue "
                                         "certifications a role = \"…\")"), value=repr(role))
            continue
        needs.append((known, count))
    return tuple(sorted(needs))


def cert_role(raw: dict[str, Any], path: str, line: int, check: Checker) -> str | None:
    """The optional ``role`` of a catalogue certification table."""
    value = raw.get("role")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        check.add(line, f"{path}.role", N_("must be a non-empty string"))
        return None
    return value.strip()


def parse_people(
    tiers_raw: Sequence[dict[str, Any]],
    tier_lines: Sequence[int],
    comps_raw: Sequence[dict[str, Any]],
    level_lines: Sequence[Sequence[int]],
    certs_raw: Sequence[dict[str, Any]],
    cert_lines: Sequence[int],
    options_raw: Any,
    options_line: int,
    check: Checker,
) -> PeopleRules | None:
    """Read the people-by-role keys of a program (None when it uses none of them).

    Args:
        tiers_raw: The ``[[tiers]]`` tables, file order.
        tier_lines: Their lines.
        comps_raw: The ``[[competencies]]`` tables.
        level_lines: Per competency, its levels' lines.
        certs_raw: The ``[[certifications]]`` tables.
        cert_lines: Their lines.
        options_raw: The ``[options]`` table (anything; checked elsewhere).
        options_line: Its line.
        check: Where problems go.
    """
    roles: dict[str, str] = {}
    cert_roles: list[tuple[str, str]] = []
    for i, raw in enumerate(certs_raw):
        role = cert_role(raw, f"certifications[{i}]", cert_lines[i] if i < len(cert_lines) else 1, check)
        code = raw.get("code")
        if role is not None and isinstance(code, str) and code.strip():
            roles.setdefault(role.casefold(), role)
            cert_roles.append((code.strip(), roles[role.casefold()]))
    tiers: list[tuple[str, int, RoleNeeds]] = []
    for i, raw in enumerate(tiers_raw):
        path, line = f"tiers[{i}]", tier_lines[i] if i < len(tier_lines) else 1
        min_people = check.integer(raw, "min_people", path, line, minimum=0, maximum=MAX_COUNT, default=0)
        needs = _role_needs(raw, "min_people_by_role", path, line, check, roles)
        if (min_people or needs) and isinstance(raw.get("id"), str):
            tiers.append((raw["id"].strip(), min_people or 0, needs))
    levels: list[tuple[str, str, RoleNeeds]] = []
    for i, comp in enumerate(comps_raw):
        raw_levels = comp.get("levels")
        if not isinstance(raw_levels, list):
            continue
        for j, raw in enumerate(raw_levels):
            if not isinstance(raw, dict):
                continue
            lines = level_lines[i] if i < len(level_lines) else ()
            line = lines[j] if j < len(lines) else 1
            needs = _role_needs(raw, "min_by_role", f"competencies[{i}].levels[{j}]", line, check, roles)
            if needs and isinstance(comp.get("id"), str) and isinstance(raw.get("id"), str):
                levels.append((comp["id"].strip(), raw["id"].strip(), needs))
    cap = None
    if isinstance(options_raw, dict):
        cap = check.integer(options_raw, "max_competencies_per_person", "options", options_line, minimum=1,
                            maximum=MAX_COUNT, default=None)
    if not (tiers or levels or cap is not None or cert_roles):
        return None
    return PeopleRules(tuple(cert_roles), tuple(tiers), tuple(levels), cap)
