"""Loader of ``requires`` rules: the accepted forms and an error for every rule kind."""

from __future__ import annotations

import pytest

from prm_desktop.domain.program import ProgramError, Requirement, load_program

# Header lines: program 1, tiers 6, 12 and 18, competencies 24 and 42 (levels 31, 36, 48, 54).
RULES = """\
[program]
id = "r"
name = "Rules"
valid_from = 2026-01-01
revenue_window_quarters = 4
[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 0
requires = [{ competencies = 1, level = "principal" }]
[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 0
requires = [{ tier = "silver" }, { competency = "security", level = "expert" }]
[[tiers]]
id = "platinum"
name = "Platinum"
rank = 3
min_revenue = 0
requires = [{ at_least = 1, of = [{ competencies = 2, level = "expert" }, { any = [{ competency = "cloud" }] }] }]
[[competencies]]
id = "security"
name = "Sécurité"
name_en = "Security"
dimension = "technical"
product_family = "security"
certifications = ["SEC"]
[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = 1
[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 2
min_accredited = 2
requires = [{ competency = "security", level = "principal" }]
[[competencies]]
id = "cloud"
name = "Cloud"
dimension = "market"
product_family = "cloud"
certifications = ["CLOUD"]
[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 1
min_accredited = 1
requires = [{ competency = "security" }]
[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 2
min_accredited = 2
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(ProgramError) as info:
        load_program(text)
    return info.value.errors


def sub(old: str, new: str) -> str:
    assert old in RULES, old
    return RULES.replace(old, new, 1)


def test_rules_load() -> None:
    program = load_program(RULES)
    assert program.tier("silver").requires == (Requirement("competencies", count=1, level="principal"),)
    gold = program.tier("gold").requires
    security_expert = Requirement("competency", competency="security", level="expert")
    assert gold == (Requirement("tier", tier="silver"), security_expert)
    (rule,) = program.tier("platinum").requires
    assert rule.kind == "at_least" and rule.count == 1
    assert [c.kind for c in rule.children] == ["competencies", "any"]
    assert program.competency("cloud").levels[0].requires == (Requirement("competency", competency="security"),)


def test_array_of_tables_form_is_the_same() -> None:
    text = sub(
        'requires = [{ competencies = 1, level = "principal" }]\n',
        '[[tiers.requires]]\ncompetencies = 1\nlevel = "principal"\n',
    )
    assert load_program(text).tier("silver").requires == load_program(RULES).tier("silver").requires


def test_ids_are_matched_case_insensitively() -> None:
    text = sub('{ competency = "security", level = "expert" }]', '{ competency = "SECURITY", level = "Expert" }]')
    expected = Requirement("competency", competency="security", level="expert")
    assert load_program(text).tier("gold").requires[1] == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 1, levle = "principal" }',
            "line 6: tiers[0].requires[0].levle: unknown key; did you mean level?",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 0, level = "principal" }',
            "line 6: tiers[0].requires[0].competencies: must be a positive integer",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 3, level = "principal" }',
            "line 6: tiers[0].requires[0].competencies: must not exceed the number of competencies it can count (2)",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 1, level = "master" }',
            "line 6: tiers[0].requires[0].level: no competency counted here has a level 'master'",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 1, among = ["security", "data"] }',
            "line 6: tiers[0].requires[0].among[1]: unknown competency 'data'",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 1, dimension = "vertical" }',
            "line 6: tiers[0].requires[0].dimension: must be one of: technical, market",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            '{ competencies = 1, competency = "cloud" }',
            "line 6: tiers[0].requires[0]: needs exactly one of the keys: "
            "competencies, competency, tier, all, any, at_least, metric, fact, score",
        ),
        (
            '{ competencies = 1, level = "principal" }',
            "{ }",
            "line 6: tiers[0].requires[0]: needs exactly one of the keys: "
            "competencies, competency, tier, all, any, at_least, metric, fact, score",
        ),
        (
            'requires = [{ competencies = 1, level = "principal" }]',
            'requires = { competencies = 1 }',
            "line 6: tiers[0].requires: must be a list of requirement tables",
        ),
        (
            '{ competency = "security", level = "expert" }]',
            '{ competency = "securty", level = "expert" }]',
            "line 12: tiers[1].requires[1].competency: unknown competency 'securty'",
        ),
        (
            '{ competency = "security", level = "expert" }]',
            '{ competency = "security", level = "master" }]',
            "line 12: tiers[1].requires[1].level: competency security has no level 'master'",
        ),
        ('{ tier = "silver" }', '{ tier = "bronze" }', "line 12: tiers[1].requires[0].tier: unknown tier 'bronze'"),
        (
            '{ tier = "silver" }',
            '{ tier = "platinum" }',
            "line 12: tiers[1].requires[0].tier: a tier may only require a lower tier ('platinum' is not lower)",
        ),
        (
            '{ at_least = 1, of = [',
            '{ at_least = 3, of = [',
            "line 18: tiers[2].requires[0].at_least: must not exceed the number of requirements listed (2)",
        ),
        (
            '{ at_least = 1, of = [{ competencies = 2, level = "expert" }, { any = [{ competency = "cloud" }] }] }',
            "{ at_least = 1 }",
            "line 18: tiers[2].requires[0].of: is required",
        ),
        (
            '{ any = [{ competency = "cloud" }] }',
            "{ any = [] }",
            "line 18: tiers[2].requires[0].of[1].any: must list at least one requirement",
        ),
        (
            '{ any = [{ competency = "cloud" }] }',
            '{ any = [{ competency = "cloud", levels = "x" }] }',
            "line 18: tiers[2].requires[0].of[1].any[0].levels: unknown key; did you mean level?",
        ),
        (
            'requires = [{ competency = "security", level = "principal" }]',
            'requires = [{ competency = "security", level = "expert" }]',
            "line 36: competencies[0].levels[1].requires[0].competency: "
            "a level may only require a lower level of its own competency",
        ),
        (
            'requires = [{ competency = "security", level = "principal" }]',
            'requires = [{ tier = "silver" }]',
            "line 36: competencies[0].levels[1].requires[0].tier: "
            "a level cannot require a tier (tiers depend on levels)",
        ),
        (
            'requires = [{ competency = "security", level = "principal" }]',
            'requires = [{ competencies = 1 }]',
            "line 36: competencies[0].levels[1].requires[0].among: "
            "in a level, list the competencies counted with among (its own excluded)",
        ),
        (
            'requires = [{ competency = "security", level = "principal" }]',
            'requires = [{ competencies = 1, among = ["security"] }]',
            "line 36: competencies[0].levels[1].requires[0].among: a level cannot count its own competency",
        ),
        (
            'requires = [{ competency = "security", level = "principal" }]',
            'requires = [{ competency = "cloud" }]',
            "line 42: competencies[1].levels: levels require each other in a loop: security → cloud → security",
        ),
    ],
)
def test_rule_errors(old: str, new: str, expected: str) -> None:
    assert errors_of(sub(old, new)) == [expected]


def test_nesting_depth_is_limited() -> None:
    deep = '{ competency = "cloud" }'
    for _ in range(9):
        deep = "{ all = [" + deep + "] }"
    errors = errors_of(sub('{ tier = "silver" }', deep))
    assert errors == [
        "line 12: tiers[1].requires[0].all[0].all[0].all[0].all[0].all[0].all[0].all[0].all: "
        "requirements are nested too deeply (at most 8 levels)"
    ]


def test_program_to_dict_writes_the_rules_back() -> None:
    from prm_desktop.domain.program import program_to_dict

    data = program_to_dict(load_program(RULES))
    assert data["tiers"][1]["requires"] == [{"tier": "silver"}, {"competency": "security", "level": "expert"}]
    assert data["tiers"][2]["requires"] == [
        {"at_least": 1, "of": [{"competencies": 2, "level": "expert"}, {"any": [{"competency": "cloud"}]}]}
    ]
    assert data["competencies"][1]["levels"][0]["requires"] == [{"competency": "security"}]


def test_level_rule_errors_name_the_level_as_placed_in_the_file() -> None:
    # Expert written first (rank 2), Principal second: the error names levels[0], Expert's table line.
    first = RULES.index("[[competencies.levels]]")
    second = RULES.index("[[competencies.levels]]", first + 1)
    comp_end = RULES.index("[[competencies]]", second)
    swapped = RULES[:first] + RULES[second:comp_end] + RULES[first:second] + RULES[comp_end:]
    text = swapped.replace(
        'requires = [{ competency = "security", level = "principal" }]', 'requires = [{ competency = "securty" }]'
    )
    assert errors_of(text) == [
        "line 31: competencies[0].levels[0].requires[0].competency: unknown competency 'securty'"
    ]
