"""Import warnings tied to the program: references without validation, revenue of unknown families."""

from __future__ import annotations

from datetime import date

from prm_desktop.services.evaluation import evaluate_partners


def test_references_without_validation_column_warn(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    plan, result = load("references", write_csv("r.csv", "partner,competency,customer\n"
                                                          "Cévennes Cloud,cloud,Mairie d'Alès\n"))
    assert [str(w) for w in plan.warnings] == [
        "line 1: validated: no validation column: new references are imported as not validated "
        "and do not count for competency levels"
    ]
    assert result.created == 1


def test_references_with_validation_column_do_not_warn(load, write_csv) -> None:
    load("partners", "partenaires_excel_fr.csv")
    plan, _result = load("references", write_csv("r.csv", "partner,competency,customer,validated\n"
                                                           "Cévennes Cloud,cloud,Mairie d'Alès,oui\n"))
    assert plan.warnings == []


def test_revenue_of_a_family_no_competency_has_warns_once(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    path = write_csv("r.csv", "partner,quarter,motion,product_family,amount\n"
                              "Cévennes Cloud,2026Q1,resell,CLOUD,1000\n"
                              "Cévennes Cloud,2026Q1,resell,Sécurité,1000\n"
                              "Cévennes Cloud,2026Q2,resell,securite,1000\n"
                              "Cévennes Cloud,2026Q2,resell,Security,1000\n")
    plan, result = load("revenue", path)
    assert [str(w) for w in plan.warnings] == [
        "line 3: product_family: product family Sécurité matches no competency of the active program: "
        "its revenue counts for tiers only"
    ]
    assert result.created == 4


def test_families_match_case_and_accent_insensitively_in_the_evaluation(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("revenue", write_csv("r.csv", "partner,quarter,motion,product_family,amount\n"
                                       "Cévennes Cloud,2026Q1,resell,CLOUD,30000\n"
                                       "Cévennes Cloud,2026Q2,resell,Cloud,30000\n"))
    partner_id = db.value("SELECT id FROM partners WHERE name = 'Cévennes Cloud'")
    ev = evaluate_partners(db.uow, [partner_id], on=date(2026, 6, 15)).evaluations[0]
    assert ev.counts["cloud"].revenue == 60000.0
