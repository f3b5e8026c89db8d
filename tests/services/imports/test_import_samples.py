"""Every sample file of ../shared/samples imports, with its real values in the database; re-imports
change nothing; every written row is in the change log."""

from __future__ import annotations

from datetime import date

import pytest

SEQUENCE = [
    ("partners", "partenaires_excel_fr.csv"),
    ("partners", "partners.xlsx"),
    ("partners", "salesforce_accounts_report.csv"),
    ("contacts", "contacts.csv"),
    ("certifications", "certifications.csv"),
    ("references", "references.csv"),
    ("revenue", "revenue.csv"),
    ("targets", "targets.csv"),
    ("stakeholders", "stakeholders.csv"),
]


@pytest.fixture
def everything(load):
    """Import every sample in order; return the plans by file."""
    plans = {}
    for kind, name in SEQUENCE:
        plan, result = load(kind, name)
        assert plan.ok, [str(e) for e in plan.errors]
        assert result is not None
        plans[name] = plan
    return plans


def test_every_sample_imports_then_reimporting_changes_nothing(everything, load, db) -> None:
    created = {name: len(plan.creates) for name, plan in everything.items()}
    assert created == {
        "partenaires_excel_fr.csv": 12,  # 10 partners and 2 owners
        "partners.xlsx": 0,  # the same partners: matched by SIREN, nothing differs
        "salesforce_accounts_report.csv": 4,  # the owners are team members already
        "contacts.csv": 4,
        "certifications.csv": 4,  # 3 certifications and Erwan Tanguy, a new contact
        "references.csv": 2,
        "revenue.csv": 5,
        "targets.csv": 3,
        "stakeholders.csv": 3,
    }
    assert everything["partners.xlsx"].unchanged == 10
    batches = db.value("SELECT count(*) FROM batches")
    for kind, name in SEQUENCE:
        plan, result = load(kind, name)
        assert (result.created, result.updated, result.deleted, result.batch_id) == (0, 0, 0, None), name
        assert result.unchanged == plan.unchanged > 0
    assert db.value("SELECT count(*) FROM batches") == batches
    assert db.unlogged() == {}


def test_partners_from_the_french_excel_csv(load, db) -> None:
    plan, result = load("partners", "partenaires_excel_fr.csv")
    assert "line 3: Code postal: postcode \"1000\" lost its leading zero; imported as 01000" in map(str, plan.warnings)
    assert [str(w) for w in plan.warnings if "team" in w.message] == [
        'line 2: Responsable partenaire: "Claire Le Goff" is not a team member yet; added to the team',
        'line 4: Responsable partenaire: "Rémi Aubert" is not a team member yet; added to the team',
    ]
    assert result.created == 12 and result.batch_id
    assert db.rows("SELECT name FROM team_members ORDER BY name") == [("Claire Le Goff",), ("Rémi Aubert",)]
    row = db.rows(
        "SELECT p.name, p.legal_name, p.type, p.status, p.assigned_tier, p.postal_code, p.city, p.siren, "
        "p.website, p.phone, p.partner_since, t.name FROM partners p JOIN team_members t ON t.id = p.owner_id "
        "WHERE p.siren = '902345677'")[0]
    assert row == ("Bresse Numérique", "Bresse Numérique", "integrator", "prospect", None, "01000",
                   "Bourg-en-Bresse", "902345677", "https://bresse-num.example", "+33 4 74 00 00 02",
                   "2026-02-01", "Claire Le Goff")
    assert db.rows("SELECT type, status, assigned_tier, city FROM partners WHERE name = 'Île Œnologie Digitale'") == [
        ("referral", "inactive", None, "Bordeaux")]
    assert db.rows("SELECT assigned_tier, status, type FROM partners WHERE name LIKE 'For%'") == [
        ("platinum", "active", "integrator")]
    assert db.value("SELECT name_key FROM partners WHERE siren = '906789011'") == "foret d orleans systemes"


def test_the_xlsx_updates_only_what_differs(load, db, tmp_path, samples) -> None:
    load("partners", "partenaires_excel_fr.csv")
    import openpyxl

    book = openpyxl.load_workbook(samples / "partners.xlsx")
    sheet = book.worksheets[0]
    sheet["E4"] = "Alès"  # Cévennes Cloud moves
    sheet["K4"] = "Platinum"
    book.save(tmp_path / "partners.xlsx")
    plan, result = load("partners", tmp_path / "partners.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 9)
    [update] = plan.updates
    assert update.label == "Cévennes Cloud"
    assert {(c.field, c.old, c.new) for c in update.changes} == {
        ("city", "Nîmes", "Alès"), ("assigned_tier", "gold", "platinum")}
    assert db.rows("SELECT city, assigned_tier FROM partners WHERE siren = '903456788'") == [("Alès", "platinum")]


def test_salesforce_report(load, db) -> None:
    plan, result = load("partners", "salesforce_accounts_report.csv")
    assert [str(w) for w in plan.warnings] == [
        "line 1: Industry: unknown column, ignored",
        'line 2: Account Owner: "Rémi Aubert" is not a team member yet; added to the team',
        'line 3: Account Owner: "Claire Le Goff" is not a team member yet; added to the team',
    ]
    assert result.created == 6
    assert db.rows(
        "SELECT name, type, postal_code, city, country, website, external_id FROM partners ORDER BY external_id"
    )[:2] == [
        ("Lusitânia Software, Lda.", "reseller", "1100-053", "Lisboa", "Portugal", "https://lusitania.example",
         "0013X00002QrStUAAV"),
        ("Køpenhavn IT ApS", "integrator", "1160", "København", "Denmark", "https://kobenhavn-it.example",
         "0013X00002QrStVAAV"),
    ]
    assert db.value("SELECT region FROM partners WHERE name = 'Ardennes Réseaux SAS'") == "Grand Est"
    assert db.value("SELECT postal_code FROM partners WHERE name = 'Ardennes Réseaux SAS'") == "08000"


def test_contacts_certifications_and_references(everything, db) -> None:
    assert db.rows(
        "SELECT c.name, c.role, c.email, c.phone, c.is_primary FROM contacts c JOIN partners p ON p.id = c.partner_id "
        "WHERE p.name = 'Armorique Logiciels' ORDER BY c.name") == [
        ("Erwan Tanguy", None, "erwan.tanguy@armorique.example", None, 0),  # created by the certifications file
        ("Soizic Le Bihan", "Ingénieure avant-vente", "soizic.lebihan@armorique.example", "+33 2 98 00 10 02", 0),
        ("Yann Kerjean", "Directeur général", "yann.kerjean@armorique.example", "+33 2 98 00 10 01", 1),
    ]
    assert db.rows(
        "SELECT c.name, x.code, x.obtained_on, x.expires_on, x.partner_id = c.partner_id FROM certifications x "
        "JOIN contacts c ON c.id = x.contact_id ORDER BY x.code") == [
        ("Mathis Roux", "CLOUD-ARCH", "2026-01-20", None, 1),
        ("Erwan Tanguy", "SEC-SALES", "2024-09-01", "2026-08-31", 1),
        ("Soizic Le Bihan", "SEC-TECH", "2025-03-12", "2027-03-12", 1),
    ]
    assert db.rows("SELECT competency_id, customer, validated, ref_date FROM customer_references ORDER BY 1") == [
        ("cloud", "Communauté d'agglomération de Nîmes", 0, "2026-03-15"),
        ("security", "Hôpital de Morlaix", 1, "2025-11-02"),
    ]


def test_revenue_targets_and_stakeholders(everything, db) -> None:
    assert db.rows(
        "SELECT p.name, r.quarter, r.motion, r.product_family, r.amount FROM revenue_lines r "
        "JOIN partners p ON p.id = r.partner_id ORDER BY p.name, r.quarter, r.amount") == [
        ("Armorique Logiciels", "2026-Q1", "resell", "security", 42500.0),
        ("Armorique Logiciels", "2026-Q2", "co-sell", "security", 18000.0),
        ("Cévennes Cloud", "2026-Q1", "resell", "cloud", -4000.0),  # the credit note
        ("Cévennes Cloud", "2026-Q1", "resell", "cloud", 125000.0),
        ("Hauts-de-France Distribution", "2026-Q1", "resell", "security", 1250000.0),
    ]
    assert db.rows("SELECT p.name, t.quarter, t.amount FROM targets t JOIN partners p ON p.id = t.partner_id "
                   "ORDER BY 1, 2") == [
        ("Armorique Logiciels", "2026-Q1", 50000.0), ("Armorique Logiciels", "2026-Q2", 60000.0),
        ("Cévennes Cloud", "2026-Q1", 100000.0)]
    assert db.rows("SELECT name, business_unit, email, manager FROM stakeholders ORDER BY name") == [
        ("Aurélie Marchetti", "Ventes Mid-Market", "aurelie.marchetti@vendor.example", None),
        ("Karim Haddad", "Avant-vente", "karim.haddad@vendor.example", "Aurélie Marchetti"),
        ("Ophélie Brunet", "Marketing partenaires", "ophelie.brunet@vendor.example", None),
    ]
    assert everything["stakeholders.csv"].warnings == []


def test_certification_by_catalogue_alias_and_name(load, write_csv, db) -> None:
    load("partners", "partenaires_excel_fr.csv")
    path = write_csv("certs.csv", "partner;email;certification;obtained\n"
                                  "Armorique Logiciels;soizic@armorique.example;Spécialiste technique sécurité;"
                                  "2026-01-05\n"
                                  "Armorique Logiciels;soizic@armorique.example;security technical specialist;"
                                  "2026-02-05\n")
    plan, result = load("certifications", path)
    assert plan.ok and result.created == 3  # the contact (named by its e-mail) and two certifications
    assert db.rows("SELECT code, obtained_on FROM certifications ORDER BY obtained_on") == [
        ("SEC-TECH", "2026-01-05"), ("SEC-TECH", "2026-02-05")]
    assert db.rows("SELECT name, email FROM contacts") == [("soizic@armorique.example", "soizic@armorique.example")]


def test_dates_are_real_dates(everything, example_uow) -> None:
    from prm_desktop.storage.models import Partner

    with example_uow.read() as session:
        partner = session.query(Partner).filter_by(siren="901234567").one()
        assert partner.partner_since == date(2018, 5, 4)
