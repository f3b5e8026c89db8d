"""Strict program files: unknown keys, format version, bounds, limits, case-insensitive ids, French."""

from __future__ import annotations

import pytest

from prm_desktop.domain.program import ProgramError, load_program
from tests.domain.test_program_loader import BASE, errors_of, sub


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "revenue_window_quarters = 4",
            "revenue_window_quarters = 4\nfiscal_year_start_mont = 4",
            "line 1: program.fiscal_year_start_mont: unknown key; did you mean fiscal_year_start_month?",
        ),
        (
            "min_competencies = 1\nrevenue",
            "min_competencies = 1\nmin_score = 3\nrevenue",
            "line 15: tiers[1].min_score: unknown key; did you mean min_revenue?",
        ),
        (
            'name_en = "Security"',
            'name_en = "Security"\ncolour = "x"',
            "line 23: competencies[0].colour: unknown key (expected one of: id, name, name_en, dimension, "
            "product_family, certifications, levels)",
        ),
        (
            "min_references = 2",
            "min_references = 2\nmin_referencs = 3",
            "line 39: competencies[0].levels[1].min_referencs: unknown key; did you mean min_references?",
        ),
        (
            'code = "SEC-TECH"',
            'code = "SEC-TECH"\nalias = ["x"]',
            "line 47: certifications[0].alias: unknown key; did you mean aliases?",
        ),
        (
            "reference_max_age_months = 36",
            "reference_max_age_month = 36",
            "line 52: options.reference_max_age_month: unknown key; did you mean reference_max_age_months?",
        ),
        (
            "revenue_window_quarters = 4",
            "revenue_window_quarters = 999999999999",
            "line 1: program.revenue_window_quarters: must be at most 40",
        ),
        (
            "min_revenue = 500",
            "min_revenue = 1" + "0" * 400,
            "line 15: tiers[1].min_revenue: must be at most 1e12",
        ),
        ("min_revenue = 500", "min_revenue = 1e300", "line 15: tiers[1].min_revenue: must be at most 1e12"),
        ("min_revenue = 500", "min_revenue = nan", "line 15: tiers[1].min_revenue: must be a non-negative number"),
        (
            "min_accredited = 2",
            "min_accredited = 10001",
            "line 39: competencies[0].levels[1].min_accredited: must be at most 10000",
        ),
        (
            "min_references = 2",
            "min_references = 99999999999999999999",
            "line 39: competencies[0].levels[1].min_references: must be at most 10000",
        ),
        ('id = "gold"', 'id = "SILVER"', 'line 15: tiers[1].id: duplicate id "SILVER" (also tiers[0])'),
        (
            'id = "principal"',
            'id = "Expert"',
            'line 39: competencies[0].levels[1].id: duplicate id "Expert" (also competencies[0].levels[0])',
        ),
        (
            'certifications = ["SEC-TECH", "SEC-SALES"]',
            'certifications = ["SEC-TECH", "sec-tech"]',
            "line 23: competencies[0].certifications: lists the same code twice",
        ),
        ('name = "Silver"', 'name = "' + "S" * 201 + '"', "line 7: tiers[0].name: must be at most 200 characters long"),
        (
            "reference_max_age_months = 36",
            "reference_max_age_months = 100000",
            "line 52: options.reference_max_age_months: must be at most 1200",
        ),
        (
            "visit_every_days = 90",
            "visit_every_days = 99999",
            "line 7: tiers[0].visit_every_days: must be at most 3660",
        ),
    ],
)
def test_strict_errors(old: str, new: str, expected: str) -> None:
    assert errors_of(sub(old, new)) == [expected]


def test_unknown_top_level_table_names_its_line() -> None:
    text = BASE.replace("[options]", "[option]")
    assert errors_of(text) == ["line 52: option: unknown key; did you mean options?"]


def test_deeply_nested_array_is_an_error_not_a_crash() -> None:
    text = BASE.replace("[options]", "junk = " + "[" * 5000 + "]" * 5000 + "\n[options]")
    errors = errors_of(text)
    assert errors == ["line 52: syntax: arrays or tables are nested too deeply"]


def test_too_many_digits_is_an_error_not_a_crash() -> None:
    assert errors_of(sub("min_revenue = 500", "min_revenue = 1" + "0" * 5000)) == [
        "line 1: syntax: a number is too long"
    ]


def test_file_size_limit() -> None:
    text = BASE + "#" + "x" * 1_000_001 + "\n"
    assert errors_of(text) == ["line 1: file: the file is larger than 1000000 bytes (1 MB)"]


def test_limits_on_tiers_and_levels() -> None:
    levels = "".join(
        f'\n[[competencies.levels]]\nid = "l{i}"\nname = "L{i}"\nrank = {i + 3}\n' for i in range(19)
    )
    text = BASE.replace("\n[[certifications]]", levels + "\n[[certifications]]", 1)
    assert errors_of(text) == ["line 23: competencies[0].levels: at most 20 entries are allowed"]


def test_format_version() -> None:
    assert load_program("format = 1\n" + BASE).id == "p"
    assert errors_of("format = 2\n" + BASE) == [
        "line 1: format: format 2 is newer than this version of PRM Desktop reads (up to 1): "
        "update PRM Desktop to use this file"
    ]
    assert errors_of('format = "1"\n' + BASE) == ["line 1: format: must be a positive integer"]


def test_huge_threshold_never_reaches_evaluate() -> None:
    # Today 1e300 loads and then every evaluation crashes; now the file is refused.
    with pytest.raises(ProgramError):
        load_program(sub("min_revenue = 500", "min_revenue = 1e300"))


def test_errors_in_french() -> None:
    with pytest.raises(ProgramError) as info:
        load_program(sub("min_competencies = 1\nrevenue", "min_competencies = 1\nmin_score = 3\nrevenue"))
    assert info.value.messages("fr") == [
        "ligne 15\u00a0: tiers[1].min_score\u00a0: clé inconnue\u00a0; vouliez-vous dire min_revenue\u00a0?"
    ]
    assert info.value.messages("en") == info.value.errors


def test_errors_follow_the_current_language() -> None:
    from prm_desktop.domain import i18n

    i18n.set_language("fr")
    errors = errors_of(sub("min_revenue = 500", "min_revenue = -1"))
    assert errors == ["ligne 15\u00a0: tiers[1].min_revenue\u00a0: doit être un nombre positif ou nul"]


def test_optional_minimums_default_to_zero() -> None:
    text = sub("min_revenue = 500\nmin_competencies = 1\n", "")
    program = load_program(text)
    assert program.tier("gold").min_revenue == 0.0
    assert program.tier("gold").min_competencies == 0
