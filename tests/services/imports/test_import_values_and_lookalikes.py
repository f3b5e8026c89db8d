"""Imports read values with the app's one parser per type, and warn about look-alike partners."""

from __future__ import annotations

from prm_desktop.services.partners import PartnerInput, create_partner


def test_a_date_column_refuses_a_time_like_the_editor_does(load, write_csv, db) -> None:
    path = write_csv("p.csv", "name;since;contract_end\nAcme;2026-01-05 10:30;2027-01-05 00:00:00\n")
    plan, result = load("partners", path)
    assert result is None
    assert [str(e) for e in plan.errors] == [
        'line 2: since: "2026-01-05 10:30" has a time, but this field takes a date only: write 05/01/2026'
    ]
    assert db.live("partners") == 0


def test_a_row_creating_a_namesake_of_an_existing_partner_is_warned(example_uow, load, write_csv, db) -> None:
    create_partner(example_uow, PartnerInput(name="Œuvre Numérique", siren="732829320", city="Lyon"))
    path = write_csv("p.csv", "name;siren;city\nOeuvre Numerique SAS;552100554;Paris\n")
    plan, result = load("partners", path)
    assert [str(w) for w in plan.warnings] == [
        'line 2: name: a partner with the same name already exists (Œuvre Numérique, SIREN 732829320); '
        "this row creates another one"
    ]
    assert result.created == 1  # a warning, not an error: two companies may share a name


def test_a_namesake_inside_the_file_is_warned_too(load, write_csv) -> None:
    path = write_csv("p.csv", "name;siren\nŒuvre Numérique;732829320\nOEUVRE NUMERIQUE;552100554\n")
    plan, _result = load("partners", path, dry_run=True)
    assert [str(w) for w in plan.warnings] == [
        "line 3: name: a partner with the same name already exists (Œuvre Numérique, SIREN 732829320); "
        "this row creates another one"
    ]


def test_a_row_matching_by_name_updates_the_existing_partner(example_uow, load, write_csv, db) -> None:
    existing = create_partner(example_uow, PartnerInput(name="Œuvre Numérique", city="Lyon"))
    path = write_csv("p.csv", "name;city;siren\nOeuvre Numerique;Villeurbanne;732829320\n")
    plan, result = load("partners", path)
    assert plan.warnings == [] and (result.created, result.updated) == (0, 1)
    assert db.rows("SELECT id, name, city, siren FROM partners") == [
        (existing.id, "Oeuvre Numerique", "Villeurbanne", "732829320")]
