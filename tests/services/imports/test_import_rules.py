"""Row errors, partner matching and the natural keys of every import kind."""

from __future__ import annotations

import pytest

from prm_desktop.services.imports.plan import plan_import
from prm_desktop.services.imports.tabular import read_table

PARTNERS = (
    "name;siren;type;tier\n"
    "Armorique Logiciels SAS;901234567;reseller;Silver\n"
    "Bresse Numérique;902345677;integrator;Diamond\n"
    "Cévennes Cloud;903456788;MSP;gold\n"
)


def test_a_bad_row_writes_nothing_and_names_line_column_and_value(load, write_csv, db) -> None:
    plan, result = load("partners", write_csv("p.csv", PARTNERS))
    assert result is None and not plan.ok
    assert [str(e) for e in plan.errors] == [
        'line 3: tier: unknown tier "Diamond"; accepted values: Silver, Gold, Platinum']
    assert db.live("partners") == 0 and db.live("team_members") == 0
    assert db.value("SELECT count(*) FROM batches WHERE kind = 'import'") == 0


def test_parse_errors_and_resolution_errors_come_together_in_line_order(load, write_csv) -> None:
    bad = PARTNERS.replace("903456788", "8,1E+13")
    plan, _result = load("partners", write_csv("p.csv", bad))
    assert [e.line for e in plan.errors] == [3, 4]
    assert str(plan.errors[1]).startswith('line 4: siren: "8,1E+13" was turned into a number')
    assert plan.summary() == "1 to create, 0 to update, 0 unchanged, 2 errors"


def test_unknown_and_ambiguous_partners(load, write_csv) -> None:
    load("partners", write_csv("p.csv", "name;siren\nAcme SAS;901234567\nACME SARL;902345677\nZeta;\n"))
    contacts = write_csv("c.csv", "partner;siren;name\nInconnu SARL;;Jean Dupont\nAcme;;Anne Martin\n"
                                  "Acme;902345677;Paul Durand\n;903456788;Lou\nZÊTA S.A.S.;;Eve\n")
    plan, result = load("contacts", contacts)
    assert result is None
    assert [str(e) for e in plan.errors] == [
        'line 2: partner: no partner matches "Inconnu SARL"',
        'line 3: partner: "Acme" matches 2 partners (ACME SARL, Acme SAS); give its SIREN or external id',
        "line 5: siren: no partner matches SIREN 903456788",
    ]
    assert sorted(c.label for c in plan.creates) == ["Eve — Zeta", "Paul Durand — ACME SARL"]


def test_matching_order_external_id_then_siren_then_name(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    # SIREN finds Armorique although the name differs; a name whose stored SIREN differs from the row's
    # is another company; the external id is kept for next time.
    path = write_csv("p.csv", "Account ID;name;siren;city\n"
                              "SF-1;Armorique Logiciels Bretagne;901234567;Quimper\n"
                              "SF-2;Cévennes Cloud;732829320;Alès\n")
    plan, result = load("partners", path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert (result.created, result.updated) == (1, 1)
    assert db.rows("SELECT name, city, external_id FROM partners WHERE siren = '901234567'") == [
        ("Armorique Logiciels Bretagne", "Quimper", "SF-1")]
    assert db.value("SELECT name_key FROM partners WHERE external_id = 'SF-1'") == "armorique logiciels bretagne"
    assert db.value("SELECT count(*) FROM partners WHERE name = 'Cévennes Cloud'") == 2
    # Now the external id decides, whatever the name says.
    plan, result = load("partners", write_csv("q.csv", "Account ID;name\nSF-1;Armorique\n"))
    assert (result.created, result.updated) == (0, 1)


def test_a_siren_belonging_to_another_partner_is_an_error(load, write_csv) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("partners", write_csv("p.csv", "external id;name\nX1;Armorique Logiciels\n"))
    plan, _ = load("partners", write_csv("q.csv", "external id;name;siren\nX1;Armorique;902345677\n"))
    assert [str(e) for e in plan.errors] == [
        "line 2: siren: 902345677 already belongs to partner Bresse Numérique"]


def test_same_partner_twice_in_a_file_is_merged_with_a_warning(load, write_csv, db) -> None:
    plan, result = load("partners", write_csv("p.csv", "name;city;siren\nAcme;Lyon;\nACME SAS;Paris;901234567\n"))
    assert "line 3: name: same partner as line 2; the later values win" in map(str, plan.warnings)
    assert result.created == 1
    assert db.rows("SELECT name, city, siren FROM partners") == [("ACME SAS", "Paris", "901234567")]


def test_parent_and_distributors_resolve_to_partners_of_the_same_file(load, write_csv, db) -> None:
    path = write_csv("p.csv", "name;parent;grossiste\n"
                              "Filiale Ouest;Groupe Alpha;Distri Un, Distri Deux\n"
                              "Groupe Alpha;;\nDistri Un;;\nDistri Deux;;\n")
    plan, result = load("partners", path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert result.created == 6  # 4 partners and 2 distributor links
    assert db.rows("SELECT c.name, p.name FROM partners c JOIN partners p ON p.id = c.parent_id") == [
        ("Filiale Ouest", "Groupe Alpha")]
    links = "SELECT d.name FROM partner_distributors l JOIN partners d ON d.id = l.distributor_id " \
            "WHERE l.deleted_at IS NULL ORDER BY 1"
    assert db.rows(links) == [("Distri Deux",), ("Distri Un",)]
    plan, result = load("partners", write_csv("q.csv", "name;grossiste\nFiliale Ouest;Distri Deux\n"))
    assert (result.created, result.deleted, result.unchanged) == (0, 1, 2)
    assert db.rows(links) == [("Distri Deux",)]
    plan, _ = load("partners", write_csv("r.csv", "name;parent\nGroupe Alpha;Groupe Alpha\nX;Nulle Part\n"))
    assert [str(e) for e in plan.errors] == ["line 2: parent: a partner cannot be its own parent",
                                             'line 3: parent: no partner matches "Nulle Part"']


def test_contacts_key_on_email_else_name_and_keep_one_primary(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("contacts", "contacts.csv")
    path = write_csv("c.csv", "partner,name,email,role,primary\n"
                              "Armorique Logiciels,Soizic Le Bihan-Kerjean,soizic.lebihan@armorique.example,CTO,yes\n"
                              "Armorique Logiciels,Yann Kerjean,,,\n"
                              "Armorique Logiciels,Nolwenn Guen,,Achats,no\n")
    plan, result = load("contacts", path)
    assert plan.ok and (result.created, result.updated) == (1, 2)
    assert db.rows("SELECT name, role, email, is_primary FROM contacts c WHERE c.partner_id = "
                   "(SELECT id FROM partners WHERE siren = '901234567') ORDER BY name") == [
        ("Nolwenn Guen", "Achats", None, 0),
        ("Soizic Le Bihan-Kerjean", "CTO", "soizic.lebihan@armorique.example", 1),
        ("Yann Kerjean", None, None, 0),  # matched by name; the file's empty cells empty the fields
    ]
    assert "line 4: primary" not in " ".join(map(str, plan.warnings))


def test_certifications_unknown_code_lists_the_accepted_ones(load, write_csv) -> None:
    load("partners", "partenaires_excel_fr.csv")
    plan, _ = load("certifications", write_csv("x.csv", "partner,contact,certification,obtained\n"
                                                         "Armorique Logiciels,Jo,NOPE-1,2026-01-01\n"))
    assert [str(e) for e in plan.errors] == [
        'line 2: certification: unknown certification "NOPE-1"; accepted values: SEC-TECH, SEC-SALES, CLOUD-ARCH']


def test_certifications_key_on_contact_code_and_date(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("contacts", "contacts.csv")
    load("certifications", "certifications.csv")
    path = write_csv("x.csv", "partner;nom;certification;obtained;expires\n"
                              "Armorique Logiciels;soizic le bihan;SEC-TECH;2025-03-12;2028-03-12\n"
                              "Armorique Logiciels;Soizic Le Bihan;SEC-TECH;2026-03-12;\n")
    plan, result = load("certifications", path)
    assert (result.created, result.updated) == (1, 1)
    assert [(c.field, c.old, c.new) for c in plan.updates[0].changes] == [
        ("expires_on", plan.updates[0].changes[0].old, plan.updates[0].changes[0].new)]
    assert str(plan.updates[0].changes[0].new) == "2028-03-12"
    assert db.value("SELECT count(*) FROM contacts WHERE name LIKE 'Soizic%'") == 1


def test_references_and_targets_update_in_place(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    load("references", "references.csv")
    load("targets", "targets.csv")
    path = write_csv("r.csv", "partner,compétence,client,validée\n"
                              "Cévennes Cloud,Cloud,COMMUNAUTÉ D'AGGLOMÉRATION DE NÎMES,oui\n"
                              "Cévennes Cloud,Sécurité,Mairie d'Alès,non\n"
                              "Cévennes Cloud,IA,Mairie d'Uzès,non\n")
    plan, result = load("references", path)
    assert [str(e) for e in plan.errors] == [
        'line 4: compétence: unknown competency "IA"; accepted values: security (Sécurité), cloud (Cloud)']
    plan, result = load("references", write_csv("r.csv", "partner,competency,customer,validated\n"
                                                          "Cévennes Cloud,cloud,Communauté d'agglomération de Nîmes,"
                                                          "oui\n"))
    assert (result.created, result.updated) == (0, 1)
    assert db.value("SELECT validated FROM customer_references WHERE competency_id = 'cloud'") == 1
    plan, result = load("targets", write_csv("t.csv", "partner;trimestre;objectif\n"
                                                      "Armorique Logiciels;T1 2026;55 000\n"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert db.rows("SELECT quarter, amount FROM targets WHERE deleted_at IS NULL ORDER BY 1, 2") == [
        ("2026-Q1", 55000.0), ("2026-Q1", 100000.0), ("2026-Q2", 60000.0)]


def test_stakeholders_key_on_email_else_name_and_resolve_managers(load, write_csv, db) -> None:
    load("stakeholders", "stakeholders.csv")
    path = write_csv("s.csv", "name,email,manager,role\n"
                              "Aurélie Marchetti-Roy,aurelie.marchetti@vendor.example,,VP ventes\n"
                              "Karim Haddad,,aurelie marchetti-roy,\n"
                              "Léa Morel,,Patron Inconnu,\n")
    plan, result = load("stakeholders", path)
    assert [str(w) for w in plan.warnings] == [
        'line 4: manager: "Patron Inconnu" is not a known stakeholder; kept as written']
    assert (result.created, result.updated) == (1, 2)
    assert db.rows("SELECT name, role, manager FROM stakeholders ORDER BY name") == [
        ("Aurélie Marchetti-Roy", "VP ventes", None),
        ("Karim Haddad", None, "Aurélie Marchetti-Roy"),
        ("Léa Morel", None, "Patron Inconnu"),
        ("Ophélie Brunet", "Chargée de marketing", None),
    ]


def test_without_an_active_program_tiers_are_row_errors(uow, write_csv, db) -> None:
    from prm_desktop.storage.models import ProgramRecord

    with uow() as work:
        for record in work.session.query(ProgramRecord):
            record.is_active = False
        work.commit()
    table = read_table(write_csv("p.csv", "name;tier\nAcme;Gold\nBeta;\n"))
    plan = plan_import(uow, "partners", table)
    assert [str(e) for e in plan.errors] == ["line 2: tier: there is no active program: import one first"]


def test_an_ambiguous_name_in_a_partners_file_is_an_error(load, write_csv) -> None:
    load("partners", write_csv("p.csv", "name;siren\nAcme SAS;901234567\nACME SARL;902345677\n"))
    plan, result = load("partners", write_csv("q.csv", "name;city\nAcme;Lyon\n"))
    assert result is None
    assert [str(e) for e in plan.errors] == [
        'line 2: name: "Acme" matches 2 partners (ACME SARL, Acme SAS); give its SIREN or external id']


@pytest.mark.parametrize("kind", ["partners", "contacts", "certifications", "revenue"])
def test_planning_runs_a_fixed_number_of_queries_whatever_the_size(kind, app_ctx, example_uow, load, write_csv):
    from sqlalchemy import event

    load("partners", write_csv("base.csv", "name;siren\n" + "".join(f"P{i};\n" for i in range(60))))
    line = {
        "partners": "name;city\n{i};Lyon\n",
        "contacts": "partner;name\nP{i};Jean {i}\n",
        "certifications": "partner;contact;certification;obtained\nP{i};Jean {i};SEC-TECH;2026-01-01\n",
        "revenue": "partner;quarter;motion;amount\nP{i};2026-Q1;resell;{i}\n",
    }[kind]
    header, row = line.split("\n", 1)
    counts = []
    for size in (5, 50):
        table = read_table(write_csv(f"{kind}{size}.csv", header + "\n" + "".join(
            row.replace("{i}", str(i)) for i in range(size))))
        statements: list[str] = []

        def listener(*args, seen=statements) -> None:
            seen.append(args[2])

        event.listen(app_ctx.db.engine, "before_cursor_execute", listener)
        try:
            plan = plan_import(example_uow, kind, table)
        finally:
            event.remove(app_ctx.db.engine, "before_cursor_execute", listener)
        assert plan.ok, [str(e) for e in plan.errors]
        counts.append(len(statements))
    assert counts[0] == counts[1] and 2 <= counts[0] <= 8, counts
