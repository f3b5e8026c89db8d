"""The partners import reads an optional last-visit column ("dernière visite"); the cadence counts from it."""

from __future__ import annotations

from datetime import date

from prm_desktop.services.visits.due import to_plan


def test_last_visit_column_sets_the_due_date(example_uow, load, write_csv, db) -> None:
    path = write_csv("p.csv", "nom;statut;dernière visite\nAcme;active;15/01/2026\nBeta;prospect;15/01/2026\n"
                              "Gamma;active;\n")  # fmt: skip
    plan, result = load("partners", path)
    assert not plan.errors and result.created == 3
    assert db.rows("SELECT name, imported_last_visit_on FROM partners ORDER BY name") == [
        ("Acme", "2026-01-15"), ("Beta", "2026-01-15"), ("Gamma", None)]
    rows = to_plan(example_uow, date(2026, 12, 1))
    assert [(r.name, r.last_visit, r.due_on) for r in rows] == [("Acme", date(2026, 1, 15), date(2026, 7, 14))]


def test_a_bad_last_visit_date_is_a_row_error(load, write_csv, db) -> None:
    plan, result = load("partners", write_csv("p.csv", "name;last visit\nAcme;31/02/2026\n"))
    assert result is None and [e.column for e in plan.errors] == ["last visit"]  # named as in the file
    assert db.live("partners") == 0
