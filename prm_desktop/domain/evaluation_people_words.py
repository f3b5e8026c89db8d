"""Gaps, at-risk dates and the assignment sentence of the people-by-role rules, in French and English."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from prm_desktop.domain.evaluation_model import AtRisk, CertFact, Gap, PartnerFacts
from prm_desktop.domain.evaluation_people import PeopleEngine, PeopleStanding, first_losses
from prm_desktop.domain.people_assign import Demand, shortfall
from prm_desktop.domain.program_people import role_name

__all__ = ["assignment_json", "assignment_texts", "people_at_risk", "people_gaps"]

_DAY = timedelta(days=1)
_ROLE = {
    "fr": ("{n} personne certifiée de plus (rôle {role}) pour {target}",
           "{n} personnes certifiées de plus (rôle {role}) pour {target}"),
    "en": ("{n} more {role} person certified for {target}", "{n} more {role} people certified for {target}"),
}
_ANY = {
    "fr": ("{n} personne certifiée de plus pour {target}", "{n} personnes certifiées de plus pour {target}"),
    "en": ("{n} more certified person for {target}", "{n} more certified people for {target}"),
}
_ASSIGNED = {
    "fr": ("Au plus {cap} compétence par personne : {parts}", "Au plus {cap} compétences par personne : {parts}"),
    "en": ("At most {cap} competency per person: {parts}", "At most {cap} competencies per person: {parts}"),
}
_COUNTS_FOR = {"fr": "{name} compte pour {comps}", "en": "{name} counts for {comps}"}


def _plural(n: int, lang: str) -> int:
    return 0 if (n <= 1 if lang == "fr" else n == 1) else 1


def _text(templates: dict[str, tuple[str, str]], n: int, lang: str, **params: str) -> str:
    template = templates[lang][_plural(n, lang)]
    if lang == "fr":
        template = template.replace(" : ", "\u00a0: ")
    return template.format(n=n, **params)


def _demand_gaps(kind: str, target: str, names: tuple[str, str], people: Sequence[frozenset[str]],
                 demand: Demand, skip_any: bool) -> list[Gap]:
    if not demand[0]:
        return []
    _missing, by_role = shortfall(people, demand)
    gaps = []
    for role, n in sorted(by_role.items()):
        if role == "":
            if skip_any:
                continue
            texts = (_text(_ANY, n, "fr", target=names[0]), _text(_ANY, n, "en", target=names[1]))
            gaps.append(Gap(kind, target, "people", float(n), names, texts))
        else:
            texts = (_text(_ROLE, n, "fr", role=role_name(role, "fr"), target=names[0]),
                     _text(_ROLE, n, "en", role=role_name(role, "en"), target=names[1]))
            gaps.append(Gap(kind, target, "role", float(n), names, texts))
    return gaps


def people_gaps(engine: PeopleEngine, st: PeopleStanding) -> list[Gap]:
    """Role gaps of the next tier and of each competency's next level (``missing`` ``role``/``people``)."""
    index = engine.index
    program = index.program
    gaps: list[Gap] = []
    target_tier = st.tier_pos + 1
    if target_tier < len(program.tiers):
        demand = engine.tier_demand[target_tier]
        if demand is not None:
            tier = program.tiers[target_tier]
            people = list(st.certified.values())
            if not demand[0] and len(people) < demand[1]:
                n = demand[1] - len(people)
                names = (tier.name, tier.name)
                gaps.append(Gap("tier", tier.id, "people", float(n), names,
                                (_text(_ANY, n, "fr", target=tier.name), _text(_ANY, n, "en", target=tier.name))))
            gaps.extend(_demand_gaps("tier", tier.id, (tier.name, tier.name), people, demand, False))
    for pos, comp in enumerate(program.competencies):
        target_pos = st.held[pos] + 1
        if target_pos >= len(comp.levels):
            continue
        target, names = index.level_targets[pos][target_pos]
        below_min = st.accredited[pos] < comp.levels[target_pos].min_accredited
        gaps.extend(_demand_gaps("level", target, names, list(st.people[pos].values()),
                                 engine.level_demand[pos][target_pos], below_min))
    return gaps


def _reason(certs: Sequence[CertFact], names: dict[str, str], expired_on: date) -> str:
    parts = sorted({(c.code, names.get(c.contact_id, c.contact_id)) for c in certs})
    when = expired_on.isoformat()
    return "; ".join(f"certification {code} of {name} expires {when}" for code, name in parts)


def people_at_risk(
    engine: PeopleEngine, facts: PartnerFacts, on: date, held: Sequence[int], tier_pos: int,
    references: Sequence[int], revenues: Sequence[float], tier_revenues: Sequence[float], names: dict[str, str],
) -> list[AtRisk]:
    """Each level held and the tier, with the first day expiries lose it (people rules re-evaluated).

    Only expiries change anything after d, so what is lost only grows from one expiry day to the next:
    the days are bisected, and a stretch whose two ends lose the same things is not looked into. (Under
    a per-person cap the tier is monotone too, but a level may be given up on one day to keep the tier
    and come back on a later one; when both ends of a stretch agree on everything, such a level is
    not looked for in between.)
    """
    program = engine.index.program
    comps = [pos for pos, level in enumerate(held) if level >= 0]
    if not comps and tier_pos < 0 and engine.memo:
        return []  # nothing held, nothing to lose (the reference engine, memo=False, looks all the same)
    days = engine.at_risk_days(facts, on)
    if not days:
        return []

    def lost_on(i: int) -> tuple[bool, ...]:
        then, tier_then = engine.held_on(facts, on, references, revenues, tier_revenues, still_valid_on=days[i][0])
        return (*(then[pos] < held[pos] for pos in comps), tier_pos >= 0 and tier_then < tier_pos)

    first_lost = first_losses(lost_on, len(days) - 1, len(comps) + 1)
    result: list[AtRisk] = []
    for item, i in sorted(first_lost.items(), key=lambda x: (x[1], x[0])):
        day, certs = days[i]
        if item < len(comps):
            pos = comps[item]
            comp = program.competencies[pos]
            mine = [c for c in certs if pos in engine.index.comps_for_code(c.code)] or certs
            result.append(AtRisk(day, f"{comp.id}:{comp.levels[held[pos]].id}", _reason(mine, names, day - _DAY)))
        else:
            result.append(AtRisk(day, f"tier:{program.tiers[tier_pos].id}", _reason(certs, names, day - _DAY)))
    return result


def assignment_texts(engine: PeopleEngine, st: PeopleStanding, names: dict[str, str]) -> tuple[str, str] | None:
    """"At most 2 competencies per person: Alice counts for Security, Cloud; …" (None when uncapped)."""
    if not st.capped or engine.cap is None:
        return None
    program = engine.index.program
    texts = []
    for lang in ("fr", "en"):
        parts = []
        for person in sorted(st.certified, key=lambda p: names.get(p, p)):
            comps = [program.competencies[pos].display_name(lang) for pos, people in enumerate(st.people)
                     if person in people]
            name = names.get(person, person)
            if comps:
                parts.append(_COUNTS_FOR[lang].format(name=name, comps=", ".join(comps)))
        joiner = "\u00a0; " if lang == "fr" else "; "
        texts.append(_text(_ASSIGNED, engine.cap, lang, cap=str(engine.cap), parts=joiner.join(parts)))
    return texts[0], texts[1]


def assignment_json(engine: PeopleEngine, st: PeopleStanding) -> dict[str, list[str]] | None:
    """Competency id → contact ids counted for it, when the cap decided it (None otherwise)."""
    if not st.capped:
        return None
    comps = engine.index.program.competencies
    return {comps[pos].id: sorted(people) for pos, people in enumerate(st.people) if people}
