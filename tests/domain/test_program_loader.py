from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prm_desktop.domain.program import (
    ProgramError,
    content_hash,
    load_program,
    program_to_dict,
)
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "resources" / "programs" / "default.toml"
SAMPLE = SAMPLES / "program_example.toml"

# Line numbers matter: keep this text as it is (header lines: program 1, tiers 7 and 15,
# competencies 23, its levels 31 and 39, certifications 47, options 52).
BASE = """\
[program]
id = "p"
name = "Programme"
valid_from = 2026-01-01
revenue_window_quarters = 4

[[tiers]]
id = "silver"
name = "Silver"
rank = 1
min_revenue = 100
min_competencies = 1
visit_every_days = 90

[[tiers]]
id = "gold"
name = "Gold"
rank = 2
min_revenue = 500
min_competencies = 1
revenue_motions = ["resell"]

[[competencies]]
id = "security"
name = "Sécurité"
name_en = "Security"
dimension = "technical"
product_family = "security"
certifications = ["SEC-TECH", "SEC-SALES"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = 1
min_revenue = 10
min_references = 1

[[competencies.levels]]
id = "principal"
name = "Principal"
rank = 2
min_accredited = 2
min_revenue = 20
min_references = 2

[[certifications]]
code = "SEC-TECH"
name = "Security Technical Specialist"
aliases = ["Spécialiste technique sécurité", "STS Security"]

[options]
reference_max_age_months = 36
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(ProgramError) as info:
        load_program(text)
    return info.value.errors


def sub(old: str, new: str, count: int = 1) -> str:
    assert old in BASE
    return BASE.replace(old, new, count)


def test_base_loads() -> None:
    program = load_program(BASE)
    assert program.id == "p"
    assert program.valid_from == date(2026, 1, 1)
    assert program.fiscal_year_start_month == 1
    assert [t.id for t in program.tiers] == ["silver", "gold"]
    assert program.tiers[1].revenue_motions == ("resell",)
    assert program.tiers[0].revenue_motions == ("resell", "co-sell", "influence", "alliance")
    assert program.reference_max_age_months == 36
    assert program.counting_visit_kinds == ("on_site", "video")


def test_default_program_loads() -> None:
    program = load_program(DEFAULT.read_text(encoding="utf-8"))
    assert program.id == "vendor-2026-v2"
    assert program.name == "Programme partenaires 2026 (v2)"
    assert [(t.id, t.rank, t.min_revenue, t.visit_every_days) for t in program.tiers] == [
        ("silver", 1, 100000.0, 90),
        ("gold", 2, 500000.0, 60),
        ("platinum", 3, 2000000.0, 30),
    ]
    # The seed program: Silver 1 competency at Principal, Gold 1 at Expert, Platinum 3 at Expert.
    assert [[(r.kind, r.count, r.level) for r in t.requires] for t in program.tiers] == [
        [("competencies", 1, "principal")],
        [("competencies", 1, "expert")],
        [("competencies", 3, "expert")],
    ]
    assert len(program.competencies) == 12
    assert {c.dimension for c in program.competencies} == {"technical", "market"}
    for comp in program.competencies:
        assert len(comp.certifications) == 2
        assert [lv.id for lv in comp.levels] == ["principal", "expert"]  # Principal is the lower level
        assert all(program.certification(code) is not None for code in comp.certifications)
        assert comp.name_en
    assert program.reference_max_age_months == 36
    assert program.resolve_certification("sts security") == "SEC-TECH"
    assert program.resolve_certification("SPECIALISTE TECHNIQUE SECURITE") == "SEC-TECH"
    assert program.resolve_certification("Security Technical Specialist") == "SEC-TECH"
    assert program.resolve_certification("nope") is None
    assert program.resolve_competency("securite") == "security"
    assert program.resolve_competency("Public Sector") == "public-sector"
    assert program.resolve_tier("PLATINUM") == "platinum"


@pytest.mark.usefixtures("samples")  # fails under CI when the samples are missing
def test_sample_program_loads() -> None:
    program = load_program(SAMPLE.read_text(encoding="utf-8"))
    assert program.id == "example-2026"
    assert [c.id for c in program.competencies] == ["security", "cloud"]
    assert program.competency("cloud").name_en is None
    assert program.competency("cloud").display_name("en") == "Cloud"
    assert program.resolve_certification("SEC-SALES") == "SEC-SALES"  # not in the catalogue
    assert program.reference_max_age_months is None


def test_lookups_and_cadence() -> None:
    program = load_program(BASE)
    assert program.tier("gold").name == "Gold"
    assert program.tier("nope") is None
    assert program.tier(None) is None
    assert program.competency("security").level("principal").rank == 2
    assert program.cadence_days("silver") == 90
    assert program.cadence_days("gold") == 60  # default by id
    assert program.cadence_days(None) == 180
    assert program.cadence_days("unknown") == 180


def test_sorted_by_rank() -> None:
    text = sub("rank = 1\nmin_revenue = 100", "rank = 3\nmin_revenue = 100")
    text = text.replace('id = "expert"\nname = "Expert"\nrank = 1', 'id = "expert"\nname = "Expert"\nrank = 5')
    program = load_program(text)
    assert [t.id for t in program.tiers] == ["gold", "silver"]
    assert [lv.id for lv in program.competencies[0].levels] == ["principal", "expert"]


def test_program_to_dict_and_hash() -> None:
    program = load_program(BASE)
    data = program_to_dict(program)
    assert data["program"]["valid_from"] == "2026-01-01"
    assert data["tiers"][1]["revenue_motions"] == ["resell"]
    assert data["competencies"][0]["levels"][1]["min_references"] == 2
    assert content_hash(BASE) == content_hash(BASE)
    assert len(content_hash(BASE)) == 64
    assert content_hash(BASE) != content_hash(BASE + "\n")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "min_revenue = 500",
            "min_revenue = -1",
            "line 15: tiers[1].min_revenue: must be a non-negative number",
        ),
        (
            "min_revenue = 500",
            'min_revenue = "500"',
            "line 15: tiers[1].min_revenue: must be a non-negative number",
        ),
        (
            "min_revenue = 500",
            "min_revenue = inf",
            "line 15: tiers[1].min_revenue: must be a non-negative number",
        ),
        (
            "min_revenue = 500",
            "min_revenue = true",
            "line 15: tiers[1].min_revenue: must be a non-negative number",
        ),
        ('id = "gold"', 'id = ""', "line 15: tiers[1].id: must be a non-empty string"),
        ('id = "gold"', 'id = "silver"', 'line 15: tiers[1].id: duplicate id "silver" (also tiers[0])'),
        (
            "rank = 2\nmin_revenue = 500",
            "rank = 1\nmin_revenue = 500",
            "line 15: tiers[1].rank: duplicate rank 1 (also tiers[0])",
        ),
        (
            "rank = 2\nmin_revenue = 500",
            "rank = 0\nmin_revenue = 500",
            "line 15: tiers[1].rank: must be a positive integer",
        ),
        (
            "rank = 2\nmin_revenue = 500",
            "rank = 2.0\nmin_revenue = 500",
            "line 15: tiers[1].rank: must be a positive integer",
        ),
        (
            "min_competencies = 1\nrevenue",
            "min_competencies = -1\nrevenue",
            "line 15: tiers[1].min_competencies: must be a non-negative integer",
        ),
        (
            "min_competencies = 1\nrevenue",
            "min_competencies = 2\nrevenue",
            "line 15: tiers[1].min_competencies: must not exceed the number of competencies (1)",
        ),
        (
            "visit_every_days = 90",
            "visit_every_days = 0",
            "line 7: tiers[0].visit_every_days: must be a positive integer",
        ),
        (
            'revenue_motions = ["resell"]',
            'revenue_motions = ["resell", "retail"]',
            "line 15: tiers[1].revenue_motions: unknown motion 'retail' "
            "(expected one of: resell, co-sell, influence, alliance)",
        ),
        (
            'revenue_motions = ["resell"]',
            "revenue_motions = []",
            "line 15: tiers[1].revenue_motions: must be a non-empty list among: resell, co-sell, influence, alliance",
        ),
        (
            'dimension = "technical"',
            'dimension = "vertical"',
            "line 23: competencies[0].dimension: must be one of: technical, market",
        ),
        ('product_family = "security"\n', "", "line 23: competencies[0].product_family: is required"),
        (
            'certifications = ["SEC-TECH", "SEC-SALES"]',
            "certifications = []",
            "line 23: competencies[0].certifications: must be a non-empty list of strings",
        ),
        (
            'certifications = ["SEC-TECH", "SEC-SALES"]',
            'certifications = ["SEC-TECH", "SEC-TECH"]',
            "line 23: competencies[0].certifications: lists the same code twice",
        ),
        (
            'name_en = "Security"',
            "name_en = 3",
            "line 23: competencies[0].name_en: must be a non-empty string",
        ),
        (
            "min_accredited = 2",
            "min_accredited = -2",
            "line 39: competencies[0].levels[1].min_accredited: must be a non-negative integer",
        ),
        (
            "min_revenue = 20\n",
            "min_revenue = -20\n",
            "line 39: competencies[0].levels[1].min_revenue: must be a non-negative number",
        ),
        (
            "min_references = 2",
            "min_references = 1.5",
            "line 39: competencies[0].levels[1].min_references: must be a non-negative integer",
        ),
        (
            'id = "principal"',
            'id = "expert"',
            'line 39: competencies[0].levels[1].id: duplicate id "expert" (also competencies[0].levels[0])',
        ),
        (
            "rank = 2\nmin_accredited",
            "rank = 1\nmin_accredited",
            "line 39: competencies[0].levels[1].rank: duplicate rank 1 (also competencies[0].levels[0])",
        ),
        ('code = "SEC-TECH"', 'code = ""', "line 47: certifications[0].code: must be a non-empty string"),
        (
            'aliases = ["Spécialiste technique sécurité", "STS Security"]',
            'aliases = "STS"',
            "line 47: certifications[0].aliases: must be a list of strings",
        ),
        (
            "reference_max_age_months = 36",
            "reference_max_age_months = 0",
            "line 52: options.reference_max_age_months: must be a positive integer",
        ),
        (
            "reference_max_age_months = 36",
            'counting_visit_kinds = ["fax"]',
            "line 52: options.counting_visit_kinds: unknown visit kind 'fax' "
            "(expected one of: on_site, video, phone, event)",
        ),
        ('id = "p"\n', "", "line 1: program.id: is required"),
        (
            "valid_from = 2026-01-01",
            'valid_from = "01/01/2026"',
            "line 1: program.valid_from: must be a date (YYYY-MM-DD)",
        ),
        (
            "valid_from = 2026-01-01",
            "valid_from = 2026-01-01T10:00:00",
            "line 1: program.valid_from: must be a date (YYYY-MM-DD)",
        ),
        (
            "revenue_window_quarters = 4",
            "revenue_window_quarters = 0",
            "line 1: program.revenue_window_quarters: must be a positive integer",
        ),
        (
            "revenue_window_quarters = 4",
            "revenue_window_quarters = 4\nfiscal_year_start_month = 13",
            "line 1: program.fiscal_year_start_month: must be an integer from 1 to 12",
        ),
    ],
)
def test_error_paths(old: str, new: str, expected: str) -> None:
    assert errors_of(sub(old, new)) == [expected]


def test_missing_program_table() -> None:
    text = BASE.replace("[program]", "[programme]", 1)
    assert errors_of(text) == [
        "line 1: programme: unknown key; did you mean program?",
        "line 1: program: a [program] table is required",
    ]


def test_competency_without_levels() -> None:
    text = BASE[: BASE.index("[[competencies.levels]]")] + BASE[BASE.index("[[certifications]]") :]
    assert errors_of(text) == [
        "line 23: competencies[0].levels: at least one [[competencies.levels]] table is required"
    ]


def test_duplicate_competency_and_second_competency_levels() -> None:
    extra = """
[[competencies]]
id = "security"
name = "Autre"
dimension = "market"
product_family = "x"
certifications = ["X-1"]

[[competencies.levels]]
id = "expert"
name = "Expert"
rank = 1
min_accredited = -1
min_revenue = 0
min_references = 0
"""
    text = BASE.replace("\n[[certifications]]", extra + "\n[[certifications]]", 1)
    lines = text.splitlines()
    comp_line = lines.index("[[competencies]]", 30) + 1
    level_line = lines.index("[[competencies.levels]]", comp_line) + 1
    assert errors_of(text) == [
        f'line {comp_line}: competencies[1].id: duplicate id "security" (also competencies[0])',
        f"line {level_line}: competencies[1].levels[0].min_accredited: must be a non-negative integer",
    ]


def test_duplicate_certification_and_ambiguous_alias() -> None:
    extra = """
[[certifications]]
code = "SEC-TECH"
name = "Other"

[[certifications]]
code = "SEC-SALES"
name = "Security Sales"
aliases = ["sts security"]
"""
    text = BASE.replace("\n[options]", extra + "\n[options]", 1)
    assert errors_of(text) == [
        'line 52: certifications[1].code: duplicate code "SEC-TECH" (also certifications[0])',
        'line 56: certifications[2].aliases: "sts security" already names certification SEC-TECH',
    ]


def test_several_errors_sorted_by_line() -> None:
    text = sub("min_revenue = 100\n", "min_revenue = -100\n")
    text = text.replace("reference_max_age_months = 36", "reference_max_age_months = -1")
    text = text.replace('id = "p"', "id = 5")
    assert errors_of(text) == [
        "line 1: program.id: must be a non-empty string",
        "line 7: tiers[0].min_revenue: must be a non-negative number",
        "line 52: options.reference_max_age_months: must be a positive integer",
    ]


def test_wrong_table_kinds() -> None:
    text = "options = 3\n" + BASE.replace("[options]\nreference_max_age_months = 36\n", "")
    assert errors_of(text) == ["line 1: options: must be a table"]
    text = "tiers = 3\n" + BASE[: BASE.index("[[tiers]]")] + BASE[BASE.index("[[competencies]]") :]
    assert "line 1: tiers: must be an array of tables ([[tiers]])" in errors_of(text)


def test_syntax_error_has_line() -> None:
    text = BASE.replace("min_revenue = 500", "min_revenue = = 500")
    errors = errors_of(text)
    assert len(errors) == 1
    assert errors[0].startswith("line 19: syntax: ")
    assert "(column" in errors[0]


def test_headers_inside_multiline_strings_are_not_tables() -> None:
    text = BASE.replace('name = "Programme"', 'name = "Programme"\ndescription = """\n[[tiers]]\n"""', 1)
    text = text.replace("min_revenue = 500", "min_revenue = -500")
    assert errors_of(text) == ["line 18: tiers[1].min_revenue: must be a non-negative number"]


def test_error_message_joins_errors() -> None:
    with pytest.raises(ProgramError, match="line 15: tiers"):
        load_program(sub("min_revenue = 500", "min_revenue = -1"))


def test_description_is_accepted() -> None:
    program = load_program(sub('name = "Programme"', 'name = "Programme"\ndescription = "Channel team"'))
    assert program.name == "Programme"


def test_iso_string_date_accepted() -> None:
    program = load_program(sub("valid_from = 2026-01-01", 'valid_from = "2026-02-01"'))
    assert program.valid_from == date(2026, 2, 1)
