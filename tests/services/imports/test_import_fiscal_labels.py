"""Revenue files with fiscal-year labels (``FY27 Q1``): read as the active program names its years."""

from __future__ import annotations

from prm_desktop.services.programs import import_program

PROGRAM = """
[program]
id = "msft"
name = "Microsoft-like"
valid_from = 2026-07-01
revenue_window_quarters = 4
fiscal_year_start_month = 7
{naming}

[[tiers]]
id = "member"
name = "Member"
rank = 1
"""


def test_fy_label_is_read_as_the_quarter_the_program_names(load, write_csv, db, example_uow) -> None:
    load("partners", "partenaires_excel_fr.csv")
    import_program(example_uow, PROGRAM.format(naming='fiscal_year_named_by = "end"'))
    path = write_csv("r.csv", "partner,quarter,amount\nGaronne Conseil,FY27 Q1,1000\nGaronne Conseil,2026-Q2,500\n")
    plan, _result = load("revenue", path, dry_run=True)  # --dry-run shows the conversion
    assert plan.ok
    assert "line 2: quarter: FY27 Q1 read as 2026-Q1 (1 Jul 2026 to 30 Sept 2026)" in [str(w) for w in plan.warnings]
    plan, result = load("revenue", path)
    assert db.rows("SELECT quarter, amount FROM revenue_lines ORDER BY quarter") == [
        ("2026-Q1", 1000.0), ("2026-Q2", 500.0)]


def test_fy_label_without_the_program_saying_is_an_error(load, write_csv, db, example_uow) -> None:
    load("partners", "partenaires_excel_fr.csv")
    import_program(example_uow, PROGRAM.format(naming=""))
    plan, result = load("revenue", write_csv("r.csv", "partner,quarter,amount\nGaronne Conseil,FY27 Q1,1000\n"))
    assert result is None and not plan.ok
    assert [str(e) for e in plan.errors] == [
        "line 2: quarter: FY27 Q1 names a fiscal year, but the active program does not say whether its fiscal "
        "years are named after the year they start or end (fiscal_year_named_by)"]
    assert db.live("revenue_lines") == 0


def test_imported_quarters_are_stored_by_the_day_they_start(load, write_csv, db, example_uow) -> None:
    load("partners", "partenaires_excel_fr.csv")
    import_program(example_uow, PROGRAM.format(naming='fiscal_year_named_by = "end"'))
    revenue = write_csv("r.csv", "partner,quarter,amount\nGaronne Conseil,FY27 Q1,1000\nGaronne Conseil,2026-Q2,500\n")
    targets = write_csv("t.csv", "partner,quarter,amount\nGaronne Conseil,2026-Q1,800\n")
    load("revenue", revenue)
    load("targets", targets)
    assert db.rows("SELECT quarter, period_start, amount FROM revenue_lines ORDER BY period_start") == [
        ("2026-Q1", "2026-07-01", 1000.0), ("2026-Q2", "2026-10-01", 500.0)]  # fiscal years from July
    assert db.rows("SELECT period_start, amount FROM targets") == [("2026-07-01", 800.0)]
    plan, _result = load("revenue", revenue, dry_run=True)  # matched by day: importing again changes nothing
    assert plan.ok and not (plan.creates or plan.updates or plan.deletes)
