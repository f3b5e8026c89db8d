"""Parsing half of the imports: every sample file of ../shared/samples, then hand-made bad files."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from prm_desktop.domain.quarters import Quarter
from prm_desktop.services.imports.columns import KINDS, match_columns
from prm_desktop.services.imports.rows import ParseResult, RowIssue, parse_rows
from prm_desktop.services.imports.tabular import TableError, read_table, read_table_bytes
from tests.conftest import SAMPLES

# Every table file of the samples folder and the import it is for.
SAMPLE_KINDS = {
    "partenaires_excel_fr.csv": "partners",
    "partners.xlsx": "partners",
    "salesforce_accounts_report.csv": "partners",
    "contacts.csv": "contacts",
    "certifications.csv": "certifications",
    "references.csv": "references",
    "revenue.csv": "revenue",
    "targets.csv": "targets",
    "stakeholders.csv": "stakeholders",
}
NOT_TABLES = {"README.md", "program_example.toml"}

needs_samples = pytest.mark.usefixtures("samples")  # fails under CI when the samples are missing


def parse_sample(name: str) -> ParseResult:
    table = read_table(SAMPLES / name)
    kind = SAMPLE_KINDS[name]
    return parse_rows(kind, table, match_columns(kind, table.headers))


def parse_bytes(kind: str, data: bytes, filename: str = "file.csv") -> ParseResult:
    table = read_table_bytes(data, filename)
    return parse_rows(kind, table, match_columns(kind, table.headers))


def by_name(result: ParseResult) -> dict[str, dict]:
    return {record["name"]: record for record in result.records}


# --- the sample files --------------------------------------------------------------------------------


@needs_samples
def test_every_sample_file_is_known() -> None:
    names = {path.name for path in SAMPLES.iterdir() if path.is_file()}
    assert names - NOT_TABLES == set(SAMPLE_KINDS), "a sample file has no parsing test"


@needs_samples
@pytest.mark.parametrize("name", sorted(SAMPLE_KINDS))
def test_every_sample_parses_without_errors(name: str) -> None:
    table = read_table(SAMPLES / name)
    mapping = match_columns(SAMPLE_KINDS[name], table.headers)
    assert mapping.missing_required == []
    result = parse_rows(SAMPLE_KINDS[name], table, mapping)
    assert result.errors == []
    assert len(result.records) == len(table.rows) > 0
    assert [r["_line"] for r in result.records] == list(range(2, len(table.rows) + 2))


@needs_samples
def test_french_excel_csv() -> None:
    table = read_table(SAMPLES / "partenaires_excel_fr.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers[7] == "Téléphone"
    result = parse_sample("partenaires_excel_fr.csv")
    assert [str(w) for w in result.warnings] == [
        'line 3: Code postal: postcode "1000" lost its leading zero; imported as 01000'
    ]
    partners = by_name(result)
    assert len(partners) == 10
    # Windows-1252 decoded right, including Œ (0x8C), É (0xC9), À (0xC0), î, ê, è.
    assert set(partners) >= {
        "Île Œnologie Digitale",
        "Dauphiné Éditions Logicielles",
        "Forêt d'Orléans Systèmes",
        "Cévennes Cloud",
    }
    bresse = partners["Bresse Numérique"]
    assert bresse["postal_code"] == "01000"
    assert bresse["legal_name"] == "Bresse Numérique"  # raison sociale alone fills both
    assert bresse["type"] == "integrator"
    assert bresse["tier"] is None
    assert bresse["status"] == "prospect"
    assert bresse["since"] == date(2026, 2, 1)
    armorique = partners["Armorique Logiciels"]
    assert armorique == {
        "_line": 2,
        "name": "Armorique Logiciels",
        "legal_name": "Armorique Logiciels",
        "type": "reseller",
        "address": "3 rue de Brest",
        "postal_code": "29200",
        "city": "Brest",
        "siren": "901234567",
        "website": "https://armorique.example",
        "phone": "+33 2 98 00 00 01",
        "email": "contact@armorique.example",
        "owner": "Claire Le Goff",
        "tier": "Silver",
        "status": "active",
        "since": date(2018, 5, 4),
    }
    assert partners["Dauphiné Éditions Logicielles"]["type"] == "isv"
    assert partners["Dauphiné Éditions Logicielles"]["status"] == "onboarding"
    assert partners["Estuaire Infogérance"]["type"] == "msp"
    assert partners["Estuaire Infogérance"]["status"] == "at_risk"
    assert partners["Forêt d'Orléans Systèmes"]["type"] == "integrator"  # ESN
    assert partners["Garonne Conseil"]["type"] == "consultancy"
    assert partners["Hauts-de-France Distribution"]["type"] == "distributor"
    assert partners["Île Œnologie Digitale"]["type"] == "referral"
    assert partners["Île Œnologie Digitale"]["status"] == "inactive"
    assert partners["Jura Alliance Technologique"]["type"] == "alliance"


@needs_samples
def test_xlsx_gives_the_same_partners_as_the_french_csv() -> None:
    table = read_table(SAMPLES / "partners.xlsx")
    assert (table.encoding, table.delimiter) == ("xlsx", None)
    assert table.rows[0].values[-1] == date(2018, 5, 4)  # a real date cell stays a date
    xlsx = by_name(parse_sample("partners.xlsx"))
    csv = by_name(parse_sample("partenaires_excel_fr.csv"))
    assert set(xlsx) == set(csv)
    fields = ("type", "postal_code", "siren", "website", "phone", "email", "owner", "tier", "status", "since")
    for name, record in xlsx.items():
        assert {f: record[f] for f in fields} == {f: csv[name][f] for f in fields}, name
    assert parse_sample("partners.xlsx").warnings == []  # the workbook kept "01000" as text


@needs_samples
def test_salesforce_accounts_report() -> None:
    table = read_table(SAMPLES / "salesforce_accounts_report.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.headers[0] == "Account ID"  # no BOM left in the first header
    mapping = match_columns("partners", table.headers)
    assert {table.headers[i]: f for i, f in mapping.field_by_index.items()} == {
        "Account ID": "external_id",
        "Account Name": "name",
        "Type": "type",
        "Billing Street": "address",
        "Billing City": "city",
        "Billing State/Province": "region",
        "Billing Zip/Postal Code": "postal_code",
        "Billing Country": "country",
        "Phone": "phone",
        "Website": "website",
        "Account Owner": "owner",
    }
    result = parse_rows("partners", table, mapping)
    assert [str(w) for w in result.warnings] == ["line 1: Industry: unknown column, ignored"]
    partners = by_name(result)
    lusitania = partners["Lusitânia Software, Lda."]
    assert lusitania["external_id"] == "0013X00002QrStUAAV"
    assert lusitania["type"] == "reseller"
    assert lusitania["website"] == "https://lusitania.example"
    assert lusitania["postal_code"] == "1100-053"
    assert lusitania["country"] == "Portugal"
    assert lusitania["region"] is None
    assert lusitania["phone"] == "+351 211234567"
    copenhagen = partners["Køpenhavn IT ApS"]
    assert copenhagen["type"] == "integrator"
    assert copenhagen["postal_code"] == "1160"  # Danish: no leading zero added
    assert copenhagen["city"] == "København"
    ardennes = partners["Ardennes Réseaux SAS"]
    assert (ardennes["postal_code"], ardennes["region"], ardennes["owner"]) == (
        "08000",
        "Grand Est",
        "Rémi Aubert",
    )
    assert partners["Vltava Cloud s.r.o."]["type"] == "msp"
    assert partners["Vltava Cloud s.r.o."]["postal_code"] == "110 00"


@needs_samples
def test_contacts_sample() -> None:
    table = read_table(SAMPLES / "contacts.csv")
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    records = parse_sample("contacts.csv").records
    assert records[1] == {
        "_line": 3,
        "partner": "Armorique Logiciels",
        "name": "Soizic Le Bihan",
        "role": "Ingénieure avant-vente",
        "email": "soizic.lebihan@armorique.example",
        "phone": "+33 2 98 00 10 02",
        "primary": False,
    }
    assert [r["primary"] for r in records] == [True, False, True, True]
    assert records[0]["role"] == "Directeur général"


@needs_samples
def test_certifications_sample() -> None:
    table = read_table(SAMPLES / "certifications.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    records = parse_sample("certifications.csv").records
    assert [
        (r["partner"], r["contact"], r["certification"], r["obtained"], r["expires"]) for r in records
    ] == [
        ("Armorique Logiciels", "Soizic Le Bihan", "SEC-TECH", date(2025, 3, 12), date(2027, 3, 12)),
        ("Armorique Logiciels", "Erwan Tanguy", "SEC-SALES", date(2024, 9, 1), date(2026, 8, 31)),
        ("Cévennes Cloud", "Mathis Roux", "CLOUD-ARCH", date(2026, 1, 20), None),
    ]
    assert records[2]["email"] == "mathis.roux@cevennes.example"


@needs_samples
def test_references_sample() -> None:
    records = parse_sample("references.csv").records
    assert [(r["partner"], r["competency"], r["customer"], r["validated"], r["date"]) for r in records] == [
        ("Armorique Logiciels", "security", "Hôpital de Morlaix", True, date(2025, 11, 2)),
        ("Cévennes Cloud", "cloud", "Communauté d'agglomération de Nîmes", False, date(2026, 3, 15)),
    ]


@needs_samples
def test_revenue_sample() -> None:
    records = parse_sample("revenue.csv").records
    assert [(r["partner"], r["quarter"], r["motion"], r["product_family"], r["amount"]) for r in records] == [
        ("Armorique Logiciels", Quarter(2026, 1), "resell", "security", Decimal("42500.00")),
        ("Armorique Logiciels", Quarter(2026, 2), "co-sell", "security", Decimal("18000.00")),
        ("Cévennes Cloud", Quarter(2026, 1), "resell", "cloud", Decimal("125000")),
        ("Cévennes Cloud", Quarter(2026, 1), "resell", "cloud", Decimal("-4000")),  # credit note
        ("Hauts-de-France Distribution", Quarter(2026, 1), "resell", "security", Decimal("1250000.00")),
    ]


@needs_samples
def test_targets_and_stakeholders_samples() -> None:
    targets = parse_sample("targets.csv").records
    assert [(r["partner"], r["quarter"], r["amount"]) for r in targets] == [
        ("Armorique Logiciels", Quarter(2026, 1), Decimal("50000")),
        ("Armorique Logiciels", Quarter(2026, 2), Decimal("60000")),
        ("Cévennes Cloud", Quarter(2026, 1), Decimal("100000")),
    ]
    stakeholders = parse_sample("stakeholders.csv").records
    assert stakeholders[1] == {
        "_line": 3,
        "name": "Karim Haddad",
        "business_unit": "Avant-vente",
        "role": "Architecte solutions",
        "email": "karim.haddad@vendor.example",
        "phone": "+33 1 70 00 00 02",
        "manager": "Aurélie Marchetti",
    }
    assert stakeholders[0]["name"] == "Aurélie Marchetti"
    assert stakeholders[0]["manager"] is None


# --- hand-made bad files -----------------------------------------------------------------------------

BAD_PARTNERS = (
    "Nom;Type;SIREN;SIRET;Adresse;Code postal;Pays;Site web;E-mail;Date de signature;Statut;Tags;Couleur\r\n"
    'Intégra Conseil SAS;Intégrateur;732 829 320;;"3 rue Neuve\r\nBâtiment B";1000;France;'
    "www.integra.example;Contact@Integra.example;31/03/2026;Actif;cloud, sécurité | PME;bleu\r\n"
    ";Revendeur;;;;;;;;;;;\r\n"
    "Foo;Fabricant;;;;;;;;;;;\r\n"
    "Bar;;;8,1E+13;;;;;;;;;\r\n"
    "Baz;;;;;;;;;31/03/26;;;\r\n"
    "Qux;;123456789;;;;;;not-an-email;;Dormant;;\r\n"
    ";;;;;;;;;;;;\r\n"
    ";;;;;;;;;;;;\r\n"
).encode("cp1252")


def test_bad_partner_rows_give_exact_errors() -> None:
    table = read_table_bytes(BAD_PARTNERS, "partenaires.csv")
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert [row.line for row in table.rows] == [2, 4, 5, 6, 7, 8]  # quoted line break; empty rows skipped
    result = parse_rows("partners", table, match_columns("partners", table.headers))
    assert [str(e) for e in result.errors] == [
        "line 4: Nom: a value is required",
        'line 5: Type: unknown type "Fabricant"; accepted values: reseller, distributor, integrator, '
        "consultancy, isv, msp, alliance, referral",
        'line 6: SIRET: "8,1E+13" was turned into a number by the spreadsheet: the column must be formatted '
        "as text in the spreadsheet",
        'line 7: Date de signature: two-digit year in "31/03/26": write the date as dd/mm/yyyy',
        "line 8: SIREN: This SIREN is not valid (check digit).",
        "line 8: E-mail: Enter a valid e-mail address, like name@example.fr.",
        'line 8: Statut: unknown status "Dormant"; accepted values: prospect, onboarding, active, at_risk, '
        "inactive",
    ]
    assert result.errors[0] == RowIssue(4, "Nom", "a value is required")
    assert [str(w) for w in result.warnings] == [
        "line 1: Couleur: unknown column, ignored",
        'line 2: Code postal: postcode "1000" lost its leading zero; imported as 01000',
    ]
    assert not result.ok
    (good,) = result.records
    assert good["name"] == "Intégra Conseil SAS"
    assert good["address"] == "3 rue Neuve\r\nBâtiment B"
    assert good["siren"] == "732829320"
    assert good["siret"] is None
    assert good["website"] == "https://www.integra.example"
    assert good["email"] == "contact@integra.example"
    assert good["tags"] == ["cloud", "sécurité", "PME"]
    assert good["postal_code"] == "01000"


def test_bad_revenue_rows_give_exact_errors() -> None:
    data = (
        b"partner,siren,quarter,motion,amount\n"
        b'A,,2026-Q1,resell,"1,234"\n'
        b"B,,2026-Q5,resell,500\n"
        b"C,,2026-Q1,direct,500\n"
        b",,2026-Q1,resell,500\n"
        b"E,,2026-Q1,resell,\n"
        b"F,,T2 2026,co-vente,douze\n"
    )
    result = parse_bytes("revenue", data)
    assert [str(e) for e in result.errors] == [
        'line 2: amount: "1,234" is ambiguous: the column does not show whether , separates decimals or '
        "thousands; write e.g. 1234.00 or 1 234,00",
        'line 3: quarter: "2026-Q5" is not a quarter (expected e.g. 2026-Q1, 2026Q1, T1 2026 or Q1 2026)',
        'line 4: motion: unknown motion "direct"; accepted values: resell, co-sell, influence, alliance',
        "line 5: partner: the partner is missing: give its name, SIREN or external id",
        "line 6: amount: a value is required",
        'line 7: amount: "douze" is not an amount (expected e.g. 1234.50 or 1 234,50 €)',
    ]


def test_amount_against_the_column_decimal_separator() -> None:
    data = (
        b"partner;quarter;amount\r\nA;2026-Q1;10.5\r\nB;2026-Q1;20.25\r\n"
        b"C;2026-Q1;1.234,5\r\nD;2026-Q1;1,234\r\n"
    )
    result = parse_bytes("revenue", data)
    assert [str(e) for e in result.errors] == [
        'line 4: amount: "1.234,5" does not fit the decimal separator (.); write e.g. 1,234.50'
    ]
    assert [r["amount"] for r in result.records] == [Decimal("10.5"), Decimal("20.25"), Decimal("1234")]


def test_missing_required_columns_are_header_errors() -> None:
    result = parse_bytes("revenue", b"partenaire;montant;couleur\r\nA;12\r\n")
    assert [str(e) for e in result.errors] == [
        "line 1: quarter: required column is missing (e.g. quarter, trimestre)"
    ]
    assert [str(w) for w in result.warnings] == ["line 1: couleur: unknown column, ignored"]
    assert result.records == []
    result = parse_bytes("contacts", b"nom;email\r\nA;a@b.example\r\n")
    assert [str(e) for e in result.errors] == [
        "line 1: partner: required column is missing (e.g. partner, partenaire, siren, n° siren, "
        "external_id, external id)"
    ]


def test_certification_expiring_before_it_was_obtained() -> None:
    data = (
        "Partenaire;Nom;Certification;Date d'obtention;Date d'expiration\r\nA;B;SEC;01/06/2026;31/05/2026\r\n"
    )
    result = parse_bytes("certifications", data.encode("cp1252"))
    assert [str(e) for e in result.errors] == ["line 2: Date d'expiration: expires before obtained"]


def test_contacts_first_and_last_name_columns() -> None:
    result = parse_bytes(
        "contacts", "Partenaire;Prénom;Nom;Principal\nA;Yann;Kerjean;x\nA;;Le Bihan;\n".encode()
    )
    assert result.errors == []
    assert [(r["name"], r["primary"]) for r in result.records] == [
        ("Yann Kerjean", True),
        ("Le Bihan", False),
    ]


# --- encodings, delimiters, XLSX ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        ("Nom;Ville\r\nÉtoile;Nîmes\r\n".encode("cp1252"), "cp1252", ";"),
        ("Nom;Ville\r\nÉtoile;Nîmes\r\n".encode(), "utf-8", ";"),
        ("Nom;Ville\nÉtoile;Nîmes".encode("utf-8-sig"), "utf-8-sig", ";"),
        ("Nom\tVille\r\nÉtoile\tNîmes\r\n".encode("utf-16"), "utf-16", "\t"),
        ('"Nom; commercial",Ville\rÉtoile,Nîmes\r'.encode(), "utf-8", ","),
        ('"Nom, commercial";"Ville"\nÉtoile;Nîmes\n'.encode(), "utf-8", ";"),
    ],
)
def test_encodings_and_delimiters(data: bytes, encoding: str, delimiter: str) -> None:
    table = read_table_bytes(data, "x.csv")
    assert (table.encoding, table.delimiter) == (encoding, delimiter)
    assert len(table.headers) == 2
    assert [(row.line, row.values) for row in table.rows] == [(2, ["Étoile", "Nîmes"])]


def test_unreadable_files() -> None:
    with pytest.raises(TableError, match="empty"):
        read_table_bytes(b" \r\n", "x.csv")
    with pytest.raises(TableError, match=r"\.xls files are not supported"):
        read_table_bytes(b"whatever", "x.xls")
    with pytest.raises(TableError, match="cannot read the Excel workbook"):
        read_table_bytes(b"not a zip", "x.xlsx")
    with pytest.raises(TableError, match="unsupported file type"):
        read_table_bytes(b"x", "x.pdf")


def xlsx_bytes(rows: list[list[object]], start_row: int = 1) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=start_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_keep_their_types_and_excel_damage_is_reported() -> None:
    data = xlsx_bytes(
        [
            ["Nom", "SIREN", "SIRET", "Code postal", "Date de signature", "Fin de contrat"],
            ["Alpha", None, "73282932000074", 1000, datetime(2024, 2, 29), date(2027, 1, 31)],
            ["Beta", None, "8,1E+13", "75008", "15/09/2016", None],
            ["Gamma", 732829320.5, None, None, None, None],
            ["Delta", 732829320, 73282932000074, None, None, None],  # whole numbers keep their digits
            [None, None, None, None, None, None],
        ],
        start_row=2,
    )
    table = read_table_bytes(data, "Partenaires.XLSX")
    assert table.header_line == 2
    assert [row.line for row in table.rows] == [3, 4, 5, 6]
    assert table.rows[0].values[4] == date(2024, 2, 29)
    result = parse_rows("partners", table, match_columns("partners", table.headers))
    assert [str(e) for e in result.errors] == [
        'line 4: SIRET: "8,1E+13" was turned into a number by the spreadsheet: the column must be '
        "formatted as text in the spreadsheet",
        'line 5: SIREN: "732829320.5" was turned into a number by the spreadsheet: the column must be '
        "formatted as text in the spreadsheet",
    ]
    assert [str(w) for w in result.warnings] == [
        'line 3: Code postal: postcode "1000" lost its leading zero; imported as 01000'
    ]
    alpha, delta = result.records
    assert alpha["siret"] == "73282932000074"
    assert alpha["postal_code"] == "01000"
    assert (alpha["since"], alpha["contract_end"]) == (date(2024, 2, 29), date(2027, 1, 31))
    assert (delta["siren"], delta["siret"]) == ("732829320", "73282932000074")


def test_xlsx_amounts_are_numbers() -> None:
    data = xlsx_bytes(
        [["Partenaire", "Trimestre", "Montant"], ["A", "T1 2026", 1234.5], ["A", "T2 2026", -400]]
    )
    result = parse_bytes("revenue", data, "ca.xlsx")
    assert result.errors == []
    assert [r["amount"] for r in result.records] == [Decimal("1234.5"), Decimal("-400")]


# --- column mapping ----------------------------------------------------------------------------------


def test_header_matching_is_case_space_accent_insensitive() -> None:
    mapping = match_columns(
        "partners", ["  RAISON  SOCIALE ", "code_postal", "TELEPHONE", "Site-Web", "Grossiste"]
    )
    assert mapping.field_by_index == {
        0: "legal_name",
        1: "postal_code",
        2: "phone",
        3: "website",
        4: "distributor",
    }
    assert mapping.missing_required == []


def test_duplicate_columns_are_ignored_with_a_warning() -> None:
    result = parse_bytes("partners", b"Nom;Enseigne\r\nA;B\r\n")
    assert [str(w) for w in result.warnings] == [
        "line 1: Enseigne: the same field appears twice; column ignored"
    ]
    assert result.records[0]["name"] == "A"


def test_mapping_override() -> None:
    table = read_table_bytes(b"Account Name,Industry,Nom court\r\nAcme,Tech,ACME\r\n", "sf.csv")
    mapping = match_columns("partners", table.headers)
    assert mapping.unknown == ["Industry", "Nom court"]
    mapping = mapping.with_override(1, "tags").with_override(2, None)
    assert mapping.unknown == []
    assert mapping.field_by_index == {0: "name", 1: "tags"}
    result = parse_rows("partners", table, mapping)
    assert result.warnings == []
    assert result.records == [{"_line": 2, "name": "Acme", "tags": ["Tech"]}]
    moved = mapping.with_override(2, "name")  # the user picks another column for the name
    assert moved.field_by_index == {1: "tags", 2: "name"}
    unmapped = mapping.with_override(0, None)
    assert unmapped.missing_required == ["name"]
    with pytest.raises(ValueError):
        mapping.with_override(0, "no_such_field")
    with pytest.raises(ValueError):
        mapping.with_override(9, "name")


def test_every_kind_has_a_spec() -> None:
    assert KINDS == (
        "partners",
        "contacts",
        "certifications",
        "references",
        "revenue",
        "targets",
        "stakeholders",
        "metrics",
        "facts",
    )
    with pytest.raises(ValueError):
        match_columns("visits", ["a"])
