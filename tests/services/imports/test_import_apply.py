"""Writing plans: one batch, undo, dry run, revenue replacement, cancellation, progress, stale plans."""

from __future__ import annotations

import pytest

from prm_desktop.services import batches
from prm_desktop.services.imports.apply import ImportCancelledError, ImportPlanError, apply_import, import_file
from prm_desktop.services.imports.columns import match_columns
from prm_desktop.services.imports.plan import plan_import
from prm_desktop.services.imports.tabular import read_table


def test_an_import_is_one_batch_that_undo_reverts(load, write_csv, db, example_uow) -> None:
    _plan, first = load("partners", "partenaires_excel_fr.csv")
    info = batches.last_undoable(example_uow)
    assert info.id == first.batch_id and info.kind == "import"
    assert info.label == "Import partners from partenaires_excel_fr.csv"
    path = write_csv("p.csv", "siren;ville;nom\n903456788;Alès;Cévennes Cloud\n732829320;Uzès;Gardon Numérique\n")
    plan, second = load("partners", path)
    assert (second.created, second.updated) == (1, 1)
    assert db.value("SELECT count(DISTINCT batch_id) FROM change_log WHERE batch_id = :b", b=second.batch_id) == 1
    undone = batches.undo_batch(example_uow, second.batch_id)
    assert undone.reverted == 2 and not undone.skipped
    assert db.rows("SELECT city FROM partners WHERE siren = '903456788'") == [("Nîmes",)]
    assert db.rows("SELECT deleted_at IS NOT NULL FROM partners WHERE siren = '732829320'") == [(1,)]
    batches.undo_batch(example_uow, first.batch_id)
    assert db.live("partners") == 0 and db.live("team_members") == 0
    assert db.unlogged() == {}


def test_dry_run_writes_nothing(load, db) -> None:
    before = db.value("SELECT count(*) FROM change_log")
    plan, result = load("partners", "partenaires_excel_fr.csv", dry_run=True)
    assert result is None and plan.ok and len(plan.creates) == 12
    assert db.value("SELECT count(*) FROM change_log") == before and db.live("partners") == 0


def test_revenue_replaces_the_lines_of_each_partner_and_quarter_in_the_file(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("revenue", "revenue.csv")
    path = write_csv("rev.csv", "partenaire;trimestre;mode;famille de produits;montant;grossiste\n"
                                "Armorique Logiciels;2026-Q1;resell;security;40 000,00;Hauts-de-France Distribution\n"
                                "Cévennes Cloud;2026-Q1;resell;cloud;125 000,00;\n")
    plan, result = load("revenue", path)
    assert plan.ok, [str(e) for e in plan.errors]
    # Armorique Q1: 42,500 replaced by 40,000 through the distributor; Cévennes Q1: 125,000 stays, the credit
    # note goes; Armorique Q2 and HDF are not in the file: untouched.
    assert (result.created, result.deleted, result.unchanged, result.updated) == (1, 2, 1, 0)
    assert db.rows(
        "SELECT p.name, r.quarter, r.amount, d.name FROM revenue_lines r JOIN partners p ON p.id = r.partner_id "
        "LEFT JOIN partners d ON d.id = r.distributor_id WHERE r.deleted_at IS NULL ORDER BY 1, 2, 3") == [
        ("Armorique Logiciels", "2026-Q1", 40000.0, "Hauts-de-France Distribution"),
        ("Armorique Logiciels", "2026-Q2", 18000.0, None),
        ("Cévennes Cloud", "2026-Q1", 125000.0, None),
        ("Hauts-de-France Distribution", "2026-Q1", 1250000.0, None),
    ]
    _plan, again = load("revenue", path)
    assert (again.created, again.deleted, again.unchanged) == (0, 0, 2)
    batches.undo_batch(db.uow, result.batch_id)
    assert db.value("SELECT count(*) FROM revenue_lines WHERE deleted_at IS NULL") == 5
    assert db.unlogged() == {}


def test_revenue_without_motion_column_defaults_to_resell(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    plan, result = load("revenue", write_csv("r.csv", "partner,quarter,amount\nGaronne Conseil,2026Q3,1000\n"))
    assert [str(w) for w in plan.warnings] == ["line 1: motion: no motion column: every line is imported as resell"]
    assert db.rows("SELECT motion, quarter, amount FROM revenue_lines") == [("resell", "2026-Q3", 1000.0)]


def test_a_plan_with_errors_cannot_be_applied(example_uow, write_csv, db) -> None:
    table = read_table(write_csv("c.csv", "partner,name\nNobody,Jean\n"))
    plan = plan_import(example_uow, "contacts", table)
    with pytest.raises(ImportPlanError) as caught:
        apply_import(example_uow, plan)
    assert [str(e) for e in caught.value.errors] == ['line 2: partner: no partner matches "Nobody"']


def test_cancel_rolls_back_and_progress_is_reported(example_uow, samples, db) -> None:
    table = read_table(samples / "partenaires_excel_fr.csv")
    plan = plan_import(example_uow, "partners", table, source="x.csv")
    with pytest.raises(ImportCancelledError):
        apply_import(example_uow, plan, cancelled=lambda: True)
    assert db.live("partners") == 0 and db.value("SELECT count(*) FROM batches WHERE kind = 'import'") == 0
    calls = []
    result = apply_import(example_uow, plan, progress=lambda done, total, message: calls.append((done, total, message)))
    assert result.created == 12 and not result.replanned
    assert calls[0] == (10, 12, "Creating 10 partners") and calls[-1][:2] == (12, 12)


def test_a_plan_made_before_other_writes_is_made_again_before_writing(example_uow, samples, db) -> None:
    table = read_table(samples / "partenaires_excel_fr.csv")
    plan = plan_import(example_uow, "partners", table)
    import_file(example_uow, "partners", samples / "partners.xlsx")  # the same partners, written meanwhile
    result = apply_import(example_uow, plan)
    # Planned again: no partner is created twice; only the legal names (absent from the XLSX) are added.
    assert result.replanned and (result.created, result.updated) == (0, 10)
    assert db.live("partners") == 10 and db.value("SELECT count(*) FROM partners WHERE legal_name = name") == 10


def test_mapping_overrides(load, write_csv, db) -> None:
    path = write_csv("p.csv", "Société;Commentaire;Ville\nAcme;client historique;Lyon\n")
    plan, _result = load("partners", path, dry_run=True)
    assert [str(e) for e in plan.errors][0].startswith("line 1: name: required column is missing")
    plan, result = load("partners", path, mapping_overrides={0: "name", "Commentaire": None, 2: "region"})
    assert plan.ok and plan.warnings == [] and result.created == 1
    assert db.rows("SELECT name, city, region FROM partners") == [("Acme", None, "Lyon")]
    assert match_columns("partners", ["Société", "Ville"]).field_by_index == {1: "city"}


def test_contacts_two_primaries_and_a_primary_who_left(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    path = write_csv("c.csv", "partner,name,primary,left_on\n"
                              "Garonne Conseil,Anne,oui,\nGaronne Conseil,Bruno,oui,\n"
                              "Garonne Conseil,Chloé,oui,2020-01-01\n")
    plan, _result = load("contacts", path, dry_run=True)
    assert [str(e) for e in plan.errors] == ["line 4: primary: a contact who has left cannot be primary"]
    assert [str(w) for w in plan.warnings] == [
        "line 3: primary: Anne was also marked primary on line 2; only the later one is"]
    plan, result = load("contacts", write_csv("d.csv", "partner,name,primary\nGaronne Conseil,Anne,oui\n"
                                                       "Garonne Conseil,Bruno,oui\n"))
    assert db.rows("SELECT name, is_primary FROM contacts ORDER BY name") == [("Anne", 0), ("Bruno", 1)]
    plan, result = load("contacts", write_csv("e.csv", "partner,name,primary\nGaronne Conseil,Anne,oui\n"))
    assert (result.created, result.updated) == (0, 2)  # Anne becomes primary, Bruno no longer is
    assert db.rows("SELECT name, is_primary FROM contacts ORDER BY name") == [("Anne", 1), ("Bruno", 0)]
