"""A program's rules beyond the minimums, in plain French and English sentences (the Programs page).

Tier and level ``requires`` rules, people by role, the per-person cap, review dates, grace periods,
the revenue window and fiscal-year naming: one sentence each, so a channel manager can check that the
file says what the vendor decides.
"""

from __future__ import annotations

from prm_desktop.domain.evaluation_index import program_index
from prm_desktop.domain.evaluation_requires import describe
from prm_desktop.domain.program import Program
from prm_desktop.domain.program_people import role_name

__all__ = ["rule_sentences"]

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
_WORDS = {
    "fr": {
        "requires": "{target} demande aussi : {rules}",
        "people": "{target} : {n} personnes certifiées",
        "by_role": "{target} : parmi les personnes, {roles}",
        "role": "{n} au rôle {role}",
        "cap": "Une personne compte pour au plus {n} compétences ; les personnes sont réparties pour atteindre "
               "le meilleur niveau partenaire, puis les meilleurs niveaux",
        "cap_one": "Une personne compte pour une seule compétence ; les personnes sont réparties pour atteindre "
                   "le meilleur niveau partenaire, puis les meilleurs niveaux",
        "review": "Niveaux décidés à la revue du {day} {month} de chaque année, et gardés jusqu’à la suivante",
        "grace": "Un niveau qui n’est plus atteint est gardé {n} mois (délai de grâce)",
        "trailing": "CA des {n} derniers trimestres, trimestre en cours compris",
        "trailing_complete": "CA des {n} derniers trimestres complets, sans le trimestre en cours",
        "previous_fiscal_year": "CA du dernier exercice complet",
        "trailing_months": "CA des {n} derniers mois, compté par trimestre (trimestres commençant dans ces mois)",
        "named_start": "Exercice commençant en {month}, nommé d’après l’année où il commence",
        "named_end": "Exercice commençant en {month}, nommé d’après l’année où il finit (FY27 finit en 2027)",
        "and": " et ",
    },
    "en": {
        "requires": "{target} also needs: {rules}",
        "people": "{target}: {n} certified people",
        "by_role": "{target}: among the people, {roles}",
        "role": "{n} {role}",
        "cap": "One person counts for at most {n} competencies; people are assigned to reach the best tier, "
               "then the best levels",
        "cap_one": "One person counts for one competency only; people are assigned to reach the best tier, "
                   "then the best levels",
        "review": "Tiers and levels decided at the review of {month} {day} each year, and kept until the next",
        "grace": "A tier or level no longer met is kept {n} months (grace period)",
        "trailing": "Revenue of the last {n} quarters, the current one included",
        "trailing_complete": "Revenue of the last {n} complete quarters, the current one excluded",
        "previous_fiscal_year": "Revenue of the last complete fiscal year",
        "trailing_months": "Revenue of the last {n} months, counted by quarter (quarters starting in those months)",
        "named_start": "Fiscal year starting in {month}, named after the year it starts",
        "named_end": "Fiscal year starting in {month}, named after the year it ends (FY27 ends in 2027)",
        "and": " and ",
    },
}


def _roles(needs: tuple[tuple[str, int], ...], lang: str) -> str:
    words = _WORDS[lang]
    return words["and"].join(words["role"].format(n=n, role=role_name(role, lang)) for role, n in needs)


def rule_sentences(program: Program, lang: str) -> list[str]:
    """The program's rules beyond its minimums, one sentence each, in ``lang`` (``"fr"`` or ``"en"``)."""
    words = _WORDS[lang]
    index = program_index(program)
    found = []
    for pos, tier in enumerate(program.tiers):
        if index.tier_rules[pos]:
            rules = words["and"].join(describe(program, rule, lang) for rule in index.tier_rules[pos])
            found.append(words["requires"].format(target=tier.name, rules=rules))
    for comp_pos, comp in enumerate(program.competencies):
        for level_pos, level in enumerate(comp.levels):
            rules = index.level_rules[comp_pos][level_pos]
            if rules:
                target = f"{comp.display_name(lang)} {level.name}"
                found.append(words["requires"].format(
                    target=target, rules=words["and"].join(describe(program, r, lang) for r in rules)))
    people = program.people
    if people is not None:
        names = {t.id: t.name for t in program.tiers}
        for tier_id, min_people, needs in people.tiers:
            if min_people:
                found.append(words["people"].format(target=names.get(tier_id, tier_id), n=min_people))
            if needs:
                found.append(words["by_role"].format(target=names.get(tier_id, tier_id), roles=_roles(needs, lang)))
        for comp_id, level_id, needs in people.levels:
            comp = program.competency(comp_id)
            level = comp.level(level_id) if comp else None
            target = f"{comp.display_name(lang)} {level.name}" if comp and level else f"{comp_id} {level_id}"
            found.append(words["by_role"].format(target=target, roles=_roles(needs, lang)))
        if people.max_competencies_per_person is not None:
            cap = people.max_competencies_per_person
            found.append(words["cap_one" if cap == 1 else "cap"].format(n=cap))
    review = program.review
    if review is not None:
        if review.review is not None:
            month, day = review.review
            shown = "1er" if lang == "fr" and day == 1 else str(day)
            found.append(words["review"].format(day=shown, month=_MONTHS[lang][month - 1]))
        if review.grace_months:
            found.append(words["grace"].format(n=review.grace_months))
    calendar = program.calendar
    if calendar is not None:
        n = calendar.months if calendar.window == "trailing_months" else program.revenue_window_quarters
        found.append(words[calendar.window].format(n=n))
        if calendar.fy_named_by is not None:
            month = _MONTHS[lang][program.fiscal_year_start_month - 1]
            found.append(words[f"named_{calendar.fy_named_by}"].format(month=month))
    if lang == "fr":
        found = [s.replace(" : ", "\u00a0: ").replace(" ; ", "\u00a0; ") for s in found]
    return found
